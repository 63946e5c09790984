//go:build !purego

package kernels

import (
	"math"
	"testing"

	"github.com/gof32/gof32/internal/guard"
)

// Tests of the NEON routines that the kernel table does not reach directly
// (the exp-and-sum functions behind SoftmaxRows and LogSumExpRows) and of
// the range argument of ExpShiftedNEON in internal/asm/vec_arm64.s, as
// vec_amd64_test.go does for amd64.

func skipWithoutNEON(t *testing.T) {
	t.Helper()
	if !hasNEON {
		t.Skip("the CPU has no NEON (ASIMD)")
	}
}

// TestNEONExpRangeEnds checks the clamping argument of ExpShiftedNEON:
// every float32 in [−104, expLo) gives 0 and every one in (expHi, 89]
// gives +Inf, as expf's explicit range checks do, and so do expHi itself
// (whose e^x rounds to +Inf), the far ends and the infinities; a NaN stays
// NaN.
func TestNEONExpRangeEnds(t *testing.T) {
	skipWithoutNEON(t)
	var zeros, infs []float32
	for v := float32(-104); v < expLo; v = math.Nextafter32(v, 0) {
		zeros = append(zeros, v)
	}
	for v := math.Nextafter32(expHi, 100); v <= 89; v = math.Nextafter32(v, 100) {
		infs = append(infs, v)
	}
	zeros = append(zeros, -104.5, -1e30, -math.MaxFloat32, float32(math.Inf(-1)))
	infs = append(infs, expHi, 89.5, 1e30, math.MaxFloat32, float32(math.Inf(1)))
	for _, c := range []struct {
		xs   []float32
		want float32
	}{{zeros, 0}, {infs, float32(math.Inf(1))}} {
		got := make([]float32, len(c.xs))
		neonExp(got, c.xs)
		for i, x := range c.xs {
			if got[i] != c.want {
				t.Fatalf("exp(%v) = %v, want %v", x, got[i], c.want)
			}
		}
	}
	nan := []float32{float32(math.NaN()), float32(math.NaN()), 0, 1, 2, 3, 4, float32(math.NaN())}
	got := make([]float32, len(nan))
	neonExp(got, nan)
	for i, x := range nan {
		if (got[i] != got[i]) != (x != x) {
			t.Fatalf("exp(%v) = %v", x, got[i])
		}
	}
}

// TestNEONExpShiftedSum holds neonExpShifted and neonExpSum against
// math.Exp and genExpShifted/genExpSum: every length 0..70 and some
// larger, guard pages on both sides, shifts that move the arguments across
// the whole range. Each element is within expMaxULP of e^(x−shift)
// correctly rounded (x − shift is rounded the same way in both). The sums
// are of n positive terms, each within expMaxULP + ½ ulp of its exact
// value eᵢ on either path, an ulp being at most 2u·eᵢ (or 2⁻¹⁴⁹ for
// denormals): two such sums differ by at most
// (2γ_n + 2·(expMaxULP+½)·2u)·Σeᵢ + 5n·2⁻¹⁴⁹.
func TestNEONExpShiftedSum(t *testing.T) {
	skipWithoutNEON(t)
	r := newRand(t)
	ar := newArenas(t, 2, 5200)
	for _, c := range vecCases(r) {
		for _, shift := range []float32{0, 3, -40, 80, float32(math.Inf(-1))} {
			src := make([]float32, c.n)
			fillUniform(r, src)
			for i := range src {
				src[i] *= 60
			}
			x := ar.get(0, c, src)
			dst := ar.get(1, c, nil)
			s := neonExpShifted(dst, x, shift)
			wantS := genExpShifted(make([]float32, c.n), src, shift)
			var mag float64
			for i, v := range src {
				want := float32(math.Exp(float64(v - shift)))
				if d := ulpDiff(dst[i], want); d > expMaxULP {
					t.Fatalf("%s shift=%v: exp(%v−shift) = %v, want %v (%d ulp)", c, shift, v, dst[i], want, d)
				}
				mag += float64(want)
			}
			tol := (2*gamma(c.n)+2*(expMaxULP+0.5)*2*u)*mag + float64(5*c.n)*0x1p-149
			if !near(s, wantS, tol) {
				t.Fatalf("%s shift=%v: sum %v, want %v (tolerance %g)", c, shift, s, wantS, tol)
			}
			if s2, w2 := neonExpSum(x, shift), genExpSum(src, shift); !near(s2, w2, tol) {
				t.Fatalf("%s shift=%v: expSum %v, want %v (tolerance %g)", c, shift, s2, w2, tol)
			}
		}
	}
}

// TestNEONExpSumLengths checks that every element is summed once, in the
// vectors and in the tail: with all terms e^0 = 1 the sums are exact, for
// every length 0..70 and across the 256-element chunks of neonExpSum.
func TestNEONExpSumLengths(t *testing.T) {
	skipWithoutNEON(t)
	ns := []int{255, 256, 257, 511, 512, 513, 1000}
	for n := 0; n <= 70; n++ {
		ns = append(ns, n)
	}
	for _, n := range ns {
		x := guard.Floats(t, n, guard.After)
		for i := range x {
			x[i] = 2
		}
		dst := make([]float32, n)
		if s := neonExpSum(x, 2); s != float32(n) {
			t.Fatalf("n=%d: Σ e^(2−2) = %v, want %d", n, s, n)
		}
		if s := neonExpShifted(dst, x, 2); s != float32(n) {
			t.Fatalf("n=%d: expShifted sum %v, want %d", n, s, n)
		}
	}
}

// TestNEONArgmaxTies checks the lane reduction of neonArgmax: with the
// maximum repeated in several lanes, and across the 16-element blocks and
// the tail, the first index wins; a NaN anywhere wins over any maximum; a
// slice of −Inf only gives 0; −0 and +0 tie.
func TestNEONArgmaxTies(t *testing.T) {
	skipWithoutNEON(t)
	for n := 16; n <= 70; n++ {
		x := guard.Floats(t, n, guard.After)
		for first := 0; first < n; first++ {
			for i := range x {
				x[i] = float32(i % 5)
			}
			for i := first; i < n; i += 3 {
				x[i] = 9 // the maximum, repeated in many lanes
			}
			if got := neonArgmax(x); got != first {
				t.Fatalf("n=%d: maximum first at %d, repeated every 3: Argmax = %d", n, first, got)
			}
			x[n-1-first] = float32(math.NaN())
			if got, want := neonArgmax(x), refArgmax(x); got != want {
				t.Fatalf("n=%d: NaN at %d: Argmax = %d, want %d", n, n-1-first, got, want)
			}
		}
		for i := range x {
			x[i] = float32(math.Inf(-1))
		}
		if got := neonArgmax(x); got != 0 {
			t.Fatalf("n=%d: all −Inf: Argmax = %d, want 0", n, got)
		}
		for i := range x {
			x[i] = float32(math.Copysign(0, float64(i%2)-0.5))
		}
		if got := neonArgmax(x); got != 0 {
			t.Fatalf("n=%d: ±0: Argmax = %d, want 0", n, got)
		}
	}
}
