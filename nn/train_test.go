package nn

import (
	"math"
	"testing"

	"github.com/gof32/gof32/internal/pathtest"
	"github.com/gof32/gof32/kernels"
	"github.com/gof32/gof32/tensor"
)

// blobs returns n samples of dim features in classes Gaussian clusters
// around random centres, far enough apart to be separable.
func blobs(seed uint64, n, dim, classes int) (*tensor.Tensor, []int) {
	rng := tensor.NewRand(seed)
	centres := make([]float64, classes*dim)
	for i := range centres {
		centres[i] = rng.NormFloat64() * 2
	}
	x := make([]float32, n*dim)
	y := make([]int, n)
	for i := range n {
		c := rng.IntN(classes)
		y[i] = c
		for j := range dim {
			x[i*dim+j] = float32(centres[c*dim+j] + rng.NormFloat64()*0.5)
		}
	}
	return tensor.New(x, n, dim), y
}

func trainBlobs(t *testing.T, seed uint64, epochs int) (*Network, *tensor.Tensor, []int) {
	t.Helper()
	x, y := blobs(11, 600, 16, 5)
	net, err := NewMLP(seed, 16, 24, 12, 5)
	if err != nil {
		t.Fatal(err)
	}
	tr := NewTrainer(net, &SGD{LR: 0.1}, 32, seed)
	for range epochs {
		tr.Epoch(x, y, nil)
	}
	return net, x, y
}

func TestTrainSeparable(t *testing.T) {
	pathtest.ForEach(t, func(t *testing.T) {
		x, y := blobs(11, 600, 16, 5)
		vx, vy := blobs(11, 200, 16, 5) // the same centres, new points
		net, err := NewMLP(216091, 16, 24, 12, 5)
		if err != nil {
			t.Fatal(err)
		}
		loss0, _ := net.Evaluate(x, y)
		tr := NewTrainer(net, &SGD{LR: 0.1}, 32, 216091)
		var st EpochStats
		for range 8 {
			st = tr.Epoch(x, y, nil)
		}
		loss, acc := net.Evaluate(vx, vy)
		if acc < 0.97 || !(loss < loss0/4) || st.Acc < 0.95 || st.Samples != 600 {
			t.Errorf("after 8 epochs: held-out loss %.4f (initial %.4f) accuracy %.3f; last epoch %+v", loss, loss0, acc, st)
		}
		pred := net.Predict(nil, vx)
		right := 0
		for i := range pred {
			if pred[i] == vy[i] {
				right++
			}
		}
		if got := float64(right) / float64(len(vy)); got != acc {
			t.Errorf("Predict gives accuracy %v, Evaluate %v", got, acc)
		}
		probs := net.PredictProba(nil, vx).Data()
		for i := range vy {
			var s float64
			best := 0
			for j := range 5 {
				s += float64(probs[i*5+j])
				if probs[i*5+j] > probs[i*5+best] {
					best = j
				}
			}
			if math.Abs(s-1) > 1e-5 || best != pred[i] {
				t.Fatalf("row %d: probabilities %v sum to %v, argmax %d, Predict %d", i, probs[i*5:i*5+5], s, best, pred[i])
			}
		}
	})
}

// TestDeterminism: the same seed on the same path gives the same weights
// bit for bit; on other paths the weights agree within a tolerance. Paths
// differ only in the rounding of sums (of at most 32 products in the
// weight gradients and 24 in the activations), a relative 1e-6 or so per
// step, which training over a few epochs amplifies but keeps far below
// 1e-2 of the weights' scale.
func TestDeterminism(t *testing.T) {
	saved := kernels.Path()
	defer kernels.SetPath(saved)
	var ref []*Param
	for _, p := range kernels.Paths() {
		kernels.SetPath(p)
		a, _, _ := trainBlobs(t, 5, 2)
		b, _, _ := trainBlobs(t, 5, 2)
		for i, pa := range a.Params() {
			if !sameBits(pa.Value.Data(), b.Params()[i].Value.Data()) {
				t.Errorf("path %s: param %d (%s) differs between two runs", p, i, pa.Name)
			}
		}
		if ref == nil {
			ref = a.Params()
			continue
		}
		for i, pa := range a.Params() {
			var maxDiff, scale float64
			rv := ref[i].Value.Data()
			for j, v := range pa.Value.Data() {
				maxDiff = math.Max(maxDiff, math.Abs(float64(v-rv[j])))
				scale = math.Max(scale, math.Abs(float64(rv[j])))
			}
			if maxDiff > 1e-2*scale {
				t.Errorf("path %s: param %d (%s) differs from path %s by %g (scale %g)", p, i, pa.Name, kernels.Paths()[0], maxDiff, scale)
			}
		}
	}
	// Another seed gives other weights.
	a, _, _ := trainBlobs(t, 5, 1)
	b, _, _ := trainBlobs(t, 6, 1)
	if sameBits(a.Params()[0].Value.Data(), b.Params()[0].Value.Data()) {
		t.Errorf("seeds 5 and 6 give the same weights")
	}
}

func TestXavierInit(t *testing.T) {
	const in, out = 300, 200
	d := NewDense(in, out, tensor.NewRand(216091))
	var s, s2 float64
	for _, v := range d.W().Value.Data() {
		s += float64(v)
		s2 += float64(v) * float64(v)
	}
	n := float64(in * out)
	mean, std := s/n, math.Sqrt(s2/n-(s/n)*(s/n))
	want := math.Sqrt(2.0 / (in + out))
	// With 60000 draws the sample mean is within 4σ/√n = 0.016σ and the
	// sample deviation within a relative 4/√(2n) = 0.012 of the truth.
	if math.Abs(mean) > 0.016*want || math.Abs(std/want-1) > 0.012 {
		t.Errorf("weights have mean %g and std %g, want 0 and %g", mean, std, want)
	}
	for _, v := range d.B().Value.Data() {
		if v != 0 {
			t.Fatalf("bias %v, want 0", d.B().Value)
		}
	}
}

func TestTrainStepNoAllocs(t *testing.T) {
	// One thread: these tests are about nn's own buffers. A GEMM split
	// across goroutines hands parts to the kernels' worker pool, whose
	// blocked channel receives may allocate runtime wait records until
	// the runtime's caches warm up (and again after a GC); that belongs to
	// the kernels and is measured by BenchmarkTrainStep over many steps.
	defer kernels.SetThreads(kernels.SetThreads(1))
	pathtest.ForEach(t, func(t *testing.T) {
		// A small network of the textbook's form: allocation does not
		// depend on the sizes, and the test stays quick under emulation.
		x, y := blobs(1, 100, 64, 10)
		net, err := NewMLP(216091, 64, 48, 32, 10)
		if err != nil {
			t.Fatal(err)
		}
		opt := &SGD{LR: 0.1}
		xb, yb := x.Slice(0, 32), y[:32]
		if a := testing.AllocsPerRun(5, func() { net.TrainStep(xb, yb, opt) }); a != 0 {
			t.Errorf("TrainStep: %v allocations per step", a)
		}
		tr := NewTrainer(net, opt, 32, 1)
		if a := testing.AllocsPerRun(2, func() { tr.Epoch(x, y, func(int) {}) }); a != 0 {
			t.Errorf("Trainer.Epoch: %v allocations per epoch", a)
		}
		pred := make([]int, 100)
		probs := tensor.Zeros(100, 10)
		if a := testing.AllocsPerRun(2, func() { net.Evaluate(x, y); net.Predict(pred, x); net.PredictProba(probs, x) }); a != 0 {
			t.Errorf("Evaluate and Predict: %v allocations", a)
		}
	})
}
