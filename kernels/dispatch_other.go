//go:build purego || !(amd64 || arm64)

package kernels

// archImpls returns no SIMD paths: this build has no assembly.
func archImpls() []*impl { return nil }
