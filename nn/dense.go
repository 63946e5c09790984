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

	prec Precision
	gemm func(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int)

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
	d := &Dense{in: in, out: out, w: newParam("W", in, out), b: newParam("b", out), gemm: kernels.Sgemm}
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
	d.gemm(false, false, rows, d.out, d.in, 1, x, d.in, d.w.Value, d.out, 0, y, d.out)
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
	d.gemm(true, false, d.in, d.out, rows, 1, d.x, d.in, dy, d.out, 0, d.w.Grad, d.out)
	kernels.ColumnSums(d.b.Grad, rows, d.out, dy, d.out)
	if !needDX {
		return nil
	}
	d.dx = grow(d.dx, rows*d.in)
	dx := d.dx[:rows*d.in]
	d.gemm(false, true, rows, d.in, d.out, 1, dy, d.out, d.w.Value, d.out, 0, dx, d.in)
	return dx
}

// Precision is the arithmetic of the dense layers' matrix products.
type Precision int

const (
	// Float32: kernels.Sgemm, float32 throughout.
	Float32 Precision = iota
	// BF16 is mixed precision: the three matrix products of a dense
	// layer (forward, weight gradient, input gradient) run on
	// kernels.SgemmBF16, which rounds their operands to bfloat16 and
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
		d.gemm = kernels.Sgemm
	case BF16:
		d.gemm = kernels.SgemmBF16
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
