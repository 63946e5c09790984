package kernels

import (
	"math"
	"slices"
	"testing"

	"github.com/gof32/gof32/internal/guard"
)

// TestPrefetch: Prefetch reads nothing it may not and changes nothing,
// for every length around a cache line (16 floats) and slices against a
// guard page on either side, starting at every offset within a line.
func TestPrefetch(t *testing.T) {
	Prefetch(nil)
	for n := 0; n <= 70; n++ {
		for _, side := range guard.Sides {
			x := guard.Floats(t, n, side)
			for i := range x {
				x[i] = float32(i) - 0.5
			}
			if n > 0 {
				x[0] = float32(math.NaN())
			}
			want := slices.Clone(x)
			for off := 0; off < min(n, 17); off++ {
				Prefetch(x[off:])
				Prefetch(x[:n-off])
			}
			for i := range x {
				if math.Float32bits(x[i]) != math.Float32bits(want[i]) {
					t.Fatalf("n=%d %v: Prefetch changed x[%d] from %v to %v", n, side, i, want[i], x[i])
				}
			}
		}
	}
}

// TestPrefetcher: the queue's line count, the products that drain it
// (every path, a plain product, one with an epilogue, the edge and
// transposed routes of the MNIST shapes) leave their results bit for bit
// those without it, hint at most maxTileLines between tiles and empty the
// queue over the work Spread gives; a product split among threads leaves
// it; Flush empties it; none of it allocates once warm. Spans sit against
// guard pages, so a hint past them would fault if it were a load.
func TestPrefetcher(t *testing.T) {
	var p Prefetcher
	p.Add(nil)
	p.Add(make([]float32, 17))
	p.Add(make([]float32, 16))
	if got := p.Pending(); got != 3 {
		t.Fatalf("Pending after spans of 17 and 16 floats = %d, want 3 lines", got)
	}
	p.Flush()
	if got := p.Pending(); got != 0 {
		t.Fatalf("Pending after Flush = %d", got)
	}

	type shape struct {
		m, n, k int
		tA, tB  bool
		beta    float32
		ep      Epilogue
	}
	shapes := []shape{
		{m: 32, n: 100, k: 784},                         // forward, edge columns
		{m: 784, n: 100, k: 32, tA: true, beta: 1},      // weight update, edge
		{m: 32, n: 100, k: 200, tB: true},               // input gradient, transposed
		{m: 20, n: 40, k: 30, ep: Epilogue{Relu: true}}, // small, with an epilogue
		{m: 64, n: 64, k: 64, tA: true, tB: true, beta: 0.5},
	}
	forEachPath(t, func(t *testing.T) {
		defer SetThreads(SetThreads(1))
		r := newRand(t)
		for _, s := range shapes {
			a := make([]float32, s.m*s.k)
			b := make([]float32, s.k*s.n)
			c0 := make([]float32, s.m*s.n)
			bias := make([]float32, s.n)
			fillUniform(r, a)
			fillUniform(r, b)
			fillUniform(r, c0)
			fillUniform(r, bias)
			lda, ldb := s.k, s.n
			if s.tA {
				lda = s.m
			}
			if s.tB {
				ldb = s.k
			}
			ep := s.ep
			if ep.Relu {
				ep.Bias = bias
			}
			want := slices.Clone(c0)
			SgemmEpilogue(s.tA, s.tB, s.m, s.n, s.k, 0.75, a, lda, b, ldb, s.beta, want, s.n, &ep)

			spans := make([][]float32, 0, 6)
			for _, side := range guard.Sides {
				for _, n := range []int{1, 49*16 + 3} {
					spans = append(spans, guard.Floats(t, n, side))
				}
			}
			lines := 0
			for _, x := range spans {
				p.Add(x)
				lines += (len(x) + 15) / 16
			}
			if p.Pending() != lines {
				t.Fatalf("Pending = %d, want %d", p.Pending(), lines)
			}
			flops := 2 * float64(s.m) * float64(s.n) * float64(s.k)
			p.Spread(flops)
			got := slices.Clone(c0)
			ep.Prefetch = &p
			SgemmEpilogue(s.tA, s.tB, s.m, s.n, s.k, 0.75, a, lda, b, ldb, s.beta, got, s.n, &ep)
			for i := range want {
				if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
					t.Fatalf("%v %+v: C[%d] = %v with a Prefetcher, %v without", Path(), s, i, got[i], want[i])
				}
			}
			// The products that drain it are the tiled ones; the naive
			// path's reference leaves the queue as it was.
			left := p.Pending()
			switch {
			case Path() == "naive" && left != lines:
				t.Errorf("%+v: the naive path hinted %d lines", s, lines-left)
			case Path() != "naive" && lines-left < min(lines-1, maxTileLines):
				t.Errorf("%+v: %d of %d lines hinted", s, lines-left, lines)
			case Path() != "naive" && flops > 1e6 && left > 1:
				// Tiles enough for all at maxTileLines each.
				t.Errorf("%+v: %d of %d lines left after the work they were spread over", s, left, lines)
			}
			p.Flush()
		}
	})

	t.Run("cap", func(t *testing.T) {
		p.Add(make([]float32, 100*16))
		p.Spread(1)
		p.drain(1 << 30)
		if got := 100 - p.Pending(); got != maxTileLines {
			t.Errorf("one tile hinted %d lines, want the cap %d", got, maxTileLines)
		}
		p.Flush()
	})

	t.Run("split", func(t *testing.T) {
		defer SetThreads(SetThreads(2))
		if Threads() < 2 || Path() == "naive" {
			t.Skip("needs two threads and a tiled path")
		}
		n := 512
		a, b, c := make([]float32, n*n), make([]float32, n*n), make([]float32, n*n)
		p.Add(make([]float32, 64*16))
		p.Spread(1)
		SgemmEpilogue(false, false, n, n, n, 1, a, n, b, n, 0, c, n, &Epilogue{Prefetch: &p})
		if got := p.Pending(); got != 64 {
			t.Errorf("a split product hinted %d lines of the caller's queue", 64-got)
		}
		p.Flush()
	})

	t.Run("allocs", func(t *testing.T) {
		defer SetThreads(SetThreads(1))
		x := make([]float32, 32*784)
		a, b, c := make([]float32, 32*784), make([]float32, 784*100), make([]float32, 32*100)
		ep := Epilogue{Prefetch: &p}
		step := func() {
			for i := range 32 {
				p.Add(x[i*784 : (i+1)*784])
			}
			p.Spread(2 * 32 * 784 * 100)
			SgemmEpilogue(false, false, 32, 100, 784, 1, a, 784, b, 100, 0, c, 100, &ep)
			p.Flush()
		}
		step()
		if n := testing.AllocsPerRun(20, step); n != 0 {
			t.Errorf("a step queuing 32 rows allocates %v times", n)
		}
	})
}
