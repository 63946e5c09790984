package onnx

import (
	"bytes"
	"math"
	"os"
	"testing"

	"github.com/gof32/gof32/nn"
	"github.com/gof32/gof32/tensor"
)

// TestPyTorchMLP imports the MLP that testdata/pytorch_mlp.py trained and
// exported with PyTorch 1.13 (Gemm with transB=1, Relu, Tanh, Sigmoid,
// Softplus, Softmax) and checks that both the nn.Network and the graph
// runner reproduce PyTorch's outputs on its 20 test points: within
// 1e-6 + 1e-5·|want| (float32 sums in another order; measured below), and
// the same class for every point.
func TestPyTorchMLP(t *testing.T) {
	b, err := os.ReadFile("testdata/pytorch_mlp.onnx")
	if err != nil {
		t.Fatal(err)
	}
	_, x := readPB(t, "testdata/pytorch_mlp_input.pb")
	_, want := readPB(t, "testdata/pytorch_mlp_output.pb")
	rows := x.shape[0]

	net, err := Import(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, l := range net.Layers() {
		kinds = append(kinds, l.Spec().String())
	}
	t.Logf("imported: %v", kinds)
	got := forward(net, x.data, rows)

	m, err := Read(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := m.Run(map[string]*tensor.Tensor{m.Inputs[0].Name: x.tensor()})
	if err != nil {
		t.Fatal(err)
	}
	ran := out[m.Outputs[0].Name].Values()

	for name, g := range map[string][]float32{"nn": got, "runner": ran} {
		if len(g) != len(want.data) {
			t.Fatalf("%s: %d outputs, want %d", name, len(g), len(want.data))
		}
		worst := 0.0
		for i, w := range want.data {
			d := math.Abs(float64(g[i] - w))
			if d > 1e-6+1e-5*math.Abs(float64(w)) {
				t.Errorf("%s: output %d is %g, PyTorch %g", name, i, g[i], w)
			}
			worst = max(worst, d)
		}
		cols := want.shape[1]
		for r := range rows {
			if argmax(g[r*cols:(r+1)*cols]) != argmax(want.data[r*cols:(r+1)*cols]) {
				t.Errorf("%s: row %d classified differently", name, r)
			}
		}
		t.Logf("%s: largest difference from PyTorch %.3g", name, worst)
	}

	// The imported network trains further: steps of SGD on PyTorch's own
	// predictions as labels lower the loss.
	labels := make([]int, rows)
	for r := range rows {
		labels[r] = argmax(want.data[r*3 : (r+1)*3])
	}
	xt := x.tensor()
	first, _ := net.TrainStep(xt, labels, &nn.SGD{LR: 0.5})
	var last float64
	for range 20 {
		last, _ = net.TrainStep(xt, labels, &nn.SGD{LR: 0.5})
	}
	if !(last < first) {
		t.Errorf("training the imported network: loss %g, then %g", first, last)
	}
	t.Logf("further training: loss %.4g → %.4g in 20 steps", first, last)
}

func argmax(x []float32) int {
	j := 0
	for i, v := range x {
		if v > x[j] {
			j = i
		}
	}
	return j
}
