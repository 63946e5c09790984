package gof32_test

import (
	"testing"
	"time"

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

// bf16Peak returns the GFLOPS of the path's peak loop, the best of a few
// 20 ms runs, or 0 for a path without one.
func bf16Peak(path string) float64 {
	if g, ok := bf16Peaks[path]; ok {
		return g
	}
	loop, flops, ok := kernels.BF16PeakLoop(path)
	var g float64
	if ok {
		const iters = 1 << 15
		for range 5 {
			n, start := 0, time.Now()
			for time.Since(start) < 20*time.Millisecond {
				loop(iters)
				n++
			}
			g = max(g, float64(n)*iters*float64(flops)/time.Since(start).Seconds()/1e9)
		}
	}
	bf16Peaks[path] = g
	return g
}
