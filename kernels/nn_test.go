package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// Tests of the activation and optimizer kernels of api_nn.go on every
// path: the activations against float64 math over the float32 range, and
// through the vector harness (every length 0..70 and larger, unaligned
// starts, guard pages); the backward kernels bit for bit against the
// reference; the optimizer updates against the update computed in
// float64, within bounds derived below.

// activation is one forward activation kernel with its float64 truth and
// its error bound in ulp.
type activation struct {
	name   string
	run    func(dst, x []float32)
	truth  func(float64) float64
	maxULP uint32
	lo, hi float32 // the range swept value by value; outside it the result is constant or x
}

var activations = []activation{
	{"Sigmoid", Sigmoid, sigmoid64, sigmoidMaxULP, -110, 20},
	{"Tanh", Tanh, math.Tanh, tanhMaxULP, -12, 12},
	{"Softplus", Softplus, softplus64, softplusMaxULP, -110, 40},
}

// activationInputs returns every step-th float32 of [lo, hi] (in the order
// of the values, so that every binade is visited in proportion to the
// floats it holds: the denormals, the tiny, the large), the ends, the
// specials, far values and the branch points of the algorithms.
func activationInputs(lo, hi float32) []float32 {
	step := int64(97)
	if testing.Short() {
		step = 9973
	}
	var xs []float32
	for o := ordered(lo); o <= ordered(hi); o += step {
		xs = append(xs, fromOrdered(o))
	}
	xs = append(xs, specials...)
	xs = append(xs, lo, hi, -1e30, 1e30, 1e-30, -1e-30, 88.72, -88.72, 103.9, -103.9, 104.5, -104.5)
	for _, b := range []float32{tanhSmall, 0.88137359, 0.3465736, 26, 52} { // tanh's switch; where 1 + e^−x = √2; e^−2x = ½
		for _, v := range []float32{b, -b} {
			xs = append(xs, v, math.Nextafter32(v, 0), math.Nextafter32(v, 2*v))
		}
	}
	return xs
}

// TestActivationAccuracy checks every path's Sigmoid, Tanh and Softplus
// within their documented ulp bounds of the float64 result rounded to
// float32, over the range where they vary (every 97th float32, every
// 9973rd with -short) and beyond.
func TestActivationAccuracy(t *testing.T) {
	for _, a := range activations {
		t.Run(a.name, func(t *testing.T) {
			xs := activationInputs(a.lo, a.hi)
			got := make([]float32, len(xs))
			forEachPath(t, func(t *testing.T) {
				a.run(got, xs)
				worst, at := uint32(0), float32(0)
				for i, x := range xs {
					want := float32(a.truth(float64(x)))
					d := ulpDiff(got[i], want)
					if d > a.maxULP {
						t.Fatalf("%s(%v) = %v, want %v (%d ulp, bound %d)", a.name, x, got[i], want, d, a.maxULP)
					}
					if d > worst {
						worst, at = d, x
					}
				}
				t.Logf("%d inputs, worst error %d ulp (at %v)", len(xs), worst, at)
			})
		})
	}
}

// ulpTol allows k ulp of the reference's result. The reference is
// correctly rounded (float64 rounded once), a path within k ulp of that.
func ulpTol(k uint32) func([][]float32, int, float32) float64 {
	return func(_ [][]float32, _ int, want float32) float64 { return float64(k) * ulpOf(want) }
}

// TestActivationVectors runs the activations and their backward kernels
// through every length, offset and guard placement, with inputs spread
// over [−1, 1) and [−60, 60) (so that vectors mix the branches of each
// algorithm lane by lane) and with specials.
//
// The backward kernels of sigmoid and tanh are the same correctly rounded
// operations in the same order on every path: exact. SoftplusBackward is
// dy·sigmoid(x): sigmoid within sigmoidMaxULP, then one rounding of the
// product, against the reference's correctly rounded sigmoid and its own
// rounding of the product: within sigmoidMaxULP + 1 ulp of the result
// (+2⁻¹⁴⁸ when the product is denormal, whose roundings are absolute).
func TestActivationVectors(t *testing.T) {
	for _, k := range nnVecKernels {
		for _, scale := range []float32{1, 60} {
			t.Run(fmt.Sprintf("%s/scale=%v", k.name, scale), func(t *testing.T) {
				forEachFastPath(t, func(t *testing.T) { testVecKernel(t, k, scale) })
			})
		}
	}
}

