package nn

import (
	"fmt"
	"strings"

	"github.com/gof32/gof32/kernels"
)

// The activations of the textbook's section 1.1 as layers: Sigmoid, Tanh,
// Softplus and Softmax beside ReLU (activation.go). Each works on rows of
// width N, forward and backward with the kernels package's SIMD kernels.

// elementwise is an activation applied to each value on its own: fwd
// computes y from x; bwd computes dx from dy and, as fromInput says, the
// input x or the output y of the last Forward.
type elementwise struct {
	kind      string
	n         int
	fwd       func(dst, x []float32)
	bwd       func(dst, dy, ref []float32)
	fromInput bool
	fwdName   string // for the messages of checkRows, made once
	bwdName   string

	x, y, dx []float32
}

func newElementwise(kind, name string, n int, fwd func(dst, x []float32), bwd func(dst, dy, ref []float32), fromInput bool) elementwise {
	if n < 1 {
		panic(fmt.Sprintf("nn.New%s: invalid width %d", name, n))
	}
	return elementwise{kind: kind, n: n, fwd: fwd, bwd: bwd, fromInput: fromInput,
		fwdName: name + ".Forward", bwdName: name + ".Backward"}
}

func (e *elementwise) Spec() Spec       { return Spec{Kind: e.kind, Shape: []int{e.n}} }
func (e *elementwise) In() int          { return e.n }
func (e *elementwise) Out() int         { return e.n }
func (e *elementwise) Params() []*Param { return nil }

func (e *elementwise) Reserve(rows int) {
	e.y = grow(e.y, rows*e.n)
	e.dx = grow(e.dx, rows*e.n)
}

func (e *elementwise) Forward(x []float32, rows int, train bool) []float32 {
	checkRows(e.fwdName, x, rows, e.n)
	e.y = grow(e.y, rows*e.n)
	e.x = x
	y := e.y[:rows*e.n]
	e.fwd(y, x[:rows*e.n])
	return y
}

func (e *elementwise) Backward(dy []float32, rows int, needDX bool) []float32 {
	checkRows(e.bwdName, dy, rows, e.n)
	if !needDX {
		return nil
	}
	e.dx = grow(e.dx, rows*e.n)
	dx := e.dx[:rows*e.n]
	ref := e.y[:rows*e.n]
	if e.fromInput {
		ref = e.x[:rows*e.n]
	}
	e.bwd(dx, dy[:rows*e.n], ref)
	return dx
}

// Sigmoid is the logistic function 1/(1 + e^−x), elementwise; its
// gradient y·(1 − y) comes from its output.
type Sigmoid struct{ elementwise }

// NewSigmoid returns a sigmoid layer for rows of width n.
func NewSigmoid(n int) *Sigmoid {
	return &Sigmoid{newElementwise("sigmoid", "Sigmoid", n, kernels.Sigmoid, kernels.SigmoidBackward, false)}
}

// Tanh is the hyperbolic tangent, elementwise; its gradient
// (1 − y)·(1 + y) comes from its output.
type Tanh struct{ elementwise }

// NewTanh returns a tanh layer for rows of width n.
func NewTanh(n int) *Tanh {
	return &Tanh{newElementwise("tanh", "Tanh", n, kernels.Tanh, kernels.TanhBackward, false)}
}

// Softplus is log(1 + eˣ), a smooth ReLU, elementwise; its gradient is
// the sigmoid of its input.
type Softplus struct{ elementwise }

// NewSoftplus returns a softplus layer for rows of width n.
func NewSoftplus(n int) *Softplus {
	return &Softplus{newElementwise("softplus", "Softplus", n, kernels.Softplus, kernels.SoftplusBackward, true)}
}

// Softmax turns each row of N values into probabilities:
// y_j = e^(x_j)/Σ_k e^(x_k) (computed with the row maximum subtracted).
// Its backward pass is dx = y·(dy − Σ_j dy_j·y_j) row by row. A network
// whose last layer is a Softmax trained with CategoricalCrossEntropy skips
// it on the way back and starts from the gradient with respect to the
// logits, p − t (see Network.TrainBatch).
type Softmax struct {
	n        int
	y, dx    []float32
	lastRows int
}

// NewSoftmax returns a softmax layer for rows of width n.
func NewSoftmax(n int) *Softmax {
	if n < 1 {
		panic(fmt.Sprintf("nn.NewSoftmax: invalid width %d", n))
	}
	return &Softmax{n: n}
}

func (s *Softmax) Spec() Spec       { return Spec{Kind: "softmax", Shape: []int{s.n}} }
func (s *Softmax) In() int          { return s.n }
func (s *Softmax) Out() int         { return s.n }
func (s *Softmax) Params() []*Param { return nil }

func (s *Softmax) Reserve(rows int) {
	s.y = grow(s.y, rows*s.n)
	s.dx = grow(s.dx, rows*s.n)
}

func (s *Softmax) Forward(x []float32, rows int, train bool) []float32 {
	checkRows("Softmax.Forward", x, rows, s.n)
	s.y = grow(s.y, rows*s.n)
	y := s.y[:rows*s.n]
	kernels.SoftmaxRows(rows, s.n, x, s.n, y, s.n)
	return y
}

func (s *Softmax) Backward(dy []float32, rows int, needDX bool) []float32 {
	checkRows("Softmax.Backward", dy, rows, s.n)
	if !needDX {
		return nil
	}
	s.dx = grow(s.dx, rows*s.n)
	n := s.n
	for i := range rows {
		yr, dyr, dxr := s.y[i*n:(i+1)*n], dy[i*n:(i+1)*n], s.dx[i*n:(i+1)*n]
		dot := kernels.Dot(dyr, yr)
		kernels.Mul(dxr, yr, dyr)
		kernels.Axpy(-dot, yr, dxr)
	}
	return s.dx[:rows*n]
}

func init() {
	for kind, mk := range map[string]func(int) Layer{
		"sigmoid":  func(n int) Layer { return NewSigmoid(n) },
		"tanh":     func(n int) Layer { return NewTanh(n) },
		"softplus": func(n int) Layer { return NewSoftplus(n) },
		"softmax":  func(n int) Layer { return NewSoftmax(n) },
	} {
		RegisterLayer(kind, func(s Spec) (Layer, error) {
			if len(s.Shape) != 1 || s.Shape[0] < 1 || len(s.Attrs) != 0 {
				return nil, fmt.Errorf("nn: %s layer needs shape [n] ≥ 1 and no attributes, got %v", kind, s)
			}
			return mk(s.Shape[0]), nil
		})
	}
}

// Activations are the names NewActivation knows, as Keras spells them.
var Activations = []string{"relu", "sigmoid", "tanh", "softplus", "softmax"}

// NewActivation returns the activation layer of the given name (relu,
// sigmoid, tanh, softplus or softmax; "linear" is no layer: nil) for rows
// of width n.
func NewActivation(name string, n int) (Layer, error) {
	switch strings.ToLower(name) {
	case "relu":
		return NewReLU(n), nil
	case "sigmoid":
		return NewSigmoid(n), nil
	case "tanh":
		return NewTanh(n), nil
	case "softplus":
		return NewSoftplus(n), nil
	case "softmax":
		return NewSoftmax(n), nil
	case "linear", "":
		return nil, nil
	}
	return nil, fmt.Errorf("nn: unknown activation %q (known: %s, linear)", name, strings.Join(Activations, ", "))
}
