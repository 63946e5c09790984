//go:build !purego

package asm

// Vector, reduction and activation routines for amd64, AVX2+FMA3 and
// AVX-512. Each declaration states the Go loop the routine replaces.
//
// The AVX2 routines handle whole 8-lane vectors only: len of the first
// slice argument is a multiple of 8 and the caller finishes the tail in Go.
// The AVX-512 routines handle any length, the last partial vector with an
// opmask (masked loads and stores do not touch the memory of masked-off
// lanes, so nothing outside the slices is read or written).
//
// Every other slice argument must be at least as long as the first one
// (the caller, package kernels, checks that); dst may be the same slice as
// an input but must not overlap it shifted.

// AxpyAVX2 is
//
//	for i := range x {
//		y[i] += alpha * x[i]
//	}
//
// with one fused multiply-add per element. len(x) is a multiple of 8.
//
//go:noescape
func AxpyAVX2(alpha float32, x, y []float32)

// AxpyAVX512 is AxpyAVX2 for any len(x).
//
//go:noescape
func AxpyAVX512(alpha float32, x, y []float32)

// ScaleAVX2 is
//
//	for i := range x {
//		x[i] *= alpha
//	}
//
// len(x) is a multiple of 8.
//
//go:noescape
func ScaleAVX2(alpha float32, x []float32)

// ScaleAVX512 is ScaleAVX2 for any len(x).
//
//go:noescape
func ScaleAVX512(alpha float32, x []float32)

// DotAVX2 is
//
//	var s float32
//	for i := range x {
//		s += x[i] * y[i]
//	}
//	return s
//
// with the products fused into the sums and the additions in another order:
// eight vector accumulators (64 partial sums), added pairwise at the end.
// len(x) is a multiple of 8.
//
//go:noescape
func DotAVX2(x, y []float32) float32

// DotAVX512 is DotAVX2 for any len(x), with four 16-lane accumulators.
//
//go:noescape
func DotAVX512(x, y []float32) float32

// AddAVX2 is
//
//	for i := range dst {
//		dst[i] = x[i] + y[i]
//	}
//
// len(dst) is a multiple of 8.
//
//go:noescape
func AddAVX2(dst, x, y []float32)

// AddAVX512 is AddAVX2 for any len(dst).
//
//go:noescape
func AddAVX512(dst, x, y []float32)

// SubAVX2 is
//
//	for i := range dst {
//		dst[i] = x[i] - y[i]
//	}
//
// len(dst) is a multiple of 8.
//
//go:noescape
func SubAVX2(dst, x, y []float32)

// SubAVX512 is SubAVX2 for any len(dst).
//
//go:noescape
func SubAVX512(dst, x, y []float32)

// MulAVX2 is
//
//	for i := range dst {
//		dst[i] = x[i] * y[i]
//	}
//
// len(dst) is a multiple of 8.
//
//go:noescape
func MulAVX2(dst, x, y []float32)

// MulAVX512 is MulAVX2 for any len(dst).
//
//go:noescape
func MulAVX512(dst, x, y []float32)

// SumAVX2 is
//
//	var s float32
//	for _, v := range x {
//		s += v
//	}
//	return s
//
// with the additions in another order: eight vector accumulators, added
// pairwise at the end. len(x) is a multiple of 8.
//
//go:noescape
func SumAVX2(x []float32) float32

// SumAVX512 is SumAVX2 for any len(x), with four 16-lane accumulators.
//
//go:noescape
func SumAVX512(x []float32) float32

// MaxAVX2 is
//
//	m := float32(math.Inf(-1))
//	for _, v := range x {
//		if v != v {
//			return v // the first NaN
//		}
//		if v > m {
//			m = v
//		}
//	}
//	return m
//
// except that when the maximum is a zero its sign is unspecified. It reads
// x once when x holds no NaN, and a second time up to the first NaN when
// it does. len(x) is a multiple of 8.
//
//go:noescape
func MaxAVX2(x []float32) float32

// MaxAVX512 is MaxAVX2 for any len(x).
//
//go:noescape
func MaxAVX512(x []float32) float32

// ArgmaxAVX2 is
//
//	best := -1
//	for i, v := range x {
//		if v != v {
//			return i // the first NaN
//		}
//		if best < 0 || v > x[best] {
//			best = i
//		}
//	}
//	return best
//
// computed in two passes: the maximum (and whether there is a NaN), then
// the first index holding it (or the first NaN). len(x) is a multiple of 8.
//
//go:noescape
func ArgmaxAVX2(x []float32) int

// ArgmaxAVX512 is ArgmaxAVX2 for any len(x).
//
//go:noescape
func ArgmaxAVX512(x []float32) int

// ExpAVX2 is
//
//	for i, v := range x {
//		dst[i] = expf(v)
//	}
//
// with expf the algorithm of package kernels (kernels/exp.go): the input
// clamped to [−104, expHi] (a NaN stays NaN; above expHi the algorithm
// gives +Inf, below expLo it gives 0, as the scalar range checks do),
// n = round(x·log2e), Cody–Waite reduction r = x − n·ln2Hi − n·ln2Lo, the
// degree-5 polynomial e^r ≈ 1 + r + r²·P(r), and the scaling by
// 2^⌊n/2⌋·2^(n−⌊n/2⌋). The reduction and the polynomial use fused
// multiply-adds. len(x) is a multiple of 8.
//
//go:noescape
func ExpAVX2(dst, x []float32)

