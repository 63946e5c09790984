package nn

import (
	"math"
	"testing"

	"github.com/gof32/gof32/internal/pathtest"
	"github.com/gof32/gof32/kernels"
	"github.com/gof32/gof32/tensor"
)

// fusedPair returns the reference network's shape (784-100-200-10) twice
// from the same seed, the second on the unfused route (the reference).
func fusedPair(t *testing.T, prec Precision) (fused, unfused *Network) {
	t.Helper()
	nets := [2]*Network{}
	for i := range nets {
		net, err := NewMLP(216091, 784, 100, 200, 10)
		if err != nil {
			t.Fatal(err)
		}
		net.SetPrecision(prec)
		nets[i] = net
	}
	nets[1].noFuse = true
	return nets[0], nets[1]
}

// TestFusedStep holds one fused training step (plain SGD folded into the
// weight-gradient product) to the unfused one on every path, one thread.
// Both compute the same sums s = (xᵀ·dy)ᵢⱼ in the same order; the fused
// route rounds −lr·s and then w − lr·s, the unfused route s, then
// w − lr·s once: they differ by at most 2u·(|w| + lr·|s|), u = 2⁻²⁴. (Each
// layer's dy is the same on both routes: dx is computed from the old
// weights on both.) The fused route leaves the weight gradients alone.
func TestFusedStep(t *testing.T) {
	defer kernels.SetThreads(kernels.SetThreads(1))
	x, y := blobs(7, 32, 784, 10)
	const lr = 0.1
	pathtest.ForEach(t, func(t *testing.T) {
		f, u := fusedPair(t, Float32)
		w0 := make([][]float32, len(u.Params()))
		for i, p := range u.Params() {
			w0[i] = append([]float32(nil), p.Value.Data()...)
		}
		lf, cf := f.TrainStep(x, y, &SGD{LR: lr})
		lu, cu := u.TrainStep(x, y, &SGD{LR: lr})
		if lf != lu || cf != cu {
			t.Errorf("fused step: loss %v, %d correct; unfused %v, %d", lf, cf, lu, cu)
		}
		const eps = 0x1p-24
		for i, pu := range u.Params() {
			pf := f.Params()[i]
			g := pu.Grad.Data()
			for j, v := range pf.Value.Data() {
				w := pu.Value.Data()[j]
				bound := 2 * eps * (math.Abs(float64(w0[i][j])) + lr*math.Abs(float64(g[j])))
				if d := math.Abs(float64(v - w)); !(d <= bound) {
					t.Fatalf("param %d (%s)[%d]: fused %v, unfused %v (was %v, gradient %v): differ by %g > %g",
						i, pu.Name, j, v, w, w0[i][j], g[j], d, bound)
				}
			}
			if pf.Name == "W" {
				for _, v := range pf.Grad.Data() {
					if v != 0 {
						t.Fatalf("param %d (W): the fused route wrote the weight gradient", i)
					}
				}
			}
		}
	})
}

// TestFusedTrainingTolerance: one epoch of the fidelity run's MLP
// (784-100-200-10, SGD 0.1, batch 32, 320 samples) on the fused route
// (the default) and on the unfused route, the same seed, path and number
// of threads, ends with weights within the tolerance TestDeterminism
// justifies between paths: 1e-2 of each parameter's largest magnitude.
// (Both differ only in the rounding of the updates, as paths differ in
// the rounding of sums.)
func TestFusedTrainingTolerance(t *testing.T) {
	defer kernels.SetThreads(kernels.SetThreads(1))
	x, y := blobs(7, 320, 784, 10)
	precs, threadCounts := []Precision{Float32, BF16}, []int{1, 2}
	if testing.Short() {
		precs, threadCounts = precs[:1], threadCounts[:1]
	}
	pathtest.ForEach(t, func(t *testing.T) {
		for _, threads := range threadCounts {
			kernels.SetThreads(threads)
			for _, prec := range precs {
				f, u := fusedPair(t, prec)
				NewTrainer(f, &SGD{LR: 0.1}, 32, 216091).Epoch(x, y, nil)
				NewTrainer(u, &SGD{LR: 0.1}, 32, 216091).Epoch(x, y, nil)
				var worst float64
				for i, pu := range u.Params() {
					var maxDiff, scale float64
					rv := pu.Value.Data()
					for j, v := range f.Params()[i].Value.Data() {
						maxDiff = math.Max(maxDiff, math.Abs(float64(v-rv[j])))
						scale = math.Max(scale, math.Abs(float64(rv[j])))
					}
					if !(maxDiff <= 1e-2*scale) {
						t.Errorf("threads=%d %v: param %d (%s) differs from the unfused route by %g (scale %g)", threads, prec, i, pu.Name, maxDiff, scale)
					}
					worst = math.Max(worst, maxDiff/scale)
				}
				t.Logf("threads=%d %v: largest difference %.3g of the parameter's scale", threads, prec, worst)
			}
		}
	})
}

