package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gof32/gof32/internal/guard"
)

// gemmCase is one Sgemm call's shape and scalars; pad is added to every
// leading dimension beyond its minimum.
type gemmCase struct {
	tA, tB      bool
	m, n, k     int
	pad         int
	alpha, beta float32
}

func (c gemmCase) String() string {
	return fmt.Sprintf("tA=%v,tB=%v,m=%d,n=%d,k=%d,pad=%d,alpha=%v,beta=%v", c.tA, c.tB, c.m, c.n, c.k, c.pad, c.alpha, c.beta)
}

// dims returns the stored shape and leading dimension of A, B and C.
func (c gemmCase) dims() (ar, ac, lda, br, bc, ldb, ldc int) {
	ar, ac = c.m, c.k
	if c.tA {
		ar, ac = c.k, c.m
	}
	br, bc = c.k, c.n
	if c.tB {
		br, bc = c.n, c.k
	}
	return ar, ac, max(1, ac) + c.pad, br, bc, max(1, bc) + c.pad, max(1, c.n) + c.pad
}

func size(rows, cols, ld int) int {
	if rows == 0 || cols == 0 {
		return 0
	}
	return (rows-1)*ld + cols
}

var (
	alphas = []float32{1, 0, -0.5}
	betas  = []float32{0, 1, 2}
)

// gemmChecker runs cases on the current path and compares with the
// reference, reusing guarded arenas.
type gemmChecker struct {
	t        *testing.T
	r        *rand.Rand
	a, b, c  *guard.Arena
	specials bool
}

func newGemmChecker(t *testing.T, maxDim int) *gemmChecker {
	n := maxDim * (maxDim + 8)
	return &gemmChecker{t: t, r: newRand(t), a: guard.NewArena(t, n), b: guard.NewArena(t, n), c: guard.NewArena(t, n)}
}

func (g *gemmChecker) check(c gemmCase, side guard.Side) {
	t := g.t
	ar, ac, lda, br, bc, ldb, ldc := c.dims()
	a := g.a.Slice(size(ar, ac, lda), side)
	b := g.b.Slice(size(br, bc, ldb), side)
	cc := g.c.Slice(size(c.m, c.n, ldc), side)
	fillUniform(g.r, a)
	fillUniform(g.r, b)
	fillUniform(g.r, cc)
	if g.specials {
		sprinkle(g.r, a, sumSpecials)
		sprinkle(g.r, b, sumSpecials)
	}
	if c.beta == 0 {
		// beta = 0 must ignore C entirely, NaN included.
		for i := range cc {
			if i%3 == 0 {
				cc[i] = float32(math.NaN())
			}
		}
	}
	want := append([]float32(nil), cc...)
	c0 := append([]float32(nil), cc...)
	if c.m > 0 && c.n > 0 {
		if c.k == 0 || c.alpha == 0 {
			scaleMatrix(c.m, c.n, c.beta, want, ldc)
		} else {
			refSgemm(c.tA, c.tB, c.m, c.n, c.k, c.alpha, a, lda, b, ldb, c.beta, want, ldc)
		}
	}
	Sgemm(c.tA, c.tB, c.m, c.n, c.k, c.alpha, a, lda, b, ldb, c.beta, cc, ldc)
	for i := 0; i < c.m; i++ {
		for j := 0; j < c.n; j++ {
			// Each result is one dot product of length k plus beta·C:
			// two summation orders differ by at most 2·γ_{k+1} times the
			// sum of the magnitudes of the terms.
			var mag float64
			for p := 0; p < c.k; p++ {
				var av, bv float32
				if c.tA {
					av = a[p*lda+i]
				} else {
					av = a[i*lda+p]
				}
				if c.tB {
					bv = b[j*ldb+p]
				} else {
					bv = b[p*ldb+j]
				}
				mag += math.Abs(float64(av) * float64(bv))
			}
			if c.alpha == 0 {
				mag = 0 // A and B are not read
			}
			mag *= math.Abs(float64(c.alpha))
			if c.beta != 0 {
				mag += math.Abs(float64(c.beta) * float64(c0[i*ldc+j]))
			}
			tol := 2*gamma(c.k+2)*mag + 1e-37
			got, w := cc[i*ldc+j], want[i*ldc+j]
			if !near(got, w, tol) {
				t.Fatalf("%v %s: C[%d,%d] = %v, want %v (tolerance %g)", c, side, i, j, got, w, tol)
			}
		}
		// The padding between rows must be untouched.
		for j := c.n; c.n > 0 && j < ldc && i < c.m-1; j++ {
			if ulpDiff(cc[i*ldc+j], c0[i*ldc+j]) != 0 {
				t.Fatalf("%v %s: padding C[%d,%d] changed from %v to %v", c, side, i, j, c0[i*ldc+j], cc[i*ldc+j])
			}
		}
	}
}

