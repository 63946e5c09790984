package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
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

// gemmFunc is Sgemm or SgemmBF16.
type gemmFunc func(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int)

// gridCase is case i of a grid of shapes: the transposes, alpha, beta and
// a padding of 0, pad or 2·pad cycle with i.
func gridCase(i, m, n, k, pad int) gemmCase {
	return gemmCase{
		tA: i&1 != 0, tB: i&2 != 0, m: m, n: n, k: k,
		pad:   (i / 4) % 3 * pad,
		alpha: alphas[i%3], beta: betas[(i/3)%3],
	}
}

// randomCase is case i of random shapes up to maxDim, with a padding of 0,
// 5 or 10.
func randomCase(r *rand.Rand, i, maxDim int) gemmCase {
	return gemmCase{
		tA: i&1 != 0, tB: i&2 != 0,
		m: 1 + r.IntN(maxDim), n: 1 + r.IntN(maxDim), k: 1 + r.IntN(maxDim),
		pad:   r.IntN(3) * 5,
		alpha: alphas[i%3], beta: betas[(i/3)%3],
	}
}

// testGemmArgs checks the messages of gemm (Sgemm or SgemmBF16, named fn)
// for bad arguments.
func testGemmArgs(t *testing.T, fn string, gemm gemmFunc) {
	a := make([]float32, 12)
	for _, tc := range []struct {
		want string
		f    func()
	}{
		{"A is 3×4 with leading dimension 4 and needs 12 elements, has 11", func() {
			gemm(false, false, 3, 2, 4, 1, a[:11], 4, a, 2, 0, a, 2)
		}},
		{"leading dimension of B is 1, less than its 2 columns", func() {
			gemm(false, false, 3, 2, 4, 1, a, 4, a, 1, 0, a, 2)
		}},
		{"negative size", func() { gemm(false, false, -1, 2, 4, 1, a, 4, a, 2, 0, a, 2) }},
		{"C is 3×2", func() { gemm(true, false, 3, 2, 4, 1, a, 3, a, 2, 0, a[:4], 2) }},
	} {
		if msg := catchPanic(tc.f); !contains(msg, fn+": "+tc.want) {
			t.Errorf("panic %q, want it to contain %q", msg, fn+": "+tc.want)
		}
	}
}

// gemmChecker runs cases on the current path and compares with the
// reference, reusing guarded arenas.
type gemmChecker struct {
	t *testing.T
	gemmOperands
}

// gemmOperands are the guarded arenas of a GEMM test's operands and the
// random source that fills them, with special values when specials.
type gemmOperands struct {
	r        *rand.Rand
	a, b, c  *guard.Arena
	specials bool
}

// newGemmOperands returns arenas for operands of up to maxDim×maxDim with
// padding.
func newGemmOperands(t testing.TB, maxDim int) gemmOperands {
	n := maxDim * (maxDim + 8)
	return gemmOperands{r: newRand(t), a: guard.NewArena(t, n), b: guard.NewArena(t, n), c: guard.NewArena(t, n)}
}

// operands returns c's A, B and C against a guard page on side, filled
// with uniform values and, when g.specials, some of sp in A and B; with
// beta = 0, every third element of C is NaN, which the GEMM must ignore.
func (g *gemmOperands) operands(c gemmCase, side guard.Side, sp []float32) (a, b, cc []float32) {
	ar, ac, lda, br, bc, ldb, ldc := c.dims()
	a = g.a.Slice(size(ar, ac, lda), side)
	b = g.b.Slice(size(br, bc, ldb), side)
	cc = g.c.Slice(size(c.m, c.n, ldc), side)
	fillUniform(g.r, a)
	fillUniform(g.r, b)
	fillUniform(g.r, cc)
	if g.specials {
		sprinkle(g.r, a, sp)
		sprinkle(g.r, b, sp)
	}
	if c.beta == 0 {
		for i := range cc {
			if i%3 == 0 {
				cc[i] = float32(math.NaN())
			}
		}
	}
	return a, b, cc
}

