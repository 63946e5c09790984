package onnx

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/gof32/gof32/tensor"
)

// ONNX's backend node tests, as Debian's libonnx-testdata installs them
// (make onnx-testdata). ONNX_TESTDATA overrides the folder.
const defaultTestData = "/usr/share/libonnx-testdata/data/node"

// Tolerance of the conformance cases: |got−want| ≤ 1e-6 + 1e-4·|want|.
// ONNX's own backend test runner uses numpy.testing.assert_allclose with
// rtol=1e-3 and atol=1e-7; we are ten times tighter in rtol and allow
// 1e-6 absolute (8 ulp at 1) for outputs that are sums cancelling to
// nearly zero, where the order of the float32 additions (the GEMM path)
// decides the last bits. The measured worst cases are printed.
const (
	confRtol = 1e-4
	confAtol = 1e-6
)

// conformance lists, for each family of test cases of an operator that
// the package supports, the cases it claims (all must pass) and those out
// of its scope, with the reason. TestConformanceCoverage checks that every
// case of the families in the test data is in one list or the other.
var conformance = []struct {
	dir        string // the folder beside node/ ("" for node)
	family     string // regexp on the case name
	claimed    []string
	outOfScope map[string]string
}{
	{family: `^test_gemm_`, claimed: []string{
		"test_gemm_all_attributes", "test_gemm_alpha", "test_gemm_beta",
		"test_gemm_default_matrix_bias", "test_gemm_default_no_bias", "test_gemm_default_scalar_bias",
		"test_gemm_default_single_elem_vector_bias", "test_gemm_default_vector_bias",
		"test_gemm_default_zero_bias", "test_gemm_transposeA", "test_gemm_transposeB"}},
	{family: `^test_matmul_`, claimed: []string{"test_matmul_2d", "test_matmul_3d", "test_matmul_4d"}},
	{family: `^test_add(_|$)`, claimed: []string{"test_add", "test_add_bcast"},
		outOfScope: map[string]string{"test_add_uint8": "UINT8 data"}},
	{family: `^test_relu$`, claimed: []string{"test_relu"}},
	{family: `^test_sigmoid`, claimed: []string{"test_sigmoid", "test_sigmoid_example"}},
	{family: `^test_tanh`, claimed: []string{"test_tanh", "test_tanh_example"}},
	{family: `^test_softplus`, claimed: []string{"test_softplus", "test_softplus_example"}},
	{family: `^test_softmax_`, claimed: []string{
		"test_softmax_axis_0", "test_softmax_axis_1", "test_softmax_axis_2", "test_softmax_default_axis",
		"test_softmax_example", "test_softmax_large_number", "test_softmax_negative_axis"},
		outOfScope: expanded("test_softmax_axis_0", "test_softmax_axis_1", "test_softmax_axis_2", "test_softmax_default_axis",
			"test_softmax_example", "test_softmax_large_number", "test_softmax_negative_axis")},
	{family: `^test_(training_)?dropout`, claimed: []string{
		"test_dropout_default", "test_dropout_default_mask", "test_dropout_default_mask_ratio",
		"test_dropout_default_old", "test_dropout_default_ratio", "test_dropout_random_old",
		"test_training_dropout_zero_ratio", "test_training_dropout_zero_ratio_mask"},
		outOfScope: map[string]string{
			"test_training_dropout":              "random dropout in training mode (inference only)",
			"test_training_dropout_default":      "random dropout in training mode (inference only)",
			"test_training_dropout_default_mask": "random dropout in training mode (inference only)",
			"test_training_dropout_mask":         "random dropout in training mode (inference only)",
		}},
	{family: `^test_identity`, claimed: []string{"test_identity"},
		outOfScope: map[string]string{"test_identity_opt": "optional type", "test_identity_sequence": "sequence type"}},
	{family: `^test_flatten_`, claimed: []string{
		"test_flatten_axis0", "test_flatten_axis1", "test_flatten_axis2", "test_flatten_axis3",
		"test_flatten_default_axis", "test_flatten_negative_axis1", "test_flatten_negative_axis2",
		"test_flatten_negative_axis3", "test_flatten_negative_axis4"}},
	{family: `^test_transpose_`, claimed: []string{
		"test_transpose_all_permutations_0", "test_transpose_all_permutations_1", "test_transpose_all_permutations_2",
		"test_transpose_all_permutations_3", "test_transpose_all_permutations_4", "test_transpose_all_permutations_5",
		"test_transpose_default"}},
	{family: `^test_(basic_)?conv(_|$)`, claimed: []string{
		"test_basic_conv_with_padding", "test_basic_conv_without_padding", "test_conv_with_autopad_same",
		"test_conv_with_strides_and_asymmetric_padding", "test_conv_with_strides_no_padding",
		"test_conv_with_strides_padding"}},
	{family: `^test_maxpool_`, claimed: []string{
		"test_maxpool_2d_ceil", "test_maxpool_2d_default", "test_maxpool_2d_dilations", "test_maxpool_2d_pads",
		"test_maxpool_2d_precomputed_pads", "test_maxpool_2d_precomputed_same_upper",
		"test_maxpool_2d_precomputed_strides", "test_maxpool_2d_same_lower", "test_maxpool_2d_same_upper",
		"test_maxpool_2d_strides"},
		outOfScope: map[string]string{
			"test_maxpool_1d_default":                         "1-D pooling",
			"test_maxpool_3d_default":                         "3-D pooling",
			"test_maxpool_2d_uint8":                           "UINT8 data",
			"test_maxpool_with_argmax_2d_precomputed_pads":    "the Indices output",
			"test_maxpool_with_argmax_2d_precomputed_strides": "the Indices output",
		}},
	// Models exported by PyTorch 0.3 (opset 6 and older: Gemm's broadcast
	// attribute, Add's), in the same package.
	{dir: "pytorch-converted", family: `^test_(Linear|ReLU|Sigmoid|Softmax|Softplus|Tanh|Conv2d|MaxPool2d|softmax_)`, claimed: []string{
		"test_Linear", "test_Linear_no_bias", "test_ReLU", "test_Sigmoid", "test_Softmax", "test_Softplus", "test_Tanh",
		"test_Conv2d", "test_Conv2d_depthwise", "test_Conv2d_depthwise_padded", "test_Conv2d_depthwise_strided",
		"test_Conv2d_depthwise_with_multiplier", "test_Conv2d_dilated", "test_Conv2d_groups", "test_Conv2d_groups_thnn",
		"test_Conv2d_no_bias", "test_Conv2d_padding", "test_Conv2d_strided",
		"test_MaxPool2d", "test_MaxPool2d_stride_padding_dilation", "test_softmax_functional_dim3", "test_softmax_lastdim"}},
	{dir: "pytorch-operator", family: `^test_operator_(add.*|mm|flatten|maxpool|conv|permute2)$`, claimed: []string{
		"test_operator_addmm", "test_operator_flatten", "test_operator_conv", "test_operator_permute2"},
		outOfScope: map[string]string{
			"test_operator_add_broadcast":                 "DOUBLE data",
			"test_operator_add_size1_broadcast":           "DOUBLE data",
			"test_operator_add_size1_right_broadcast":     "DOUBLE data",
			"test_operator_add_size1_singleton_broadcast": "DOUBLE data",
			"test_operator_addconstant":                   "DOUBLE data and the Constant operator",
			"test_operator_mm":                            "the Constant operator",
			"test_operator_maxpool":                       "1-D pooling",
		}},
	{dir: "simple", family: `^test_single_relu_model$`, claimed: []string{"test_single_relu_model"}},
}

