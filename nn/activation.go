package nn

import (
	"fmt"

	"github.com/gof32/gof32/kernels"
)

// ReLU is the rectifier max(x, 0), applied elementwise to rows of width N.
type ReLU struct {
	n  int
	y  []float32
	dx []float32
}

func init() {
	RegisterLayer("relu", func(s Spec) (Layer, error) {
		if len(s.Shape) != 1 || s.Shape[0] < 1 || len(s.Attrs) != 0 {
			return nil, fmt.Errorf("nn: relu layer needs shape [n] ≥ 1 and no attributes, got %v", s)
		}
		return NewReLU(s.Shape[0]), nil
	})
}

// NewReLU returns a ReLU layer for rows of width n.
func NewReLU(n int) *ReLU {
	if n < 1 {
		panic(fmt.Sprintf("nn.NewReLU: invalid width %d", n))
	}
	return &ReLU{n: n}
}

func (r *ReLU) Spec() Spec       { return Spec{Kind: "relu", Shape: []int{r.n}} }
func (r *ReLU) In() int          { return r.n }
func (r *ReLU) Out() int         { return r.n }
func (r *ReLU) Params() []*Param { return nil }

func (r *ReLU) Reserve(rows int) {
	r.y = grow(r.y, rows*r.n)
	r.dx = grow(r.dx, rows*r.n)
}

func (r *ReLU) Forward(x []float32, rows int, train bool) []float32 {
	checkRows("ReLU.Forward", x, rows, r.n)
	r.y = grow(r.y, rows*r.n)
	y := r.y[:rows*r.n]
	kernels.Relu(y, x[:rows*r.n])
	return y
}

// Backward passes dy where the output was positive, 0 elsewhere. It reads
// the output of the last Forward, which is positive exactly where the
// input was.
func (r *ReLU) Backward(dy []float32, rows int, needDX bool) []float32 {
	checkRows("ReLU.Backward", dy, rows, r.n)
	if !needDX {
		return nil
	}
	r.dx = grow(r.dx, rows*r.n)
	dx := r.dx[:rows*r.n]
	kernels.ReluBackward(dx, dy[:rows*r.n], r.y[:rows*r.n])
	return dx
}
