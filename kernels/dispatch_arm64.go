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

// neonImpl returns the NEON path: the GEMM of gemm_arm64.go, the vector
// kernels of vec_arm64.go; nothing stays portable Go.
func neonImpl() *impl {
	return simdImpl("neon", &neonGemm, roundBF16Go, neonVectors.install)
}
