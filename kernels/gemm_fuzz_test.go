package kernels

import (
	"math/rand/v2"
	"testing"

	"github.com/gof32/gof32/internal/guard"
)

// FuzzSgemm holds Sgemm on every fast path against the reference
// (refSgemm) on shapes, transposes, scalars, padding and thread counts
// chosen by the fuzzer, with the tolerance of gemmChecker.check (two
// dot-product error bounds, 2·γ_{k+2}·Σ|terms|) and the operands against
// guard pages. The seeds, which run in every `go test`, cover the register
// tile edges, the cache blocks and the MNIST shapes; run
//
//	go test -run '^$' -fuzz FuzzSgemm ./kernels
//
// to search further.
func FuzzSgemm(f *testing.F) {
	tiles := []gemmSeed{ // the 8×32 tile of avx512 and its edges
		{m: 1, n: 1, k: 1},
		{m: 8, n: 32, k: 8},
		{m: 9, n: 33, k: 3, pad: 1, alpha: 2, beta: 1},
		{tA: true, m: 7, n: 17, k: 31, beta: 2},
		{tB: true, m: 13, n: 15, k: 16, pad: 2, alpha: 1},
		{tA: true, tB: true, m: 6, n: 16, k: 5, beta: 1},
	}
	fuzzGemm(f, tiles, paths, func(t *testing.T, ops gemmOperands, c gemmCase, side guard.Side) {
		(&gemmChecker{t: t, gemmOperands: ops}).check(c, side)
	})
}

// gemmSeed is a seed of a GEMM fuzz target.
type gemmSeed struct {
	tA, tB      bool
	m, n, k     uint16
	pad         uint8
	alpha, beta uint8
	specials    bool
	threads     uint8
}

// fuzzGemm is the fuzz target of a GEMM: the seeds (tiles: register tiles
// and their edges, then the MNIST shapes and cache blocks), then for each
// input a case bounded to run in milliseconds, checked by check on every
// route but naive, the reference, with the fuzzer's thread count.
func fuzzGemm(f *testing.F, tiles []gemmSeed, routes []*impl, check func(t *testing.T, ops gemmOperands, c gemmCase, side guard.Side)) {
	for i, s := range append(tiles,
		gemmSeed{m: 32, n: 100, k: 784, threads: 2},
		gemmSeed{m: 32, n: 10, k: 200},
		gemmSeed{tA: true, m: 784, n: 100, k: 32, threads: 2},
		gemmSeed{tB: true, m: 32, n: 784, k: 100, beta: 1},
		gemmSeed{m: 70, n: 65, k: 300, pad: 3, specials: true, threads: 2},
		gemmSeed{tA: true, tB: true, m: 260, n: 41, k: 257, alpha: 2, beta: 2, threads: 2},
	) {
		f.Add(s.tA, s.tB, s.m, s.n, s.k, s.pad, s.alpha, s.beta, s.specials, s.threads, uint64(i))
	}
	f.Fuzz(func(t *testing.T, tA, tB bool, m, n, k uint16, pad, alpha, beta uint8, specials bool, threads uint8, seed uint64) {
		// Bound the sizes so that one input runs in milliseconds; 800
		// still crosses the cache blocks of every path.
		c := gemmCase{
			tA: tA, tB: tB,
			m: int(m % 801), n: int(n % 801), k: int(k % 801),
			pad:   int(pad % 9),
			alpha: alphas[alpha%3], beta: betas[beta%3],
		}
		if c.m*c.n*c.k > 4e6 {
			c.k = 4e6 / max(1, c.m*c.n)
		}
		ar, ac, lda, br, bc, ldb, ldc := c.dims()
		ops := gemmOperands{
			r: rand.New(rand.NewPCG(seed, 1)), specials: specials,
			a: guard.NewArena(t, max(1, size(ar, ac, lda))),
			b: guard.NewArena(t, max(1, size(br, bc, ldb))),
			c: guard.NewArena(t, max(1, size(c.m, c.n, ldc))),
		}
		saved, savedThreads := current.Load(), SetThreads(1+int(threads%2))
		defer func() {
			current.Store(saved)
			SetThreads(savedThreads)
		}()
		for _, p := range routes {
			if p.name == "naive" {
				continue
			}
			current.Store(p)
			check(t, ops, c, guard.Sides[int(seed%2)])
		}
	})
}
