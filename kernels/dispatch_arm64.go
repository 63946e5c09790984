//go:build !purego

package kernels

import "github.com/klauspost/cpuid/v2"

// Advanced SIMD (NEON) is part of every ARMv8-A core that Go supports;
// cpuid confirms it (ASIMD) rather than assuming it.
var hasNEON = cpuid.CPU.Supports(cpuid.ASIMD)

// archImpls returns the SIMD paths this CPU can run, lowest first.
func archImpls() []*impl {
	if hasNEON {
		return []*impl{neonImpl()}
	}
	return nil
}

// The NEON path starts from the generic path and replaces each entry whose
// assembly exists (gemm_arm64.go, vec_arm64.go); nothing stays portable Go.
func neonImpl() *impl {
	p := genericImpl()
	p.name = "neon"
	p.setGemm(&neonGemm, roundBF16Go)
	neonVectors.install(p)
	return p
}
