package nn

import (
	"math"
	"slices"
	"testing"

	"github.com/gof32/gof32/internal/pathtest"
	"github.com/gof32/gof32/tensor"
)

// noStep is an optimizer that leaves the parameters alone, so that a
// TrainStep only computes gradients.
type noStep struct{}

func (noStep) Name() string  { return "none" }
func (noStep) Step([]*Param) {}

// refLoss is the mean softmax cross-entropy of the network's layers on x,
// computed in float64 from the float64 parameter copies ps (layer by
// layer, as the layers' Params list them) and input x64.
func refLoss(layers []Layer, ps [][]float64, x64 []float64, rows int, labels []int) float64 {
	a, w := x64, layers[0].In()
	k := 0
	for _, l := range layers {
		switch l := l.(type) {
		case *Dense:
			W, b := ps[k], ps[k+1]
			k += 2
			y := make([]float64, rows*l.out)
			for i := range rows {
				for j := range l.out {
					s := b[j]
					for p := range l.in {
						s += a[i*l.in+p] * W[p*l.out+j]
					}
					y[i*l.out+j] = s
				}
			}
			a, w = y, l.out
		case *ReLU:
			y := make([]float64, len(a))
			for i, v := range a {
				y[i] = math.Max(v, 0)
			}
			a = y
		default:
			panic("refLoss: unknown layer")
		}
	}
	var sum float64
	for i := range rows {
		row := a[i*w : (i+1)*w]
		m := math.Inf(-1)
		for _, v := range row {
			m = math.Max(m, v)
		}
		var s float64
		for _, v := range row {
			s += math.Exp(v - m)
		}
		sum += m + math.Log(s) - row[labels[i]]
	}
	return sum / float64(rows)
}

func to64(x []float32) []float64 {
	y := make([]float64, len(x))
	for i, v := range x {
		y[i] = float64(v)
	}
	return y
}

// TestGradients checks the analytic gradients of Dense, ReLU and softmax
// cross-entropy (through a small network) against central differences of
// the same loss computed in float64. The float64 differences with step
// h = 1e-5 are accurate to about h² times the third derivative plus
// 1e-16/h, far below the tolerance; the float32 gradients carry the
// rounding of sums of at most 8 products of values of order 1, within
// γ_8·Σ|terms| ≈ 5e-7·Σ|terms|, so an absolute 2e-4 plus relative 1e-3
// leaves room while still catching any wrong term (a missing 1/rows or a
// transposed product is off by far more).
func TestGradients(t *testing.T) {
	pathtest.ForEach(t, func(t *testing.T) {
		const rows, in = 6, 5
		rng := tensor.NewRand(3)
		net, err := NewMLP(7, in, 8, 4, 3)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range net.Params() {
			if p.Name == "b" {
				v := p.Value.Data()
				for i := range v {
					v[i] = float32(rng.NormFloat64() * 0.1)
				}
			}
		}
		x := tensor.Zeros(rows, in)
		xd := x.Data()
		for i := range xd {
			xd[i] = float32(rng.NormFloat64())
		}
		labels := []int{0, 1, 2, 2, 1, 0}

		loss, _ := net.TrainStep(x, labels, noStep{})
		ps := make([][]float64, len(net.Params()))
		for i, p := range net.Params() {
			ps[i] = to64(p.Value.Data())
		}
		x64 := to64(xd)
		want := refLoss(net.Layers(), ps, x64, rows, labels)
		if math.Abs(loss-want) > 1e-5*(1+math.Abs(want)) {
			t.Errorf("loss %v, float64 reference %v", loss, want)
		}

		const h = 1e-5
		for pi, p := range net.Params() {
			g := p.Grad.Data()
			for i := range ps[pi] {
				v := ps[pi][i]
				ps[pi][i] = v + h
				lp := refLoss(net.Layers(), ps, x64, rows, labels)
				ps[pi][i] = v - h
				lm := refLoss(net.Layers(), ps, x64, rows, labels)
				ps[pi][i] = v
				num := (lp - lm) / (2 * h)
				if got := float64(g[i]); math.Abs(got-num) > 2e-4+1e-3*math.Abs(num) {
					t.Errorf("param %d (%s%v) [%d]: gradient %v, finite difference %v", pi, p.Name, p.Value.Shape(), i, got, num)
				}
			}
		}

		// The input gradient of the first layer, which a network never
		// asks for, is right when asked for directly: run the same batch
		// forward again, take dL/dlogits from the network's loss and pass
		// it back through every layer, the first one included.
		out := net.Forward(x, true)
		dy := tensor.Zeros(out.Shape()...)
		if l := net.Loss().Eval(out, Targets{Labels: labels}, dy); l != loss {
			t.Errorf("loss %v from Forward and Eval, %v from TrainStep", l, loss)
		}
		for i := len(net.Layers()) - 1; i >= 0; i-- {
			dy = net.Layers()[i].Backward(dy, true)
		}
		if !slices.Equal(dy.Shape(), x.Shape()) {
			t.Fatalf("input gradient of shape %v for inputs of shape %v", dy.Shape(), x.Shape())
		}
		dx := dy.Values()
		for i := range x64 {
			v := x64[i]
			x64[i] = v + h
			lp := refLoss(net.Layers(), ps, x64, rows, labels)
			x64[i] = v - h
			lm := refLoss(net.Layers(), ps, x64, rows, labels)
			x64[i] = v
			num := (lp - lm) / (2 * h)
			if got := float64(dx[i]); math.Abs(got-num) > 2e-4+1e-3*math.Abs(num) {
				t.Errorf("input [%d]: gradient %v, finite difference %v", i, got, num)
			}
		}
	})
}

// TestFirstLayerNoInputGradient checks that a training step does not ask
// the first layer for its input gradient.
func TestFirstLayerNoInputGradient(t *testing.T) {
	spy := &spyLayer{Dense: NewDense(3, 2, tensor.NewRand(1))}
	net, err := NewNetwork(spy, NewReLU(2), NewDense(2, 2, tensor.NewRand(2)))
	if err != nil {
		t.Fatal(err)
	}
	net.TrainStep(tensor.Zeros(2, 3), []int{0, 1}, &SGD{LR: 0.1})
	if spy.calls != 1 || spy.askedDX {
		t.Errorf("first layer: %d Backward calls, needDX %v; want 1 call without dx", spy.calls, spy.askedDX)
	}
}

type spyLayer struct {
	*Dense
	calls   int
	askedDX bool
}

func (s *spyLayer) Backward(dy *tensor.Tensor, needDX bool) *tensor.Tensor {
	s.calls++
	s.askedDX = s.askedDX || needDX
	return s.Dense.Backward(dy, needDX)
}
