package nn

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/gof32/gof32/kernels"
)

// Dense is a fully connected layer: y = x·W + b, with W of shape In×Out
// and b of length Out.
type Dense struct {
	in, out int
	w, b    *Param
	params  []*Param

	x  []float32 // the input of the last Forward (the caller's)
	y  []float32 // rows×out
	dx []float32 // rows×in
}

func init() {
	RegisterLayer("dense", func(s Spec) (Layer, error) {
		if len(s.Shape) != 2 || s.Shape[0] < 1 || s.Shape[1] < 1 || len(s.Attrs) != 0 {
			return nil, fmt.Errorf("nn: dense layer needs shape [in out] ≥ 1 and no attributes, got %v", s)
		}
		return NewDense(s.Shape[0], s.Shape[1], nil), nil
	})
}

// NewDense returns a dense layer from in to out units. Its weights are
// drawn from the normal distribution of mean 0 and standard deviation
// sqrt(2/(in+out)) (Glorot/Xavier) using rng, in row-major order; its
// bias is 0. With a nil rng the weights are 0 too.
func NewDense(in, out int, rng *rand.Rand) *Dense {
	if in < 1 || out < 1 {
		panic(fmt.Sprintf("nn.NewDense: invalid size %d→%d", in, out))
	}
	d := &Dense{in: in, out: out, w: newParam("W", in, out), b: newParam("b", out)}
	d.params = []*Param{d.w, d.b}
	if rng != nil {
		std := math.Sqrt(2 / float64(in+out))
		for i := range d.w.Value {
			d.w.Value[i] = float32(rng.NormFloat64() * std)
		}
	}
	return d
}

func (d *Dense) Spec() Spec       { return Spec{Kind: "dense", Shape: []int{d.in, d.out}} }
func (d *Dense) In() int          { return d.in }
func (d *Dense) Out() int         { return d.out }
func (d *Dense) Params() []*Param { return d.params }

// W and B return the weight (In×Out) and bias (Out) parameters.
func (d *Dense) W() *Param { return d.w }
func (d *Dense) B() *Param { return d.b }

func (d *Dense) Reserve(rows int) {
	d.y = grow(d.y, rows*d.out)
	d.dx = grow(d.dx, rows*d.in)
}

// Forward computes y = x·W + b for rows samples.
func (d *Dense) Forward(x []float32, rows int, train bool) []float32 {
	checkRows("Dense.Forward", x, rows, d.in)
	d.y = grow(d.y, rows*d.out)
	d.x = x
	y := d.y[:rows*d.out]
	if rows == 0 {
		return y
	}
	kernels.Sgemm(false, false, rows, d.out, d.in, 1, x, d.in, d.w.Value, d.out, 0, y, d.out)
	kernels.AddRowVector(rows, d.out, y, d.out, d.b.Value)
	return y
}

// Backward sets dW = xᵀ·dy and db = Σ_rows dy, and returns dx = dy·Wᵀ
// when needDX.
func (d *Dense) Backward(dy []float32, rows int, needDX bool) []float32 {
	checkRows("Dense.Backward", dy, rows, d.out)
	if rows == 0 {
		clear(d.w.Grad)
		clear(d.b.Grad)
		if needDX {
			return d.dx[:0]
		}
		return nil
	}
	kernels.Sgemm(true, false, d.in, d.out, rows, 1, d.x, d.in, dy, d.out, 0, d.w.Grad, d.out)
	kernels.ColumnSums(d.b.Grad, rows, d.out, dy, d.out)
	if !needDX {
		return nil
	}
	d.dx = grow(d.dx, rows*d.in)
	dx := d.dx[:rows*d.in]
	kernels.Sgemm(false, true, rows, d.in, d.out, 1, dy, d.out, d.w.Value, d.out, 0, dx, d.in)
	return dx
}
