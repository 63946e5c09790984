package nn

import (
	"fmt"
	"math/rand/v2"

	"github.com/gof32/gof32/tensor"
)

// Dense is a fully connected layer: y = x·W + b for a batch x of rows×In,
// with W of shape In×Out and b of length Out. Its three matrix products
// are tensor.Gemm calls, the transposes given as flags.
type Dense struct {
	in, out int
	w, b    *Param
	params  []*Param

	prec Precision
	gemm func(dst *tensor.Tensor, transA, transB bool, alpha float32, a, b *tensor.Tensor, beta float32) *tensor.Tensor

	x     *tensor.Tensor // the input of the last Forward (the caller's)
	y, dx tensor.Buffer
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
	d := &Dense{in: in, out: out, w: newParam("W", in, out), b: newParam("b", out), gemm: tensor.Gemm}
	d.params = []*Param{d.w, d.b}
	if rng != nil {
		GlorotNormal.Fill(d.w.Value.Data(), in, out, rng)
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

// Forward computes y = x·W + b for the rows×In matrix x.
func (d *Dense) Forward(x *tensor.Tensor, train bool) *tensor.Tensor {
	rows := matrixRows("Dense.Forward", x, d.in)
	d.x = x
	y := d.y.Rows(rows, d.out)
	d.gemm(y, false, false, 1, x, d.w.Value, 0)
	return tensor.AddRowVector(y, y, d.b.Value)
}

// Backward sets dW = xᵀ·dy and db = Σ_rows dy, and returns dx = dy·Wᵀ
// when needDX.
func (d *Dense) Backward(dy *tensor.Tensor, needDX bool) *tensor.Tensor {
	rows := matrixRows("Dense.Backward", dy, d.out)
	d.gemm(d.w.Grad, true, false, 1, d.x, dy, 0)
	tensor.ColumnSums(d.b.Grad, dy)
	if !needDX {
		return nil
	}
	return d.gemm(d.dx.Rows(rows, d.in), false, true, 1, dy, d.w.Value, 0)
}

// Precision is the arithmetic of the dense layers' matrix products.
type Precision int

const (
	// Float32: tensor.Gemm (kernels.Sgemm), float32 throughout.
	Float32 Precision = iota
	// BF16 is mixed precision: the three matrix products of a dense
	// layer (forward, weight gradient, input gradient) run on
	// tensor.GemmBF16 (kernels.SgemmBF16), which rounds their operands to bfloat16 and
	// accumulates in float32 (VDPBF16PS on CPUs with AVX512_BF16); the
	// weights, their updates, the bias, the activations' kernels and the
	// loss stay float32 (float32 master weights).
	BF16
)

func (p Precision) String() string {
	switch p {
	case Float32:
		return "float32"
	case BF16:
		return "bf16"
	}
	return fmt.Sprintf("Precision(%d)", int(p))
}

// ParsePrecision returns the precision named "float32" or "bf16".
func ParsePrecision(name string) (Precision, error) {
	switch name {
	case "float32", "fp32", "f32":
		return Float32, nil
	case "bf16", "bfloat16":
		return BF16, nil
	}
	return 0, fmt.Errorf("nn: unknown precision %q (known: float32, bf16)", name)
}

// SetPrecision chooses the arithmetic of the layer's matrix products.
func (d *Dense) SetPrecision(p Precision) {
	switch p {
	case Float32:
		d.gemm = tensor.Gemm
	case BF16:
		d.gemm = tensor.GemmBF16
	default:
		panic(fmt.Sprintf("nn.Dense.SetPrecision: invalid precision %d", int(p)))
	}
	d.prec = p
}

// Precision returns the arithmetic of the layer's matrix products.
func (d *Dense) Precision() Precision { return d.prec }

// SetPrecision sets the precision of every dense layer of the network (see
// Precision); the model file does not record it.
func (n *Network) SetPrecision(p Precision) {
	for _, l := range n.layers {
		if d, ok := l.(*Dense); ok {
			d.SetPrecision(p)
		}
	}
}
