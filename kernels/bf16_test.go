package kernels

import (
	"math"
	"testing"

	"github.com/gof32/gof32/internal/guard"
)

// bf16Extra are path tables that only tests build: the bf16 GEMM of a path
// whose own is native, emulated on its float32 GEMM (bf16_amd64_test.go).
var bf16Extra []*impl

// bf16Routes returns the paths this CPU and build can run, then
// bf16Extra: every route SgemmBF16 can take here.
func bf16Routes() []*impl { return append(append([]*impl(nil), paths...), bf16Extra...) }

// forEachBF16Route runs f once per bf16 route (bf16Routes) with that table
// in use, and restores the path that was in use. The naive path is the
// reference; skipNaive leaves it out of tests that compare with the
// reference.
func forEachBF16Route(t *testing.T, skipNaive bool, f func(t *testing.T)) {
	t.Helper()
	saved := current.Load()
	defer current.Store(saved)
	for _, p := range bf16Routes() {
		if skipNaive && p.name == "naive" {
			continue
		}
		current.Store(p)
		t.Run(p.name, f)
	}
}

// bf16Specials are the special values for the bf16 GEMM: those of
// sumSpecials (NaN, ±Inf, ±0, denormals, which become zero), the
// smallest normal (kept) and a tie (1 + 2⁻⁸, rounded down to 1 by
// ties-to-even).
var bf16Specials = append(append([]float32(nil), sumSpecials...), 1.1754944e-38, -1.1754944e-38, 1.00390625)

// Error bounds of SgemmBF16 for one element of C (see the precision notes
// in bf16.go). With S = Σ|a|·|b| and A1 = Σ(|a| + |b|) over the k original
// operands, Ŝ = Σ|â·b̂| over the rounded ones, and c0 the old C:
//
//	against the exact product of the original operands:
//	    |α|·((2⁻⁷ + 2⁻¹⁶)·S + 2⁻¹²⁵·(A1 + k + 1) + γ_{k+2}·Ŝ) + γ_2·|β·c0| + 2⁻¹⁴⁸
//	the first term the rounding of the operands (bf16's unit roundoff is
//	2⁻⁸, so 2·2⁻⁸ + 2⁻¹⁶ relative per product, plus up to 2⁻¹²⁶·(1+2⁻⁸)
//	times |a| + |b| where a denormal is flushed); γ_{k+2}·Ŝ the k float32 additions of the exact products and
//	the scaling by alpha (γ_k + γ_2 + γ_k·γ_2 ≤ γ_{k+2}); 2⁻¹²⁵·(k+1) the
//	partial sums VDPBF16PS flushes to zero (under 2⁻¹²⁶ each) and
//	products that underflow; γ_2·|β·c0| the addition of beta·C; 2⁻¹⁴⁸ a
//	denormal result. The float64 "exact" product is itself off by about
//	k·2⁻⁵³·S, which the margin 2⁻⁴⁰·S covers.
//
//	against refSgemmBF16 (the same rounded operands, the same exact
//	products, summed in another order):
//	    2·γ_{k+2}·(|α|·Ŝ + |β·c0|) + |α|·2⁻¹²⁵·(k + 1) + 2⁻¹⁴⁸
//	both within γ_{k+2}·(|α|·Ŝ + |β·c0|) of the exactly summed value, the
//	path also losing the flushed partial sums.
const twoM7 = 1.0 / 128

var (
	tiny125 = math.Ldexp(1, -125)
	tiny148 = math.Ldexp(1, -148)
)

func bf16BoundExact(k int, alpha, beta, c0 float32, s, a1, sHat float64) float64 {
	al := math.Abs(float64(alpha))
	t := al * ((twoM7+math.Ldexp(1, -16)+math.Ldexp(1, -40))*s + tiny125*(a1+float64(k)+1) + gamma(k+2)*sHat)
	if beta != 0 {
		t += gamma(2) * math.Abs(float64(beta)*float64(c0))
	}
	return t + tiny148
}

func bf16BoundRef(k int, alpha, beta, c0 float32, sHat float64) float64 {
	al := math.Abs(float64(alpha))
	m := al * sHat
	if beta != 0 {
		m += math.Abs(float64(beta) * float64(c0))
	}
	return 2*gamma(k+2)*m + al*tiny125*(float64(k)+1) + tiny148
}

