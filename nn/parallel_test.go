package nn

import (
	"math"
	"testing"

	"github.com/gof32/gof32/internal/pathtest"
	"github.com/gof32/gof32/kernels"
	"github.com/gof32/gof32/tensor"
)

// maxRelDiff returns the largest difference between a and b over the
// largest magnitude in b.
func maxRelDiff(a, b []float32) float64 {
	var d, scale float64
	for i, v := range a {
		d = math.Max(d, math.Abs(float64(v-b[i])))
		scale = math.Max(scale, math.Abs(float64(b[i])))
	}
	if scale == 0 {
		return d
	}
	return d / scale
}

// TestDataParallelRoute: which networks and batches the data-parallel
// step takes.
func TestDataParallelRoute(t *testing.T) {
	defer kernels.SetThreads(kernels.SetThreads(2))
	mlp := func() *Network {
		n, err := NewMLP(1, 20, 16, 12, 4)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	labels := Targets{Labels: make([]int, 32)}
	x := tensor.Zeros(32, 20)
	if p := mlp().dataParallelParts(x, labels); p != 2 {
		t.Errorf("MLP, 32 rows, 2 threads: %d parts, want 2", p)
	}
	if p := mlp().dataParallelParts(tensor.Zeros(15, 20), Targets{Labels: make([]int, 15)}); p != 0 {
		t.Errorf("MLP, 15 rows: %d parts, want 0 (fewer than %d rows a part)", p, minPartRows)
	}
	if p := mlp().dataParallelParts(x, Targets{Values: tensor.Zeros(32, 4)}); p != 0 {
		t.Errorf("MLP, target values: %d parts, want 0", p)
	}
	n := mlp()
	n.SetPrecision(BF16)
	if p := n.dataParallelParts(x, labels); p != 0 {
		t.Errorf("bf16 MLP: %d parts, want 0", p)
	}
	n = mlp()
	n.SetLoss(MSE{})
	if p := n.dataParallelParts(x, labels); p != 0 {
		t.Errorf("MLP with MSE: %d parts, want 0", p)
	}
	r := tensor.NewRand(1)
	for name, layers := range map[string][]Layer{
		"dropout":    {NewDense(20, 16, r), NewReLU(16), NewDropout(16, 0.5, 1), NewDense(16, 4, r)},
		"sigmoid":    {NewDense(20, 16, r), NewSigmoid(16), NewDense(16, 4, r)},
		"relu last":  {NewDense(20, 16, r), NewReLU(16), NewDense(16, 4, r), NewReLU(4)},
		"relu first": {NewReLU(20), NewDense(20, 4, r)},
	} {
		n, err := NewNetwork(layers...)
		if err != nil {
			t.Fatal(err)
		}
		if p := n.dataParallelParts(x, labels); p != 0 {
			t.Errorf("%s: %d parts, want 0", name, p)
		}
	}
	for name, layers := range map[string][]Layer{
		"dense, dense":         {NewDense(20, 16, r), NewDense(16, 4, r)},
		"dense, relu, softmax": {NewDense(20, 16, r), NewReLU(16), NewDense(16, 4, r), NewSoftmax(4)},
		"dense, softmax (CCE)": {NewDense(20, 4, r), NewSoftmax(4)},
	} {
		n, err := NewNetwork(layers...)
		if err != nil {
			t.Fatal(err)
		}
		if p := n.dataParallelParts(x, labels); p != 2 {
			t.Errorf("%s: %d parts, want 2", name, p)
		}
	}
	n, err := NewNetwork(NewDense(20, 4, r), NewSoftmax(4))
	if err != nil {
		t.Fatal(err)
	}
	n.SetLoss(&SoftmaxCrossEntropy{})
	if p := n.dataParallelParts(x, labels); p != 0 {
		t.Errorf("softmax layer with SoftmaxCrossEntropy: %d parts, want 0", p)
	}
	if p := n.dataParallelParts(x, Targets{Values: tensor.Zeros(32, 4)}); p != 0 {
		t.Errorf("softmax layer, target values: %d parts, want 0", p)
	}
	kernels.SetThreads(1)
	if p := mlp().dataParallelParts(x, labels); p != 0 {
		t.Errorf("one thread: %d parts, want 0", p)
	}
}

// TestDataParallelStep: one step of the reference network's shape on two
// threads (the data-parallel step) against one thread, with gradients
// only (noStep), plain SGD, momentum and Adam, for a batch split evenly
// (the reference network) and one not (Keras's recipe, ending in a
// softmax layer with categorical cross-entropy): the
// same loss and predictions, gradients and weights within a few units of
// float32 rounding of their scale (Adam's weights within what its step
// makes of the gradients' difference, checkAdamStep). On the paths
// measured they are the same bits: each part computes its rows as one
// thread does.
func TestDataParallelStep(t *testing.T) {
	defer kernels.SetThreads(kernels.SetThreads(1))
	pathtest.ForEach(t, func(t *testing.T) {
		for k, rows := range []int{40, 37} {
			x, y := blobs(7, rows, 784, 10)
			build := func() *Network {
				net, err := NewMLP(216091, 784, 100, 200, 10)
				if k == 1 {
					// Keras's recipe: a softmax layer, categorical
					// cross-entropy.
					net, err = NewSequential(784).Dense(100).Activation("relu").Dense(200).Activation("relu").
						Dense(10).Activation("softmax").Build(216091)
				}
				if err != nil {
					t.Fatal(err)
				}
				return net
			}
			for _, opt := range []func() Optimizer{
				func() Optimizer { return noStep{} },
				func() Optimizer { return &SGD{LR: 0.1} },
				func() Optimizer { return &SGD{LR: 0.1, Momentum: 0.9} },
				func() Optimizer { return NewAdam() },
			} {
				var nets [2]*Network
				var loss [2]float64
				var correct [2]int
				for i, threads := range []int{1, 2} {
					kernels.SetThreads(threads)
					net := build()
					if want := 2 * (threads - 1); net.dataParallelParts(x, Targets{Labels: y}) != want {
						t.Fatalf("threads=%d: not %d parts", threads, want)
					}
					loss[i], correct[i] = net.TrainStep(x, y, opt())
					nets[i] = net
				}
				name := opt().Name()
				if math.Abs(loss[1]-loss[0]) > 1e-6*loss[0] || correct[0] != correct[1] {
					t.Errorf("%d rows, %s: loss %v, %d correct on two threads; %v, %d on one", rows, name, loss[1], correct[1], loss[0], correct[0])
				}
				same := true
				for i, p := range nets[0].Params() {
					q := nets[1].Params()[i]
					if name == "adam" {
						checkAdamStep(t, rows, i, p, q)
					} else if d := maxRelDiff(q.Value.Data(), p.Value.Data()); d > 1e-5 {
						t.Errorf("%d rows, %s: param %d (%s) differs by %.3g of its scale", rows, name, i, p.Name, d)
					}
					grads := p.Name == "b" || name != "sgd" || p.Grad.Data()[0] != 0
					if d := maxRelDiff(q.Grad.Data(), p.Grad.Data()); grads && d > 1e-5 {
						t.Errorf("%d rows, %s: gradient of param %d (%s) differs by %.3g of its scale", rows, name, i, p.Name, d)
					}
					same = same && sameBits(q.Value.Data(), p.Value.Data())
				}
				t.Logf("%d rows, %v: weights the same bits on one and two threads: %v", rows, opt(), same)
			}
		}
	})
}

// checkAdamStep holds the weights of param i after Adam's first step on
// two threads (q) to one thread's (p): the step is lr·g/(|g|+ε) per
// weight, whose slope in g is at most lr/ε, so weights whose gradients
// differ by Δg may differ by lr·min(2, |Δg|/ε), plus float32 rounding of
// the weights' scale.
func checkAdamStep(t *testing.T, rows, i int, p, q *Param) {
	t.Helper()
	a := NewAdam()
	pv, qv, pg, qg := p.Value.Data(), q.Value.Data(), p.Grad.Data(), q.Grad.Data()
	var scale float64
	for _, v := range pv {
		scale = math.Max(scale, math.Abs(float64(v)))
	}
	for e := range pv {
		dg := math.Abs(float64(qg[e]) - float64(pg[e]))
		tol := float64(a.LR)*math.Min(2, dg/float64(a.Eps)) + 1e-6*scale
		if d := math.Abs(float64(qv[e]) - float64(pv[e])); d > tol {
			t.Fatalf("%d rows, adam: param %d (%s) element %d: %v on two threads, %v on one (gradients %v, %v): off by %.3g > %.3g",
				rows, i, p.Name, e, qv[e], pv[e], qg[e], pg[e], d, tol)
		}
	}
}

// TestDataParallelEpoch: an epoch of the fidelity run's MLP on two threads
// (the data-parallel step) ends with weights within the tolerance
// TestDeterminism justifies between paths (1e-2 of each parameter's
// largest magnitude) of one thread's, for plain SGD and for Adam, and two
// such epochs give the same bits.
func TestDataParallelEpoch(t *testing.T) {
	defer kernels.SetThreads(kernels.SetThreads(1))
	x, y := blobs(7, 320, 784, 10)
	train := func(threads int, opt Optimizer) *Network {
		kernels.SetThreads(threads)
		net, err := NewMLP(216091, 784, 100, 200, 10)
		if err != nil {
			t.Fatal(err)
		}
		NewTrainer(net, opt, 32, 216091).Epoch(x, y, nil)
		return net
	}
	pathtest.ForEach(t, func(t *testing.T) {
		for _, opt := range []func() Optimizer{
			func() Optimizer { return &SGD{LR: 0.1} },
			func() Optimizer { return NewAdam() },
		} {
			one, two, again := train(1, opt()), train(2, opt()), train(2, opt())
			var worst float64
			for i, p := range one.Params() {
				q := two.Params()[i]
				d := maxRelDiff(q.Value.Data(), p.Value.Data())
				if !(d <= 1e-2) {
					t.Errorf("%v: param %d (%s) differs between one and two threads by %.3g of its scale", opt(), i, p.Name, d)
				}
				worst = math.Max(worst, d)
				if !sameBits(q.Value.Data(), again.Params()[i].Value.Data()) {
					t.Errorf("%v: param %d (%s) differs between two runs on two threads", opt(), i, p.Name)
				}
			}
			t.Logf("%v: largest difference %.3g of the parameter's scale", opt(), worst)
		}
	})
}
