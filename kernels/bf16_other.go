//go:build purego || !amd64

package kernels

// bf16ArchImpls returns no native bf16 path: this build has no
// AVX512_BF16 assembly, and the bf16 GEMM runs on the float32 paths.
func bf16ArchImpls() []*bf16Impl { return nil }

// bf16ArchRound returns nil: the fallbacks round in Go.
func bf16ArchRound(string) func(dst, src []float32) { return nil }
