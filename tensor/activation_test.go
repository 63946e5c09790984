package tensor

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gof32/gof32/internal/pathtest"
)

// Tests of activation.go: the activations and their backward forms
// against float64 formulas on every kernels path, over empty, 1-D, 2-D
// and 3-D tensors whose sizes straddle the SIMD widths, in every layout
// (strided, transposed, mixed orientations), in place and with
// overlapping operands; NaN and Inf; shape mismatches; allocations.

// tiny is the smallest positive float32 (a denormal), 2⁻¹⁴⁹: the
// absolute error of a rounding whose result is denormal is at most half
// of it.
const tiny = 0x1p-149

// An nview is a view of any shape in one of the storage arrangements the
// package supports, inside a parent that holds the sentinel around it.
type nview struct {
	kind      string
	t, parent *Tensor
}

// viewKinds returns the arrangements a tensor of the given shape can
// have: for matrices those of layoutNames, for other ranks dense and
// offset (1-D: a range inside a longer vector) or strided (a range of
// rows and last-dimension columns inside a larger tensor).
func viewKinds(shape []int) []string {
	switch len(shape) {
	case 1:
		return []string{"dense", "offset"}
	case 2:
		return layoutNames
	}
	return []string{"dense", "strided"}
}

// operandKinds returns kinds, or with -short (which the race detector and
// slow machines run) the plain and the transposed strided ones among
// them: the cross products of three layouts are then cut down where they
// are innermost, and the other operands and dst still take every layout.
func operandKinds(kinds []string) []string {
	if testing.Short() && len(kinds) == len(layoutNames) {
		return []string{"dense", "transposed-strided"}
	}
	return kinds
}

// makeView makes a view of the named kind and shape holding vals in
// row-major order, or NaN everywhere if vals is nil (so that an element
// an operation forgets to write fails the comparison).
func makeView(kind string, shape []int, vals []float32) *nview {
	v := &nview{kind: kind}
	n := len(shape)
	switch {
	case kind == "dense":
		v.parent = Zeros(shape...)
		v.t = v.parent
	case kind == "offset" && n == 1:
		v.parent = Full(sentinel, shape[0]+5)
		v.t = v.parent.Slice(2, 2+shape[0])
	case kind == "strided" && n >= 2:
		ps := append([]int(nil), shape...)
		ps[0] += 2
		ps[n-1] += 3
		v.parent = Full(sentinel, ps...)
		v.t = v.parent.Slice(1, 1+shape[0]).SliceCols(2, 2+shape[n-1])
	case n == 2:
		l := newLayout(kind, shape[0], shape[1], nil)
		v.parent, v.t = l.parent, l.t
	default:
		panic(fmt.Sprint(kind, shape))
	}
	if vals == nil {
		v.t.Fill(float32(math.NaN()))
	} else {
		setValues(v.t, vals)
	}
	return v
}

// setValues sets the elements of t, in row-major order, to vals.
func setValues(t *Tensor, vals []float32) {
	shape := t.Shape()
	idx := make([]int, len(shape))
	for _, x := range vals {
		t.Set(x, idx...)
		for k := len(idx) - 1; k >= 0; k-- {
			if idx[k]++; idx[k] < shape[k] {
				break
			}
			idx[k] = 0
		}
	}
}

// checkOutside fails unless the parent holds the sentinel everywhere
// outside the view: the view's own elements never equal it (the tests'
// values and results are far from 777.25), so the parent must hold
// exactly Size(parent) − Size(view) sentinels.
func (v *nview) checkOutside(t *testing.T, op string) {
	t.Helper()
	if v.t == v.parent {
		return
	}
	n := 0
	for _, x := range v.parent.Values() {
		if x == sentinel {
			n++
		}
	}
	if want := v.parent.Size() - v.t.Size(); n != want {
		t.Fatalf("%s on a %s view of shape %v wrote %d elements of the parent outside the view", op, v.kind, v.t.Shape(), want-n)
	}
}

// activationShapes are the shapes of the layout tests: empty ones, 1-D and
// rows whose lengths straddle the SIMD widths (4, 8, 16 lanes and their
// unrolled multiples), and 3-D.
var activationShapes = [][]int{
	{0}, {1}, {7}, {16}, {17}, {33}, {64}, {70},
	{0, 5}, {4, 0}, {3, 1}, {1, 9}, {3, 7}, {2, 15}, {3, 16}, {2, 17}, {2, 31}, {1, 33}, {2, 63}, {2, 64}, {3, 65}, {2, 70},
	{2, 3, 17}, {2, 2, 9}, {0, 2, 3},
}