// nnVecKernels are the activations and their backward kernels as
// vecKernels, with the tolerances of TestActivationVectors.
var nnVecKernels = func() []vecKernel {
	one, two := unaryRun, binaryRun
	return []vecKernel{
		{name: "Sigmoid", ins: 1, run: one(Sigmoid), ref: one(refSigmoid), tol: ulpTol(sigmoidMaxULP)},
		{name: "Tanh", ins: 1, run: one(Tanh), ref: one(refTanh), tol: ulpTol(tanhMaxULP)},
		{name: "Softplus", ins: 1, run: one(Softplus), ref: one(refSoftplus), tol: ulpTol(softplusMaxULP)},
		{name: "SigmoidBackward", ins: 2, run: two(SigmoidBackward), ref: two(refSigmoidBackward), tol: exact},
		{name: "TanhBackward", ins: 2, run: two(TanhBackward), ref: two(refTanhBackward), tol: exact},
		{name: "SoftplusBackward", ins: 2, run: two(SoftplusBackward), ref: two(refSoftplusBackward), tol: func(_ [][]float32, _ int, want float32) float64 {
			return (sigmoidMaxULP+1)*ulpOf(want) + 0x1p-148
		}},
	}
}()

// An update is one optimizer kernel: run applies it on the current path
// to w, g and the state vectors s (one or two), truth computes the new
// w and state in float64 from the old float32 values, with the bound of
// each output.
type update struct {
	name   string
	states int
	run    func(w, g []float32, s ...[]float32)
	// truth returns the exact new values of w, s[0], s[1] and the
	// allowed error of each.
	truth func(w, g float64, s []float64) (out, tol [3]float64)
}

const (
	testLR, testMu                  = 0.01, 0.9
	testB1, testB2, testEps         = 0.9, 0.999, 1e-7
	testAdamLR                      = 0.001
	denormSlack             float64 = 0x1p-147 // a few absolute roundings in the denormal range
)

