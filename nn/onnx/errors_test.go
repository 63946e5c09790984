package onnx

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gof32/gof32/nn"
	"github.com/gof32/gof32/tensor"
)

// tiny returns a valid model: y = Relu(Gemm(x, W, b)), x of shape [N, 2],
// W 2×3, as structures the tests can spoil.
func tiny() *modelProto {
	w := floatTensor("W", tensor.FromSlice([]float32{1, 2, 3, 4, 5, 6}, 2, 3))
	b := floatTensor("b", tensor.FromSlice([]float32{0.5, -0.5, 0}, 3))
	f := &valueInfoProto{name: "x", hasType: true, elemType: typeFloat, hasShape: true, dims: []dimProto{{param: "N"}, {value: 2, hasValue: true}}}
	y := &valueInfoProto{name: "y", hasType: true, elemType: typeFloat, hasShape: true, dims: []dimProto{{param: "N"}, {value: 3, hasValue: true}}}
	return &modelProto{irVersion: 7, opsets: []opsetProto{{version: 13}}, graph: &graphProto{
		name: "tiny",
		nodes: []*nodeProto{
			{name: "fc", opType: "Gemm", inputs: []string{"x", "W", "b"}, outputs: []string{"h"}},
			{name: "act", opType: "Relu", inputs: []string{"h"}, outputs: []string{"y"}},
		},
		initializers: []*tensorProto{w, b},
		inputs:       []*valueInfoProto{f},
		outputs:      []*valueInfoProto{y},
	}}
}

