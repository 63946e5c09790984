package kernels

import (
	"math"
	"testing"

	"github.com/gof32/gof32/internal/guard"
)

// expMaxULP is the error bound Exp documents, in units in the last place
// of the correctly rounded float32 result.
const expMaxULP = 2

// TestExpAccuracy sweeps the whole float32 range where e^x is finite and
// not zero, every 97th representable value and the edges, on every path,
// and checks each result within expMaxULP of math.Exp rounded to float32.
func TestExpAccuracy(t *testing.T) {
	var xs []float32
	lo, hi := ordered(float32(expLo-1)), ordered(float32(expHi+1))
	step := int64(97)
	if testing.Short() {
		step = 9973
	}
	for o := lo; o <= hi; o += step {
		xs = append(xs, fromOrdered(o))
	}
	xs = append(xs, specials...)
	xs = append(xs, expHi, float32(math.Nextafter32(expHi, 100)), expLo, -87.33654, -87.33655, 0, 1, -1)
	forEachFastPath(t, func(t *testing.T) {
		got := make([]float32, len(xs))
		Exp(got, xs)
		worst := uint32(0)
		for i, x := range xs {
			want := float32(math.Exp(float64(x)))
			d := ulpDiff(got[i], want)
			if d > expMaxULP {
				t.Fatalf("Exp(%v) = %v, want %v (%d ulp)", x, got[i], want, d)
			}
			worst = max(worst, d)
		}
		t.Logf("%d inputs, worst error %d ulp", len(xs), worst)
	})
}

func fromOrdered(o int64) float32 {
	if o < 0 {
		return math.Float32frombits(uint32(-o) | 1<<31)
	}
	return math.Float32frombits(uint32(o))
}

// TestExpVector runs Exp through the vector harness: every length, guard
// pages, unaligned starts.
func TestExpVector(t *testing.T) {
	k := vecKernel{name: "Exp", ins: 1,
		run: unaryRun(Exp), ref: unaryRun(refExp),
		tol: func(in [][]float32, i int, want float32) float64 {
			return expMaxULP * ulpOf(want)
		},
	}
	forEachFastPath(t, func(t *testing.T) { testVecKernel(t, k, 1) })
}

// ulpOf is the spacing of float32 values at |f|.
func ulpOf(f float32) float64 {
	a := float32(math.Abs(float64(f)))
	return float64(math.Nextafter32(a, float32(math.Inf(1))) - a)
}

// TestExpRangeEnds checks the clamping argument of expf and of the
// assembly that follows it (internal/asm/exp_amd64.s, ExpShiftedNEON in
// internal/asm/vec_arm64.s) on every path: every float32 in [−104, expLo)
// gives 0 and every one in (expHi, 89] gives +Inf, as expf's explicit
// range checks do, and so do expHi itself (whose e^x rounds to +Inf), the
// far ends and the infinities; a NaN stays NaN.
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
	forEachFastPath(t, func(t *testing.T) {
		for _, c := range []struct {
			xs   []float32
			want float32
		}{{zeros, 0}, {infs, float32(math.Inf(1))}} {
			got := make([]float32, len(c.xs))
			Exp(got, c.xs)
			for i, x := range c.xs {
				if got[i] != c.want {
					t.Fatalf("exp(%v) = %v, want %v", x, got[i], c.want)
				}
			}
		}
		nan := []float32{float32(math.NaN()), float32(math.NaN()), 0, 1, 2, 3, 4, float32(math.NaN())}
		got := make([]float32, len(nan))
		Exp(got, nan)
		for i, x := range nan {
			if (got[i] != got[i]) != (x != x) {
				t.Fatalf("exp(%v) = %v", x, got[i])
			}
		}
	})
}

// TestExpShiftedSum holds every path's exp-and-sum kernels (impl.expShifted
// and impl.expSum, behind SoftmaxRows and LogSumExpRows) against math.Exp
// and genExpShifted/genExpSum: every length 0..70 and some larger, guard pages
// on both sides, shifts that move the arguments across the whole range.
// Each element is within expMaxULP of e^(x−shift) correctly rounded (x −
// shift is rounded the same way in both). The sums are of n positive
// terms, each within expMaxULP + ½ ulp of its exact value eᵢ on either
// path, an ulp being at most 2u·eᵢ (or 2⁻¹⁴⁹ for denormals): two such sums
// differ by at most (2γ_n + 2·(expMaxULP+½)·2u)·Σeᵢ + 5n·2⁻¹⁴⁹.
func TestExpShiftedSum(t *testing.T) {
	forEachFastPath(t, func(t *testing.T) {
		expShifted, expSum := current.Load().expShifted, current.Load().expSum
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

// TestExpSumTail checks that every element is summed once, in the vectors
// and in the tail (the masked-off lanes of an AVX-512 tail add nothing),
// and across the 256-element chunks of a buffered expSum: with all terms
// e^0 = 1 the sums are exact, for every length 0..70 and some larger.
func TestExpSumTail(t *testing.T) {
	forEachFastPath(t, func(t *testing.T) {
		expShifted, expSum := current.Load().expShifted, current.Load().expSum
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
			if s := expSum(x, 2); s != float32(n) {
				t.Fatalf("n=%d: Σ e^(2−2) = %v, want %d", n, s, n)
			}
			if s := expShifted(dst, x, 2); s != float32(n) {
				t.Fatalf("n=%d: expShifted sum %v, want %d", n, s, n)
			}
		}
	})
}
