package gof32_test

import (
	"testing"

	"github.com/gof32/gof32/kernels"
)

// BenchmarkSgemmBF16 measures kernels.SgemmBF16 (alpha = 1, beta = 0) per
// bf16 path (kernels.BF16Paths, pinned with SetBF16Path), shape and thread
// count, as GFLOPS (2·m·n·k per call, the products of the rounded
// operands counting as if they were the float32 ones) and as a share of
// the path's peak (kernels.BF16PeakLoop: VDPBF16PS for avx512bf16, the FMA
// loop for the float32 paths). The naive path is skipped with -short.
// BenchmarkSgemm/avx512bf16 is the native path of this benchmark; this one
// compares the fallbacks (the float32 paths fed with rounded operands).
func BenchmarkSgemmBF16(b *testing.B) {
	defer kernels.SetBF16Path("")
	for _, path := range kernels.BF16Paths() {
		b.Run(path, func(b *testing.B) {
			if path == "naive" && testing.Short() {
				b.Skip("the naive path takes seconds per call; skipped with -short")
			}
			peak := bf16Peak(path)
			for _, s := range gemmShapes {
				b.Run(s.String(), func(b *testing.B) {
					benchGemm(b, kernels.SgemmBF16, func() error { return kernels.SetBF16Path(path) }, s, peak)
				})
			}
		})
	}
}

// bf16Peaks caches each bf16 path's peak, measured once per process.
var bf16Peaks = map[string]float64{}

// bf16Peak returns the GFLOPS of the path's peak loop, or 0 for a path
// without one.
func bf16Peak(path string) float64 {
	if g, ok := bf16Peaks[path]; ok {
		return g
	}
	var g float64
	if loop, flops, ok := kernels.BF16PeakLoop(path); ok {
		g = timePeak(loop, flops)
	}
	bf16Peaks[path] = g
	return g
}
