package kernels

import (
	"fmt"
	"math"
	"testing"

	"github.com/gof32/gof32/internal/guard"
)

// A vecKernel is a kernel over vectors of one length, run on the current
// path (run) and on the reference (ref). Both read ins and write outs, a
// scalar result, or both; tol gives the allowed difference for output
// element i from the reference's inputs and output.
type vecKernel struct {
	name  string
	ins   int  // input vectors
	inout bool // the first input is also the output (Axpy, Scale, SGD)
	run   func(out []float32, in [][]float32) float64
	ref   func(out []float32, in [][]float32) float64
	tol   func(in [][]float32, i int, want float32) float64
	// scalarTol is the tolerance on the scalar result, from the inputs.
	scalarTol func(in [][]float32) float64
}

// unaryRun and binaryRun are a vecKernel's run (or ref) for an
// elementwise kernel of one or two inputs.
func unaryRun(f func(dst, x []float32)) func([]float32, [][]float32) float64 {
	return func(dst []float32, in [][]float32) float64 { f(dst, in[0]); return 0 }
}

func binaryRun(f func(dst, a, b []float32)) func([]float32, [][]float32) float64 {
	return func(dst []float32, in [][]float32) float64 { f(dst, in[0], in[1]); return 0 }
}

const alphaTest = -0.75

// exact: one correctly rounded IEEE operation per element gives the same
// bits on every path.
func exact([][]float32, int, float32) float64 { return 0 }

// fmaTol bounds the difference between y + a·x fused (one rounding) and
// not fused (the reference: the product rounded, then the sum). With
// p = a·x, the reference is (y + p(1+δ₁))(1+δ₂) and the fused result
// (y + p)(1+δ₃), |δᵢ| ≤ u, so they differ by at most
// u·|p| + u·|y + p̂| + u·|y + p|: the product's rounding plus the roundings
// of both sums, each about u·|result| (|y + p̂| and |y + p| are within a
// factor 1 + 2u of |want|, hence the factor 1 + 4u). In the denormal range
// a rounding errs by up to 2⁻¹⁵⁰ absolutely instead, three roundings at
// most: the 2⁻¹⁴⁸.
func fmaTol(a float64, x, y int) func(in [][]float32, i int, want float32) float64 {
	return func(in [][]float32, i int, want float32) float64 {
		return (1+4*u)*(u*math.Abs(a*float64(in[x][i]))+2*u*math.Abs(float64(want))) + 0x1p-148
	}
}

// sumTol is twice γ_n·Σ|terms|: two summation orders, each within γ_n.
func sumTol(terms func(in [][]float32, i int) float64) func(in [][]float32) float64 {
	return func(in [][]float32) float64 {
		var s float64
		n := len(in[0])
		for i := 0; i < n; i++ {
			s += math.Abs(terms(in, i))
		}
		return 2 * gamma(n) * s
	}
}

var vecKernels = []vecKernel{
	{name: "Axpy", ins: 2, inout: true,
		run: func(out []float32, in [][]float32) float64 { Axpy(alphaTest, in[1], out); return 0 },
		ref: func(out []float32, in [][]float32) float64 { refAxpy(alphaTest, in[1], out); return 0 },
		tol: fmaTol(alphaTest, 1, 0)},
	{name: "SGD", ins: 2, inout: true,
		run: func(out []float32, in [][]float32) float64 { SGD(0.1, out, in[1]); return 0 },
		ref: func(out []float32, in [][]float32) float64 { refSGD(0.1, out, in[1]); return 0 },
		tol: fmaTol(0.1, 1, 0)},
	{name: "Scale", ins: 1, inout: true,
		run: func(out []float32, in [][]float32) float64 { Scale(alphaTest, out); return 0 },
		ref: func(out []float32, in [][]float32) float64 { refScale(alphaTest, out); return 0 },
		tol: exact},
	{name: "Add", ins: 2, run: binaryRun(Add), ref: binaryRun(refAdd), tol: exact},
	{name: "Sub", ins: 2, run: binaryRun(Sub), ref: binaryRun(refSub), tol: exact},
	{name: "Mul", ins: 2, run: binaryRun(Mul), ref: binaryRun(refMul), tol: exact},
	{name: "Relu", ins: 1, run: unaryRun(Relu), ref: unaryRun(refRelu), tol: exact},
	{name: "ReluBackward", ins: 2, run: binaryRun(ReluBackward), ref: binaryRun(refReluBackward), tol: exact},
	{name: "Dot", ins: 2,
		run:       func(_ []float32, in [][]float32) float64 { return float64(Dot(in[0], in[1])) },
		ref:       func(_ []float32, in [][]float32) float64 { return float64(refDot(in[0], in[1])) },
		scalarTol: sumTol(func(in [][]float32, i int) float64 { return float64(in[0][i]) * float64(in[1][i]) })},
	{name: "Sum", ins: 1,
		run:       func(_ []float32, in [][]float32) float64 { return float64(Sum(in[0])) },
		ref:       func(_ []float32, in [][]float32) float64 { return float64(refSum(in[0])) },
		scalarTol: sumTol(func(in [][]float32, i int) float64 { return float64(in[0][i]) })},
	{name: "Max", ins: 1,
		run:       func(_ []float32, in [][]float32) float64 { return float64(Max(in[0])) },
		ref:       func(_ []float32, in [][]float32) float64 { return float64(refMax(in[0])) },
		scalarTol: func([][]float32) float64 { return 0 }},
	{name: "Argmax", ins: 1,
		run:       func(_ []float32, in [][]float32) float64 { return float64(Argmax(in[0])) },
		ref:       func(_ []float32, in [][]float32) float64 { return float64(refArgmax(in[0])) },
		scalarTol: func([][]float32) float64 { return 0 }},
}

