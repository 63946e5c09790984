package tensor

import "github.com/gof32/gof32/kernels"

// MatMul sets dst = a·b, the matrix product of an m×k matrix a and a k×n
// matrix b, and returns dst, an m×n matrix; a nil dst is allocated.
// Transposed views (T) are read in place: kernels.Sgemm is told to
// transpose them, so a.T() costs nothing. dst may itself be a transposed
// view. An operand that overlaps dst is copied first.
func MatMul(dst, a, b *Tensor) *Tensor {
	return gemm("MatMul", dst, 1, a, b, 0)
}

// Gemm sets dst = alpha·a·b + beta·dst and returns dst: the BLAS general
// matrix product, as MatMul but accumulating into dst, which must not be
// nil. When beta is 0 the previous contents of dst are ignored, NaN and
// Inf included.
func Gemm(dst *Tensor, alpha float32, a, b *Tensor, beta float32) *Tensor {
	if dst == nil {
		panicf("Gemm: dst is nil; use MatMul to allocate the result")
	}
	return gemm("Gemm", dst, alpha, a, b, beta)
}

// MatMul returns the matrix product t·b in a new tensor.
func (t *Tensor) MatMul(b *Tensor) *Tensor { return MatMul(nil, t, b) }

func gemm(fn string, dst *Tensor, alpha float32, a, b *Tensor, beta float32) *Tensor {
	check2D(fn, "a", a)
	check2D(fn, "b", b)
	m, k, n := a.shape[0], a.shape[1], b.shape[1]
	if b.shape[0] != k {
		panicf("%s: shapes %s and %s do not match", fn, shapeStr(a.shape), shapeStr(b.shape))
	}
	shape := [2]int{m, n}
	dst = prepare(fn, dst, shape[:])
	// Sgemm reads a and b while it writes dst.
	a, b = private(dst, a), private(dst, b)
	if !dst.trans {
		kernels.Sgemm(a.trans, b.trans, m, n, k, alpha, a.data, a.ld, b.data, b.ld, beta, dst.data, dst.ld)
		return dst
	}
	// dst is stored as its transpose, n×m: compute dstᵀ = bᵀ·aᵀ. The
	// storage of b is bᵀ exactly when b is a transposed view, and the
	// same holds for a.
	kernels.Sgemm(!b.trans, !a.trans, n, m, k, alpha, b.data, b.ld, a.data, a.ld, beta, dst.data, dst.ld)
	return dst
}
