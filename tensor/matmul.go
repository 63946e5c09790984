package tensor

import "github.com/gof32/gof32/kernels"

// MatMul sets dst = a·b, the matrix product of an m×k matrix a and a k×n
// matrix b, and returns dst, an m×n matrix; a nil dst is allocated.
// Transposed views (T) are read in place: kernels.Sgemm is told to
// transpose them, so a.T() costs nothing. dst may itself be a transposed
// view. An operand that overlaps dst is copied first.
func MatMul(dst, a, b *Tensor) *Tensor {
	return gemm("MatMul", kernels.Sgemm, dst, false, false, 1, a, b, 0)
}

// Gemm sets dst = alpha·op(a)·op(b) + beta·dst and returns dst: the BLAS
// general matrix product, where op(a) is a, or its transpose when transA
// is true (the same for b). The flags cost nothing, like transposed views,
// and make no view: Gemm(dW, true, false, 1, x, dy, 0) is dW = xᵀ·dy. dst
// must not be nil. When beta is 0 the previous contents of dst are
// ignored, NaN and Inf included.
func Gemm(dst *Tensor, transA, transB bool, alpha float32, a, b *Tensor, beta float32) *Tensor {
	return gemm("Gemm", kernels.Sgemm, dst, transA, transB, alpha, a, b, beta)
}

// GemmBF16 is Gemm with a and b rounded to bfloat16 (8 significant bits)
// and the products summed in float32: kernels.SgemmBF16, which runs on
// the CPU's bf16 dot-product instructions where it has them. It trades
// accuracy (about 2⁻⁸ relative per product) for speed, as mixed-precision
// training does.
func GemmBF16(dst *Tensor, transA, transB bool, alpha float32, a, b *Tensor, beta float32) *Tensor {
	return gemm("GemmBF16", kernels.SgemmBF16, dst, transA, transB, alpha, a, b, beta)
}

// MatMul returns the matrix product t·b in a new tensor.
func (t *Tensor) MatMul(b *Tensor) *Tensor { return MatMul(nil, t, b) }

// sgemm is the signature of kernels.Sgemm and kernels.SgemmBF16.
type sgemm func(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int)

func gemm(fn string, kernel sgemm, dst *Tensor, transA, transB bool, alpha float32, a, b *Tensor, beta float32) *Tensor {
	check2D(fn, "a", a)
	check2D(fn, "b", b)
	m, k := a.shape[0], a.shape[1]
	if transA {
		m, k = k, m
	}
	kb, n := b.shape[0], b.shape[1]
	if transB {
		kb, n = n, kb
	}
	if kb != k {
		panicf("%s: shapes %s%s and %s%s do not match", fn, shapeStr(a.shape), tmark(transA), shapeStr(b.shape), tmark(transB))
	}
	if dst == nil && fn != "MatMul" {
		panicf("%s: dst is nil; use MatMul to allocate the result", fn)
	}
	shape := [2]int{m, n}
	dst = prepare(fn, dst, shape[:])
	// The kernel reads a and b while it writes dst.
	a, b = private(dst, a), private(dst, b)
	// The storage of a holds op(a) transposed exactly when the flag and
	// the view's own transposition differ.
	ta, tb := a.trans != transA, b.trans != transB
	if !dst.trans {
		kernel(ta, tb, m, n, k, alpha, a.data, a.ld, b.data, b.ld, beta, dst.data, dst.ld)
		return dst
	}
	// dst is stored as its transpose, n×m: compute dstᵀ = op(b)ᵀ·op(a)ᵀ.
	kernel(!tb, !ta, n, m, k, alpha, b.data, b.ld, a.data, a.ld, beta, dst.data, dst.ld)
	return dst
}

// tmark marks a transposed operand in a message.
func tmark(trans bool) string {
	if trans {
		return "ᵀ"
	}
	return ""
}
