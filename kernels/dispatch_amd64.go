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

// The amd64 SIMD paths start from the generic path and replace each entry
// whose assembly exists (gemm_amd64.go, vec_amd64.go); the rest stays
// portable Go.

func avx2Impl() *impl {
	p := genericImpl()
	p.name = "avx2"
	p.gemm = &avx2Gemm
	avx2Vectors.install(p)
	return p
}

func avx512Impl() *impl {
	p := genericImpl()
	p.name = "avx512"
	p.gemm = &avx512Gemm
	useAVX512Vec(p)
	return p
}
