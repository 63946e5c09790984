//go:build !purego

package asm

// GemmKernel8x12NEON computes one full 8×12 tile of C with NEON, the Go
// loop
//
//	for i := 0; i < 8; i++ {
//	    for j := 0; j < 12; j++ {
//	        var s float32
//	        for p := 0; p < k; p++ {
//	            s += a[p*sa+i] * b[p*sb+j]
//	        }
//	        if beta == 0 {
//	            c[i*ldc+j] = alpha * s
//	        } else {
//	            c[i*ldc+j] = alpha*s + beta*c[i*ldc+j]
//	        }
//	    }
//	}
//
// with fused multiply-adds (the sum is in 24 vector accumulators, each
// element's terms still added in the order of p). It reads a[p*sa : p*sa+8]
// and b[p*sb : p*sb+12] for p < k and the 8 rows c[i*ldc : i*ldc+12]: the
// caller makes sure the slices hold them.
//
//go:noescape
func GemmKernel8x12NEON(k int, a []float32, sa int, b []float32, sb int, c []float32, ldc int, alpha, beta float32)

// FMAPeakNEON runs iters iterations of 24 independent 4-lane fused
// multiply-adds (FMLA by element, 192 flops per iteration): a loop bound only
// by the FMLA units, used to measure the machine's NEON floating-point peak.
// It computes nothing the caller can see; it stands for the Go loop
//
//	for ; iters > 0; iters-- {
//	    for r := range 24 {
//	        for l := range 4 {
//	            acc[r][l] += b[r%3][l] * a[r/3]
//	        }
//	    }
//	}
//
// with acc, a and b in registers.
//
//go:noescape
func FMAPeakNEON(iters int)

// FlopsPerIterNEON is the floating-point operations (a fused multiply-add
// counting two) of one iteration of FMAPeakNEON.
const FlopsPerIterNEON = 24 * 4 * 2

// Transpose8NEON copies the transpose of the 8×n block at src (row stride
// lds) to dst (row stride ldd), for n a multiple of 4, the Go loop
//
//	for j := 0; j < 8; j++ {
//	    for p := 0; p < n; p++ {
//	        dst[p*ldd+j] = src[j*lds+p]
//	    }
//	}
//
// It reads src[j*lds : j*lds+n] for j < 8 and writes dst[p*ldd : p*ldd+8]
// for p < n: the caller makes sure the slices hold them.
//
//go:noescape
func Transpose8NEON(n int, src []float32, lds int, dst []float32, ldd int)