// expanded marks the _expanded variants of cases as out of scope: they
// spell the operator out in others (ReduceMax, Exp, ReduceSum, Div) that
// the package does not implement.
func expanded(names ...string) map[string]string {
	m := map[string]string{}
	for _, n := range names {
		m[n+"_expanded"] = "the operator spelled out in ReduceMax, Sub, Exp, ReduceSum and Div"
	}
	return m
}

// testDataDir returns the folder of the node tests, or skips (fails under
// CI, where make test installs them).
func testDataDir(t *testing.T) string {
	dir := os.Getenv("ONNX_TESTDATA")
	if dir == "" {
		dir = defaultTestData
	}
	if _, err := os.Stat(filepath.Join(dir, "test_relu", "model.onnx")); err != nil {
		msg := fmt.Sprintf("ONNX's backend test data is not in %s (Debian package libonnx-testdata; `make onnx-testdata` installs it): %v", dir, err)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return dir
}

// runCase runs every test_data_set of a case through Run and, when the
// model is a chain that Import takes, through the imported nn.Network; it
// returns the largest relative error (|got−want| / max(|want|, 1e-3)) it
// saw and whether the case was imported.
func runCase(t *testing.T, dir string) (float64, bool) {
	f, err := os.Open(filepath.Join(dir, "model.onnx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := Read(f)
	if err != nil {
		t.Fatal(err)
	}
	net, _ := m.Network()
	sets, _ := filepath.Glob(filepath.Join(dir, "test_data_set_*"))
	if len(sets) == 0 {
		t.Fatal("no test_data_set")
	}
	worst := 0.0
	for _, set := range sets {
		ins := map[string]*array{}
		for i, vi := range m.Inputs {
			_, a := readPB(t, filepath.Join(set, fmt.Sprintf("input_%d.pb", i)))
			ins[vi.Name] = a
		}
		in := map[string]*tensor.Tensor{}
		for k, v := range ins {
			in[k] = v.tensor()
		}
		out, err := m.Run(in)
		if err != nil {
			t.Fatalf("%s: %v", set, err)
		}
		for i, vi := range m.Outputs {
			_, want := readPB(t, filepath.Join(set, fmt.Sprintf("output_%d.pb", i)))
			got := arrayOf(out[vi.Name])
			if fmt.Sprint(got.shape) != fmt.Sprint(want.shape) {
				t.Fatalf("%s: output %q has shape %v, want %v", set, vi.Name, got.shape, want.shape)
			}
			worst = max(worst, compare(t, set+": Run", got.data, want.data))
			if net != nil {
				x := ins[m.Inputs[0].Name]
				rows := x.shape[0]
				y := forward(net, x.data, rows)
				worst = max(worst, compare(t, set+": Import", y, want.data))
			}
		}
	}
	return worst, net != nil
}

// worstAbs is the largest absolute difference compare has seen.
var worstAbs float64

// compare holds got to want within the conformance tolerance and returns
// the largest relative error.
func compare(t *testing.T, what string, got, want []float32) float64 {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	worst := 0.0
	for j, w := range want {
		g := got[j]
		d := math.Abs(float64(g) - float64(w))
		if math.IsNaN(float64(w)) && math.IsNaN(float64(g)) || g == w {
			continue
		}
		if !(d <= confAtol+confRtol*math.Abs(float64(w))) {
			t.Fatalf("%s: element %d is %g, want %g (difference %g)", what, j, g, w, d)
		}
		worst = max(worst, d/max(math.Abs(float64(w)), 1e-3))
		worstAbs = max(worstAbs, d)
	}
	return worst
}

func readPB(t *testing.T, path string) (string, *array) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	tp, err := decodeTensor(b)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	a, err := tp.value()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return tp.name, a
}

func TestConformance(t *testing.T) {
	n, imported, worst, worstCase := 0, 0, 0.0, ""
	var names []string
	for _, fam := range conformance {
		root := caseRoot(t, fam.dir)
		for _, name := range fam.claimed {
			t.Run(name, func(t *testing.T) {
				w, imp := runCase(t, filepath.Join(root, name))
				n++
				if imp {
					imported++
					names = append(names, name)
				}
				if w > worst {
					worst, worstCase = w, name
				}
			})
		}
	}
	t.Logf("%d conformance cases passed (%d of them imported into nn too: %s); largest relative error %.3g (%s), largest absolute difference %.3g",
		n, imported, strings.Join(names, " "), worst, worstCase, worstAbs)
}

// caseRoot is the folder of a family's cases.
func caseRoot(t *testing.T, dir string) string {
	root := testDataDir(t)
	if dir != "" {
		root = filepath.Join(filepath.Dir(root), dir)
	}
	return root
}

// TestConformanceOutOfScope checks that the cases said to be out of scope
// are refused with an error, not run wrongly.
func TestConformanceOutOfScope(t *testing.T) {
	for _, fam := range conformance {
		root := caseRoot(t, fam.dir)
		for name := range fam.outOfScope {
			f, err := os.Open(filepath.Join(root, name, "model.onnx"))
			if err != nil {
				t.Fatal(err)
			}
			m, err := Read(f)
			f.Close()
			if err == nil {
				// Read may accept a graph whose failure shows at run time.
				ins := map[string]*tensor.Tensor{}
				ok := true
				for i, vi := range m.Inputs {
					b, err := os.ReadFile(filepath.Join(root, name, "test_data_set_0", fmt.Sprintf("input_%d.pb", i)))
					if err != nil {
						t.Fatal(err)
					}
					tp, err := decodeTensor(b)
					if err != nil {
						t.Fatal(err)
					}
					a, err := tp.value()
					if err != nil {
						ok = false
						break
					}
					ins[vi.Name] = a.tensor()
				}
				if ok {
					_, err = m.Run(ins)
				} else {
					err = fmt.Errorf("input refused")
				}
			}
			if err == nil {
				t.Errorf("%s: out of scope (%s) but accepted", name, fam.outOfScope[name])
			} else {
				t.Logf("%s (%s): %v", name, fam.outOfScope[name], err)
			}
		}
	}
}

// TestConformanceCoverage checks that each case of the families above is
// either claimed or out of scope, so the lists (and the README) stay
// complete when the test data grows.
func TestConformanceCoverage(t *testing.T) {
	var claimed, out []string
	for _, fam := range conformance {
		root := caseRoot(t, fam.dir)
		ents, err := os.ReadDir(root)
		if err != nil {
			t.Fatal(err)
		}
		re := regexp.MustCompile(fam.family)
		known := map[string]bool{}
		for _, c := range fam.claimed {
			known[c] = true
			claimed = append(claimed, c)
		}
		for c := range fam.outOfScope {
			known[c] = true
			out = append(out, c)
		}
		for _, e := range ents {
			if re.MatchString(e.Name()) && !known[e.Name()] {
				t.Errorf("case %s (family %s) is neither claimed nor out of scope", e.Name(), fam.family)
			}
		}
		for c := range known {
			if _, err := os.Stat(filepath.Join(root, c)); err != nil {
				t.Errorf("case %s is listed but not in the test data", c)
			}
		}
	}
	sort.Strings(out)
	t.Logf("claimed %d cases; out of scope %d: %s", len(claimed), len(out), strings.Join(out, " "))
}
