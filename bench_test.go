package gof32_test

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/gof32/gof32/internal/peak"
	"github.com/gof32/gof32/kernels"
)

// benchPaths are the kernel paths every benchmark is named after (a
// contract: runs on different machines compare by name); a path this CPU
// or build lacks is skipped with the reason.
var benchPaths = []string{"naive", "generic", "avx2", "avx512", "neon"}

// bf16Path names, beside the float32 paths, the bf16 GEMM on AVX512-BF16
// hardware: kernels.SgemmBF16 on the avx512 path where it runs on
// VDPBF16PS (BenchmarkSgemm), and VDPBF16PS's peak (BenchmarkPeak).
const bf16Path = "avx512bf16"

// peakPaths are the paths with a peak loop of their own (internal/peak):
// the FMA loops and VDPBF16PS.
var peakPaths = []string{"avx2", "avx512", bf16Path, "neon"}

// peakLoop returns a path's peak loop and the flops of one iteration.
func peakLoop(path string) (func(int), int, bool) {
	l, ok := peak.Get(path)
	return l.Run, l.Flops, ok
}

// BenchmarkPeak measures each SIMD path's floating-point peak on one core:
// a loop of independent fused multiply-adds (asm.FMAPeakAVX2,
// asm.FMAPeakAVX512, the NEON FMLA loop) or bf16 dot products
// (VDPBF16PS). The GEMM benchmarks report their speed as a share of it.
func BenchmarkPeak(b *testing.B) {
	forPeakPaths(b, func(b *testing.B, loop func(int), flops int) {
		b.ReportMetric(runPeak(b, loop, flops), "GFLOPS")
	})
}

// forPeakPaths runs f as a sub-benchmark per path of peakPaths, with the
// path's peak loop, skipping a path this CPU or build lacks.
func forPeakPaths(b *testing.B, f func(b *testing.B, loop func(int), flops int)) {
	for _, path := range peakPaths {
		b.Run(path, func(b *testing.B) {
			loop, flops, ok := peakLoop(path)
			if !ok {
				b.Skipf("path %s is not available on this CPU and build", path)
			}
			f(b, loop, flops)
		})
	}
}

// BenchmarkPeakCores/<path>/threads=<T> runs a path's peak loop on T
// goroutines at once, each locked to its OS thread, and reports their
// total (GFLOPS) and its share per thread (GFLOPS/core). On a CPU whose
// clock drops when more cores are busy, or two vCPUs that share a physical
// core, the per-core figure falls below BenchmarkPeak's one-core peak; a
// split kernel's scaling is bounded by T·(GFLOPS/core)/peak, reported by
// BenchmarkSgemm as %peak-cores.
func BenchmarkPeakCores(b *testing.B) {
	forPeakPaths(b, func(b *testing.B, loop func(int), flops int) {
		for _, th := range []int{1, 2} {
			b.Run(fmt.Sprintf("threads=%d", th), func(b *testing.B) {
				const iters = 1 << 18 // about a millisecond: goroutine start-up is lost in it
				for b.Loop() {
					runOnThreads(th, func() { loop(iters) })
				}
				g := float64(th) * float64(b.N) * iters * float64(flops) / b.Elapsed().Seconds() / 1e9
				b.ReportMetric(g, "GFLOPS")
				b.ReportMetric(g/float64(th), "GFLOPS/core")
			})
		}
	})
}

// runOnThreads runs f on th goroutines at once, each locked to an OS
// thread of its own, and returns when all have.
func runOnThreads(th int, f func()) {
	if th == 1 {
		f()
		return
	}
	var wg sync.WaitGroup
	for range th {
		wg.Go(func() {
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			f()
		})
	}
	wg.Wait()
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
	bestPeak float64            // the best float32 peak
)

// timePeak returns the GFLOPS of a peak loop, the best of a few 20 ms
// runs, timed directly: testing.Benchmark cannot run inside a benchmark.
func timePeak(loop func(int), flops int) float64 {
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
	return g
}