// refResult returns C after refSgemm of case c on a, b and a copy of cc
// (or, for a product of k = 0 or alpha = 0, beta·C).
func refResult(c gemmCase, a, b, cc []float32) []float32 {
	_, _, lda, _, _, ldb, ldc := c.dims()
	want := append([]float32(nil), cc...)
	if c.m > 0 && c.n > 0 {
		if c.k == 0 || c.alpha == 0 {
			scaleMatrix(c.m, c.n, c.beta, want, ldc)
		} else {
			refSgemm(c.tA, c.tB, c.m, c.n, c.k, c.alpha, a, lda, b, ldb, c.beta, want, ldc)
		}
	}
	return want
}

// fillTile fills a microkernel's operands with uniform values, and C with
// NaN when beta is 0 (the kernel must not read it).
func fillTile(r *rand.Rand, beta float32, a, b, c []float32) {
	fillUniform(r, a)
	fillUniform(r, b)
	fillUniform(r, c)
	if beta == 0 {
		for i := range c {
			c[i] = float32(math.NaN())
		}
	}
}

// forEachGemm runs f once per path with a GEMM of its own (not naive).
func forEachGemm(t *testing.T, f func(t *testing.T, cfg *gemmConfig)) {
	for _, p := range paths {
		if p.gemm != nil {
			t.Run(p.name, func(t *testing.T) { f(t, p.gemm) })
		}
	}
}

func newGemmChecker(t *testing.T, maxDim int) *gemmChecker {
	return &gemmChecker{t: t, gemmOperands: newGemmOperands(t, maxDim)}
}

func (g *gemmChecker) check(c gemmCase, side guard.Side) {
	t := g.t
	_, _, lda, _, _, ldb, ldc := c.dims()
	a, b, cc := g.operands(c, side, sumSpecials)
	want := refResult(c, a, b, cc)
	c0 := append([]float32(nil), cc...)
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
				t.Fatalf("%s: %v %s: C[%d,%d] = %v, want %v (tolerance %g)", Path(), c, side, i, j, got, w, tol)
			}
		}
		// The padding between rows must be untouched.
		for j := c.n; c.n > 0 && j < ldc && i < c.m-1; j++ {
			if ulpDiff(cc[i*ldc+j], c0[i*ldc+j]) != 0 {
				t.Fatalf("%s: %v %s: padding C[%d,%d] changed from %v to %v", Path(), c, side, i, j, c0[i*ldc+j], cc[i*ldc+j])
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
					g.check(gridCase(i, m, n, k, 3), guard.Sides[i/12%2])
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
			g.check(randomCase(g.r, i, 300), guard.Sides[i%2])
		}
	})
}

// TestSgemmShapes runs the shapes of the MNIST network, forward and
// backward, shapes that cross the cache blocks, and shapes split along k
// (small C, long k: splitKWins), with one, two and three threads.
func TestSgemmShapes(t *testing.T) {
	shapes := []gemmCase{
		{m: 32, k: 784, n: 100}, {m: 32, k: 100, n: 200}, {m: 32, k: 200, n: 10},
		{tA: true, m: 784, k: 32, n: 100}, {tB: true, m: 32, k: 100, n: 784},
		{m: 300, k: 600, n: 257}, {tA: true, tB: true, m: 129, k: 1030, n: 70},
		{m: 8, k: 4096, n: 8}, {tA: true, m: 5, k: 3001, n: 37}, {tB: true, m: 17, k: 2000, n: 23},
		{tA: true, tB: true, m: 9, k: 2500, n: 40},
	}
	forEachFastPath(t, func(t *testing.T) {
		g := newGemmChecker(t, 1100)
		for _, th := range []int{1, 2, 3} {
			saved := SetThreads(th)
			for i, c := range shapes {
				c.alpha, c.beta = alphas[i%3], betas[i%3]
				g.check(c, guard.Sides[i%2])
			}
			SetThreads(saved)
		}
	})
}