func TestTinyRuns(t *testing.T) {
	b := encodeModel(tiny())
	m, err := Read(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := m.Run(map[string]*tensor.Tensor{"x": tensor.FromSlice([]float32{1, 1, -1, 0}, 2, 2)})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := out["y"].Values(), []float32{5.5, 6.5, 9, 0, 0, 0}; !equal(got, want) {
		t.Errorf("y = %v, want %v", got, want)
	}
	net, err := Import(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if got := forward(net, []float32{1, 1, -1, 0}, 2); !equal(got, []float32{5.5, 6.5, 9, 0, 0, 0}) {
		t.Errorf("imported network gives %v", got)
	}
}

func equal(a, b []float32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestBadModels: each spoilt model is an error that says what is wrong,
// from Read (or Import, for what only Import refuses).
func TestBadModels(t *testing.T) {
	cases := []struct {
		name    string
		spoil   func(m *modelProto)
		want    string
		import_ bool // the error comes from Import, Read accepts the model
	}{
		{"cycle", func(m *modelProto) {
			m.graph.nodes[0].inputs[0] = "y"
			m.graph.inputs[0].name = "unused"
		}, "cycle", false},
		{"dangling input", func(m *modelProto) { m.graph.nodes[1].inputs[0] = "nowhere" }, `input "nowhere" is not defined`, false},
		{"defined twice", func(m *modelProto) { m.graph.nodes[1].outputs[0] = "h" }, `output "h" is already defined`, false},
		{"no output", func(m *modelProto) { m.graph.outputs[0].name = "z" }, `graph output "z" is not computed`, false},
		{"data size", func(m *modelProto) { m.graph.initializers[0].dims = []int64{2, 2} }, `tensor "W": shape [2 2] needs 4 elements, data has 6`, false},
		{"float_data size", func(m *modelProto) {
			w := m.graph.initializers[0]
			w.hasRaw, w.rawData, w.floatData = false, nil, []float32{1, 2, 3}
		}, "needs 6 elements, data has 3", false},
		{"negative dim", func(m *modelProto) { m.graph.initializers[0].dims = []int64{-2, -3} }, "dimension 0 is -2", false},
		{"huge dims", func(m *modelProto) { m.graph.initializers[0].dims = []int64{1 << 40, 1 << 40} }, "more than", false},
		{"external data", func(m *modelProto) { m.graph.initializers[0].external = true }, "external data is not supported", false},
		{"double", func(m *modelProto) { m.graph.initializers[0].dataType = typeDouble }, "data type DOUBLE is not supported", false},
		{"int64 input", func(m *modelProto) { m.graph.inputs[0].elemType = typeInt64 }, `graph input "x": data type INT64 is not supported`, false},
		{"unsupported operator", func(m *modelProto) { m.graph.nodes[1].opType = "LSTM" },
			`node "act" (LSTM): operator "LSTM" is not supported (supported: Add, Conv, Dropout`, false},
		{"unknown attribute", func(m *modelProto) {
			m.graph.nodes[1].attrs = []*attrProto{{name: "alpha", typ: attrTypeFloat, f: 1}}
		}, `node "act" (Relu): attribute "alpha" is not supported`, false},
		{"attribute type", func(m *modelProto) {
			m.graph.nodes[0].attrs = []*attrProto{{name: "transA", typ: attrTypeFloat, f: 1}}
		}, `attribute "transA" has type 1, want 2`, false},
		{"foreign domain", func(m *modelProto) { m.graph.nodes[1].domain = "com.microsoft" }, `domain "com.microsoft" is not supported`, false},
		{"no opset", func(m *modelProto) { m.opsets = nil }, "imports no version", false},
		{"opset too new", func(m *modelProto) { m.opsets[0].version = 99 }, "opset 99 is not supported", false},
		{"no graph", func(m *modelProto) { m.graph = nil }, "no graph", false},
		{"transA import", func(m *modelProto) {
			m.graph.nodes[0].attrs = []*attrProto{{name: "transA", typ: attrTypeInt, i: 1}}
		}, `node "fc" (Gemm): attribute transA=1 unsupported for import into nn.Dense`, true},
		{"weights not initializers", func(m *modelProto) {
			m.graph.inputs = append(m.graph.inputs, &valueInfoProto{name: "W2", hasType: true, elemType: typeFloat})
			m.graph.nodes[0].inputs[1] = "W2"
		}, `inputs ["x" "W2"] and outputs ["y"]`, true},
		{"not a chain", func(m *modelProto) {
			m.graph.nodes = append(m.graph.nodes, &nodeProto{name: "side", opType: "Relu", inputs: []string{"h"}, outputs: []string{"s"}})
			m.graph.outputs = append(m.graph.outputs, &valueInfoProto{name: "s"})
		}, "one input and one output", true},
		{"pool of rows", func(m *modelProto) {
			m.graph.nodes[1].opType = "MaxPool"
			m.graph.nodes[1].attrs = []*attrProto{{name: "kernel_shape", typ: attrTypeInts, ints: []int64{1, 1}}}
		}, `node "act" (MaxPool): MaxPool imports on NCHW images`, true},
		{"transpose import", func(m *modelProto) {
			m.graph.nodes[1].opType = "Transpose"
		}, `node "act" (Transpose): attribute perm=[] unsupported for import`, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := tiny()
			c.spoil(m)
			b := encodeModel(m)
			_, err := Read(bytes.NewReader(b))
			if c.import_ {
				if err != nil {
					t.Fatalf("Read: %v", err)
				}
				_, err = Import(bytes.NewReader(b))
			}
			if err == nil {
				t.Fatalf("no error, want one saying %q", c.want)
			}
			if !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "onnx: ") {
				t.Fatalf("error %q, want one saying %q", err, c.want)
			}
		})
	}
}

func TestNotAModel(t *testing.T) {
	valid := encodeModel(tiny())
	inputs := map[string][]byte{
		"empty":      {},
		"text":       []byte("hello, world\n"),
		"gof32 file": []byte("GOF32NN\x1a\x01\x00\x00\x00"),
		"zeros":      make([]byte, 64),
		"bad varint": {0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
	}
	for name, b := range inputs {
		if _, err := Import(bytes.NewReader(b)); err == nil || !strings.HasPrefix(err.Error(), "onnx: ") {
			t.Errorf("%s: error %v", name, err)
		}
	}
	// Every truncation of a valid model is refused or read, never a panic.
	for i := range len(valid) {
		Import(bytes.NewReader(valid[:i]))
	}
}

func TestRunErrors(t *testing.T) {
	m, err := Read(bytes.NewReader(encodeModel(tiny())))
	if err != nil {
		t.Fatal(err)
	}
	for name, in := range map[string]map[string]*tensor.Tensor{
		"missing":     {},
		"wrong shape": {"x": tensor.Zeros(2, 3)},
		"rank":        {"x": tensor.Zeros(2)},
		"extra":       {"x": tensor.Zeros(1, 2), "W": tensor.Zeros(2, 3)},
	} {
		if _, err := m.Run(in); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// FuzzImport feeds arbitrary bytes to Read, Import and, for models that
// read, Run with zero inputs of their declared shape: errors are fine,
// panics are not.
func FuzzImport(f *testing.F) {
	f.Add(encodeModel(tiny()))
	for _, p := range []string{"testdata/pytorch_mlp.onnx", "testdata/pytorch_cnn.onnx"} {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	dir := os.Getenv("ONNX_TESTDATA")
	if dir == "" {
		dir = defaultTestData
	}
	for _, fam := range conformance {
		root := dir
		if fam.dir != "" {
			root = filepath.Join(filepath.Dir(dir), fam.dir)
		}
		for _, c := range fam.claimed {
			if b, err := os.ReadFile(filepath.Join(root, c, "model.onnx")); err == nil {
				f.Add(b)
			}
		}
	}
	defer func(e, w int) { maxElements, maxWork = e, w }(maxElements, maxWork)
	maxElements, maxWork = 1<<16, 1<<20
	f.Fuzz(func(t *testing.T, b []byte) {
		tm := time.AfterFunc(10*time.Second, func() { panic(fmt.Sprintf("slow input %x", b)) })
		defer tm.Stop()
		m, err := Read(bytes.NewReader(b))
		if err != nil {
			return
		}
		Import(bytes.NewReader(b))
		in := map[string]*tensor.Tensor{}
		for _, vi := range m.Inputs {
			if vi.Shape == nil {
				return
			}
			shape := make([]int, len(vi.Shape))
			n := 1
			for i, d := range vi.Shape {
				shape[i] = 2 // a symbolic dimension
				if d.Value >= 0 {
					shape[i] = int(d.Value)
				}
				n *= shape[i]
				if shape[i] > 64 || n > 4096 {
					return
				}
			}
			in[vi.Name] = tensor.Zeros(shape...)
		}
		m.Run(in)
	})
}

// TestImportMatMulAdd: MatMul followed by Add of a constant row imports as
// one dense layer, after a Flatten of an [N, 1, 2, 1] input, with an
// Identity and a Dropout (ratio attribute, opset 11) on the way.
func TestImportMatMulAdd(t *testing.T) {
	w := floatTensor("W", tensor.FromSlice([]float32{1, 2, 3, 4, 5, 6}, 2, 3))
	b := floatTensor("b", tensor.FromSlice([]float32{0.5, -0.5, 0}, 1, 3))
	x := &valueInfoProto{name: "x", hasType: true, elemType: typeFloat, hasShape: true,
		dims: []dimProto{{param: "N"}, {value: 1, hasValue: true}, {value: 2, hasValue: true}, {value: 1, hasValue: true}}}
	m := &modelProto{irVersion: 6, opsets: []opsetProto{{version: 11}}, graph: &graphProto{
		nodes: []*nodeProto{
			{opType: "Flatten", inputs: []string{"x"}, outputs: []string{"f"}},
			{opType: "MatMul", inputs: []string{"f", "W"}, outputs: []string{"p"}},
			{opType: "Add", inputs: []string{"b", "p"}, outputs: []string{"q"}},
			{opType: "Identity", inputs: []string{"q"}, outputs: []string{"i"}},
			{opType: "Dropout", inputs: []string{"i"}, outputs: []string{"d"}, attrs: []*attrProto{{name: "ratio", typ: attrTypeFloat, f: 0.125}}},
			{opType: "Softmax", inputs: []string{"d"}, outputs: []string{"y"}},
		},
		initializers: []*tensorProto{w, b},
		inputs:       []*valueInfoProto{x},
		outputs:      []*valueInfoProto{{name: "y"}},
	}}
	enc := encodeModel(m)
	net, err := Import(bytes.NewReader(enc))
	if err != nil {
		t.Fatal(err)
	}
	var specs []string
	for _, l := range net.Layers() {
		specs = append(specs, l.Spec().String())
	}
	want := "dense[2 3] dropout[3][0.125] softmax[3]"
	if slices.Contains(nn.Kinds(), "flatten") {
		want = "flatten[2] " + want
	}
	if got := strings.Join(specs, " "); got != want {
		t.Fatalf("layers %s, want %s", got, want)
	}
	in := []float32{1, 1, -1, 0}
	got := forward(net, in, 2)
	mod, err := Read(bytes.NewReader(enc))
	if err != nil {
		t.Fatal(err)
	}
	out, err := mod.Run(map[string]*tensor.Tensor{"x": tensor.FromSlice(in, 2, 1, 2, 1)})
	if err != nil {
		t.Fatal(err)
	}
	if want := out["y"].Values(); !equal(got, want) {
		t.Errorf("nn %v, runner %v", got, want)
	}
}

// TestSoftmaxOpsets: before opset 13 Softmax coerces its input to a matrix
// at axis (default 1) and normalises each row of it; from 13 it normalises
// along the one axis (default -1).
func TestSoftmaxOpsets(t *testing.T) {
	x := make([]float32, 24)
	for i := range x {
		x[i] = float32(i%7) - 2.5
	}
	run := func(opset int64, ax *int64) []float32 {
		n := &nodeProto{opType: "Softmax", inputs: []string{"x"}, outputs: []string{"y"}}
		if ax != nil {
			n.attrs = []*attrProto{{name: "axis", typ: attrTypeInt, i: *ax}}
		}
		m, err := Read(bytes.NewReader(encodeModel(&modelProto{irVersion: 7, opsets: []opsetProto{{version: opset}}, graph: &graphProto{
			nodes: []*nodeProto{n}, inputs: []*valueInfoProto{{name: "x"}}, outputs: []*valueInfoProto{{name: "y"}}}})))
		if err != nil {
			t.Fatal(err)
		}
		out, err := m.Run(map[string]*tensor.Tensor{"x": tensor.FromSlice(x, 2, 3, 4)})
		if err != nil {
			t.Fatal(err)
		}
		return out["y"].Values()
	}
	// softmax over groups: element i belongs to group key(i).
	ref := func(key func(i int) int) []float32 {
		sum := map[int]float64{}
		for i, v := range x {
			sum[key(i)] += math.Exp(float64(v))
		}
		y := make([]float32, len(x))
		for i, v := range x {
			y[i] = float32(math.Exp(float64(v)) / sum[key(i)])
		}
		return y
	}
	one := int64(1)
	for _, c := range []struct {
		name string
		got  []float32
		want []float32
	}{
		{"opset 11, default axis 1: rows of 12", run(11, nil), ref(func(i int) int { return i / 12 })},
		{"opset 11, axis 1", run(11, &one), ref(func(i int) int { return i / 12 })},
		{"opset 13, default axis -1: rows of 4", run(13, nil), ref(func(i int) int { return i / 4 })},
		{"opset 13, axis 1: along the 3", run(13, &one), ref(func(i int) int { return i/12*4 + i%4 })},
	} {
		for i := range c.want {
			if math.Abs(float64(c.got[i]-c.want[i])) > 1e-6 {
				t.Errorf("%s: element %d is %g, want %g", c.name, i, c.got[i], c.want[i])
				break
			}
		}
	}
}

// TestMatMulShapes holds MatMul's batching, broadcasting and 1-D operands
// to a plain loop over NumPy's definition.
func TestMatMulShapes(t *testing.T) {
	for _, c := range []struct{ a, b, out []int }{
		{[]int{3}, []int{3}, []int{}},
		{[]int{3}, []int{3, 4}, []int{4}},
		{[]int{2, 3}, []int{3}, []int{2}},
		{[]int{2, 3}, []int{3, 4}, []int{2, 4}},
		{[]int{2, 1, 2, 3}, []int{5, 3, 4}, []int{2, 5, 2, 4}},
		{[]int{1, 2, 3}, []int{4, 3, 2}, []int{4, 2, 2}},
		{[]int{3}, []int{2, 3, 4}, []int{2, 4}},
		{[]int{2, 2, 3}, []int{3}, []int{2, 2}},
	} {
		fill := func(shape []int, seed int) *array {
			a := newArray(shape...)
			for i := range a.data {
				a.data[i] = float32((i*7+seed)%11) - 5
			}
			return a
		}
		a, b := fill(c.a, 1), fill(c.b, 2)
		res, err := matmul(a, b)
		if err != nil {
			t.Fatalf("%v × %v: %v", c.a, c.b, err)
		}
		got := res[0]
		if fmt.Sprint(got.shape) != fmt.Sprint(c.out) {
			t.Fatalf("%v × %v: shape %v, want %v", c.a, c.b, got.shape, c.out)
		}
		// Reference: promote to ≥ 2-D, broadcast the batch, loop.
		as, bs := c.a, c.b
		if len(as) == 1 {
			as = []int{1, as[0]}
		}
		if len(bs) == 1 {
			bs = []int{bs[0], 1}
		}
		m, k, n := as[len(as)-2], as[len(as)-1], bs[len(bs)-1]
		batch, _ := broadcast(as[:len(as)-2], bs[:len(bs)-2])
		ai, bi := &array{shape: as[:len(as)-2]}, &array{shape: bs[:len(bs)-2]}
		ai.data = make([]float32, numel(ai.shape))
		bi.data = make([]float32, numel(bi.shape))
		for i := range ai.data {
			ai.data[i] = float32(i)
		}
		for i := range bi.data {
			bi.data[i] = float32(i)
		}
		ea, eb := expand(ai, batch), expand(bi, batch)
		for p := range numel(batch) {
			for i := range m {
				for j := range n {
					s := float32(0)
					for q := range k {
						s += a.data[int(ea[p])*m*k+i*k+q] * b.data[int(eb[p])*k*n+q*n+j]
					}
					if g := got.data[p*m*n+i*n+j]; g != s {
						t.Fatalf("%v × %v: element (%d, %d, %d) is %g, want %g", c.a, c.b, p, i, j, g, s)
					}
				}
			}
		}
	}
}
