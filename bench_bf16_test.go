package gof32_test

import (
	"testing"

	"github.com/gof32/gof32/internal/peak"
	"github.com/gof32/gof32/kernels"
)

// BenchmarkSgemmBF16 measures kernels.SgemmBF16 (alpha = 1, beta = 0) per
// path (kernels.SetPath), shape and thread count, as GFLOPS (2·m·n·k per
// call, the products of the rounded operands counting as if they were the
// float32 ones) and as a share of the peak of the instructions the path
// multiplies with: VDPBF16PS for avx512 where the CPU has AVX512_BF16, the
// FMA loop for the paths that run the float32 GEMM on rounded operands.
// The naive path is skipped with -short. On AVX512-BF16 hardware
// BenchmarkSgemmBF16/avx512 measures what BenchmarkSgemm/avx512bf16 does.
func BenchmarkSgemmBF16(b *testing.B) {
	saved := kernels.Path()
	defer kernels.SetPath(saved)
	for _, path := range benchPaths {
		b.Run(path, func(b *testing.B) {
			benchGemmPath(b, path, kernels.SgemmBF16, func() error { return kernels.SetPath(path) }, bf16Peak)
		})
	}
}

// bf16Peaks caches each path's bf16 peak, measured once per process.
var bf16Peaks = map[string]float64{}

// bf16Peak returns the GFLOPS of the peak loop of the path's bf16 GEMM:
// its own bf16 instructions' loop (path + "bf16") where it has one, else
// the path's FMA loop; 0 for a path with neither.
func bf16Peak(path string) float64 {
	if g, ok := bf16Peaks[path]; ok {
		return g
	}
	var g float64
	l, ok := peak.Get(path + "bf16")
	if !ok {
		l, ok = peak.Get(path)
	}
	if ok {
		g = timePeak(l.Run, l.Flops)
	}
	bf16Peaks[path] = g
	return g
}
