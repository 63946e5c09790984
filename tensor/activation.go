package tensor

import "github.com/gof32/gof32/kernels"

// The activations of neural networks and their backward forms. The forward
// forms map a to dst elementwise (SoftmaxRows works on rows, ops.go); the
// backward forms take the gradient dy of the loss with respect to the
// activation's output and return the gradient with respect to its input,
// reading the output y (or, for Softplus, the input x) of the forward pass.
// All of them accept tensors of any shape, views included, and follow the
// package's conventions: destination first and returned, nil allocated,
// no allocation otherwise unless the operands' orientations differ (a
// transposed view beside a plain one costs a temporary copy).
//
// Accuracy: Relu and ReluBackward are exact; Sigmoid, Tanh and Softplus are
// within a few ulp of the correctly rounded result (kernels.Sigmoid,
// kernels.Tanh and kernels.Softplus say how many), their backward forms
// within a few roundings of the formula.

// Relu sets dst = max(a, 0) elementwise and returns dst; NaN stays NaN.
func Relu(dst, a *Tensor) *Tensor { return unary("Relu", dst, a, kernels.Relu) }

// Sigmoid sets dst = 1/(1 + e^−a) elementwise and returns dst.
func Sigmoid(dst, a *Tensor) *Tensor { return unary("Sigmoid", dst, a, kernels.Sigmoid) }

// Tanh sets dst = tanh(a) elementwise and returns dst.
func Tanh(dst, a *Tensor) *Tensor { return unary("Tanh", dst, a, kernels.Tanh) }

// Softplus sets dst = log(1 + eᵃ) elementwise and returns dst.
func Softplus(dst, a *Tensor) *Tensor { return unary("Softplus", dst, a, kernels.Softplus) }

// ReluBackward sets dst = dy where y > 0 and 0 elsewhere, the gradient of
// Relu from its output y, and returns dst.
func ReluBackward(dst, dy, y *Tensor) *Tensor {
	return kernel3("ReluBackward", dst, dy, y, kernels.ReluBackward)
}

// SigmoidBackward sets dst = dy·y·(1 − y), the gradient of Sigmoid from its
// output y, and returns dst.
func SigmoidBackward(dst, dy, y *Tensor) *Tensor {
	return kernel3("SigmoidBackward", dst, dy, y, kernels.SigmoidBackward)
}

// TanhBackward sets dst = dy·(1 − y)·(1 + y), the gradient of Tanh from its
// output y, and returns dst.
func TanhBackward(dst, dy, y *Tensor) *Tensor {
	return kernel3("TanhBackward", dst, dy, y, kernels.TanhBackward)
}

// SoftplusBackward sets dst = dy·sigmoid(x), the gradient of Softplus from
// its input x, and returns dst.
func SoftplusBackward(dst, dy, x *Tensor) *Tensor {
	return kernel3("SoftplusBackward", dst, dy, x, kernels.SoftplusBackward)
}

// SoftmaxRowsBackward sets each row of dst to y·(dy − Σ_j dy_j·y_j) for the
// same rows of the matrices dy and y, the gradient of SoftmaxRows from its
// output y, and returns dst. Transposed operands cost temporary copies.
func SoftmaxRowsBackward(dst, dy, y *Tensor) *Tensor {
	const fn = "SoftmaxRowsBackward"
	check2D(fn, "dy", dy)
	checkSameShape(fn, dy, y)
	dst = prepare(fn, dst, dy.shape)
	if dst.Size() == 0 {
		return dst
	}
	// Each row reads y after writing dst: y must not share dst's storage.
	dy, y = unalias(dst, dy), private(dst, y)
	out := dst
	if dst.trans {
		out = alloc(fn, dst.shape)
	}
	dy, y = oriented(fn, out, dy), oriented(fn, out, y)
	for r := range out.rows {
		yr, dyr, dr := y.row(r), dy.row(r), out.row(r)
		dot := kernels.Dot(dyr, yr)
		kernels.Mul(dr, yr, dyr)
		kernels.Axpy(-dot, yr, dr)
	}
	copyElems(dst, out)
	return dst
}

// kernel3 sets dst = k(a, b) elementwise with the kernel k, whose
// arguments are (dst, a, b), and returns dst. An operand whose orientation
// differs from dst's is copied first.
func kernel3(fn string, dst, a, b *Tensor, k func(d, x, y []float32)) *Tensor {
	dst, a, b = prepare3(fn, dst, a, b)
	rows3(dst, oriented(fn, dst, a), oriented(fn, dst, b), k)
	return dst
}

// oriented returns a, or a copy of it stored with dst's orientation, so
// that their storage rows correspond.
func oriented(fn string, dst, a *Tensor) *Tensor {
	if a.trans == dst.trans {
		return a
	}
	c := alloc(fn, []int{dst.rows, dst.cols})
	if dst.trans {
		c = c.T()
	}
	copyElems(c, a)
	return c
}