// activationInputs returns n inputs: mostly in [−4, 4), every fifth in
// [−110, 110) (where the activations saturate and sigmoid becomes
// denormal), and the special values 0, −0 and ±0.03 in the first
// positions when there is room.
func activationInputs(r *rand.Rand, n int) []float32 {
	v := make([]float32, n)
	for i := range v {
		if i%5 == 4 {
			v[i] = 220*r.Float32() - 110
		} else {
			v[i] = 8*r.Float32() - 4
		}
	}
	copy(v, []float32{0, float32(math.Copysign(0, -1)), 0.03, -0.03})
	return v
}

// An activation is a forward activation with its float64 truth and its
// error bound in ulp of the float32 rounding of the truth: the kernels'
// documented bounds, and 0 for Relu, a selection. float32(truth(x)) is the
// correctly rounded result but for the double rounding of values within
// 2⁻²⁹ ulp of a midpoint, which the bounds' spare ulp covers.
type activation struct {
	name   string
	f      func(dst, a *Tensor) *Tensor
	truth  func(float64) float64
	maxULP int64
}

var activations = []activation{
	{"Relu", Relu, func(x float64) float64 {
		if x > 0 || x != x {
			return x
		}
		return 0
	}, 0},
	{"Sigmoid", Sigmoid, sigmoid64, pathtest.SigmoidMaxULP},
	{"Tanh", Tanh, math.Tanh, pathtest.TanhMaxULP},
	{"Softplus", Softplus, func(x float64) float64 {
		return math.Max(x, 0) + math.Log1p(math.Exp(-math.Abs(x)))
	}, pathtest.SoftplusMaxULP},
}