func TestSgemmArgs(t *testing.T) { testGemmArgs(t, "Sgemm", Sgemm) }

// TestSgemmKernel holds every path's microkernel to its contract directly,
// outside the driver: every tile size up to the register tile, k steps
// around the unrolling, A packed (sa = mr), transposed in place
// (sa = lda) and, for a strided kernel, row-major in place (si = lda), B
// packed and in place, each operand in a window that ends or starts at a
// guard page and is exactly as long as the elements the tile names.
func TestSgemmKernel(t *testing.T) {
	forEachGemm(t, func(t *testing.T, cfg *gemmConfig) {
		r := newRand(t)
		maxK := 19
		ga := guard.NewArena(t, (maxK+cfg.mr+4)*(maxK+cfg.mr+4))
		gb := guard.NewArena(t, (maxK+1)*(cfg.nr+8))
		gc := guard.NewArena(t, (cfg.mr+1)*(cfg.nr+8))
		type layout struct {
			name   string
			sa, si int
		}
		n := 0
		for mr := 1; mr <= cfg.mr; mr++ {
			for nr := 1; nr <= cfg.nr; nr++ {
				for _, k := range []int{0, 1, 2, 5, maxK} {
					layouts := []layout{{"packed", cfg.mr, 1}, {"transposed", mr + 3, 1}}
					if cfg.strided != nil {
						layouts = append(layouts, layout{"row-major", 1, k + 2})
					}
					for _, l := range layouts {
						n++
						side := guard.Sides[n%2]
						sb := []int{cfg.nr, nr + 5}[n/2%2]
						ldc := []int{nr, nr + 3}[n/3%2]
						alpha, beta := alphas[n%3], betas[n/3%3]
						if alpha == 0 {
							alpha = 1.5 // alpha = 0 never reaches a kernel
						}
						var a, b []float32
						if k > 0 {
							a = ga.Slice((k-1)*l.sa+(mr-1)*l.si+1, side)
							b = gb.Slice((k-1)*sb+nr, side)
						} else {
							a, b = ga.Slice(0, side), gb.Slice(0, side)
						}
						c := gc.Slice((mr-1)*ldc+nr, side)
						fillTile(r, beta, a, b, c)
						c0 := append([]float32(nil), c...)
						if cfg.strided != nil {
							cfg.strided(k, a, l.sa, l.si, b, sb, c, ldc, mr, nr, alpha, beta, nil)
						} else {
							cfg.kernel(k, a, l.sa, b, sb, c, ldc, mr, nr, alpha, beta)
						}
						for i := 0; i < mr; i++ {
							for j := 0; j < ldc && i*ldc+j < len(c); j++ {
								got := c[i*ldc+j]
								if j >= nr {
									if ulpDiff(got, c0[i*ldc+j]) != 0 {
										t.Fatalf("%s mr=%d nr=%d k=%d sb=%d ldc=%d %s: C[%d,%d] outside the tile changed", l.name, mr, nr, k, sb, ldc, side, i, j)
									}
									continue
								}
								// One dot product of length k plus beta·C,
								// as in gemmChecker.check.
								var s, mag float64
								for p := 0; p < k; p++ {
									ab := float64(a[p*l.sa+i*l.si]) * float64(b[p*sb+j])
									s += ab
									mag += math.Abs(ab)
								}
								want := float64(alpha) * s
								mag *= math.Abs(float64(alpha))
								if beta != 0 {
									want += float64(beta) * float64(c0[i*ldc+j])
									mag += math.Abs(float64(beta) * float64(c0[i*ldc+j]))
								}
								if !near(got, float32(want), 2*gamma(k+2)*mag+1e-37) {
									t.Fatalf("%s mr=%d nr=%d k=%d sb=%d ldc=%d alpha=%v beta=%v %s: C[%d,%d] = %v, want %v", l.name, mr, nr, k, sb, ldc, alpha, beta, side, i, j, got, want)
								}
							}
						}
					}
				}
			}
		}
	})
}

