package nn

import (
	"fmt"
	"strings"

	"github.com/gof32/gof32/tensor"
)

// The activations as layers: ReLU, Sigmoid, Tanh, Softplus, applied to
// each value on its own, and Softmax, applied to each row. The elementwise
// ones take batches of any shape (rows×N matrices, or images) and return
// the same shape; Softmax takes rows×N matrices.

// elementwise is an activation applied to each value on its own: fwd
// computes y from x; bwd computes dx from dy and, as fromInput says, the
// input x or the output y of the last Forward.
type elementwise struct {
	kind      string
	n         int
	fwd       func(dst, x *tensor.Tensor) *tensor.Tensor
	bwd       func(dst, dy, ref *tensor.Tensor) *tensor.Tensor
	fromInput bool
	fwdName   string // for the messages of batchRows, made once
	bwdName   string

	x, y  *tensor.Tensor
	out   tensor.Buffer
	dxBuf tensor.Buffer
}

func newElementwise(kind, name string, n int, fwd func(dst, x *tensor.Tensor) *tensor.Tensor, bwd func(dst, dy, ref *tensor.Tensor) *tensor.Tensor, fromInput bool) elementwise {
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

func (e *elementwise) Forward(x *tensor.Tensor, train bool) *tensor.Tensor {
	batchRows(e.fwdName, x, e.n)
	e.x = x
	e.y = e.fwd(e.out.Like(x), x)
	return e.y
}

func (e *elementwise) Backward(dy *tensor.Tensor, needDX bool) *tensor.Tensor {
	batchRows(e.bwdName, dy, e.n)
	if !needDX {
		return nil
	}
	ref := e.y
	if e.fromInput {
		ref = e.x
	}
	return e.bwd(e.dxBuf.Like(dy), dy, ref)
}

// ReLU is the rectifier max(x, 0), elementwise; its gradient passes dy
// where the output is positive, which is exactly where the input was.
type ReLU struct{ elementwise }

// NewReLU returns a ReLU layer for samples of n values.
func NewReLU(n int) *ReLU {
	return &ReLU{newElementwise("relu", "ReLU", n, tensor.Relu, tensor.ReluBackward, false)}
}

// Sigmoid is the logistic function 1/(1 + e^−x), elementwise; its
// gradient y·(1 − y) comes from its output.
type Sigmoid struct{ elementwise }

// NewSigmoid returns a sigmoid layer for samples of n values.
func NewSigmoid(n int) *Sigmoid {
	return &Sigmoid{newElementwise("sigmoid", "Sigmoid", n, tensor.Sigmoid, tensor.SigmoidBackward, false)}
}

// Tanh is the hyperbolic tangent, elementwise; its gradient
// (1 − y)·(1 + y) comes from its output.
type Tanh struct{ elementwise }

// NewTanh returns a tanh layer for samples of n values.
func NewTanh(n int) *Tanh {
	return &Tanh{newElementwise("tanh", "Tanh", n, tensor.Tanh, tensor.TanhBackward, false)}
}

// Softplus is log(1 + eˣ), a smooth ReLU, elementwise; its gradient is
// the sigmoid of its input.
type Softplus struct{ elementwise }

// NewSoftplus returns a softplus layer for samples of n values.
func NewSoftplus(n int) *Softplus {
	return &Softplus{newElementwise("softplus", "Softplus", n, tensor.Softplus, tensor.SoftplusBackward, true)}
}

// Softmax turns each row of N values into probabilities:
// y_j = e^(x_j)/Σ_k e^(x_k) (computed with the row maximum subtracted).
// Its backward pass is dx = y·(dy − Σ_j dy_j·y_j) row by row. A network
// whose last layer is a Softmax trained with CategoricalCrossEntropy skips
// it on the way back and starts from the gradient with respect to the
// logits, p − t (see Network.TrainBatch).
type Softmax struct {
	n     int
	y     *tensor.Tensor
	out   tensor.Buffer
	dxBuf tensor.Buffer
}

// NewSoftmax returns a softmax layer for rows of n values.
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

func (s *Softmax) Forward(x *tensor.Tensor, train bool) *tensor.Tensor {
	rows := matrixRows("Softmax.Forward", x, s.n)
	s.y = tensor.SoftmaxRows(s.out.Rows(rows, s.n), x)
	return s.y
}

func (s *Softmax) Backward(dy *tensor.Tensor, needDX bool) *tensor.Tensor {
	rows := matrixRows("Softmax.Backward", dy, s.n)
	if !needDX {
		return nil
	}
	return tensor.SoftmaxRowsBackward(s.dxBuf.Rows(rows, s.n), dy, s.y)
}

func init() {
	for kind, mk := range map[string]func(int) Layer{
		"relu":     func(n int) Layer { return NewReLU(n) },
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
// sigmoid, tanh, softplus or softmax; "linear" is no layer: nil) for
// samples of n values.
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
