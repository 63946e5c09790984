package gof32_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/gof32/gof32/kernels"
)

// bf16Shape is one benchmarked product: op(A) is m×k, op(B) k×n.
type bf16Shape struct {
	m, k, n int
	tA, tB  bool
}

func (s bf16Shape) String() string {
	name := fmt.Sprintf("%dx%dx%d", s.m, s.k, s.n)
	if s.tA {
		name += "/tA"
	}
	if s.tB {
		name += "/tB"
	}
	return name
}

// bf16Shapes are those of BenchmarkSgemm: the MNIST network's products
// (784-100-200-10, batch 32: the three forward layers, the weight gradient
// Xᵀ·G of the first layer, the input gradient G·Wᵀ), then square ones.
var bf16Shapes = []bf16Shape{
	{m: 32, k: 784, n: 100},
	{m: 32, k: 100, n: 200},
	{m: 32, k: 200, n: 10},
	{m: 784, k: 32, n: 100, tA: true},
	{m: 32, k: 100, n: 784, tB: true},
	{m: 256, k: 256, n: 256},
	{m: 1024, k: 1024, n: 1024},
}

// BenchmarkSgemmBF16 measures kernels.SgemmBF16 (alpha = 1, beta = 0) per
// bf16 path (kernels.BF16Paths, pinned with SetBF16Path), shape and thread
// count, as GFLOPS (2·m·n·k per call, the products of the rounded
// operands counting as if they were the float32 ones) and as a share of
// the path's peak (kernels.BF16PeakLoop: VDPBF16PS for avx512bf16, the FMA
// loop for the float32 paths). The naive path is skipped with -short.
// Compare with BenchmarkSgemm run in the same process, e.g.
//
//	go test -run '^$' -bench 'SgemmBF16|Sgemm/avx512/1024' -count 5 .
func BenchmarkSgemmBF16(b *testing.B) {
	defer kernels.SetBF16Path("")
	for _, path := range kernels.BF16Paths() {
		b.Run(path, func(b *testing.B) {
			if path == "naive" && testing.Short() {
				b.Skip("the naive path takes seconds per call; skipped with -short")
			}
			peak := bf16Peak(path)
			for _, s := range bf16Shapes {
				b.Run(s.String(), func(b *testing.B) {
					benchSgemmBF16(b, path, s, peak)
				})
			}
		})
	}
}

func benchSgemmBF16(b *testing.B, path string, s bf16Shape, peak float64) {
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
			if err := kernels.SetBF16Path(path); err != nil {
				b.Fatal(err)
			}
			defer kernels.SetThreads(kernels.SetThreads(th))
			b.ReportAllocs()
			for b.Loop() {
				kernels.SgemmBF16(s.tA, s.tB, s.m, s.n, s.k, 1, a, lda, bb, ldb, 0, c, ldc)
			}
			gflops := 2 * float64(s.m) * float64(s.n) * float64(s.k) * float64(b.N) / b.Elapsed().Seconds() / 1e9
			b.ReportMetric(gflops, "GFLOPS")
			if peak > 0 {
				b.ReportMetric(100*gflops/peak, "%peak")
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