// TestSgemmAllocs checks that Sgemm allocates nothing once its packing
// buffers exist, on every path, with one and two threads.
func TestSgemmAllocs(t *testing.T) {
	forEachFastPath(t, func(t *testing.T) { testGemmAllocs(t, Sgemm, allocShapes) })
}

// allocShapes are the MNIST products and one that packs both operands.
var allocShapes = []gemmCase{
	{m: 32, k: 784, n: 100}, {m: 32, k: 200, n: 10},
	{tA: true, m: 784, k: 32, n: 100}, {tB: true, m: 32, k: 100, n: 784},
	{m: 300, k: 300, n: 300},
}

// testGemmAllocs checks that gemm (Sgemm or SgemmBF16) allocates nothing
// on the current path once its buffers exist, with one and two threads.
func testGemmAllocs(t *testing.T, gemm gemmFunc, shapes []gemmCase) {
	for _, th := range []int{1, 2} {
		saved := SetThreads(th)
		for _, c := range shapes {
			ar, ac, lda, br, bc, ldb, ldc := c.dims()
			a := make([]float32, size(ar, ac, lda))
			b := make([]float32, size(br, bc, ldb))
			cc := make([]float32, size(c.m, c.n, ldc))
			call := func() { gemm(c.tA, c.tB, c.m, c.n, c.k, 1, a, lda, b, ldb, 0, cc, ldc) }
			call() // the first call may grow the packing buffers
			if n := testing.AllocsPerRun(5, call); n != 0 {
				t.Errorf("threads=%d %v: %v allocations per call", th, c, n)
			}
		}
		SetThreads(saved)
	}
}

// TestSgemmPacked runs a grid of small shapes with both operands packed
// (gemmForcePack), which otherwise only large products do: packing of
// every transpose case, partial panels, odd k, on every path.
func TestSgemmPacked(t *testing.T) {
	gemmForcePack = true
	defer func() { gemmForcePack = false }()
	forEachFastPath(t, func(t *testing.T) {
		g := newGemmChecker(t, 41)
		i := 0
		for _, m := range []int{1, 5, 8, 9, 17, 33} {
			for _, n := range []int{1, 7, 16, 17, 31, 33, 40} {
				for _, k := range []int{1, 3, 8, 9, 15, 16, 17, 40} {
					g.check(gridCase(i, m, n, k, 2), guard.Sides[i/5%2])
					i++
				}
			}
		}
	})
}

// TestSgemmPack holds the packing routines to their layout directly: every
// element of every panel, for blocks of every size around the register
// tile, each transpose case, sources that end at a guard page.
func TestSgemmPack(t *testing.T) {
	forEachGemm(t, func(t *testing.T, cfg *gemmConfig) {
		r := newRand(t)
		const maxK, pad = 37, 3
		maxRows := 2*max(cfg.mr, cfg.nr) + 3
		src := guard.NewArena(t, (maxRows+maxK)*(maxRows+maxK+pad))
		dst := make([]float32, (maxRows+max(cfg.mr, cfg.nr))*maxK)
		for _, trans := range []bool{false, true} {
			for rows := 1; rows <= maxRows; rows++ {
				for k := 1; k <= maxK; k += 3 {
					// A: op(A) is rows×k, stored rows×k (row-major) or
					// k×rows when trans, packed in bands of mr rows.
					// B: op(B) is k×rows, so op(B)ᵀ is rows×k, stored
					// rows×k when trans, packed in bands of nr columns.
					for _, op := range []struct {
						name     string
						unit     int
						rowMajor bool
						pack     func(x []float32, ld int)
					}{
						{"packA", cfg.mr, !trans, func(x []float32, ld int) { cfg.packA(dst, x, ld, trans, 0, rows, 0, k) }},
						{"packB", cfg.nr, trans, func(x []float32, ld int) { cfg.packB(dst, x, ld, trans, 0, k, 0, rows) }},
					} {
						sr, sc := rows, k
						if !op.rowMajor {
							sr, sc = k, rows
						}
						ld := sc + pad
						x := src.Slice((sr-1)*ld+sc, guard.Sides[k%2])
						fillUniform(r, x)
						op.pack(x, ld)
						for i := 0; i < rows; i++ {
							for q := 0; q < k; q++ {
								var want float32
								if op.rowMajor {
									want = x[i*ld+q]
								} else {
									want = x[q*ld+i]
								}
								if got := dst[i/op.unit*op.unit*k+q*op.unit+i%op.unit]; got != want {
									t.Fatalf("%s trans=%v rows=%d k=%d: element (%d, %d) of the %d×%d block packed as %v, want %v", op.name, trans, rows, k, i, q, rows, k, got, want)
								}
							}
						}
					}
				}
			}
		}
	})
}