// TestVectorKernels holds every vector kernel against its reference on
// every path, every length of 0..70 and some larger, unaligned starts,
// guard pages on both sides, with plain values and with specials.
func TestVectorKernels(t *testing.T) {
	for _, k := range vecKernels {
		t.Run(k.name, func(t *testing.T) {
			forEachFastPath(t, func(t *testing.T) { testVecKernel(t, k, 1) })
		})
	}
}

// testVecKernel holds k on the current path to the reference over every
// vecCase, with uniform inputs in [−scale, scale), then with specials too
// (sumSpecials for a reduction).
func testVecKernel(t *testing.T, k vecKernel, scale float32) {
	r := newRand(t)
	cases := vecCases(r)
	maxN := 0
	for _, c := range cases {
		maxN = max(maxN, c.n+c.off)
	}
	ar := newArenas(t, k.ins+1, maxN)
	for _, withSpecials := range []bool{false, true} {
		for _, c := range cases {
			src := make([][]float32, k.ins)
			for j := range src {
				src[j] = make([]float32, c.n)
				fillUniform(r, src[j])
				if scale != 1 {
					for i := range src[j] {
						src[j][i] *= scale
					}
				}
				if withSpecials {
					sp := specials
					if k.scalarTol != nil {
						sp = sumSpecials
					}
					sprinkle(r, src[j], sp)
				}
			}
			checkVecKernel(t, fmt.Sprintf("%s specials=%v", c, withSpecials), k, ar, c, src)
		}
	}
}

func column(in [][]float32, i int) []float32 {
	var c []float32
	for _, x := range in {
		c = append(c, x[i])
	}
	return c
}

// TestLengthMismatch checks that mismatched vectors panic with the kernel's
// name rather than reading out of bounds.
func TestLengthMismatch(t *testing.T) {
	x, y := make([]float32, 4), make([]float32, 5)
	for name, f := range map[string]func(){
		"Axpy":         func() { Axpy(1, x, y) },
		"Dot":          func() { Dot(x, y) },
		"Add":          func() { Add(x, x, y) },
		"Sub":          func() { Sub(y, x, x) },
		"Mul":          func() { Mul(x, y, x) },
		"Exp":          func() { Exp(x, y) },
		"Relu":         func() { Relu(x, y) },
		"ReluBackward": func() { ReluBackward(x, x, y) },
		"SGD":          func() { SGD(1, x, y) },
	} {
		msg := catchPanic(f)
		if msg == "" || !contains(msg, name) {
			t.Errorf("%s with mismatched lengths: panic %q, want one naming %s", name, msg, name)
		}
	}
}

func catchPanic(f func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = r.(string)
		}
	}()
	f()
	return ""
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

