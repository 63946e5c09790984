//go:build !purego

package kernels

import (
	"github.com/gof32/gof32/internal/asm"
	"github.com/gof32/gof32/internal/peak"
	"github.com/klauspost/cpuid/v2"
)

// CPU features, read once. cpuid/v2 reports AVX and AVX-512 features only
// when the operating system saves their registers (XGETBV), so these mean
// "usable", not just "present".
var (
	hasAVX2   = cpuid.CPU.Supports(cpuid.AVX, cpuid.AVX2, cpuid.FMA3)
	hasAVX512 = hasAVX2 && cpuid.CPU.Supports(cpuid.AVX512F, cpuid.AVX512BW, cpuid.AVX512DQ, cpuid.AVX512VL)
)

// archImpls returns the SIMD paths this CPU can run, lowest first.
func archImpls() []*impl {
	var ps []*impl
	if hasAVX2 {
		ps = append(ps, avx2Impl())
	}
	if hasAVX512 {
		ps = append(ps, avx512Impl(hasBF16))
	}
	return ps
}

// The amd64 SIMD paths: the GEMMs of gemm_amd64.go, the vector kernels of
// vec_amd64.go (simdImpl).

func avx2Impl() *impl {
	return simdImpl("avx2", &avx2Gemm, roundBF16AVX2, avx2Vectors.install)
}

// avx512Impl returns the avx512 path; with nativeBF16 (the CPU has
// AVX512_BF16) its SgemmBF16 runs on VDPBF16PS.
func avx512Impl(nativeBF16 bool) *impl {
	p := simdImpl("avx512", &avx512Gemm, roundBF16AVX2, useAVX512Vec)
	if nativeBF16 {
		p.bf16 = bf16Native
		p.bf16Peak = peak.Loop{Run: asm.DPBF16PeakAVX512, Flops: asm.FlopsPerIterBF16}
	}
	return p
}
