//go:build !purego

package asm

//go:generate go run ./internal/gen

// SgemmKernelAVX512 computes one register tile of C = alpha·A·B + beta·C,
// of mr ≤ 8 rows and nr ≤ 32 columns, the Go loop
//
//	for i := 0; i < mr; i++ {
//	    for j := 0; j < nr; j++ {
//	        var s float32
//	        for p := 0; p < k; p++ {
//	            s += a[p*sa+i*si] * b[p*sb+j]
//	        }
//	        if beta == 0 {
//	            c[i*ldc+j] = alpha * s
//	        } else {
//	            c[i*ldc+j] = alpha*s + beta*c[i*ldc+j]
//	        }
//	    }
//	}
//
// with the sums accumulated by fused multiply-adds in the order of p. A
// packed A panel has sa = 8, si = 1; a transposed A read in place has
// sa = lda, si = 1; a row-major A read in place has sa = 1, si = lda. B is
// a packed panel (sb = 32) or a row-major B read in place (sb = ldb).
// Exactly the elements named by the loop are read and the c elements it
// assigns written: a partial vector of columns is masked, and each row
// count has its own code. The caller guarantees 1 ≤ mr ≤ 8, 1 ≤ nr ≤ 32,
// k ≥ 0 and slices long enough; the lengths are not checked.
//
//go:noescape
func SgemmKernelAVX512(k int, a []float32, sa, si int, b []float32, sb int, c []float32, ldc, mr, nr int, alpha, beta float32)

// SgemmKernelAVX2 is SgemmKernelAVX512's loop for AVX2 with FMA3, for
// tiles of mr ≤ 6 rows and nr ≤ 16 columns (packed panels: sa = 6,
// sb = 16).
//
//go:noescape
func SgemmKernelAVX2(k int, a []float32, sa, si int, b []float32, sb int, c []float32, ldc, mr, nr int, alpha, beta float32)

// Transpose8AVX2 copies the transpose of an 8×n block:
//
//	for j := 0; j < 8; j++ {
//	    for p := 0; p < n; p++ {
//	        dst[p*ldd+j] = src[j*lds+p]
//	    }
//	}
//
// (8×8 blocks transposed in YMM registers, the last n%8 columns through
// masked loads). GEMM uses it to pack a plain A, or a transposed B, into
// micro-panels. The caller guarantees slices long enough; the lengths are
// not checked.
//
//go:noescape
func Transpose8AVX2(n int, src []float32, lds int, dst []float32, ldd int)

// CopyBlockAVX2 copies a rows×cols block, cols a multiple of 8:
//
//	for i := 0; i < rows; i++ {
//	    for j := 0; j < cols; j++ {
//	        dst[i*ldd+j] = src[i*lds+j]
//	    }
//	}
//
// GEMM uses it to pack a plain B, or a transposed A, into micro-panels:
// many short rows, which copy() would hand one by one to memmove. The
// caller guarantees cols%8 == 0 and slices long enough; the lengths are
// not checked.
//
//go:noescape
func CopyBlockAVX2(rows, cols int, src []float32, lds int, dst []float32, ldd int)
