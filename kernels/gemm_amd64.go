//go:build !purego

package kernels

import (
	"github.com/gof32/gof32/internal/asm"
	"github.com/gof32/gof32/internal/peak"
)

// The AVX-512 GEMM: 8×32 register tiles (sixteen ZMM accumulators) of
// asm.SgemmKernelAVX512, which reads A with any row stride, so a plain
// row-major A can be read in place.
//
// Zen 4 runs a 512-bit FMA on both of its 256-bit FMA pipes, so its peak
// is the same 32 flops per cycle as AVX2's (measured: 116 GFLOPS on one
// core for both); sixteen accumulators cover the FMA latency (4 cycles,
// one ZMM FMA per cycle) with room to spare, and eight rows divide the
// MNIST batch of 32 and 784. Taller tiles (12×32, 14×32) measured no
// faster at 1024³ and slower on the MNIST shapes.
//
// The blocks were measured, not derived: the kernel prefetches its rows
// of A and B eight k steps ahead, so a B micro-panel need not stay in L1
// and a long kc (fewer passes over the tiles of C) wins: kc = 1024 with
// an A block of 128×1024 (512 KiB, half of L2) gave 90-93% of peak at
// 1024³, kc = 256 about 87%.
var avx512Gemm = gemmConfig{
	mr: 8, nr: 32,
	mc: 128, kc: 1024, nc: 2048,
	strided: asm.SgemmKernelAVX512,

	transpose8:     asm.Transpose8AVX2,
	transpose8AnyN: true,
	copy8:          asm.CopyBlockAVX2,

	peak: peak.Loop{Run: asm.FMAPeakAVX512, Flops: asm.FlopsPerIterAVX512},
}

// The AVX2 GEMM: 6×16 register tiles (twelve YMM accumulators) of
// asm.SgemmKernelAVX2: with two B vectors and a broadcast of A they fill
// the sixteen YMM registers, and twelve accumulators cover the FMA
// latency at two FMAs per cycle. The blocks (kc = 512, an A block of
// 144×512, 288 KiB) were measured as for AVX-512; kc from 384 to 1024
// was within the noise.
var avx2Gemm = gemmConfig{
	mr: 6, nr: 16,
	mc: 144, kc: 512, nc: 2048,
	strided: asm.SgemmKernelAVX2,

	transpose8:     asm.Transpose8AVX2,
	transpose8AnyN: true,
	copy8:          asm.CopyBlockAVX2,

	peak: peak.Loop{Run: asm.FMAPeakAVX2, Flops: asm.FlopsPerIterAVX2},
}