// Bounds of the updates. Each float32 operation rounds with a relative
// error at most u; a fused multiply-add rounds once where the unfused
// form rounds twice, so every bound below counts a rounding for each
// product and each sum (what an unfused path does) and holds for both.
// The factor 1.01 covers the second-order terms (products of two u's).
//
// Momentum: t = lr·g, V = μ·v − t: the computed v′ errs by at most
// u·(|lr·g| + |μ·v| + |V|) = Ev; w + v′ then by Ev + u·|w + V|.
// Nesterov: the same v′, then S = μ·V − lr·g computed from v′ errs by at
// most μ·Ev + u·(|lr·g| + |μ·V| + |S|), and w + S by that + u·|w + S|.
//
// Adam: M = m + (g − m)·c1 errs by Em ≤ u·(2·c1·|g − m| + |M|) (the
// difference, the product, the sum); V = v + (g² − v)·c2 by
// Ev ≤ u·(c2·g² + 2·c2·|g² − v| + |V|) (g² rounds too). Then
// D = √V + ε: √ moves the error to min(Ev/(2√V), √Ev) and rounds
// (u·√V), the sum rounds (u·D): Ed. The step Q = lr·M/D, computed from
// the rounded M′ and D′ with two more roundings, errs by at most
// lr·Em/(D − Ed) + lr·|M|·Ed/(D·(D − Ed)) + 2u·|Q| (+ 2⁻¹⁴⁹/(D − Ed):
// a product lr·M′ in the denormal range rounds by up to 2⁻¹⁵⁰ absolutely,
// which the division by D, as small as ε, magnifies), and w − Q by that
// + u·|w − Q|.
var updates = []update{
	{"SGDMomentum", 1,
		func(w, g []float32, s ...[]float32) { SGDMomentum(testLR, testMu, w, g, s[0]) },
		func(w, g float64, s []float64) (out, tol [3]float64) {
			lr, mu := float64(float32(testLR)), float64(float32(testMu))
			V := mu*s[0] - lr*g
			ev := 1.01*u*(math.Abs(lr*g)+math.Abs(mu*s[0])+math.Abs(V)) + denormSlack
			out = [3]float64{w + V, V}
			tol = [3]float64{1.01*(ev+u*math.Abs(w+V)) + denormSlack, ev}
			return
		}},
	{"SGDNesterov", 1,
		func(w, g []float32, s ...[]float32) { SGDNesterov(testLR, testMu, w, g, s[0]) },
		func(w, g float64, s []float64) (out, tol [3]float64) {
			lr, mu := float64(float32(testLR)), float64(float32(testMu))
			V := mu*s[0] - lr*g
			ev := 1.01*u*(math.Abs(lr*g)+math.Abs(mu*s[0])+math.Abs(V)) + denormSlack
			S := mu*V - lr*g
			es := 1.01*(mu*ev+u*(math.Abs(lr*g)+math.Abs(mu*V)+math.Abs(S))) + denormSlack
			out = [3]float64{w + S, V}
			tol = [3]float64{1.01*(es+u*math.Abs(w+S)) + denormSlack, ev}
			return
		}},
	{"Adam", 2,
		func(w, g []float32, s ...[]float32) { Adam(testAdamLR, testB1, testB2, testEps, w, g, s[0], s[1]) },
		func(w, g float64, s []float64) (out, tol [3]float64) {
			lr, eps := float64(float32(testAdamLR)), float64(float32(testEps))
			c1, c2 := float64(1-float32(testB1)), float64(1-float32(testB2))
			m, v := s[0], s[1]
			M := m + (g-m)*c1
			V := v + (g*g-v)*c2
			em := 1.01*u*(2*c1*math.Abs(g-m)+math.Abs(M)) + denormSlack
			ev := 1.01*u*(c2*g*g+2*c2*math.Abs(g*g-v)+math.Abs(V)) + denormSlack
			sq := math.Sqrt(V)
			es := math.Sqrt(ev)
			if sq > 0 {
				es = math.Min(es, ev/(2*sq))
			}
			D := sq + eps
			ed := 1.01 * (es + u*sq + u*D)
			Q := lr * M / D
			eq := math.Inf(1)
			if D > ed {
				eq = 1.01 * (lr*em/(D-ed) + lr*math.Abs(M)*ed/(D*(D-ed)) + 2*u*math.Abs(Q) + 0x1p-149/(D-ed))
			}
			out = [3]float64{w - Q, M, V}
			tol = [3]float64{1.01*(eq+u*math.Abs(w-Q)) + denormSlack, em, ev}
			return
		}},
}

// TestUpdates holds every path's optimizer updates, the naive reference
// included, against the update computed in float64 from the same float32
// inputs, within the bounds above: every length and placement of
// vecCases, values of order 1 and, in a second round, some denormals,
// zeros and large values (v, a second moment, is never negative). A NaN
// or infinity in a gradient must reach the weights (checked below), so
// that a diverging training run shows.
func TestUpdates(t *testing.T) {
	for _, up := range updates {
		t.Run(up.name, func(t *testing.T) {
			forEachPath(t, func(t *testing.T) {
				r := newRand(t)
				cases := vecCases(r)
				maxN := 0
				for _, c := range cases {
					maxN = max(maxN, c.n+c.off)
				}
				ar := newArenas(t, 2+up.states, maxN)
				odd := []float32{0, float32(math.Copysign(0, -1)), 1e-40, -3e-39, 1e-30, 1e10, -1e10, 1.1754944e-38}
				for _, withOdd := range []bool{false, true} {
					for _, c := range cases {
						src := make([][]float32, 2+up.states)
						for j := range src {
							src[j] = make([]float32, c.n)
							fillUniform(r, src[j])
							if withOdd {
								sprinkle(r, src[j], odd)
							}
						}
						if up.states == 2 { // v ≥ 0
							for i, x := range src[3] {
								src[3][i] = absf(x)
							}
						}
						in := make([][]float32, len(src))
						for j := range in {
							in[j] = ar.get(j, c, src[j])
						}
						up.run(in[0], in[1], in[2:]...)
						for i := 0; i < c.n; i++ {
							s := make([]float64, up.states)
							for j := range s {
								s[j] = float64(src[2+j][i])
							}
							want, tol := up.truth(float64(src[0][i]), float64(src[1][i]), s)
							outs := append([][]float32{in[0]}, in[2:]...)
							for j, o := range outs {
								if d := math.Abs(float64(o[i]) - want[j]); !(d <= tol[j]) {
									t.Fatalf("%s odd=%v: element %d output %d = %v, want %v (error %g, bound %g; w g states %v)",
										c, withOdd, i, j, o[i], want[j], d, tol[j], column(src, i))
								}
							}
						}
					}
				}
				// A NaN or an infinity in the gradient reaches the weights.
				for _, bad := range []float32{float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1))} {
					for n := 1; n <= 40; n++ {
						vs := make([][]float32, 2+up.states)
						for j := range vs {
							vs[j] = make([]float32, n)
						}
						vs[1][n-1] = bad
						up.run(vs[0], vs[1], vs[2:]...)
						if w := vs[0][n-1]; !math.IsNaN(float64(w)) && !math.IsInf(float64(w), 0) {
							t.Fatalf("n=%d: gradient %v gives weight %v", n, bad, w)
						}
					}
				}
			})
		})
	}
}

