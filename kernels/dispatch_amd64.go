//go:build !purego

package kernels

import "github.com/klauspost/cpuid/v2"

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
		ps = append(ps, avx512Impl())
	}
	return ps
}
