package gof32_test

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/gof32/gof32/kernels"
)

// peakPaths are the paths with an FMA peak loop (kernels.PeakLoop).
var peakPaths = []string{"avx2", "avx512"}

// BenchmarkPeak measures each SIMD path's floating-point peak on one core:
// a loop of independent fused multiply-adds (asm.FMAPeakAVX2,
// asm.FMAPeakAVX512). The GEMM benchmarks report their speed as a share
// of it.
func BenchmarkPeak(b *testing.B) {
	for _, path := range peakPaths {
		b.Run(path, func(b *testing.B) {
			loop, flops, ok := kernels.PeakLoop(path)
			if !ok {
				b.Skipf("path %s is not available on this CPU and build", path)
			}
			b.ReportMetric(runPeak(b, loop, flops), "GFLOPS")
		})
	}
}

// runPeak runs a peak loop b.N times and returns its GFLOPS.
func runPeak(b *testing.B, loop func(int), flops int) float64 {
	const iters = 1000
	for b.Loop() {
		loop(iters)
	}
	return float64(b.N) * iters * float64(flops) / b.Elapsed().Seconds() / 1e9
}

var (
	peakOnce sync.Once
	peaks    map[string]float64 // GFLOPS per path, measured once per process
	bestPeak float64
)

// peakGFLOPS returns the FMA peak of path measured in this process, or,
// for a path without a peak loop of its own (naive, generic), the best
// peak of the SIMD paths; 0 when there is none (other architectures,
// purego).
func peakGFLOPS(path string) float64 {
	peakOnce.Do(func() {
		peaks = map[string]float64{}
		for _, p := range peakPaths {
			loop, flops, ok := kernels.PeakLoop(p)
			if !ok {
				continue
			}
			// testing.Benchmark cannot run inside a benchmark: time
			// the loop directly, the best of a few 20 ms runs.
			const iters = 1 << 15
			var g float64
			for range 5 {
				n, start := 0, time.Now()
				for time.Since(start) < 20*time.Millisecond {
					loop(iters)
					n++
				}
				g = max(g, float64(n)*iters*float64(flops)/time.Since(start).Seconds()/1e9)
			}
			peaks[p] = g
			bestPeak = max(bestPeak, g)
		}
	})
	if g, ok := peaks[path]; ok {
		return g
	}
	return bestPeak
}

// gemmShape is one benchmarked product: op(A) is m×k, op(B) k×n.
type gemmShape struct {
	m, k, n int
	tA, tB  bool
}

func (s gemmShape) String() string {
	name := fmt.Sprintf("%dx%dx%d", s.m, s.k, s.n)
	if s.tA {
		name += "/tA"
	}
	if s.tB {
		name += "/tB"
	}
	return name
}

// gemmShapes are the MNIST network's products (784-100-200-10, batch 32):
// the three forward layers, the weight gradient Xᵀ·G of the first layer
// and the input gradient G·Wᵀ; then square products.
var gemmShapes = []gemmShape{
	{m: 32, k: 784, n: 100},
	{m: 32, k: 100, n: 200},
	{m: 32, k: 200, n: 10},
	{m: 784, k: 32, n: 100, tA: true},
	{m: 32, k: 100, n: 784, tB: true},
	{m: 256, k: 256, n: 256},
	{m: 1024, k: 1024, n: 1024},
}

// BenchmarkSgemm measures kernels.Sgemm (alpha = 1, beta = 0) per path,
// shape and thread count, as GFLOPS (2·m·n·k per call) and as a share of
// the path's FMA peak. The naive path is skipped with -short.
func BenchmarkSgemm(b *testing.B) {
	saved := kernels.Path()
	defer kernels.SetPath(saved)
	for _, path := range []string{"naive", "generic", "avx2", "avx512"} {
		b.Run(path, func(b *testing.B) {
			if err := kernels.SetPath(path); err != nil {
				b.Skip(err)
			}
			if path == "naive" && testing.Short() {
				b.Skip("the naive path takes seconds per call; skipped with -short")
			}
			peak := peakGFLOPS(path)
			for _, s := range gemmShapes {
				b.Run(s.String(), func(b *testing.B) {
					benchSgemm(b, path, s, peak)
				})
			}
		})
	}
}

func benchSgemm(b *testing.B, path string, s gemmShape, peak float64) {
	r := rand.New(rand.NewPCG(1, 2))
	fill := func(n int) []float32 {
		x := make([]float32, n)
		for i := range x {
			x[i] = 2*r.Float32() - 1
		}
		return x
	}
	lda, ldb, ldc := s.k, s.n, s.n
	if s.tA {
		lda = s.m
	}
	if s.tB {
		ldb = s.k
	}
	a, bb, c := fill(s.m*s.k), fill(s.k*s.n), fill(s.m*s.n)
	for _, th := range []int{1, 2} {
		b.Run(fmt.Sprintf("threads=%d", th), func(b *testing.B) {
			if err := kernels.SetPath(path); err != nil {
				b.Fatal(err)
			}
			defer kernels.SetThreads(kernels.SetThreads(th))
			b.ReportAllocs()
			for b.Loop() {
				kernels.Sgemm(s.tA, s.tB, s.m, s.n, s.k, 1, a, lda, bb, ldb, 0, c, ldc)
			}
			gflops := 2 * float64(s.m) * float64(s.n) * float64(s.k) * float64(b.N) / b.Elapsed().Seconds() / 1e9
			b.ReportMetric(gflops, "GFLOPS")
			if peak > 0 {
				b.ReportMetric(100*gflops/peak, "%peak")
			}
		})
	}
}