// TestSgemmSmall runs every m, n, k in 0..maxSmall (a sparser grid with
// -short), cycling the transpose cases, alpha, beta and padding of the
// leading dimensions, against the guard on alternating sides.
func TestSgemmSmall(t *testing.T) {
	maxSmall, step := 40, 1
	if testing.Short() {
		step = 3
	}
	forEachFastPath(t, func(t *testing.T) {
		g := newGemmChecker(t, maxSmall+1)
		i := 0
		for m := 0; m <= maxSmall; m += step {
			for n := 0; n <= maxSmall; n += step {
				for k := 0; k <= maxSmall; k += step {
					c := gemmCase{
						tA: i&1 != 0, tB: i&2 != 0, m: m, n: n, k: k,
						pad:   (i / 4) % 3 * 3,
						alpha: alphas[i%3], beta: betas[(i/3)%3],
					}
					g.check(c, guard.Sides[i/12%2])
					i++
				}
			}
		}
	})
}

// TestSgemmLarge runs random shapes up to 300 in every transpose case,
// with and without NaN/Inf/denormal inputs.
func TestSgemmLarge(t *testing.T) {
	count := 40
	if testing.Short() {
		count = 8
	}
	forEachFastPath(t, func(t *testing.T) {
		g := newGemmChecker(t, 301)
		for i := range count {
			g.specials = i%4 == 3
			c := gemmCase{
				tA: i&1 != 0, tB: i&2 != 0,
				m: 1 + g.r.IntN(300), n: 1 + g.r.IntN(300), k: 1 + g.r.IntN(300),
				pad:   g.r.IntN(3) * 5,
				alpha: alphas[i%3], beta: betas[(i/3)%3],
			}
			g.check(c, guard.Sides[i%2])
		}
	})
}

// TestSgemmShapes runs the shapes of the MNIST network, forward and
// backward, and shapes that cross the cache blocks, with one and two
// threads.
func TestSgemmShapes(t *testing.T) {
	shapes := []gemmCase{
		{m: 32, k: 784, n: 100}, {m: 32, k: 100, n: 200}, {m: 32, k: 200, n: 10},
		{tA: true, m: 784, k: 32, n: 100}, {tB: true, m: 32, k: 100, n: 784},
		{m: 300, k: 600, n: 257}, {tA: true, tB: true, m: 129, k: 1030, n: 70},
	}
	forEachFastPath(t, func(t *testing.T) {
		g := newGemmChecker(t, 1100)
		for _, th := range []int{1, 2} {
			saved := SetThreads(th)
			for i, c := range shapes {
				c.alpha, c.beta = alphas[i%3], betas[i%3]
				g.check(c, guard.Sides[i%2])
			}
			SetThreads(saved)
		}
	})
}

func TestSgemmArgs(t *testing.T) {
	a := make([]float32, 12)
	for _, tc := range []struct {
		want string
		f    func()
	}{
		{"A is 3×4 with leading dimension 4 and needs 12 elements, has 11", func() {
			Sgemm(false, false, 3, 2, 4, 1, a[:11], 4, a, 2, 0, a, 2)
		}},
		{"leading dimension of B is 1, less than its 2 columns", func() {
			Sgemm(false, false, 3, 2, 4, 1, a, 4, a, 1, 0, a, 2)
		}},
		{"negative size", func() { Sgemm(false, false, -1, 2, 4, 1, a, 4, a, 2, 0, a, 2) }},
		{"C is 3×2", func() { Sgemm(true, false, 3, 2, 4, 1, a, 3, a, 2, 0, a[:4], 2) }},
	} {
		if msg := catchPanic(tc.f); !contains(msg, tc.want) {
			t.Errorf("panic %q, want it to contain %q", msg, tc.want)
		}
	}
}