// bf16Checker runs SgemmBF16 cases on the current bf16 path, the operands
// against guard pages, and compares with the exact product of the
// original operands (no special values) and with refSgemmBF16.
type bf16Checker struct {
	t testing.TB
	gemmOperands
}

func newBF16Checker(t testing.TB, maxDim int) *bf16Checker {
	return &bf16Checker{t: t, gemmOperands: newGemmOperands(t, maxDim)}
}

func (g *bf16Checker) check(c gemmCase, side guard.Side) {
	t := g.t
	t.Helper()
	_, _, lda, _, _, ldb, ldc := c.dims()
	a, b, cc := g.operands(c, side, bf16Specials)
	c0 := append([]float32(nil), cc...)
	// The reference: refSgemm on rounded copies of A and B, the very
	// arithmetic of refSgemmBF16 (which the naive path runs) without a
	// rounding per product.
	ra, rb := roundedCopy(a), roundedCopy(b)
	ref := refResult(c, ra, rb, cc)
	SgemmBF16(c.tA, c.tB, c.m, c.n, c.k, c.alpha, a, lda, b, ldb, c.beta, cc, ldc)
	// op(A) by rows and op(B) by columns, original and rounded, for the
	// sums of the bounds.
	k := c.k
	if c.alpha == 0 {
		k = 0 // A and B are not read
	}
	oa, ora := opCopy(c.m, k, a, ra, lda, c.tA), opCopy(c.n, k, b, rb, ldb, !c.tB)
	for i := 0; i < c.m; i++ {
		for j := 0; j < c.n; j++ {
			var exact, s, a1, sHat float64
			x, xr := oa[0][i*k:i*k+k], oa[1][i*k:i*k+k]
			y, yr := ora[0][j*k:j*k+k], ora[1][j*k:j*k+k]
			for p := range x {
				exact += x[p] * y[p]
				s += math.Abs(x[p] * y[p])
				a1 += math.Abs(x[p]) + math.Abs(y[p])
				sHat += math.Abs(xr[p] * yr[p])
			}
			old := c0[i*ldc+j]
			got := cc[i*ldc+j]
			tol := bf16BoundRef(c.k, c.alpha, c.beta, old, sHat)
			if w := ref[i*ldc+j]; !near(got, w, tol) {
				t.Fatalf("%s: %v %s: C[%d,%d] = %v, refSgemmBF16 %v (tolerance %g)", Path(), c, side, i, j, got, w, tol)
			}
			if !g.specials {
				want := float64(c.alpha) * exact
				if c.beta != 0 {
					want += float64(c.beta) * float64(old)
				}
				tol := bf16BoundExact(c.k, c.alpha, c.beta, old, s, a1, sHat)
				if d := math.Abs(float64(got) - want); !(d <= tol) {
					t.Fatalf("%s: %v %s: C[%d,%d] = %v, exact %v: error %g > bound %g", Path(), c, side, i, j, got, want, d, tol)
				}
			}
		}
		for j := c.n; c.n > 0 && j < ldc && i < c.m-1; j++ {
			if ulpDiff(cc[i*ldc+j], c0[i*ldc+j]) != 0 {
				t.Fatalf("%s: %v %s: padding C[%d,%d] changed from %v to %v", Path(), c, side, i, j, c0[i*ldc+j], cc[i*ldc+j])
			}
		}
	}
}

// roundedCopy returns x with every element rounded to bf16.
func roundedCopy(x []float32) []float32 {
	r := make([]float32, len(x))
	for i, v := range x {
		r[i] = RoundBF16(v)
	}
	return r
}

// opCopy returns rows×k float64 copies of a matrix and of its rounded
// copy r, row i holding row i of the matrix (trans false: x[i*ld+p]) or
// column i (trans true: x[p*ld+i]).
func opCopy(rows, k int, x, r []float32, ld int, trans bool) [2][]float64 {
	o := [2][]float64{make([]float64, rows*k), make([]float64, rows*k)}
	for i := 0; i < rows; i++ {
		for p := 0; p < k; p++ {
			at := i*ld + p
			if trans {
				at = p*ld + i
			}
			o[0][i*k+p], o[1][i*k+p] = float64(x[at]), float64(r[at])
		}
	}
	return o
}

