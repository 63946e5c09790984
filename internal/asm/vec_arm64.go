//go:build !purego

package asm

// NEON vector kernels (vec_arm64.s). Each handles whole 4-lane vectors:
// the lengths must be multiples of 4 (ArgmaxNEON: of 16), and the caller
// finishes the tail. Each declaration shows the Go loop the routine
// replaces; where it adds in a different order (Dot, Sum, ExpShifted) or
// fuses a multiply-add (Axpy, Dot, ExpShifted), it says so.

// AxpyNEON computes, for len(x) a multiple of 4 and len(y) ≥ len(x),
//
//	for i, v := range x {
//	    y[i] += alpha * v
//	}
//
// with one fused multiply-add (one rounding) per element.
//
//go:noescape
func AxpyNEON(alpha float32, x, y []float32)

// ScaleNEON computes, for len(x) a multiple of 4,
//
//	for i := range x {
//	    x[i] *= alpha
//	}
//
//go:noescape
func ScaleNEON(alpha float32, x []float32)

// DotNEON returns, for len(x) a multiple of 4 and len(y) ≥ len(x),
//
//	var s float32
//	for i, v := range x {
//	    s += v * y[i]
//	}
//	return s
//
// summed in 16 partial sums (element i into sum i%16, with fused
// multiply-adds) that are added pairwise at the end.
//
//go:noescape
func DotNEON(x, y []float32) float32

// AddNEON computes, for len(dst) a multiple of 4 and x, y at least as long,
//
//	for i := range dst {
//	    dst[i] = x[i] + y[i]
//	}
//
//go:noescape
func AddNEON(dst, x, y []float32)

// SubNEON computes, for len(dst) a multiple of 4 and x, y at least as long,
//
//	for i := range dst {
//	    dst[i] = x[i] - y[i]
//	}
//
//go:noescape
func SubNEON(dst, x, y []float32)

// MulNEON computes, for len(dst) a multiple of 4 and x, y at least as long,
//
//	for i := range dst {
//	    dst[i] = x[i] * y[i]
//	}
//
//go:noescape
func MulNEON(dst, x, y []float32)

// SumNEON returns, for len(x) a multiple of 4,
//
//	var s float32
//	for _, v := range x {
//	    s += v
//	}
//	return s
//
// summed in 16 partial sums (element i into sum i%16) that are added
// pairwise at the end.
//
//go:noescape
func SumNEON(x []float32) float32

// MaxNEON returns, for len(x) a multiple of 4,
//
//	m := float32(math.Inf(-1))
//	for _, v := range x {
//	    if v != v {
//	        return v // any NaN
//	    }
//	    m = max(m, v)
//	}
//	return m
//
// A NaN in x gives a NaN (FMAX propagates it), not necessarily with the
// same payload.
//
//go:noescape
func MaxNEON(x []float32) float32

// ArgmaxNEON computes, for len(x) a multiple of 16 with 16 ≤ len(x) < 2³¹,
// the first maximum of each of 16 lanes and its index:
//
//	for l := 0; l < 16; l++ {
//	    m[l], idx[l] = x[l], int32(l)
//	}
//	for i := 16; i < len(x); i++ {
//	    if x[i] > m[i%16] {
//	        m[i%16], idx[i%16] = x[i], int32(i)
//	    }
//	}
//	for _, v := range x {
//	    if v != v {
//	        return true
//	    }
//	}
//	return false
//
// The comparisons skip NaNs; nan reports whether x holds one.
//
//go:noescape
func ArgmaxNEON(x []float32, m *[16]float32, idx *[16]int32) (nan bool)

// ReluNEON computes, for len(x) a multiple of 4 and len(dst) ≥ len(x),
//
//	for i, v := range x {
//	    if v > 0 || v != v {
//	        dst[i] = v
//	    } else {
//	        dst[i] = 0
//	    }
//	}
//
//go:noescape
func ReluNEON(dst, x []float32)

// ReluBackwardNEON computes, for len(dst) a multiple of 4 and dy, x at
// least as long,
//
//	for i := range dst {
//	    if x[i] > 0 {
//	        dst[i] = dy[i]
//	    } else {
//	        dst[i] = 0
//	    }
//	}
//
//go:noescape
func ReluBackwardNEON(dst, dy, x []float32)

// ExpShiftedNEON computes, for len(x) a multiple of 4 and len(dst) ≥
// len(x),
//
//	for i, v := range x {
//	    dst[i] = expf(v - shift)
//	    sum += dst[i]
//	}
//	return sum
//
// where expf is the algorithm of kernels/exp.go (within 2 ulp), computed
// with fused multiply-adds; the sum is in 4 partial sums (element i into
// sum i%4) added pairwise at the end.
//
//go:noescape
func ExpShiftedNEON(dst, x []float32, shift float32) (sum float32)
