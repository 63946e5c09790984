package nn

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/gof32/gof32/internal/pathtest"
	"github.com/gof32/gof32/tensor"
)

// Finite-difference gradient checks, float64 reference, of every layer and
// every loss: each layer's Backward (input gradient and parameter
// gradients) and each loss's gradient against central differences of the
// same function computed in float64.
//
// Tolerances: the central difference with step h = 1e−5 on functions of
// values of order 1 errs by about h²·|f‴|/6 + 1e−16/h < 1e−10. The
// analytic gradients are computed in float32: each is a sum of at most 8
// products (Dense) or one or two correctly rounded operations on results
// within a few ulp (the activations), so within a relative 1e−6 of
// Σ|terms| ≈ |gradient| + 1, and an absolute 1e−5 plus a relative 1e−4
// leaves room while any wrong term (a missing factor, a transposition, a
// sign) is off by far more.

const fdStep = 1e-5

func fdTol(num float64) float64 { return 1e-5 + 1e-4*math.Abs(num) }

// layerRef computes a layer's outputs in float64 from float64 inputs and
// parameters (in the order of Params).
type layerRef func(x []float64, rows int, ps [][]float64) []float64

func elementwiseRef(f func(float64) float64) layerRef {
	return func(x []float64, _ int, _ [][]float64) []float64 {
		y := make([]float64, len(x))
		for i, v := range x {
			y[i] = f(v)
		}
		return y
	}
}

func denseRef(in, out int) layerRef {
	return func(x []float64, rows int, ps [][]float64) []float64 {
		W, b := ps[0], ps[1]
		y := make([]float64, rows*out)
		for i := range rows {
			for j := range out {
				s := b[j]
				for p := range in {
					s += x[i*in+p] * W[p*out+j]
				}
				y[i*out+j] = s
			}
		}
		return y
	}
}

func softmaxRef(n int) layerRef {
	return func(x []float64, rows int, _ [][]float64) []float64 {
		y := make([]float64, len(x))
		for i := range rows {
			r := x[i*n : (i+1)*n]
			m := math.Inf(-1)
			for _, v := range r {
				m = math.Max(m, v)
			}
			var s float64
			for _, v := range r {
				s += math.Exp(v - m)
			}
			for j, v := range r {
				y[i*n+j] = math.Exp(v-m) / s
			}
		}
		return y
	}
}