// TestSgemmTransposed holds the products that gemmTransposed computes as
// (B·Aᵀ)ᵀ (A·Bᵀ with few rows, beta = 0) to the direct way bit for bit
// (the same sums in the same order: gemmForcePack takes the direct way),
// and the others of these shapes too but for the edge columns a path
// computes by dot products (dotColumns, within checkDotEdge's bound), and
// checks that nothing of C outside the product is written.
func TestSgemmTransposed(t *testing.T) {
	defer SetThreads(SetThreads(1))
	forEachFastPath(t, func(t *testing.T) {
		r := newRand(t)
		for _, c := range []struct{ m, k, n, pad int }{
			{32, 100, 784, 0}, {32, 200, 100, 3}, {1, 2, 32, 1}, {5, 9, 33, 2},
			{33, 300, 64, 0}, {64, 700, 100, 5}, {17, 1100, 48, 1},
		} {
			gc := gemmCase{tB: true, m: c.m, n: c.n, k: c.k, pad: c.pad, alpha: 1.5}
			_, _, lda, _, _, ldb, ldc := gc.dims()
			a := make([]float32, c.m*lda)
			b := make([]float32, c.n*ldb)
			fillUniform(r, a)
			fillUniform(r, b)
			got := make([]float32, c.m*ldc)
			want := make([]float32, c.m*ldc)
			for i := range got {
				got[i] = float32(math.NaN())
				want[i] = float32(math.NaN())
			}
			g := gemmArgs{transB: true, m: c.m, n: c.n, k: c.k, alpha: 1.5, a: a, b: b, c: got, lda: lda, ldb: ldb, ldc: ldc}
			if cfg := current.Load().gemm; cfg.strided != nil && c.m == 32 && !cfg.transposedWins(&g) {
				t.Fatalf("%dx%dx%d tB does not take gemmTransposed", c.m, c.k, c.n)
			}
			dot := current.Load().gemm.dotColumns(&g)
			Sgemm(false, true, c.m, c.n, c.k, 1.5, a, lda, b, ldb, 0, got, ldc)
			gemmForcePack = true
			Sgemm(false, true, c.m, c.n, c.k, 1.5, a, lda, b, ldb, 0, want, ldc)
			gemmForcePack = false
			for i := range got {
				if j := i % ldc; j >= c.n-dot && j < c.n {
					checkDotEdge(t, gc, 0, guard.Sides[0], i/ldc, j, got[i], want[i], float32(math.NaN()), a, b)
					continue
				}
				if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
					t.Fatalf("%dx%dx%d tB: C[%d][%d] = %v, the direct way gives %v", c.m, c.k, c.n, i/ldc, i%ldc, got[i], want[i])
				}
			}
		}
	})
}

