//go:build !purego

package kernels

import "github.com/gof32/gof32/asm"

// The AVX-512 GEMM: 8×32 register tiles (sixteen ZMM accumulators) of
// asm.SgemmKernelAVX512, which reads A with any row stride, so a plain
// row-major A can be read in place.
var avx512Gemm = gemmConfig{
	mr: 8, nr: 32,
	mc: 128, kc: 1024, nc: 2048,
	kernel:  avx512Kernel,
	strided: asm.SgemmKernelAVX512,

	transpose8: asm.Transpose8AVX2,
	copy8:      asm.CopyBlockAVX2,

	peak: asm.FMAPeakAVX512, peakFlops: asm.FlopsPerIterAVX512,
}

func avx512Kernel(k int, a []float32, sa int, b []float32, sb int, c []float32, ldc, mr, nr int, alpha, beta float32) {
	asm.SgemmKernelAVX512(k, a, sa, 1, b, sb, c, ldc, mr, nr, alpha, beta)
}

// The AVX2 GEMM: 6×16 register tiles (twelve YMM accumulators) of
// asm.SgemmKernelAVX2.
var avx2Gemm = gemmConfig{
	mr: 6, nr: 16,
	mc: 120, kc: 768, nc: 4096,
	kernel:  avx2Kernel,
	strided: asm.SgemmKernelAVX2,

	transpose8: asm.Transpose8AVX2,
	copy8:      asm.CopyBlockAVX2,

	peak: asm.FMAPeakAVX2, peakFlops: asm.FlopsPerIterAVX2,
}

func avx2Kernel(k int, a []float32, sa int, b []float32, sb int, c []float32, ldc, mr, nr int, alpha, beta float32) {
	asm.SgemmKernelAVX2(k, a, sa, 1, b, sb, c, ldc, mr, nr, alpha, beta)
}

// useAVX2Gemm installs the AVX2+FMA GEMM microkernel.
func useAVX2Gemm(p *impl) { p.gemm = &avx2Gemm }

// useAVX512Gemm installs the AVX-512 GEMM microkernel.
func useAVX512Gemm(p *impl) { p.gemm = &avx512Gemm }
