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
