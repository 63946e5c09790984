//go:build !purego

package asm

// FMAPeakAVX2 runs iters iterations of 12 independent 8-lane fused
// multiply-adds (VFMADD231PS on YMM registers, 192 flops per iteration):
// a loop bound only by the FMA units, used to measure the machine's AVX2
// floating-point peak. It computes nothing the caller can see; it stands
// for the Go loop
//
//	for ; iters > 0; iters-- {
//	    for r := range 12 {
//	        for l := range 8 {
//	            acc[r][l] += x[l] * y[l]
//	        }
//	    }
//	}
//
// with acc, x and y in registers.
//
//go:noescape
func FMAPeakAVX2(iters int)

// FMAPeakAVX512 is FMAPeakAVX2 on ZMM registers: 24 independent 16-lane
// fused multiply-adds per iteration (768 flops), the Go loop
//
//	for ; iters > 0; iters-- {
//	    for r := range 24 {
//	        for l := range 16 {
//	            acc[r][l] += x[l] * y[l]
//	        }
//	    }
//	}
//
//go:noescape
func FMAPeakAVX512(iters int)

// FlopsPerIterAVX2 and FlopsPerIterAVX512 are the floating-point
// operations (a fused multiply-add counting two) of one iteration of
// FMAPeakAVX2 and FMAPeakAVX512.
const (
	FlopsPerIterAVX2   = 12 * 8 * 2
	FlopsPerIterAVX512 = 24 * 16 * 2
)

// DPBF16PeakAVX512 runs iters iterations of 24 independent VDPBF16PS on
// ZMM registers (each 16 lanes × 2 bf16 products accumulated in float32:
// 64 flops, 1536 per iteration): a loop bound only by the bf16
// dot-product units, which measures the machine's bf16 peak. It computes
// nothing the caller can see; it stands for the Go loop
//
//	for ; iters > 0; iters-- {
//	    for r := range 24 {
//	        for l := range 16 {
//	            acc[r][l] += x[2*l+1]*y[2*l+1] + x[2*l]*y[2*l]
//	        }
//	    }
//	}
//
// with acc, x and y in registers.
//
//go:noescape
func DPBF16PeakAVX512(iters int)

// FlopsPerIterBF16 is the floating-point operations (a multiply-add
// counting two) of one iteration of DPBF16PeakAVX512.
const FlopsPerIterBF16 = 24 * 16 * 2 * 2