// TestSgemmEdge holds the products whose last columns gemmEdge computes
// as their transpose (Aᵀ·B with B read in place, beta = 0) to the direct
// way (gemmBlocked on the whole of C with the same operands in place) bit
// for bit, and checks that nothing of C outside the product is written.
func TestSgemmEdge(t *testing.T) {
	defer SetThreads(SetThreads(1))
	forEachFastPath(t, func(t *testing.T) {
		cfg := current.Load().gemm
		r := newRand(t)
		for _, c := range []struct{ m, k, n, pad int }{
			{784, 32, 100, 0}, {40, 300, 37, 3}, {33, 1100, 65, 1}, {100, 7, 36, 2}, {64, 64, 20, 0},
		} {
			lda, ldb, ldc := c.m+c.pad, c.n+2*c.pad, c.n+c.pad
			a := make([]float32, c.k*lda)
			b := make([]float32, c.k*ldb)
			fillUniform(r, a)
			fillUniform(r, b)
			got := make([]float32, c.m*ldc)
			want := make([]float32, c.m*ldc)
			for i := range got {
				got[i] = float32(math.NaN())
				want[i] = float32(math.NaN())
			}
			Sgemm(true, false, c.m, c.n, c.k, -0.75, a, lda, b, ldb, 0, got, ldc)
			g := gemmArgs{transA: true, m: c.m, n: c.n, k: c.k, alpha: -0.75, a: a, b: b, c: want, lda: lda, ldb: ldb, ldc: ldc}
			directA, directB := cfg.inPlace(&g, c.m, c.n)
			if cfg.strided != nil && c.m == 784 && cfg.edgeColumns(&g, directB) == 0 {
				t.Fatalf("%dx%dx%d tA does not take gemmEdge", c.m, c.k, c.n)
			}
			gemmBlocked(cfg, &g, 0, c.m, 0, c.n, directA, directB)
			for i := range got {
				if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
					t.Fatalf("%dx%dx%d tA: C[%d][%d] = %v, the direct way gives %v", c.m, c.k, c.n, i/ldc, i%ldc, got[i], want[i])
				}
			}
		}
	})
}

// checkDotEdge holds element (i, j) of a product's gemmEdgeDot columns to
// the direct way's: the same NaN-ness and infinities, else within the
// bound of two orders of the same sum, 2·γ_k·|alpha|·Σ_p |A[i,p]·B[p,j]|,
// plus a rounding of alpha·sum on each way and of each way's additions
// of C and the bias (2u of both results).
func checkDotEdge(t *testing.T, c gemmCase, combo int, side guard.Side, i, j int, got, want, c0 float32, a, b []float32) {
	t.Helper()
	_, _, lda, _, _, ldb, _ := c.dims()
	if got != got || want != want || math.IsInf(float64(got), 0) || math.IsInf(float64(want), 0) {
		if !(got != got && want != want) && got != want {
			t.Fatalf("%v combo=%d %s: C[%d][%d] = %v by dot products, the direct way gives %v", c, combo, side, i, j, got, want)
		}
		return
	}
	var sum float64
	for p := range c.k {
		av, bv := a[i*lda+p], float32(0)
		if c.tB {
			bv = b[j*ldb+p]
		} else {
			bv = b[p*ldb+j]
		}
		sum += math.Abs(float64(av) * float64(bv))
	}
	alpha := math.Abs(float64(c.alpha))
	tol := alpha*(2*gamma(c.k)+2*u)*sum + 2*u*(math.Abs(float64(got))+math.Abs(float64(want))) + 1e-38
	if d := math.Abs(float64(got) - float64(want)); d > tol {
		t.Fatalf("%v combo=%d %s: C[%d][%d] = %v by dot products, the direct way gives %v (C was %v): off by %.3g > %.3g", c, combo, side, i, j, got, want, c0, d, tol)
	}
}

