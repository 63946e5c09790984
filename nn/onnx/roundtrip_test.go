package onnx

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/gof32/gof32/nn"
	"github.com/gof32/gof32/tensor"
)

// nn's network API as these tests use it, in one place.

// forward runs rows samples of x through net at inference.
func forward(net *nn.Network, x []float32, rows int) []float32 {
	return net.Forward(tensor.New(x, rows, len(x)/rows), false).Values()
}

func paramValues(net *nn.Network) [][]float32 {
	var v [][]float32
	for _, l := range net.Layers() {
		for _, p := range l.Params() {
			v = append(v, paramData(p))
		}
	}
	return v
}

// everyKind is a network with a layer of each kind Export writes, with
// random weights and biases.
func everyKind(t *testing.T) *nn.Network {
	t.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	d := func(in, out int) nn.Layer {
		l := nn.NewDense(in, out, rng)
		for _, p := range l.Params() {
			for i := range paramData(p) {
				paramData(p)[i] = float32(rng.NormFloat64())
			}
		}
		return l
	}
	net, err := nn.NewNetwork(
		d(20, 16), nn.NewReLU(16), nn.NewDropout(16, 0.25, 7),
		d(16, 12), nn.NewSigmoid(12),
		d(12, 11), nn.NewTanh(11),
		d(11, 10), nn.NewSoftplus(10),
		d(10, 10), nn.NewSoftmax(10))
	if err != nil {
		t.Fatal(err)
	}
	return net
}

func randInput(rows, cols int, seed uint64) []float32 {
	rng := rand.New(rand.NewPCG(seed, 3))
	x := make([]float32, rows*cols)
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	return x
}

func exportBytes(t *testing.T, net *nn.Network) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Export(&buf, net); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestRoundTrip(t *testing.T) {
	net := everyKind(t)
	b := exportBytes(t, net)
	back, err := Import(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Layers()) != len(net.Layers()) {
		t.Fatalf("%d layers back, want %d", len(back.Layers()), len(net.Layers()))
	}
	for i, l := range net.Layers() {
		if got, want := back.Layers()[i].Spec().String(), l.Spec().String(); got != want {
			t.Errorf("layer %d: %s, want %s", i, got, want)
		}
	}
	pv, bv := paramValues(net), paramValues(back)
	for i := range pv {
		for j := range pv[i] {
			if math.Float32bits(pv[i][j]) != math.Float32bits(bv[i][j]) {
				t.Fatalf("parameter %d[%d]: %g, want %g", i, j, bv[i][j], pv[i][j])
			}
		}
	}
	const rows = 37
	x := randInput(rows, 20, 5)
	want, got := forward(net, x, rows), forward(back, x, rows)
	for i := range want {
		if math.Float32bits(want[i]) != math.Float32bits(got[i]) {
			t.Fatalf("output %d: %g, want %g (not bit-identical)", i, got[i], want[i])
		}
	}
	// Exporting the imported network gives the same file.
	if !bytes.Equal(exportBytes(t, back), b) {
		t.Error("export → import → export changed the file")
	}

	// The graph runner computes the same function (Gemm on the same GEMM
	// kernel, the same activation kernels): within a few ulp.
	m, err := Read(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if m.Opset != 13 || len(m.Inputs) != 1 || m.Inputs[0].Name != "input" || m.Inputs[0].Shape[0].Param != "N" || m.Outputs[0].Name != "output" {
		t.Fatalf("opset %d, inputs %+v, outputs %+v", m.Opset, m.Inputs, m.Outputs)
	}
	out, err := m.Run(map[string]*tensor.Tensor{"input": tensor.New(x, rows, 20)})
	if err != nil {
		t.Fatal(err)
	}
	y := out["output"]
	if s := y.Shape(); len(s) != 2 || s[0] != rows || s[1] != 10 {
		t.Fatalf("output shape %v", s)
	}
	for i, v := range y.Values() {
		if d := math.Abs(float64(v - want[i])); d > 1e-6 {
			t.Fatalf("runner output %d: %g, nn %g", i, v, want[i])
		}
	}
}

// TestKindsAgree holds the two model files to the same layers: every kind
// nn registers (and so can save and load) must export to ONNX and import
// back to the same spec.
func TestKindsAgree(t *testing.T) {
	for _, kind := range nn.Kinds() {
		spec := nn.Spec{Kind: kind, Shape: []int{6}}
		switch kind {
		case "dense":
			spec.Shape = []int{6, 6}
		case "dropout":
			spec.Attrs = []float32{0.375}
		case "conv2d":
			spec.Shape, spec.Attrs = []int{6, 5, 2, 3, 2, 4, 2, 1}, []float32{1, 2}
		case "max_pooling2d":
			spec.Shape = []int{6, 5, 2, 2, 2, 2, 1}
		}
		l, err := nn.Build(spec)
		if err != nil {
			t.Errorf("%s: nn.Build(%v): %v (add the kind's spec to this test)", kind, spec, err)
			continue
		}
		net, err := nn.NewNetwork(l)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := Export(&buf, net); err != nil {
			t.Errorf("%s: nn can save it, ONNX export cannot: %v", kind, err)
			continue
		}
		back, err := Import(&buf)
		if err != nil {
			t.Errorf("%s: export works, import does not: %v", kind, err)
			continue
		}
		if got := back.Layers()[0].Spec().String(); got != spec.String() {
			t.Errorf("%s: imported as %s, want %s", kind, got, spec)
		}
		// and what Import makes, nn's model file holds.
		var nb bytes.Buffer
		if _, err := back.WriteTo(&nb); err != nil {
			t.Errorf("%s: imported, but nn cannot save it: %v", kind, err)
		} else if again, err := nn.ReadNetwork(&nb); err != nil || again.Layers()[0].Spec().String() != spec.String() {
			t.Errorf("%s: nn's model file gives back %v, %v", kind, again, err)
		}
	}
	for _, k := range nn.Kinds() {
		if !slices.Contains(exportKinds, k) {
			t.Errorf("nn has kind %q, this package does not know it", k)
		}
	}
}

// TestRunConcurrent runs one Model from several goroutines (under -race in
// make test): each gets the result of a lone Run.
func TestRunConcurrent(t *testing.T) {
	m, err := Read(bytes.NewReader(exportBytes(t, everyKind(t))))
	if err != nil {
		t.Fatal(err)
	}
	x := tensor.New(randInput(16, 20, 9), 16, 20)
	want, err := m.Run(map[string]*tensor.Tensor{"input": x})
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			for range 10 {
				out, err := m.Run(map[string]*tensor.Tensor{"input": x})
				if err == nil && !equal(out["output"].Values(), want["output"].Values()) {
					err = fmt.Errorf("a concurrent Run gave another result")
				}
				if err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
