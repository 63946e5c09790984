package gof32_test

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"sync/atomic"
	"testing"

	"github.com/gof32/gof32/kernels"
)

// concurrentSets are the calls each caller of BenchmarkSgemmConcurrent
// makes: the products of an MNIST training step (784-100-200-10, batch
// 32: forward, weight and input gradients), and 256³.
var concurrentSets = []struct {
	name   string
	shapes []gemmShape
}{
	{"mnist", []gemmShape{
		{m: 32, n: 100, k: 784}, {m: 32, n: 200, k: 100}, {m: 32, n: 10, k: 200},
		{tA: true, m: 784, n: 100, k: 32}, {tA: true, m: 100, n: 200, k: 32}, {tA: true, m: 200, n: 10, k: 32},
		{tB: true, m: 32, n: 100, k: 200}, {tB: true, m: 32, n: 200, k: 10},
	}},
	{"256", []gemmShape{{m: 256, n: 256, k: 256}}},
}

// BenchmarkSgemmConcurrent: 8 goroutines (b.RunParallel) make sets of
// calls at once (callers=8), against the same sets made one after another
// by one goroutine (callers=1), on the default number of threads; an op
// is one set of calls, and both report the total GFLOPS. Concurrent callers share the helpers within
// the thread budget (kernels.SetThreads): a call that finds them busy
// runs on its caller.
func BenchmarkSgemmConcurrent(b *testing.B) {
	saved := kernels.Path()
	defer kernels.SetPath(saved)
	const sets = 8
	for _, path := range []string{"generic", "avx2", "avx512", "neon"} {
		b.Run(path, func(b *testing.B) {
			if err := kernels.SetPath(path); err != nil {
				b.Skip(err)
			}
			for _, set := range concurrentSets {
				type operands struct{ a, b []float32 }
				r := rand.New(rand.NewPCG(1, 2))
				ops := make([]operands, len(set.shapes))
				var flops float64
				for i, s := range set.shapes {
					ops[i] = operands{randomFloats(r, s.m*s.k), randomFloats(r, s.k*s.n)}
					flops += 2 * float64(s.m) * float64(s.n) * float64(s.k)
				}
				outs := make([][][]float32, sets)
				for g := range outs {
					outs[g] = make([][]float32, len(set.shapes))
					for i, s := range set.shapes {
						outs[g][i] = make([]float32, s.m*s.n)
					}
				}
				calls := func(g int) {
					for i, s := range set.shapes {
						lda, ldb := s.k, s.n
						if s.tA {
							lda = s.m
						}
						if s.tB {
							ldb = s.k
						}
						kernels.Sgemm(s.tA, s.tB, s.m, s.n, s.k, 1, ops[i].a, lda, ops[i].b, ldb, 0, outs[g][i], s.n)
					}
				}
				for _, callers := range []int{1, sets} {
					b.Run(fmt.Sprintf("%s/callers=%d", set.name, callers), func(b *testing.B) {
						b.ReportAllocs()
						if callers == 1 {
							for b.Loop() {
								calls(0)
							}
						} else {
							// RunParallel's goroutines, at least callers
							// of them, share b.N sets of calls.
							b.SetParallelism((callers + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0))
							var id atomic.Int32
							b.RunParallel(func(pb *testing.PB) {
								g := int(id.Add(1)-1) % sets
								for pb.Next() {
									calls(g)
								}
							})
						}
						b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOPS")
					})
				}
			}
		})
	}
}

func randomFloats(r *rand.Rand, n int) []float32 {
	x := make([]float32, n)
	for i := range x {
		x[i] = 2*r.Float32() - 1
	}
	return x
}