// ExpAVX512 is ExpAVX2 for any len(x). It scales with VSCALEFPS, which
// rounds p·2ⁿ once, exactly as the two power-of-two factors do.
//
//go:noescape
func ExpAVX512(dst, x []float32)

// ExpShiftedAVX2 is
//
//	var s float32
//	for i, v := range x {
//		dst[i] = expf(v - shift)
//		s += dst[i]
//	}
//	return s
//
// with expf as in ExpAVX2 and the sum in another order (one accumulator
// per lane). len(x) is a multiple of 8.
//
//go:noescape
func ExpShiftedAVX2(dst, x []float32, shift float32) float32

// ExpShiftedAVX512 is ExpShiftedAVX2 for any len(x).
//
//go:noescape
func ExpShiftedAVX512(dst, x []float32, shift float32) float32

// ExpSumAVX2 is
//
//	var s float32
//	for _, v := range x {
//		s += expf(v - shift)
//	}
//	return s
//
// with expf as in ExpAVX2 and the sum in another order (one accumulator
// per lane). len(x) is a multiple of 8.
//
//go:noescape
func ExpSumAVX2(x []float32, shift float32) float32

// ExpSumAVX512 is ExpSumAVX2 for any len(x).
//
//go:noescape
func ExpSumAVX512(x []float32, shift float32) float32

// ReluAVX2 is
//
//	for i, v := range x {
//		if v > 0 || v != v {
//			dst[i] = v
//		} else {
//			dst[i] = 0
//		}
//	}
//
// except that −0 stays −0. len(dst) is a multiple of 8.
//
//go:noescape
func ReluAVX2(dst, x []float32)

// ReluAVX512 is ReluAVX2 for any len(dst).
//
//go:noescape
func ReluAVX512(dst, x []float32)

// ReluBackwardAVX2 is
//
//	for i := range dst {
//		if x[i] > 0 {
//			dst[i] = dy[i]
//		} else {
//			dst[i] = 0
//		}
//	}
//
// len(dst) is a multiple of 8.
//
//go:noescape
func ReluBackwardAVX2(dst, dy, x []float32)

// ReluBackwardAVX512 is ReluBackwardAVX2 for any len(dst).
//
//go:noescape
func ReluBackwardAVX512(dst, dy, x []float32)

// AddRowVectorAVX2 is
//
//	for i := 0; i < rows; i++ {
//		for j := 0; j < cols; j++ {
//			a[i*lda+j] += v[j]
//		}
//	}
//
// cols is a multiple of 8, a holds at least (rows−1)·lda + cols elements
// (when rows > 0) and v at least cols.
//
//go:noescape
func AddRowVectorAVX2(rows, cols int, a []float32, lda int, v []float32)

// AddRowVectorAVX512 is AddRowVectorAVX2 for any cols.
//
//go:noescape
func AddRowVectorAVX512(rows, cols int, a []float32, lda int, v []float32)

// ColumnSumsAVX2 is
//
//	for j := 0; j < cols; j++ {
//		var s float32
//		for i := 0; i < rows; i++ {
//			s += a[i*lda+j]
//		}
//		dst[j] = s
//	}
//
// with the same order of additions, so the same result bit for bit. cols
// is a multiple of 8, a holds at least (rows−1)·lda + cols elements (when
// rows > 0) and dst at least cols.
//
//go:noescape
func ColumnSumsAVX2(dst []float32, rows, cols int, a []float32, lda int)

// ColumnSumsAVX512 is ColumnSumsAVX2 for any cols.
//
//go:noescape
func ColumnSumsAVX512(dst []float32, rows, cols int, a []float32, lda int)

// SoftmaxRowsAVX512 is
//
//	for i := 0; i < rows; i++ {
//		xr := x[i*ldx : i*ldx+cols]
//		yr := y[i*ldy : i*ldy+cols]
//		m := max(xr) // the first NaN if xr holds one
//		var s float32
//		for j, v := range xr {
//			yr[j] = expf(v - m)
//			s += yr[j]
//		}
//		for j := range yr {
//			yr[j] *= 1 / s
//		}
//	}
//
// with max, expf and the sum as in MaxAVX512 and ExpShiftedAVX512 (a row
// with a NaN comes out all NaN, whichever NaN is its maximum). cols ≥ 1;
// x and y hold at least (rows−1)·ld + cols elements (when rows > 0); y may
// be x itself with ldy == ldx.
//
//go:noescape
func SoftmaxRowsAVX512(rows, cols int, x []float32, ldx int, y []float32, ldy int)

// ArgmaxRowsAVX2 is
//
//	for i := 0; i < rows; i++ {
//		dst[i] = argmax(a[i*lda : i*lda+cols])
//	}
//
// with argmax the loop of ArgmaxAVX2 (the first NaN, else the first
// largest element). cols is a multiple of 8 and at least 8; a holds at
// least (rows−1)·lda + cols elements (when rows > 0) and dst at least rows.
//
//go:noescape
func ArgmaxRowsAVX2(dst []int, rows, cols int, a []float32, lda int)

// ArgmaxRowsAVX512 is ArgmaxRowsAVX2 for any cols ≥ 1.
//
//go:noescape
func ArgmaxRowsAVX512(dst []int, rows, cols int, a []float32, lda int)