// TestRoundBF16 checks bf16Bits against an independent rounding: for
// every upper half of a float32 and lower halves at and around the
// rounding boundaries, the nearest of the two bf16 neighbours by float64
// distance, the even one on a tie; NaN quiet with the sign and top payload,
// denormals to zero, overflow to infinity.
func TestRoundBF16(t *testing.T) {
	r := newRand(t)
	lows := []uint32{0, 1, 0x3fff, 0x7fff, 0x8000, 0x8001, 0xc000, 0xffff, r.Uint32() & 0xffff, r.Uint32() & 0xffff}
	for hi := uint32(0); hi < 1<<16; hi++ {
		for _, lo := range lows {
			bits := hi<<16 | lo
			got := bf16Bits(math.Float32frombits(bits))
			if want := bf16Want(bits); got != want {
				t.Fatalf("bf16Bits(%#08x) = %#04x, want %#04x", bits, got, want)
			}
		}
	}
	for _, c := range []struct {
		x    float32
		want uint16
	}{
		{1, 0x3f80}, {-2, 0xc000}, {1.00390625, 0x3f80}, {1.01171875, 0x3f82},
		{math.MaxFloat32, 0x7f80}, {-math.MaxFloat32, 0xff80},
		{float32(math.Inf(-1)), 0xff80}, {1e-40, 0}, {-1e-40, 0x8000},
		{math.Float32frombits(0x7fa00001), 0x7fe0}, {math.Float32frombits(0xff800001), 0xffc0},
		{1.1754944e-38, 0x0080},
	} {
		if got := bf16Bits(c.x); got != c.want {
			t.Errorf("bf16Bits(%v = %#08x) = %#04x, want %#04x", c.x, math.Float32bits(c.x), got, c.want)
		}
	}
	if got := RoundBF16(3.14159265); got != 3.140625 {
		t.Errorf("RoundBF16(π) = %v, want 3.140625", got)
	}
}

// bf16Want is the bf16 rounding of the float32 bits, derived from the
// values rather than from bit tricks.
func bf16Want(bits uint32) uint16 {
	x := math.Float32frombits(bits)
	switch {
	case x != x:
		return uint16(bits>>16) | 0x40
	case bits&0x7f800000 == 0:
		return uint16(bits>>16) & 0x8000
	case math.IsInf(float64(x), 0):
		return uint16(bits >> 16)
	}
	down := bits &^ 0xffff // toward zero
	up := down + 0x10000   // away from zero (0x7f800000: infinity)
	xd := math.Abs(float64(x))
	dd := xd - math.Abs(float64(math.Float32frombits(down)))
	var du float64
	if up&0x7fffffff == 0x7f800000 {
		// The next bf16 would be 2^128 on the exponent's scale.
		du = math.Ldexp(1, 128) - xd
	} else {
		du = math.Abs(float64(math.Float32frombits(up))) - xd
	}
	switch {
	case dd < du, dd == du && down&0x10000 == 0:
		return uint16(down >> 16)
	}
	return uint16(up >> 16)
}

// bf16Dims are the sizes the small-shape test combines: every size up to
// and just past the register tile and vector widths, and around the
// second tile and the pairs of k.
var (
	bf16DimsM = []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 27, 28, 29, 42, 43}
	bf16DimsN = []int{0, 1, 2, 3, 5, 7, 8, 9, 13, 15, 16, 17, 18, 24, 31, 32, 33, 47, 48, 49, 64, 65}
	bf16DimsK = []int{0, 1, 2, 3, 4, 5, 7, 15, 16, 17, 31, 32, 33, 34, 63, 64, 65}
)