// sigmoid64 is the logistic function in float64, with its relative
// precision where it is tiny.
func sigmoid64(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

// checkActivation compares the results got of an activation with its
// truth on the inputs xs.
func checkActivation(t *testing.T, a activation, what string, got, xs []float32) {
	t.Helper()
	if len(got) != len(xs) {
		t.Fatalf("%s %s: %d elements, want %d", a.name, what, len(got), len(xs))
	}
	for i, x := range xs {
		want := float32(a.truth(float64(x)))
		g := got[i]
		switch {
		case want != want || math.IsInf(float64(want), 0):
			if !same(g, want) {
				t.Fatalf("%s %s: element %d: f(%v) = %v, want %v", a.name, what, i, x, g, want)
			}
		case a.maxULP == 0:
			if g != want { // Relu: −0 or +0 for x ≤ 0 alike
				t.Fatalf("%s %s: element %d: f(%v) = %v, want %v", a.name, what, i, x, g, want)
			}
		case ulps(g, want) > a.maxULP:
			t.Fatalf("%s %s: element %d: f(%v) = %v, want %v within %d ulp", a.name, what, i, x, g, want, a.maxULP)
		}
	}
}

func TestActivations(t *testing.T) {
	pathtest.ForEach(t, func(t *testing.T) {
		r := newRand(11)
		// Every length 0..70 as a plain vector: the SIMD bodies and
		// every tail length of each path.
		for n := range 71 {
			xs := activationInputs(r, n)
			for _, a := range activations {
				x := FromSlice(xs)
				checkActivation(t, a, fmt.Sprintf("length %d", n), a.f(nil, x).Values(), xs)
				a.f(x, x)
				checkActivation(t, a, fmt.Sprintf("length %d in place", n), x.Values(), xs)
			}
		}
		for _, shape := range activationShapes {
			xs := activationInputs(r, numel("test", shape))
			kinds := viewKinds(shape)
			for _, a := range activations {
				for _, ak := range kinds {
					for _, dk := range kinds {
						where := fmt.Sprintf("%v dst=%s a=%s", shape, dk, ak)
						x, dst := makeView(ak, shape, xs), makeView(dk, shape, nil)
						if a.f(dst.t, x.t) != dst.t {
							t.Fatalf("%s did not return dst", a.name)
						}
						checkActivation(t, a, where, dst.t.Values(), xs)
						if fmt.Sprint(x.t.Values()) != fmt.Sprint(xs) {
							t.Fatalf("%s %s changed its operand", a.name, where)
						}
						dst.checkOutside(t, a.name)
						x.checkOutside(t, a.name)
					}
					x := makeView(ak, shape, xs)
					a.f(x.t, x.t)
					checkActivation(t, a, fmt.Sprintf("%v in place a=%s", shape, ak), x.t.Values(), xs)
					x.checkOutside(t, a.name)

					got := a.f(nil, makeView(ak, shape, xs).t)
					if fmt.Sprint(got.Shape()) != fmt.Sprint(shape) || got.IsTransposed() {
						t.Fatalf("%s nil dst for a=%s: shape %v", a.name, ak, got.Shape())
					}
					checkActivation(t, a, fmt.Sprintf("%v nil dst a=%s", shape, ak), got.Values(), xs)
				}
			}
		}
		// Overlapping operands: the destination is the operand shifted by
		// a row (both ways), or the transpose of a square operand; the
		// result is the formula's on the operand as it was.
		for _, k := range layoutNames {
			for _, sh := range [][2]int{{3, 17}, {5, 4}} {
				m, n := sh[0], sh[1]
				xs := activationInputs(r, (m+1)*n)
				for _, a := range activations {
					x := makeView(k, []int{m + 1, n}, xs)
					a.f(x.t.Slice(1, m+1), x.t.Slice(0, m))
					checkActivation(t, a, fmt.Sprintf("%s rows shifted down", k), x.t.Slice(1, m+1).Values(), xs[:m*n])
					x.checkOutside(t, a.name)
					x = makeView(k, []int{m + 1, n}, xs)
					a.f(x.t.Slice(0, m), x.t.Slice(1, m+1))
					checkActivation(t, a, fmt.Sprintf("%s rows shifted up", k), x.t.Slice(0, m).Values(), xs[n:])
				}
			}
			xs := activationInputs(r, 81)
			for _, a := range activations {
				sq := makeView(k, []int{9, 9}, xs)
				a.f(sq.t, sq.t.T())
				checkActivation(t, a, k+" onto its own transpose", sq.t.T().Values(), xs)
			}
		}
	})
}

// A backward is the backward form of an activation: f(dst, dy, v) with v
// the activation's output (its input for Softplus), the inputs v it is
// meant for, and check, which returns the float64 result of the formula
// on the same float32 inputs and the bound on the error of got.
type backward struct {
	name  string
	f     func(dst, dy, v *Tensor) *Tensor
	input func(r *rand.Rand, n int) []float32
	want  func(dy, v float32) (want, tol float64)
}

// The bounds: SigmoidBackward computes dy·(y·(1 − y)) and TanhBackward
// dy·((1 − y)·(1 + y)), three correctly rounded operations each (the
// kernels' documented order), so the result is within (1+u)³ − 1 ≤ γ_3
// relative of the formula, plus the absolute 2⁻¹⁵⁰ of each rounding
// into the denormals (scaled by |dy| ≤ 4 when it is the product's);
// the float64 evaluation of the formula adds 3·2⁻⁵³ relative, covered by
// γ_3's second-order slack only in part, hence the 2⁻⁴⁹ term.
// SoftplusBackward computes dy·σ̂(x), where σ̂ is kernels.Sigmoid's,
// within SigmoidMaxULP ulp of the rounded sigmoid, itself within ½ ulp;
// an ulp of a normal float32 v is at most 2u·|v|, so
// |σ̂ − σ| ≤ (2·SigmoidMaxULP + 1)·u·σ, and the product rounds once more:
// (2·SigmoidMaxULP + 2)·u relative (with 1% for the second-order terms),
// and where σ is denormal (x < −87.3) (SigmoidMaxULP + ½)·2⁻¹⁴⁹·|dy|
// absolute plus the product's 2⁻¹⁵⁰. ReluBackward selects: exact.
var backwards = []backward{
	{"ReluBackward", ReluBackward, activationInputs, func(dy, y float32) (float64, float64) {
		if y > 0 {
			return float64(dy), 0
		}
		return 0, 0
	}},
	{"SigmoidBackward", SigmoidBackward, sigmoidOutputs, func(dy, y float32) (float64, float64) {
		d, v := float64(dy), float64(y)
		w := d * v * (1 - v)
		return w, (pathtest.Gamma(3)+0x1p-49)*math.Abs(w) + 3*tiny*(1+math.Abs(d))
	}},
	{"TanhBackward", TanhBackward, tanhOutputs, func(dy, y float32) (float64, float64) {
		d, v := float64(dy), float64(y)
		w := d * (1 - v) * (1 + v)
		return w, (pathtest.Gamma(3)+0x1p-49)*math.Abs(w) + 3*tiny*(1+math.Abs(d))
	}},
	{"SoftplusBackward", SoftplusBackward, activationInputs, func(dy, x float32) (float64, float64) {
		d := float64(dy)
		w := d * sigmoid64(float64(x))
		rel := 1.01 * (2*pathtest.SigmoidMaxULP + 2) * pathtest.U
		return w, rel*math.Abs(w) + (pathtest.SigmoidMaxULP+1)*tiny*(1+math.Abs(d))
	}},
}

// sigmoidOutputs returns n values of a sigmoid's output: in [0, 1], with
// 0, 1, 1 − 2⁻²⁴, 2⁻²⁰ and a denormal first when there is room.
func sigmoidOutputs(r *rand.Rand, n int) []float32 {
	v := make([]float32, n)
	for i := range v {
		v[i] = r.Float32()
	}
	copy(v, []float32{0, 1, 1 - 0x1p-24, 0x1p-20, 0x1p-140})
	return v
}

// tanhOutputs returns n values of a tanh's output: in [−1, 1], with ±1,
// ±(1 − 2⁻²⁴) and −0 first when there is room (where (1 − y)·(1 + y) loses
// precision if computed as 1 − y²).
func tanhOutputs(r *rand.Rand, n int) []float32 {
	v := make([]float32, n)
	for i := range v {
		v[i] = 2*r.Float32() - 1
	}
	copy(v, []float32{1, -1, 1 - 0x1p-24, -1 + 0x1p-24, float32(math.Copysign(0, -1))})
	return v
}

// gradients returns n values of an upstream gradient, in [−4, 4).
func gradients(r *rand.Rand, n int) []float32 {
	v := make([]float32, n)
	for i := range v {
		v[i] = 8*r.Float32() - 4
	}
	return v
}

func checkBackward(t *testing.T, b backward, what string, got, dys, vs []float32) {
	t.Helper()
	if len(got) != len(dys) {
		t.Fatalf("%s %s: %d elements, want %d", b.name, what, len(got), len(dys))
	}
	for i := range got {
		want, tol := b.want(dys[i], vs[i])
		if !near(got[i], want, tol) {
			t.Fatalf("%s %s: element %d: f(dy=%v, %v) = %v, want %v ± %g", b.name, what, i, dys[i], vs[i], got[i], want, tol)
		}
	}
}

func TestActivationBackward(t *testing.T) {
	pathtest.ForEach(t, func(t *testing.T) {
		r := newRand(12)
		for n := range 71 {
			for _, b := range backwards {
				dys, vs := gradients(r, n), b.input(r, n)
				got := b.f(nil, FromSlice(dys), FromSlice(vs))
				checkBackward(t, b, fmt.Sprintf("length %d", n), got.Values(), dys, vs)
			}
		}
		for _, shape := range activationShapes {
			size := numel("test", shape)
			kinds := viewKinds(shape)
			for _, b := range backwards {
				dys, vs := gradients(r, size), b.input(r, size)
				for _, dk := range kinds {
					for _, gk := range kinds {
						for _, vk := range operandKinds(kinds) {
							where := fmt.Sprintf("%v dst=%s dy=%s v=%s", shape, dk, gk, vk)
							dst, dy, v := makeView(dk, shape, nil), makeView(gk, shape, dys), makeView(vk, shape, vs)
							if b.f(dst.t, dy.t, v.t) != dst.t {
								t.Fatalf("%s did not return dst", b.name)
							}
							checkBackward(t, b, where, dst.t.Values(), dys, vs)
							dst.checkOutside(t, b.name)
							dy.checkOutside(t, b.name)
							v.checkOutside(t, b.name)
							if fmt.Sprint(dy.t.Values(), v.t.Values()) != fmt.Sprint(dys, vs) {
								t.Fatalf("%s %s changed an operand", b.name, where)
							}
						}
						// In place, into dy and into v.
						dy, v := makeView(dk, shape, dys), makeView(gk, shape, vs)
						b.f(dy.t, dy.t, v.t)
						checkBackward(t, b, fmt.Sprintf("%v into dy=%s v=%s", shape, dk, gk), dy.t.Values(), dys, vs)
						dy.checkOutside(t, b.name)
						dy, v = makeView(gk, shape, dys), makeView(dk, shape, vs)
						b.f(v.t, dy.t, v.t)
						checkBackward(t, b, fmt.Sprintf("%v into v=%s dy=%s", shape, dk, gk), v.t.Values(), dys, vs)
						v.checkOutside(t, b.name)
					}
				}
				// dy and v the same tensor, written in place.
				x := makeView(kinds[len(kinds)-1], shape, vs)
				b.f(x.t, x.t, x.t)
				checkBackward(t, b, fmt.Sprintf("%v f(x, x, x)", shape), x.t.Values(), vs, vs)
			}
		}
		// Overlapping operands: dst is dy shifted by a row (both ways),
		// with v separate or shifted like dy; dst is the transpose of a
		// square dy.
		for _, k := range layoutNames {
			m, n := 4, 19
			for _, b := range backwards {
				dys, vs := gradients(r, (m+1)*n), b.input(r, (m+1)*n)
				for _, vShifted := range []bool{false, true} {
					x, v := makeView(k, []int{m + 1, n}, dys), makeView(k, []int{m + 1, n}, vs)
					dvs := vs[:m*n]
					if vShifted {
						v = x
						dvs = dys[:m*n]
					}
					b.f(x.t.Slice(1, m+1), x.t.Slice(0, m), v.t.Slice(0, m))
					checkBackward(t, b, fmt.Sprintf("%s rows shifted down (v shifted %v)", k, vShifted), x.t.Slice(1, m+1).Values(), dys[:m*n], dvs)

					x, v = makeView(k, []int{m + 1, n}, dys), makeView(k, []int{m + 1, n}, vs)
					dvs = vs[n:]
					if vShifted {
						v = x
						dvs = dys[n:]
					}
					b.f(x.t.Slice(0, m), x.t.Slice(1, m+1), v.t.Slice(1, m+1))
					checkBackward(t, b, fmt.Sprintf("%s rows shifted up (v shifted %v)", k, vShifted), x.t.Slice(0, m).Values(), dys[n:], dvs)
				}
				dys, vs = gradients(r, 64), b.input(r, 64)
				sq, v := makeView(k, []int{8, 8}, dys), makeView(k, []int{8, 8}, vs)
				b.f(sq.t, sq.t.T(), v.t.T())
				checkBackward(t, b, k+" onto dy's transpose", sq.t.T().Values(), dys, vs)
			}
		}
	})
}

// checkSoftmaxBackward compares the result of SoftmaxRowsBackward with the
// formula y·(dy − Σ_j dy_j·y_j) in float64, row by row. The dot product
// is within γ_n·Σ_j|dy_j·y_j| of D = Σ_j dy_j·y_j (Higham §3.1, any order,
// fused or not); the product y·dy rounds once, and y·dy − dot·y, fused or
// not, at most twice more: |err| ≤ |y|·γ_n·Σ|dy·y| + 2u·(|y·dy| +
// |y·D| + |result|), the second-order terms covered by γ_n's slack and the
// factor 2 on the last terms, plus a few roundings into the denormals.
func checkSoftmaxBackward(t *testing.T, what string, got, dys, ys []float32, m, n int) {
	t.Helper()
	if len(got) != m*n {
		t.Fatalf("SoftmaxRowsBackward %s: %d elements, want %d", what, len(got), m*n)
	}
	for i := range m {
		var d, mag float64
		for j := range n {
			p := float64(dys[i*n+j]) * float64(ys[i*n+j])
			d += p
			mag += math.Abs(p)
		}
		for j := range n {
			y, dy := float64(ys[i*n+j]), float64(dys[i*n+j])
			want := y * (dy - d)
			tol := math.Abs(y)*pathtest.Gamma(n)*mag + 2*pathtest.U*(math.Abs(y*dy)+math.Abs(y*d)+math.Abs(want)) + 4*tiny
			if g := got[i*n+j]; !near(g, want, tol) {
				t.Fatalf("SoftmaxRowsBackward %s: (%d,%d) = %v, want %v ± %g", what, i, j, g, want, tol)
			}
		}
	}
}

// transposeVals returns the row-major elements of the transpose of the
// m×n matrix whose row-major elements are vals.
func transposeVals(vals []float32, m, n int) []float32 {
	out := make([]float32, 0, m*n)
	for j := range n {
		for i := range m {
			out = append(out, vals[i*n+j])
		}
	}
	return out
}

// softmaxOutputs returns the rows of a softmax of random logits: positive,
// summing to about 1 per row.
func softmaxOutputs(r *rand.Rand, m, n int) []float32 {
	if m*n == 0 {
		return nil
	}
	return SoftmaxRows(nil, FromSlice(activationInputs(r, m*n), m, n)).Values()
}

func TestSoftmaxRowsBackward(t *testing.T) {
	pathtest.ForEach(t, func(t *testing.T) {
		r := newRand(13)
		for _, sh := range [][2]int{{0, 5}, {4, 0}, {1, 1}, {3, 1}, {1, 70}, {3, 7}, {2, 16}, {4, 17}, {2, 33}, {3, 64}, {2, 65}} {
			m, n := sh[0], sh[1]
			shape := sh[:]
			dys, ys := gradients(r, m*n), softmaxOutputs(r, m, n)
			for _, dk := range layoutNames {
				for _, gk := range layoutNames {
					for _, yk := range operandKinds(layoutNames) {
						where := fmt.Sprintf("%v dst=%s dy=%s y=%s", sh, dk, gk, yk)
						dst, dy, y := makeView(dk, shape, nil), makeView(gk, shape, dys), makeView(yk, shape, ys)
						if SoftmaxRowsBackward(dst.t, dy.t, y.t) != dst.t {
							t.Fatal("SoftmaxRowsBackward did not return dst")
						}
						checkSoftmaxBackward(t, where, dst.t.Values(), dys, ys, m, n)
						dst.checkOutside(t, "SoftmaxRowsBackward")
						dy.checkOutside(t, "SoftmaxRowsBackward")
						y.checkOutside(t, "SoftmaxRowsBackward")
						if fmt.Sprint(dy.t.Values(), y.t.Values()) != fmt.Sprint(dys, ys) {
							t.Fatalf("SoftmaxRowsBackward %s changed an operand", where)
						}
					}
					// In place, into dy and into y.
					dy, y := makeView(dk, shape, dys), makeView(gk, shape, ys)
					SoftmaxRowsBackward(dy.t, dy.t, y.t)
					checkSoftmaxBackward(t, fmt.Sprintf("%v into dy=%s y=%s", sh, dk, gk), dy.t.Values(), dys, ys, m, n)
					dy.checkOutside(t, "SoftmaxRowsBackward")
					dy, y = makeView(gk, shape, dys), makeView(dk, shape, ys)
					SoftmaxRowsBackward(y.t, dy.t, y.t)
					checkSoftmaxBackward(t, fmt.Sprintf("%v into y=%s dy=%s", sh, dk, gk), y.t.Values(), dys, ys, m, n)
					y.checkOutside(t, "SoftmaxRowsBackward")
				}
				got := SoftmaxRowsBackward(nil, makeView(dk, shape, dys).t, makeView(dk, shape, ys).t)
				if got.IsTransposed() || fmt.Sprint(got.Shape()) != fmt.Sprint(shape) {
					t.Fatalf("SoftmaxRowsBackward nil dst: shape %v", got.Shape())
				}
				checkSoftmaxBackward(t, fmt.Sprintf("%v nil dst dy=y=%s", sh, dk), got.Values(), dys, ys, m, n)
				x := makeView(dk, shape, ys)
				SoftmaxRowsBackward(x.t, x.t, x.t)
				checkSoftmaxBackward(t, fmt.Sprintf("%v f(x, x, x) %s", sh, dk), x.t.Values(), ys, ys, m, n)
			}
		}
		// Overlapping operands: dst is dy and y shifted by a row, both
		// ways, and the transpose of square ones.
		for _, k := range layoutNames {
			m, n := 3, 18
			dys, ys := gradients(r, (m+1)*n), softmaxOutputs(r, m+1, n)
			x, y := makeView(k, []int{m + 1, n}, dys), makeView(k, []int{m + 1, n}, ys)
			SoftmaxRowsBackward(x.t.Slice(1, m+1), x.t.Slice(0, m), y.t.Slice(0, m))
			checkSoftmaxBackward(t, k+" dy shifted down", x.t.Slice(1, m+1).Values(), dys[:m*n], ys[:m*n], m, n)
			x, y = makeView(k, []int{m + 1, n}, dys), makeView(k, []int{m + 1, n}, ys)
			SoftmaxRowsBackward(y.t.Slice(0, m), x.t.Slice(1, m+1), y.t.Slice(1, m+1))
			checkSoftmaxBackward(t, k+" y shifted up", y.t.Slice(0, m).Values(), dys[n:], ys[n:], m, n)

			dys, ys = gradients(r, 49), softmaxOutputs(r, 7, 7)
			sq, ysq := makeView(k, []int{7, 7}, dys), makeView(k, []int{7, 7}, ys)
			// The rows of dyᵀ and yᵀ are the columns of dy and y.
			dysT, ysT := transposeVals(dys, 7, 7), transposeVals(ys, 7, 7)
			SoftmaxRowsBackward(sq.t, sq.t.T(), ysq.t.T())
			checkSoftmaxBackward(t, k+" onto dy's transpose", sq.t.Values(), dysT, ysT, 7, 7)
			sq, ysq = makeView(k, []int{7, 7}, dys), makeView(k, []int{7, 7}, ys)
			SoftmaxRowsBackward(ysq.t, sq.t.T(), ysq.t.T())
			checkSoftmaxBackward(t, k+" onto y's transpose", ysq.t.Values(), dysT, ysT, 7, 7)
		}
	})
}

// TestActivationSpecials checks NaN and ±Inf: the forward activations map
// them as their limits do (NaN stays NaN; Relu keeps NaN), the backward
// forms give NaN for a NaN gradient wherever the gradient passes (and
// ReluBackward 0 where it does not), and SoftmaxRowsBackward spreads a NaN
// in dy over its row only.
func TestActivationSpecials(t *testing.T) {
	nan, inf := float32(math.NaN()), float32(math.Inf(1))
	pathtest.ForEach(t, func(t *testing.T) {
		xs := []float32{nan, inf, -inf, 1, -1, nan, 0, -200, 200, nan, 0.5, -0.5}
		want := map[string][]float32{
			"Relu":     {nan, inf, 0, 1, 0, nan, 0, 0, 200, nan, 0.5, 0},
			"Sigmoid":  {nan, 1, 0},
			"Tanh":     {nan, 1, -1},
			"Softplus": {nan, inf, 0},
		}
		for _, a := range activations {
			for _, k := range layoutNames {
				for _, dk := range []string{"dense", k} {
					x, dst := makeView(k, []int{3, 4}, xs), makeView(dk, []int{3, 4}, nil)
					got := a.f(dst.t, x.t).Values()
					checkActivation(t, a, fmt.Sprintf("specials dst=%s a=%s", dk, k), got, xs)
					for i, w := range want[a.name] {
						if !same(got[i], w) && !(got[i] == 0 && w == 0) {
							t.Fatalf("%s specials: f(%v) = %v, want %v", a.name, xs[i], got[i], w)
						}
					}
				}
			}
		}

		// Backward forms with NaN in dy, at every position of a row of
		// 19 (SIMD bodies and tails), against ordinary values of y (x).
		n := 19
		for _, b := range backwards {
			vs := b.input(newRand(14), n)
			if b.name == "ReluBackward" || b.name == "SoftplusBackward" {
				vs[0], vs[1] = 2, 3 // positive: the gradient passes
			}
			for p := range n {
				dys := gradients(newRand(15), n)
				dys[p] = nan
				for _, k := range []string{"dense", "transposed"} {
					dst := makeView(k, []int{1, n}, nil)
					got := b.f(dst.t, makeView(k, []int{1, n}, dys).t, makeView(k, []int{1, n}, vs).t).Values()
					for i, g := range got {
						w, _ := b.want(dys[i], vs[i])
						if (g != g) != (w != w) {
							t.Fatalf("%s with NaN dy at %d (%s): element %d = %v, want %v", b.name, p, k, i, g, w)
						}
					}
					if b.name != "ReluBackward" || vs[p] > 0 {
						if g := got[p]; g == g {
							t.Fatalf("%s: NaN dy at %d gave %v", b.name, p, g)
						}
					}
				}
			}
			// NaN in y (x): NaN out, except ReluBackward, whose NaN
			// input is not positive: 0.
			dys := gradients(newRand(16), 3)
			got := b.f(nil, FromSlice(dys), FromSlice([]float32{nan, 0.5, nan})).Values()
			if b.name == "ReluBackward" {
				if got[0] != 0 || got[1] != dys[1] || got[2] != 0 {
					t.Fatalf("ReluBackward with NaN y: %v", got)
				}
			} else if got[0] == got[0] || got[2] == got[2] || got[1] != got[1] {
				t.Fatalf("%s with NaN y: %v", b.name, got)
			}
		}
		// SoftplusBackward at ±Inf: the sigmoid is 1 and 0.
		got := SoftplusBackward(nil, FromSlice([]float32{2.5, 2.5, nan}), FromSlice([]float32{inf, -inf, inf})).Values()
		if got[0] != 2.5 || got[1] != 0 || got[2] == got[2] {
			t.Fatalf("SoftplusBackward(dy, ±Inf): %v, want [2.5 0 NaN]", got)
		}

		// SoftmaxRowsBackward: a NaN in dy makes its row NaN and leaves the
		// other rows alone.
		for _, k := range layoutNames {
			r := newRand(17)
			dys, ys := gradients(r, 3*21), softmaxOutputs(r, 3, 21)
			dys[21+20] = nan
			dst := makeView(k, []int{3, 21}, nil)
			SoftmaxRowsBackward(dst.t, makeView(k, []int{3, 21}, dys).t, makeView(k, []int{3, 21}, ys).t)
			for i, g := range dst.t.Values() {
				if row := i / 21; (g != g) != (row == 1) {
					t.Fatalf("SoftmaxRowsBackward %s with a NaN in row 1 of dy: element %d = %v", k, i, g)
				}
			}
		}
	})
}

func TestActivationPanics(t *testing.T) {
	x23, x32, x6 := Zeros(2, 3), Zeros(3, 2), Zeros(6)
	cases := []panicCase{
		{"tensor: Sigmoid: dst has shape [3 2], want [2 3]", func() { Sigmoid(x32, x23) }},
		{"tensor: Tanh: dst has shape [6], want [2 3]", func() { Tanh(x6, x23) }},
		{"tensor: Softplus: dst has shape [2 3], want [3 2]", func() { Softplus(x23, x23.T()) }},
		{"tensor: Relu: dst has shape [2 3], want [6]", func() { Relu(x23, x6) }},
		{"tensor: ReluBackward: shapes [2 3] and [3 2] do not match", func() { ReluBackward(nil, x23, x32) }},
		{"tensor: SigmoidBackward: shapes [2 3] and [3 2] do not match", func() { SigmoidBackward(nil, x23, x32) }},
		{"tensor: SigmoidBackward: dst has shape [3 2], want [2 3]", func() { SigmoidBackward(x32, x23, x23) }},
		{"tensor: TanhBackward: shapes [6] and [2 3] do not match", func() { TanhBackward(x23, x6, x23) }},
		{"tensor: TanhBackward: shapes [2 3] and [3 2] do not match", func() { TanhBackward(x23, x23, x23.T()) }},
		{"tensor: SoftplusBackward: shapes [3 2] and [2 3] do not match", func() { SoftplusBackward(nil, x32, x23) }},
		{"tensor: SoftplusBackward: dst has shape [6], want [3 2]", func() { SoftplusBackward(x6, x32, x32) }},
		{"tensor: SoftmaxRowsBackward: shapes [2 3] and [3 2] do not match", func() { SoftmaxRowsBackward(nil, x23, x32) }},
		{"tensor: SoftmaxRowsBackward: dst has shape [3 2], want [2 3]", func() { SoftmaxRowsBackward(x32, x23, x23) }},
		{"tensor: SoftmaxRowsBackward: dy has shape [6]; SoftmaxRowsBackward needs a 2-D tensor", func() { SoftmaxRowsBackward(nil, x6, x6) }},
		{"tensor: SoftmaxRowsBackward: dy has shape [1 2 3]; SoftmaxRowsBackward needs a 2-D tensor",
			func() { SoftmaxRowsBackward(nil, Zeros(1, 2, 3), Zeros(1, 2, 3)) }},
	}
	checkPanics(t, cases)
}

// TestActivationNoAllocs checks that the activations allocate nothing
// given a destination whose orientation the operands share, on views too.
func TestActivationNoAllocs(t *testing.T) {
	r := newRand(18)
	x := FromSlice(activationInputs(r, 64*33), 64, 33)
	y := Sigmoid(nil, x)
	dy := FromSlice(gradients(r, 64*33), 64, 33)
	dst := Zeros(64, 33)
	view := Zeros(70, 40).Slice(3, 67).SliceCols(5, 38) // 64×33, strided
	xT, yT, dyT, viewT := x.T(), y.T(), dy.T(), view.T()
	x3 := Zeros(4, 16, 40).SliceCols(2, 35) // 4×16×33, strided
	d3 := Zeros(4, 16, 33)
	cases := map[string]func(){
		"Relu":                      func() { Relu(dst, x) },
		"Sigmoid view":              func() { Sigmoid(view, x) },
		"Tanh in place":             func() { Tanh(dst, dst) },
		"Softplus transposed":       func() { Softplus(viewT, xT) },
		"Softplus 3-D":              func() { Softplus(d3, x3) },
		"ReluBackward":              func() { ReluBackward(dst, dy, y) },
		"SigmoidBackward view":      func() { SigmoidBackward(view, dy, y) },
		"TanhBackward transposed":   func() { TanhBackward(viewT, dyT, yT) },
		"SoftplusBackward in place": func() { SoftplusBackward(dst, dst, x) },
		"SoftmaxRowsBackward":       func() { SoftmaxRowsBackward(dst, dy, y) },
		"SoftmaxRowsBackward view":  func() { SoftmaxRowsBackward(view, view, y) },
	}
	for name, f := range cases {
		if n := testing.AllocsPerRun(20, f); n != 0 {
			t.Errorf("%s: %v allocations per run, want 0", name, n)
		}
	}
}