func sigmoid64(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// checkLayer runs l forward and backward on a random batch, dL/dy = c
// random, and compares dx and every parameter gradient with central
// differences of L = Σ c·ref(x, params).
func checkLayer(t *testing.T, l Layer, ref layerRef, rows int, scale float64) {
	t.Helper()
	rng := tensor.NewRand(uint64(len(t.Name())))
	in, out := l.In(), l.Out()
	xt := tensor.Zeros(rows, in)
	x := xt.Data()
	for i := range x {
		x[i] = float32(rng.NormFloat64() * scale)
	}
	for _, p := range l.Params() {
		v := p.Value.Data()
		for i := range v {
			v[i] = float32(rng.NormFloat64() * 0.5)
		}
	}
	ct := tensor.Zeros(rows, out)
	c := ct.Data()
	for i := range c {
		c[i] = float32(rng.NormFloat64())
	}
	yt := l.Forward(xt, true)
	if want := []int{rows, out}; !slices.Equal(yt.Shape(), want) {
		t.Fatalf("output of shape %v, want %v", yt.Shape(), want)
	}
	y := yt.Values()
	ps := make([][]float64, len(l.Params()))
	for i, p := range l.Params() {
		ps[i] = to64(p.Value.Data())
	}
	x64, c64 := to64(x), to64(c)
	want := ref(x64, rows, ps)
	for i := range y {
		if d := math.Abs(float64(y[i]) - want[i]); d > 1e-5*(1+math.Abs(want[i])) {
			t.Fatalf("output %d = %v, float64 reference %v", i, y[i], want[i])
		}
	}
	dxt := l.Backward(ct, true)
	if dxt == nil || !slices.Equal(dxt.Shape(), xt.Shape()) {
		t.Fatalf("input gradient %v for inputs of shape %v", dxt, xt.Shape())
	}
	dx := dxt.Values()
	L := func() float64 {
		y := ref(x64, rows, ps)
		var s float64
		for i, v := range y {
			s += c64[i] * v
		}
		return s
	}
	central := func(v *float64) float64 {
		old := *v
		*v = old + fdStep
		lp := L()
		*v = old - fdStep
		lm := L()
		*v = old
		return (lp - lm) / (2 * fdStep)
	}
	for i := range x64 {
		if num := central(&x64[i]); math.Abs(float64(dx[i])-num) > fdTol(num) {
			t.Errorf("dx[%d] = %v, finite difference %v (x = %v)", i, dx[i], num, x[i])
		}
	}
	for pi, p := range l.Params() {
		g := p.Grad.Data()
		for i := range ps[pi] {
			if num := central(&ps[pi][i]); math.Abs(float64(g[i])-num) > fdTol(num) {
				t.Errorf("%s[%d] gradient %v, finite difference %v", p.Name, i, g[i], num)
			}
		}
	}
	// Without needDX a layer returns nil and still fills its parameter
	// gradients (the same ones).
	grads := make([][]float32, len(l.Params()))
	for i, p := range l.Params() {
		grads[i] = p.Grad.Values()
		p.Grad.Fill(float32(math.NaN())) // a gradient left unwritten shows
	}
	if got := l.Backward(ct, false); got != nil {
		t.Errorf("Backward without needDX returned %d values", got.Size())
	}
	for i, p := range l.Params() {
		if !sameBits(grads[i], p.Grad.Data()) {
			t.Errorf("%s gradient differs when dx is not asked for", p.Name)
		}
	}
}

func TestLayerGradients(t *testing.T) {
	pathtest.ForEach(t, func(t *testing.T) {
		const rows, n = 5, 7
		for _, c := range []struct {
			name  string
			l     Layer
			ref   layerRef
			scale float64
		}{
			{"dense", NewDense(6, n, nil), denseRef(6, n), 1},
			{"dense_he", NewDenseInit(3, 9, HeUniform, tensor.NewRand(1)), denseRef(3, 9), 1},
			{"relu", NewReLU(n), elementwiseRef(func(v float64) float64 { return math.Max(v, 0) }), 1},
			{"sigmoid", NewSigmoid(n), elementwiseRef(sigmoid64), 3},
			{"tanh", NewTanh(n), elementwiseRef(math.Tanh), 1.5},
			{"softplus", NewSoftplus(n), elementwiseRef(func(v float64) float64 { return math.Log1p(math.Exp(v)) }), 3},
			{"softmax", NewSoftmax(n), softmaxRef(n), 2},
		} {
			t.Run(c.name, func(t *testing.T) { checkLayer(t, c.l, c.ref, rows, c.scale) })
		}
		t.Run("dropout", func(t *testing.T) {
			d := NewDropout(n, 0.4, 9)
			// The mask of the training Forward in checkLayer is the one
			// the reference must use: draw it the same way from a twin,
			// whose output for inputs of 1 is its mask (0 or 1/(1−rate)).
			twin := NewDropout(n, 0.4, 9)
			mask := to64(twin.Forward(tensor.Full(1, rows, n), true).Values())
			checkLayer(t, d, func(x []float64, _ int, _ [][]float64) []float64 {
				y := make([]float64, len(x))
				for i := range x {
					y[i] = x[i] * mask[i]
				}
				return y
			}, rows, 1)
		})
	})
}

// lossRef is a loss computed in float64.
type lossRef func(out []float64, rows, cols int, t Targets) float64

func oneHot64(t Targets, i, j, cols int) float64 {
	if t.Values != nil {
		return float64(t.Values.At(i, j))
	}
	if t.Labels[i] == j {
		return 1
	}
	return 0
}

// TestLossGradients checks each loss's value and gradient against float64
// and central differences, with targets as labels and as dense rows.
func TestLossGradients(t *testing.T) {
	const rows, cols = 4, 5
	rng := tensor.NewRand(3)
	labels := []int{0, 4, 2, 2}
	softT := tensor.Zeros(rows, cols) // dense targets: distributions
	soft := softT.Data()
	for i := range rows {
		var s float32
		for j := range cols {
			soft[i*cols+j] = rng.Float32()
			s += soft[i*cols+j]
		}
		for j := range cols {
			soft[i*cols+j] /= s
		}
	}
	cce := func(out []float64, rows, cols int, t Targets) float64 {
		var s float64
		for i := range rows {
			for j := range cols {
				s -= oneHot64(t, i, j, cols) * math.Log(out[i*cols+j])
			}
		}
		return s / float64(rows)
	}
	sq := func(scale func(rows, cols int) float64) lossRef {
		return func(out []float64, rows, cols int, t Targets) float64 {
			var s float64
			for i := range rows {
				for j := range cols {
					d := out[i*cols+j] - oneHot64(t, i, j, cols)
					s += d * d
				}
			}
			return s * scale(rows, cols)
		}
	}
	for _, c := range []struct {
		name  string
		loss  Loss
		ref   lossRef
		probs bool // outputs must be probabilities in (0, 1)
	}{
		{"categorical_crossentropy", &CategoricalCrossEntropy{}, cce, true},
		{"mse", MSE{}, sq(func(r, c int) float64 { return 1 / float64(r*c) }), false},
		{"squared_error", SquaredError{}, sq(func(r, _ int) float64 { return 0.5 / float64(r) }), false},
	} {
		for _, tg := range []Targets{{Labels: labels}, {Values: softT}} {
			t.Run(fmt.Sprintf("%s/dense=%v", c.name, tg.Values != nil), func(t *testing.T) {
				outT := tensor.Zeros(rows, cols)
				out := outT.Data()
				for i := range out {
					if c.probs {
						out[i] = 0.05 + 0.9*rng.Float32()
					} else {
						out[i] = float32(rng.NormFloat64())
					}
				}
				gradT := tensor.Zeros(rows, cols)
				grad := gradT.Data()
				got := c.loss.Eval(outT, tg, gradT)
				o64 := to64(out)
				want := c.ref(o64, rows, cols, tg)
				if math.Abs(got-want) > 1e-6*(1+math.Abs(want)) {
					t.Errorf("loss %v, float64 %v", got, want)
				}
				if again := c.loss.Eval(outT, tg, nil); again != got {
					t.Errorf("loss %v without gradient, %v with", again, got)
				}
				for i := range o64 {
					v := o64[i]
					o64[i] = v + fdStep
					lp := c.ref(o64, rows, cols, tg)
					o64[i] = v - fdStep
					lm := c.ref(o64, rows, cols, tg)
					o64[i] = v
					num := (lp - lm) / (2 * fdStep)
					if math.Abs(float64(grad[i])-num) > fdTol(num) {
						t.Errorf("gradient[%d] = %v, finite difference %v", i, grad[i], num)
					}
				}
			})
		}
	}
}

// TestSoftmaxCrossEntropyFused checks the training step of a network that
// ends in Softmax with CategoricalCrossEntropy, whose backward pass starts
// at the logits: its loss and its parameter gradients against central
// differences of the float64 loss of the whole network, on every path.
func TestSoftmaxCrossEntropyFused(t *testing.T) {
	pathtest.ForEach(t, func(t *testing.T) {
		const rows, in, out = 6, 5, 4
		net, err := NewSequential(in).Dense(6).Activation("tanh").Dense(out).Activation("softmax").Build(4)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := net.Loss().(*CategoricalCrossEntropy); !ok {
			t.Fatalf("a network ending in softmax has loss %s", net.Loss().Name())
		}
		rng := tensor.NewRand(8)
		xt := tensor.Zeros(rows, in)
		x := xt.Data()
		for i := range x {
			x[i] = float32(rng.NormFloat64())
		}
		labels := []int{0, 1, 2, 3, 3, 1}
		for _, tg := range []Targets{{Labels: labels}, {Values: OneHot(labels, out)}} {
			loss, _ := net.TrainBatch(xt, tg, noStep{})
			ps := make([][]float64, len(net.Params()))
			for i, p := range net.Params() {
				ps[i] = to64(p.Value.Data())
			}
			L := func() float64 {
				a := to64(x)
				a = denseRef(in, 6)(a, rows, ps[0:2])
				for i := range a {
					a[i] = math.Tanh(a[i])
				}
				a = denseRef(6, out)(a, rows, ps[2:4])
				a = softmaxRef(out)(a, rows, nil)
				var s float64
				for i, y := range labels {
					s -= math.Log(a[i*out+y])
				}
				return s / rows
			}
			if want := L(); math.Abs(loss-want) > 1e-5*(1+want) {
				t.Errorf("loss %v, float64 %v", loss, want)
			}
			for pi, p := range net.Params() {
				g := p.Grad.Data()
				for i := range ps[pi] {
					v := ps[pi][i]
					ps[pi][i] = v + fdStep
					lp := L()
					ps[pi][i] = v - fdStep
					lm := L()
					ps[pi][i] = v
					num := (lp - lm) / (2 * fdStep)
					if math.Abs(float64(g[i])-num) > fdTol(num) {
						t.Errorf("param %d (%s)[%d]: gradient %v, finite difference %v", pi, p.Name, i, g[i], num)
					}
				}
			}
		}
	})
}
