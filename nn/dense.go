package nn

import (
	"fmt"
	"math/rand/v2"

	"github.com/gof32/gof32/kernels"
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
	ep    kernels.Epilogue // of the last fused product (kept here: no allocation)

	// pf, while a Trainer's epoch runs, queues the rows of its next
	// batch; the float32 products drain it (Epilogue.Prefetch).
	pf *kernels.Prefetcher
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
	return d.forward(x, false)
}

// forward is Forward, followed by a ReLU when relu is set. In float32 the
// bias and the ReLU are applied by the product as it stores y
// (kernels.SgemmEpilogue), with the results of tensor.AddRowVector and
// tensor.Relu after it, bit for bit.
func (d *Dense) forward(x *tensor.Tensor, relu bool) *tensor.Tensor {
	rows := matrixRows("Dense.Forward", x, d.in)
	d.x = x
	y := d.y.Rows(rows, d.out)
	if d.prec == Float32 && !x.IsTransposed() {
		d.ep = kernels.Epilogue{Bias: d.b.Value.Data(), Relu: relu, Prefetch: d.pf}
		kernels.SgemmEpilogue(false, false, rows, d.out, d.in, 1, x.Data(), x.Stride(),
			d.w.Value.Data(), d.out, 0, y.Data(), d.out, &d.ep)
		d.ep = kernels.Epilogue{}
		return y
	}
	d.gemm(y, false, false, 1, x, d.w.Value, 0)
	tensor.AddRowVector(y, y, d.b.Value)
	if relu {
		tensor.Relu(y, y)
	}
	return y
}

// Backward sets dW = xᵀ·dy and db = Σ_rows dy, and returns dx = dy·Wᵀ
// when needDX.
func (d *Dense) Backward(dy *tensor.Tensor, needDX bool) *tensor.Tensor {
	return d.backward(dy, needDX, nil, false, 0)
}

// backward is Backward with two fusions:
//
// With mask (the output of the ReLU before this layer, whose input is
// this layer's x) dx = (dy·Wᵀ) ⊙ [mask > 0], the ReLU's backward pass
// applied in the product's store in float32 (kernels.SgemmEpilogue; the
// result of tensor.ReluBackward after the product, bit for bit).
//
// With sgd, plain SGD with learning rate lr updates the parameters: dx
// is computed from the old weights first, then W ← W − lr·xᵀ·dy is one
// product (alpha −lr, beta 1), so the weight gradient is never written
// (W.Grad is left as it was); the bias is updated as SGD.Step does, from
// db = Σ_rows dy in b.Grad.
func (d *Dense) backward(dy *tensor.Tensor, needDX bool, mask *tensor.Tensor, sgd bool, lr float32) *tensor.Tensor {
	rows := matrixRows("Dense.Backward", dy, d.out)
	if !sgd {
		d.gemm(d.w.Grad, true, false, 1, d.x, dy, 0)
		tensor.ColumnSums(d.b.Grad, dy)
	}
	var dx *tensor.Tensor
	if needDX {
		dx = d.dx.Rows(rows, d.in)
		switch {
		case mask != nil && d.prec == Float32 && !dy.IsTransposed() && !mask.IsTransposed():
			d.ep = kernels.Epilogue{Mask: mask.Data(), LDMask: mask.Stride(), Prefetch: d.pf}
			kernels.SgemmEpilogue(false, true, rows, d.in, d.out, 1, dy.Data(), dy.Stride(),
				d.w.Value.Data(), d.out, 0, dx.Data(), d.in, &d.ep)
			d.ep = kernels.Epilogue{}
		case mask != nil:
			d.gemm(dx, false, true, 1, dy, d.w.Value, 0)
			tensor.ReluBackward(dx, dx, mask)
		default:
			d.gemm(dx, false, true, 1, dy, d.w.Value, 0)
		}
	}
	switch {
	case sgd && d.prec == Float32 && !d.x.IsTransposed() && !dy.IsTransposed():
		// tensor.Gemm's product, called as the fused ones above so that
		// it drains the prefetch queue.
		d.ep = kernels.Epilogue{Prefetch: d.pf}
		kernels.SgemmEpilogue(true, false, d.in, d.out, rows, -lr, d.x.Data(), d.x.Stride(),
			dy.Data(), dy.Stride(), 1, d.w.Value.Data(), d.out, &d.ep)
		d.ep = kernels.Epilogue{}
	case sgd:
		d.gemm(d.w.Value, true, false, -lr, d.x, dy, 1)
	}
	if sgd {
		tensor.ColumnSums(d.b.Grad, dy)
		kernels.SGD(lr, d.b.Value.Data(), d.b.Grad.Data())
	}
	return dx
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