// TestSgemmEdgeRoutes holds every product that gemmEdge or gemmTransposed
// computes in part or whole as its transpose to the direct way
// (gemmBlocked on the whole of C, the same operands read in place, the
// epilogue in the kernel's store where it has one) bit for bit: each
// transposition, beta 0 (C NaN), 1 and another, alpha ±, every epilogue,
// n%nr from 0 to nr, m around multiples of mr, leading dimensions at the
// width and wider, NaN and infinities in the operands, the bias and the
// mask, and C against a guard page on either side (nothing outside the
// product written).
func TestSgemmEdgeRoutes(t *testing.T) {
	defer SetThreads(SetThreads(1))
	forEachFastPath(t, func(t *testing.T) {
		cfg := current.Load().gemm
		if cfg.strided == nil {
			t.Skip("no strided kernel: no transposed routes")
		}
		r := newRand(t)
		mr, nr := cfg.mr, cfg.nr
		type shape struct{ m, n, k int }
		var shapes []shape
		for _, m := range []int{4*mr - 1, 4 * mr, 4*mr + 1, 5*mr + 3, 784} {
			for rem := 0; rem <= nr; rem += max(1, nr/8) {
				shapes = append(shapes, shape{m, 3*nr + rem, 1 + (m+rem)%37})
			}
			shapes = append(shapes, shape{m, nr + mr, 1100}, shape{m, 100, 32}, shape{m, 200, 100})
			// Narrower than a tile: all edge when it saves FMAs.
			shapes = append(shapes, shape{m, 10, 32}, shape{m, nr/2 + 2, 17}, shape{m, nr / 2, 9}, shape{m, 3, 40})
		}
		shapes = append(shapes, shape{32, 100, 784}, shape{32, 100, 200}, shape{32, 784, 100}, shape{64, 100, 700})
		if testing.Short() {
			shapes = shapes[len(shapes)-12:]
		}
		gc := guard.NewArena(t, 800*(800+8))
		edges, transposed, narrow, dots := 0, 0, 0, 0
		n := 0
		for _, sh := range shapes {
			for _, tr := range []int{0, 1, 2} {
				for _, beta := range []float32{0, 1, -1.5} {
					for _, combo := range []int{0, 1, 3, 4, 7} {
						n++
						m, nn, k := sh.m, sh.n, sh.k
						tA, tB := tr == 1, tr == 2
						pad := n % 3 * 3
						alpha := []float32{1, -0.125, 2.5}[n%3]
						side := guard.Sides[n%2]
						c := gemmCase{tA: tA, tB: tB, m: m, n: nn, k: k, pad: pad, alpha: alpha, beta: beta}
						ar, ac, lda, br, bc, ldb, ldc := c.dims()
						a := make([]float32, size(ar, ac, lda))
						b := make([]float32, size(br, bc, ldb))
						fillUniform(r, a)
						fillUniform(r, b)
						if n%5 == 0 {
							sprinkle(r, a, sumSpecials)
							sprinkle(r, b, sumSpecials)
						}
						got := gc.Slice(size(m, nn, ldc), side)
						fillTile(r, beta, nil, nil, got)
						want := append([]float32(nil), got...)
						var ep *Epilogue
						if combo != 0 {
							ep = &Epilogue{Relu: combo&2 != 0}
							if combo&1 != 0 {
								ep.Bias = make([]float32, nn)
								fillUniform(r, ep.Bias)
								sprinkle(r, ep.Bias, epiSpecials)
							}
							if combo&4 != 0 {
								ep.Mask, ep.LDMask = make([]float32, size(m, nn, nn+pad)), nn+pad
								fillUniform(r, ep.Mask)
								sprinkle(r, ep.Mask, epiSpecials)
							}
						}
						g := gemmArgs{transA: tA, transB: tB, m: m, n: nn, k: k, alpha: alpha, beta: beta,
							a: a, b: b, c: got, lda: lda, ldb: ldb, ldc: ldc, ep: ep, epKind: ep.asmKind()}
						directA, directB := cfg.inPlace(&g, m, nn)
						dot := cfg.dotColumns(&g)
						switch {
						case cfg.transposedWins(&g):
							transposed++
						case dot > 0:
							dots++
						case cfg.edgeColumns(&g, directB) == nn:
							narrow++
						case cfg.edgeColumns(&g, directB) > 0:
							edges++
						}
						c0 := slices.Clone(got)
						SgemmEpilogue(tA, tB, m, nn, k, alpha, a, lda, b, ldb, beta, got, ldc, ep)
						g.c = want
						gemmBlocked(cfg, &g, 0, m, 0, nn, directA, directB)
						for i := range got {
							if i%ldc >= nn-dot && i%ldc < nn {
								// gemmEdgeDot's columns: another order of the sums.
								checkDotEdge(t, c, combo, side, i/ldc, i%ldc, got[i], want[i], c0[i], a, b)
								continue
							}
							if math.Float32bits(got[i]) != math.Float32bits(want[i]) && !(got[i] != got[i] && want[i] != want[i]) {
								t.Fatalf("%v combo=%d %s: C[%d][%d] = %v, the direct way gives %v", c, combo, side, i/ldc, i%ldc, got[i], want[i])
							}
						}
					}
				}
			}
		}
		if edges == 0 || transposed == 0 || narrow == 0 || cfg.dot4 != nil && dots == 0 {
			t.Fatalf("%d products took gemmEdgeDot for their last columns, %d gemmEdge, %d gemmEdge for all, %d gemmTransposed", dots, edges, narrow, transposed)
		}
		t.Logf("%d products: %d took gemmEdgeDot for their last columns, %d gemmEdge, %d gemmEdge for all, %d gemmTransposed", n, dots, edges, narrow, transposed)
	})
}

