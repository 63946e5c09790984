package kernels

import (
	"math"
	"testing"
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
		run: func(out []float32, in [][]float32) float64 { Exp(out, in[0]); return 0 },
		ref: func(out []float32, in [][]float32) float64 { refExp(out, in[0]); return 0 },
		tol: func(in [][]float32, i int, want float32) float64 {
			return expMaxULP * ulpOf(want)
		},
	}
	forEachFastPath(t, func(t *testing.T) { testVecKernel(t, k) })
}

// ulpOf is the spacing of float32 values at |f|.
func ulpOf(f float32) float64 {
	a := float32(math.Abs(float64(f)))
	return float64(math.Nextafter32(a, float32(math.Inf(1))) - a)
}