// TestFusedEpilogues: the Dense+ReLU forward pass (bias and ReLU applied
// in the product's store) and the ReLU's backward pass applied in the
// store of the next dense layer's dx give the unfused route's outputs,
// loss and gradients bit for bit, on every path, with one and two
// threads, for float32 and (unfused there) bf16. The batch of 12 rows is
// too small for the data-parallel step (parallel.go), so that two
// threads split each product, as they do for the networks that step does
// not take.
func TestFusedEpilogues(t *testing.T) {
	defer kernels.SetThreads(kernels.SetThreads(1))
	x, y := blobs(7, 12, 784, 10)
	pathtest.ForEach(t, func(t *testing.T) {
		for _, threads := range []int{1, 2} {
			kernels.SetThreads(threads)
			for _, prec := range []Precision{Float32, BF16} {
				f, u := fusedPair(t, prec)
				of := f.Forward(x, false).Clone()
				ou := u.Forward(x, false)
				if !sameBits(of.Data(), ou.Data()) {
					t.Fatalf("threads=%d %v: fused Forward differs", threads, prec)
				}
				lf, _ := f.TrainStep(x, y, noStep{})
				lu, _ := u.TrainStep(x, y, noStep{})
				if lf != lu {
					t.Errorf("threads=%d %v: loss %v fused, %v unfused", threads, prec, lf, lu)
				}
				for i, p := range u.Params() {
					if !sameBits(f.Params()[i].Grad.Data(), p.Grad.Data()) {
						t.Errorf("threads=%d %v: gradient of param %d (%s) differs", threads, prec, i, p.Name)
					}
				}
			}
		}
	})
}

// TestFusedSoftmaxLoss: the loss, gradient and predictions of
// SoftmaxCrossEntropy's one pass equal Eval's and ArgmaxRows', bit for
// bit, with NaN, infinite and tied logits.
func TestFusedSoftmaxLoss(t *testing.T) {
	pathtest.ForEach(t, func(t *testing.T) {
		const rows, cols = 9, 10
		r := tensor.NewRand(5)
		out := tensor.RandN(r, rows, cols)
		d := out.Data()
		d[3*cols+4] = float32(math.NaN())
		d[5*cols+1], d[5*cols+7] = float32(math.Inf(1)), float32(math.Inf(1))
		d[6*cols+2], d[6*cols+8] = 9, 9
		labels := []int{0, 1, 2, 3, 4, 5, 6, 7, 9}
		var l SoftmaxCrossEntropy
		gu, gf := tensor.Zeros(rows, cols), tensor.Zeros(rows, cols)
		lu := l.Eval(out, Targets{Labels: labels}, gu)
		pred := make([]int, rows)
		lf := l.eval(out, Targets{Labels: labels}, gf, pred)
		if math.Float64bits(lu) != math.Float64bits(lf) && !(math.IsNaN(lu) && math.IsNaN(lf)) {
			t.Errorf("loss %v fused, %v unfused", lf, lu)
		}
		if !sameBits(gu.Data(), gf.Data()) {
			t.Errorf("gradients differ")
		}
		want := tensor.ArgmaxRows(nil, out)
		for i := range pred {
			if pred[i] != want[i] {
				t.Errorf("row %d: prediction %d, ArgmaxRows %d", i, pred[i], want[i])
			}
		}
	})
}
