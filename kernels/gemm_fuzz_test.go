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
	type seed struct {
		tA, tB      bool
		m, n, k     uint16
		pad         uint8
		alpha, beta uint8
		specials    bool
		threads     uint8
		seed        uint64
	}
	for i, s := range []seed{
		{m: 1, n: 1, k: 1},
		{m: 8, n: 32, k: 8},
		{m: 9, n: 33, k: 3, pad: 1, alpha: 2, beta: 1},
		{tA: true, m: 7, n: 17, k: 31, beta: 2},
		{tB: true, m: 13, n: 15, k: 16, pad: 2, alpha: 1},
		{tA: true, tB: true, m: 6, n: 16, k: 5, beta: 1},
		{m: 32, n: 100, k: 784, threads: 2},
		{m: 32, n: 10, k: 200},
		{tA: true, m: 784, n: 100, k: 32, threads: 2},
		{tB: true, m: 32, n: 784, k: 100, beta: 1},
		{m: 70, n: 65, k: 300, pad: 3, specials: true, threads: 2},
		{tA: true, tB: true, m: 260, n: 41, k: 257, alpha: 2, beta: 2, threads: 2},
	} {
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
		g := &gemmChecker{
			t: t, r: rand.New(rand.NewPCG(seed, 1)), specials: specials,
			a: guard.NewArena(t, max(1, size(ar, ac, lda))),
			b: guard.NewArena(t, max(1, size(br, bc, ldb))),
			c: guard.NewArena(t, max(1, size(c.m, c.n, ldc))),
		}
		saved, savedThreads := Path(), SetThreads(1+int(threads%2))
		defer func() {
			SetPath(saved)
			SetThreads(savedThreads)
		}()
		for _, name := range Paths() {
			if name == "naive" {
				continue
			}
			if err := SetPath(name); err != nil {
				t.Fatal(err)
			}
			g.check(c, guard.Sides[int(seed%2)])
		}
	})
}