// TestSgemmBF16Small runs combinations of the sizes above (every
// eleventh with -short), cycling the transposes, alpha, beta and padding,
// on every bf16 path.
func TestSgemmBF16Small(t *testing.T) {
	step := 1
	if testing.Short() {
		step = 11
	}
	forEachBF16Route(t, false, func(t *testing.T) {
		g := newBF16Checker(t, 80)
		i := 0
		for _, m := range bf16DimsM {
			for _, n := range bf16DimsN {
				for _, k := range bf16DimsK {
					i++
					if i%step != 0 {
						continue
					}
					g.check(gridCase(i, m, n, k, 3), guard.Sides[i/12%2])
				}
			}
		}
	})
}

// TestSgemmBF16Large runs random shapes up to 300 (120 with -short) in
// every transpose case, every fourth with NaN/Inf/denormal inputs.
func TestSgemmBF16Large(t *testing.T) {
	count, maxDim := 24, 300
	if testing.Short() {
		count, maxDim = 4, 120
	}
	forEachBF16Route(t, false, func(t *testing.T) {
		g := newBF16Checker(t, maxDim+1)
		for i := range count {
			g.specials = i%4 == 3
			g.check(randomCase(g.r, i, maxDim), guard.Sides[i%2])
		}
	})
}

// TestSgemmBF16Shapes runs the MNIST shapes and shapes that cross the
// cache blocks of avx512bf16 (kc = 1024 with an odd tail, mc = 126,
// nc = 2048), with one and two threads; with -short the MNIST shapes and
// the mc crossing, with two threads only (the small shapes of the other
// tests run on one).
func TestSgemmBF16Shapes(t *testing.T) {
	shapes := []gemmCase{
		{m: 32, k: 784, n: 100}, {m: 32, k: 100, n: 200}, {m: 32, k: 200, n: 10},
		{tA: true, m: 784, k: 32, n: 100}, {tB: true, m: 32, k: 100, n: 784},
		{m: 200, k: 77, n: 40}, {tA: true, tB: true, m: 129, k: 1030, n: 70},
		{m: 20, k: 2051, n: 33}, {tB: true, m: 3, k: 35, n: 2100},
	}
	threads := []int{1, 2}
	if testing.Short() {
		shapes, threads = shapes[:6], threads[1:]
	}
	forEachBF16Route(t, true, func(t *testing.T) {
		g := newBF16Checker(t, 2110)
		for _, th := range threads {
			saved := SetThreads(th)
			for i, c := range shapes {
				c.alpha, c.beta = alphas[i%3], betas[i%3]
				if c.alpha == 0 {
					c.alpha = 1
				}
				g.specials = i == 5
				g.check(c, guard.Sides[i%2])
			}
			SetThreads(saved)
		}
	})
}

func TestSgemmBF16Args(t *testing.T) { testGemmArgs(t, "SgemmBF16", SgemmBF16) }

// TestSgemmBF16Allocs checks that SgemmBF16 allocates nothing once its
// buffers exist, on every bf16 path, with one and two threads.
func TestSgemmBF16Allocs(t *testing.T) {
	shapes := allocShapes
	if testing.Short() {
		shapes = shapes[:4]
	}
	forEachBF16Route(t, true, func(t *testing.T) { testGemmAllocs(t, SgemmBF16, shapes) })
}

// FuzzSgemmBF16 holds SgemmBF16 on every bf16 route but the reference
// against refSgemmBF16 and, without special values, against the exact
// product of the original operands, with the bounds of bf16Checker, the
// operands against guard pages. The seeds run in every `go test`; run
//
//	go test -run '^$' -fuzz FuzzSgemmBF16 ./kernels
//
// to search further.
func FuzzSgemmBF16(f *testing.F) {
	tiles := []gemmSeed{ // the 14×32 tile of VDPBF16PS and its edges
		{m: 1, n: 1, k: 1},
		{m: 14, n: 32, k: 2},
		{m: 15, n: 33, k: 3, pad: 1, alpha: 2, beta: 1},
		{tA: true, m: 13, n: 17, k: 31, beta: 2},
		{tB: true, m: 29, n: 15, k: 33, pad: 2, alpha: 1},
		{tA: true, tB: true, m: 6, n: 16, k: 5, beta: 1},
	}
	fuzzGemm(f, tiles, bf16Routes(), func(t *testing.T, ops gemmOperands, c gemmCase, side guard.Side) {
		(&bf16Checker{t: t, gemmOperands: ops}).check(c, side)
	})
}
