//go:build !purego

package kernels

import (
	"math"
	"testing"

	"github.com/gof32/gof32/internal/asm"
	"github.com/gof32/gof32/internal/guard"
)

// Tests of the amd64 routines that the kernel table does not reach
// directly (the exp-and-sum routines behind SoftmaxRows and LogSumExpRows)
// and of the exp range argument in internal/asm/exp_amd64.s.

// simdExps are the exp routines of each amd64 path with the CPU feature
// they need.
var simdExps = []struct {
	name       string
	ok         bool
	exp        func(dst, x []float32)
	expShifted func(dst, x []float32, shift float32) float32
	expSum     func(x []float32, shift float32) float32
}{
	{"avx2", hasAVX2, avx2Exp, avx2ExpShifted, avx2ExpSum},
	{"avx512", hasAVX512, asm.ExpAVX512, asm.ExpShiftedAVX512, asm.ExpSumAVX512},
}

// forEachSIMDExp runs f for each amd64 exp implementation the CPU can run
// and skips, with the reason, the others.
func forEachSIMDExp(t *testing.T, f func(t *testing.T, exp func(dst, x []float32), expShifted func(dst, x []float32, shift float32) float32, expSum func(x []float32, shift float32) float32)) {
	for _, e := range simdExps {
		t.Run(e.name, func(t *testing.T) {
			if !e.ok {
				t.Skipf("the CPU lacks the features of path %s", e.name)
			}
			f(t, e.exp, e.expShifted, e.expSum)
		})
	}
}

// TestExpRangeEnds checks the clamping argument of internal/asm/exp_amd64.s: every
// float32 in [−104, expLo) gives 0 and every one in (expHi, 89] gives
// +Inf, as expf's explicit range checks do, and so do the far ends and
// the infinities; a NaN stays NaN.
func TestExpRangeEnds(t *testing.T) {
	var zeros, infs []float32
	for v := float32(-104); v < expLo; v = math.Nextafter32(v, 0) {
		zeros = append(zeros, v)
	}
	for v := math.Nextafter32(expHi, 100); v <= 89; v = math.Nextafter32(v, 100) {
		infs = append(infs, v)
	}
	zeros = append(zeros, -104.5, -1e30, -math.MaxFloat32, float32(math.Inf(-1)))
	infs = append(infs, expHi, 89.5, 1e30, math.MaxFloat32, float32(math.Inf(1)))
	for _, x := range zeros {
		if e := expf(x); e != 0 {
			t.Fatalf("expf(%v) = %v, want 0", x, e)
		}
	}
	for _, x := range infs {
		if e := expf(x); !math.IsInf(float64(e), 1) {
			t.Fatalf("expf(%v) = %v, want +Inf", x, e)
		}
	}
	forEachSIMDExp(t, func(t *testing.T, exp func(dst, x []float32), _ func(dst, x []float32, shift float32) float32, _ func(x []float32, shift float32) float32) {
		for _, c := range []struct {
			xs   []float32
			want float32
		}{{zeros, 0}, {infs, float32(math.Inf(1))}} {
			got := make([]float32, len(c.xs))
			exp(got, c.xs)
			for i, x := range c.xs {
				if got[i] != c.want {
					t.Fatalf("exp(%v) = %v, want %v", x, got[i], c.want)
				}
			}
		}
		nan := []float32{float32(math.NaN()), float32(math.NaN()), 0, 1, 2, 3, 4, float32(math.NaN())}
		got := make([]float32, len(nan))
		exp(got, nan)
		for i, x := range nan {
			if (got[i] != got[i]) != (x != x) {
				t.Fatalf("exp(%v) = %v", x, got[i])
			}
		}
	})
}

// TestExpShiftedSum holds the exp-and-sum routines against expf and
// genExpShifted/genExpSum: every length 0..70 and some larger, guard pages
// on both sides, shifts that move the arguments across the whole range.
// Each element is within expMaxULP of e^(x−shift) correctly rounded (x −
// shift is rounded the same way in both). The sums are of n positive
// terms, each within expMaxULP + ½ ulp of its exact value eᵢ on either
// path, an ulp being at most 2u·eᵢ (or 2⁻¹⁴⁹ for denormals): two such sums
// differ by at most (2γ_n + 2·(expMaxULP+½)·2u)·Σeᵢ + 5n·2⁻¹⁴⁹.
func TestExpShiftedSum(t *testing.T) {
	forEachSIMDExp(t, func(t *testing.T, _ func(dst, x []float32), expShifted func(dst, x []float32, shift float32) float32, expSum func(x []float32, shift float32) float32) {
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
				s := expShifted(dst, x, shift)
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
				if s2, w2 := expSum(x, shift), genExpSum(src, shift); !near(s2, w2, tol) {
					t.Fatalf("%s shift=%v: expSum %v, want %v (tolerance %g)", c, shift, s2, w2, tol)
				}
			}
		}
	})
}

// TestExpSumTail checks that the masked-off lanes of the AVX-512 tail add
// nothing: the sum over n elements equals the sum of the n separately
// computed terms for exact-enough inputs (e^0 = 1 each), for every n.
func TestExpSumTail(t *testing.T) {
	forEachSIMDExp(t, func(t *testing.T, _ func(dst, x []float32), expShifted func(dst, x []float32, shift float32) float32, expSum func(x []float32, shift float32) float32) {
		for n := 0; n <= 70; n++ {
			x := guard.Floats(t, n, guard.After)
			for i := range x {
				x[i] = 2
			}
			dst := make([]float32, n)
			if s := expSum(x, 2); s != float32(n) {
				t.Fatalf("n=%d: Σ e^(2−2) = %v, want %d", n, s, n)
			}
			if s := expShifted(dst, x, 2); s != float32(n) {
				t.Fatalf("n=%d: expShifted sum %v, want %d", n, s, n)
			}
		}
	})
}