// TestNNLengthMismatch: mismatched lengths panic with the kernel's name.
func TestNNLengthMismatch(t *testing.T) {
	x, y := make([]float32, 4), make([]float32, 5)
	for name, f := range map[string]func(){
		"Sigmoid":          func() { Sigmoid(x, y) },
		"SigmoidBackward":  func() { SigmoidBackward(x, x, y) },
		"Tanh":             func() { Tanh(y, x) },
		"TanhBackward":     func() { TanhBackward(x, y, x) },
		"Softplus":         func() { Softplus(x, y) },
		"SoftplusBackward": func() { SoftplusBackward(y, x, x) },
		"SGDMomentum":      func() { SGDMomentum(1, 1, x, x, y) },
		"SGDNesterov":      func() { SGDNesterov(1, 1, x, y, x) },
		"Adam":             func() { Adam(1, 0.9, 0.9, 0, x, x, x, y) },
	} {
		if msg := catchPanic(f); !contains(msg, name) {
			t.Errorf("%s with mismatched lengths: panic %q, want one naming %s", name, msg, name)
		}
	}
}

// TestNNKernelsDoNotAllocate: no kernel of api_nn.go allocates, on any
// path.
func TestNNKernelsDoNotAllocate(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		const n = 77
		r := rand.New(rand.NewPCG(1, 2))
		a, b, c, d := make([]float32, n), make([]float32, n), make([]float32, n), make([]float32, n)
		fillUniform(r, a)
		fillUniform(r, b)
		for name, f := range map[string]func(){
			"Sigmoid":          func() { Sigmoid(c, a) },
			"SigmoidBackward":  func() { SigmoidBackward(c, a, b) },
			"Tanh":             func() { Tanh(c, a) },
			"TanhBackward":     func() { TanhBackward(c, a, b) },
			"Softplus":         func() { Softplus(c, a) },
			"SoftplusBackward": func() { SoftplusBackward(c, a, b) },
			"SGDMomentum":      func() { SGDMomentum(1e-3, 0.9, c, a, d) },
			"SGDNesterov":      func() { SGDNesterov(1e-3, 0.9, c, a, d) },
			"Adam":             func() { Adam(1e-3, 0.9, 0.999, 1e-7, c, a, b, d) },
		} {
			if k := testing.AllocsPerRun(10, f); k != 0 {
				t.Errorf("%s allocates %v times per call", name, k)
			}
		}
	})
}

// FuzzNNKernels holds the activations and their backward kernels on every
// fast path against the reference, on vectors the fuzzer chooses (every
// float32 bit pattern can occur; see fuzzVectors), inside guard pages with
// the start moved off alignment by off%4 elements and the side of the
// guard chosen by off's bit 2. Tolerances are those of
// TestActivationVectors.
func FuzzNNKernels(f *testing.F) { fuzzVecKernels(f, nnVecKernels) }