// peakGFLOPS returns the peak of path measured in this process, or, for a
// path without a peak loop of its own (naive, generic), the best float32
// peak of the SIMD paths; 0 when there is none (purego).
func peakGFLOPS(path string) float64 {
	peakOnce.Do(func() {
		peaks = map[string]float64{}
		for _, p := range peakPaths {
			loop, flops, ok := peakLoop(p)
			if !ok {
				continue
			}
			g := timePeak(loop, flops)
			peaks[p] = g
			if p != bf16Path {
				bestPeak = max(bestPeak, g)
			}
		}
	})
	if g, ok := peaks[path]; ok {
		return g
	}
	return bestPeak
}

var (
	shareMu sync.Mutex
	shares  = map[string]float64{} // per path, measured once per process
)

// coreShare returns what each of th threads gets of path's one-core peak
// when all th run its peak loop at once (BenchmarkPeakCores), measured
// once per process; 1 for a path without a peak loop or for one thread.
// A split kernel's %peak-cores is its speed over th·coreShare·peak: the
// share of what the busy cores can do, clock drops included.
func coreShare(path string, th int) float64 {
	loop, flops, ok := peakLoop(path)
	if !ok || th == 1 {
		return 1
	}
	shareMu.Lock()
	defer shareMu.Unlock()
	key := fmt.Sprintf("%s/%d", path, th)
	if g, ok := shares[key]; ok {
		return g
	}
	one := timePeak(loop, flops)
	var mu sync.Mutex
	var all float64
	runOnThreads(th, func() {
		g := timePeak(loop, flops)
		mu.Lock()
		all += g
		mu.Unlock()
	})
	shares[key] = all / float64(th) / one
	return shares[key]
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
// the path's peak; and, as the path avx512bf16, kernels.SgemmBF16 on the
// avx512 path where it runs on VDPBF16PS (operands rounded to bf16,
// float32 sums), against the VDPBF16PS peak. The naive path is skipped
// with -short.
func BenchmarkSgemm(b *testing.B) {
	saved := kernels.Path()
	defer kernels.SetPath(saved)
	for _, path := range append(benchPaths, bf16Path) {
		b.Run(path, func(b *testing.B) {
			gemm, set := kernels.Sgemm, func() error { return kernels.SetPath(path) }
			if path == bf16Path {
				if _, ok := peak.Get(bf16Path); !ok {
					b.Skip("the CPU lacks AVX512_BF16: SgemmBF16 has no VDPBF16PS route")
				}
				gemm, set = kernels.SgemmBF16, func() error { return kernels.SetPath("avx512") }
			}
			benchGemmPath(b, path, gemm, set, peakGFLOPS)
		})
	}
}

// benchGemmPath runs gemm on every shape of gemmShapes after set selects
// its path (skipping a path this CPU lacks, and naive with -short), and
// reports the share of peak(path).
func benchGemmPath(b *testing.B, path string, gemm gemmFunc, set func() error, peak func(path string) float64) {
	if err := set(); err != nil {
		b.Skip(err)
	}
	if path == "naive" && testing.Short() {
		b.Skip("the naive path takes seconds per call; skipped with -short")
	}
	pg := peak(path)
	for _, s := range gemmShapes {
		b.Run(s.String(), func(b *testing.B) {
			benchGemm(b, path, gemm, set, s, pg)
		})
	}
}

// gemmFunc is kernels.Sgemm or kernels.SgemmBF16.
type gemmFunc func(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int)

// benchGemm runs gemm on shape s with 1 and 2 threads, after set selects
// the path, and reports GFLOPS, the share of peak (one core's) and, on 2
// threads, of what 2 busy cores can do (%peak-cores, see coreShare).
func benchGemm(b *testing.B, path string, gemm gemmFunc, set func() error, s gemmShape, peak float64) {
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
			if err := set(); err != nil {
				b.Fatal(err)
			}
			defer kernels.SetThreads(kernels.SetThreads(th))
			b.ReportAllocs()
			for b.Loop() {
				gemm(s.tA, s.tB, s.m, s.n, s.k, 1, a, lda, bb, ldb, 0, c, ldc)
			}
			gflops := 2 * float64(s.m) * float64(s.n) * float64(s.k) * float64(b.N) / b.Elapsed().Seconds() / 1e9
			b.ReportMetric(gflops, "GFLOPS")
			if peak > 0 {
				b.ReportMetric(100*gflops/peak, "%peak")
				if th > 1 {
					b.ReportMetric(100*gflops/peak/float64(th)/coreShare(path, th), "%peak-cores")
				}
			}
		})
	}
}
