package onnx

import (
	"bytes"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"testing"

	"github.com/gof32/gof32/nn"
	"github.com/gof32/gof32/tensor"
)

// nnHasConv reports whether nn has the image layers (issue 14); the tests
// that import into them skip until it does.
func nnHasConv(t *testing.T) bool {
	for _, k := range []string{"conv2d", "max_pooling2d", "flatten"} {
		if !slices.Contains(nn.Kinds(), k) {
			t.Logf("nn has no %s layer yet: the import into nn is not tested", k)
			return false
		}
	}
	return true
}

func closeTo(t *testing.T, what string, got, want []float32, tol float64) float64 {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	worst := 0.0
	for i, w := range want {
		d := math.Abs(float64(got[i] - w))
		if !(d <= tol*(1+math.Abs(float64(w)))) {
			t.Fatalf("%s: element %d is %g, want %g", what, i, got[i], w)
		}
		worst = max(worst, d)
	}
	return worst
}

// TestPyTorchCNN runs the convnet that testdata/pytorch_cnn.py trained and
// exported with PyTorch 1.13 (Conv with padding, Relu, MaxPool, Conv,
// Tanh, Flatten of NCHW images, Gemm, Softmax) through Run, and, once nn
// has convolutions, through Import, whose dense layer after the Flatten
// gets its rows permuted from NCHW to NHWC order: both reproduce
// PyTorch's outputs within 1e-6·(1+|want|).
func TestPyTorchCNN(t *testing.T) {
	b, err := os.ReadFile("testdata/pytorch_cnn.onnx")
	if err != nil {
		t.Fatal(err)
	}
	_, x := readPB(t, "testdata/pytorch_cnn_input.pb") // NCHW, one channel
	_, want := readPB(t, "testdata/pytorch_cnn_output.pb")
	m, err := Read(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := m.Run(map[string]*tensor.Tensor{m.Inputs[0].Name: x.tensor()})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("runner: largest difference from PyTorch %.3g", closeTo(t, "runner", out[m.Outputs[0].Name].Values(), want.data, 1e-6))
	if !nnHasConv(t) {
		return
	}
	net, err := Import(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	// One channel: the NCHW images are NHWC too.
	got := forward(net, x.data, x.shape[0])
	t.Logf("nn: largest difference from PyTorch %.3g", closeTo(t, "nn", got, want.data, 1e-6))
}

// TestRoundTripCNN exports a network of nn's image layers and imports it
// back (same layers, bit-identical parameters and outputs), and runs the
// exported graph, NHWC input transposed to NCHW and back before Flatten,
// against nn.
func TestRoundTripCNN(t *testing.T) {
	if !nnHasConv(t) {
		t.Skip("nn has no convolution layers yet (issue 14)")
	}
	specs := []nn.Spec{
		{Kind: "conv2d", Shape: []int{8, 7, 2, 3, 3, 4, 1, 1}, Attrs: []float32{1, 1}}, // same, relu
		{Kind: "max_pooling2d", Shape: []int{8, 7, 4, 2, 2, 2, 2}},                     // → 4×3×4
		{Kind: "conv2d", Shape: []int{4, 3, 4, 2, 2, 3, 1, 1}, Attrs: []float32{0, 3}}, // valid, tanh → 3×2×3
		{Kind: "flatten", Shape: []int{18}},
		{Kind: "dense", Shape: []int{18, 5}},
		{Kind: "softmax", Shape: []int{5}},
	}
	rng := rand.New(rand.NewPCG(3, 4))
	var layers []nn.Layer
	for _, s := range specs {
		l, err := nn.Build(s)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range l.Params() {
			for i := range paramData(p) {
				paramData(p)[i] = float32(rng.NormFloat64())
			}
		}
		layers = append(layers, l)
	}
	net, err := nn.NewNetwork(layers...)
	if err != nil {
		t.Fatal(err)
	}
	b := exportBytes(t, net)
	back, err := Import(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range net.Layers() {
		if got, want := back.Layers()[i].Spec().String(), l.Spec().String(); got != want {
			t.Errorf("layer %d: %s, want %s", i, got, want)
		}
	}
	const rows = 9
	x := randInput(rows, 8*7*2, 6)
	want, got := forward(net, x, rows), forward(back, x, rows)
	for i := range want {
		if math.Float32bits(want[i]) != math.Float32bits(got[i]) {
			t.Fatalf("output %d: %g, want %g (not bit-identical)", i, got[i], want[i])
		}
	}
	m, err := Read(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if s := m.Inputs[0].Shape; len(s) != 4 || s[1].Value != 8 || s[2].Value != 7 || s[3].Value != 2 {
		t.Fatalf("input shape %v, want [N 8 7 2] (NHWC)", s)
	}
	out, err := m.Run(map[string]*tensor.Tensor{"input": tensor.New(x, rows, 8, 7, 2)})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("runner against nn: largest difference %.3g", closeTo(t, "runner", out["output"].Values(), want, 1e-5))
}