// TestDotTile4 holds each path's dot4 kernel to a float64 reference: k
// from 0 to 70 (around the 16 lanes and their multiples), 1 to 4 rows and
// columns (the rows past them read as the last), leading dimensions at k
// and wider, rows starting at every offset within a cache line, NaN,
// infinities and denormals in the operands, and the last row of each
// operand against a guard page on either side, so that a read past k
// faults. Finite results are within γ_k·Σ|a||b| of the exact sum (and a
// subnormal step a term: roundings below the normal range are absolute);
// NaN and infinities are the reference's.
func TestDotTile4(t *testing.T) {
	forEachFastPath(t, func(t *testing.T) {
		cfg := current.Load().gemm
		if cfg.dot4 == nil {
			t.Skip("the path computes no edge by dot products")
		}
		r := newRand(t)
		arena := guard.NewArena(t, 8*(4*90+16))
		out := new([16]float32)
		n := 0
		for k := 0; k <= 70; k++ {
			for _, shape := range [][2]int{{4, 4}, {1, 1}, {3, 2}, {2, 4}, {4, 1}} {
				n++
				rows, cols := shape[0], shape[1]
				lda, ldb := k+n%3*5, k+n%2*17
				off := n % 16
				side := guard.Sides[n%2]
				a := arena.Slice(off+(rows-1)*lda+k, side)[off:]
				b := arena.Slice(off+(cols-1)*ldb+k, guard.Sides[(n+1)%2])[off:]
				fillUniform(r, a)
				fillUniform(r, b)
				if n%4 == 0 {
					sprinkle(r, a, sumSpecials)
					sprinkle(r, b, sumSpecials)
				}
				for i := range out {
					out[i] = float32(math.NaN())
				}
				cfg.dot4(k, a, lda, b, ldb, rows, cols, out)
				for j := range 4 {
					for i := range 4 {
						ai, bj := min(i, rows-1)*lda, min(j, cols-1)*ldb
						var want, abs float64
						for p := range k {
							v := float64(a[ai+p]) * float64(b[bj+p])
							want += v
							abs += math.Abs(v)
						}
						got := float64(out[4*j+i])
						switch {
						case math.IsNaN(want) || math.IsInf(want, 0):
							if !(math.IsNaN(want) && math.IsNaN(got)) && got != want {
								t.Fatalf("k=%d rows=%d cols=%d: out[%d] = %v, want %v", k, rows, cols, 4*j+i, got, want)
							}
						case math.Abs(got-want) > gamma(k)*abs+float64(k)*math.SmallestNonzeroFloat32:
							t.Fatalf("k=%d rows=%d cols=%d lda=%d ldb=%d: out[%d] = %v, want %v (bound %.3g)", k, rows, cols, lda, ldb, 4*j+i, got, want, gamma(k)*abs)
						}
					}
				}
			}
		}
	})
}