// TestMaxArgmaxPositions places the answer everywhere: for every length
// up to 70 and every position p, a vector whose largest element (or first
// NaN) sits at p, with equal copies of the maximum or more NaNs after it,
// negative values, −Inf everywhere but p, and signed zeros, against the
// reference on every path, inside guard pages. These are the cases where
// a SIMD maximum must find the first of several candidate lanes, in the
// unrolled body, in a whole vector or in the tail.
func TestMaxArgmaxPositions(t *testing.T) {
	forEachFastPath(t, func(t *testing.T) {
		ar := newArenas(t, 1, 80)
		nan := float32(math.NaN())
		inf := float32(math.Inf(1))
		for n := 1; n <= 70; n++ {
			for p := 0; p < n; p++ {
				for variant := range 6 {
					src := make([]float32, n)
					for i := range src {
						src[i] = -1 - float32(i%5)
					}
					switch variant {
					case 0: // a unique maximum
						src[p] = 2
					case 1: // the maximum repeated after p
						for i := p; i < n; i += 3 {
							src[i] = 2
						}
					case 2: // NaN at p, larger values and NaNs after it
						src[p] = nan
						for i := p + 1; i < n; i += 2 {
							src[i] = inf
						}
						if p+3 < n {
							src[p+3] = nan
						}
					case 3: // −Inf everywhere but p
						for i := range src {
							src[i] = -inf
						}
						if p > 0 {
							src[p] = -math.MaxFloat32
						}
					case 4: // zeros of both signs from p on
						for i := p; i < n; i++ {
							src[i] = float32(math.Copysign(0, float64(i%2)-0.5))
						}
					case 5: // a maximum before p, a NaN at p
						src[0] = 5
						src[p] = nan
					}
					c := vecCase{n: n, side: guard.Sides[(p+variant)%2]}
					x := ar.get(0, c, src)
					if got, want := Argmax(x), refArgmax(src); got != want {
						t.Fatalf("n=%d p=%d variant %d: Argmax = %d, want %d (%v)", n, p, variant, got, want, src)
					}
					if got, want := Max(x), refMax(src); !near(got, want, 0) {
						t.Fatalf("n=%d p=%d variant %d: Max = %v, want %v (%v)", n, p, variant, got, want, src)
					}
				}
			}
		}
	})
}

// TestKernelsDoNotAllocate: no kernel allocates on any path (the row-wise
// ones call the vector ones through function values, which must not make
// anything escape).
func TestKernelsDoNotAllocate(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		const rows, cols = 5, 37
		x, y, z := make([]float32, rows*cols), make([]float32, rows*cols), make([]float32, rows*cols)
		idx := make([]int, rows)
		r := newRand(t)
		fillUniform(r, x)
		fillUniform(r, y)
		for name, f := range map[string]func(){
			"Axpy":          func() { Axpy(0.5, x, y) },
			"Scale":         func() { Scale(1, x) },
			"Dot":           func() { Dot(x, y) },
			"Add":           func() { Add(z, x, y) },
			"Sub":           func() { Sub(z, x, y) },
			"Mul":           func() { Mul(z, x, y) },
			"Sum":           func() { Sum(x) },
			"Max":           func() { Max(x) },
			"Argmax":        func() { Argmax(x) },
			"Exp":           func() { Exp(z, x) },
			"Relu":          func() { Relu(z, x) },
			"ReluBackward":  func() { ReluBackward(z, y, x) },
			"SGD":           func() { SGD(0.1, y, x) },
			"AddRowVector":  func() { AddRowVector(rows, cols, z, cols, x[:cols]) },
			"ColumnSums":    func() { ColumnSums(z[:cols], rows, cols, x, cols) },
			"ArgmaxRows":    func() { ArgmaxRows(idx, rows, cols, x, cols) },
			"SoftmaxRows":   func() { SoftmaxRows(rows, cols, x, cols, z, cols) },
			"LogSumExpRows": func() { LogSumExpRows(z[:rows], rows, cols, x, cols) },
		} {
			if n := testing.AllocsPerRun(10, f); n != 0 {
				t.Errorf("%s allocates %v times per call", name, n)
			}
		}
	})
}

// TestArgmaxTies checks the lane reductions of every path's Argmax (the
// NEON one reduces 16 lanes, each holding its first maximum): with the
// maximum repeated in several lanes, and across the vectors and the tail,
// the first index wins; a NaN anywhere wins over any maximum; a slice of
// −Inf only gives 0; −0 and +0 tie; lengths 16..70.
func TestArgmaxTies(t *testing.T) {
	forEachFastPath(t, func(t *testing.T) {
		for n := 16; n <= 70; n++ {
			x := guard.Floats(t, n, guard.After)
			for first := 0; first < n; first++ {
				for i := range x {
					x[i] = float32(i % 5)
				}
				for i := first; i < n; i += 3 {
					x[i] = 9 // the maximum, repeated in many lanes
				}
				if got := Argmax(x); got != first {
					t.Fatalf("n=%d: maximum first at %d, repeated every 3: Argmax = %d", n, first, got)
				}
				x[n-1-first] = float32(math.NaN())
				if got, want := Argmax(x), refArgmax(x); got != want {
					t.Fatalf("n=%d: NaN at %d: Argmax = %d, want %d", n, n-1-first, got, want)
				}
			}
			for i := range x {
				x[i] = float32(math.Inf(-1))
			}
			if got := Argmax(x); got != 0 {
				t.Fatalf("n=%d: all −Inf: Argmax = %d, want 0", n, got)
			}
			for i := range x {
				x[i] = float32(math.Copysign(0, float64(i%2)-0.5))
			}
			if got := Argmax(x); got != 0 {
				t.Fatalf("n=%d: ±0: Argmax = %d, want 0", n, got)
			}
		}
	})
}
