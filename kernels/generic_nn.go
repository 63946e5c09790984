package kernels

import "math"

// The generic path's activation and optimizer kernels, and the float32
// algorithms of the activations that every fast path follows lane by lane
// (internal/asm/nn_amd64.s, internal/asm/nn_arm64.s): sigmoidf, tanhf and softplusf, built on
// expf (exp.go).

func genericNN() nnImpl {
	return nnImpl{
		sigmoid:     genSigmoid,
		sigmoidBwd:  genSigmoidBackward,
		tanh:        genTanh,
		tanhBwd:     genTanhBackward,
		softplus:    genSoftplus,
		softplusBwd: genSoftplusBackward,
		momentum:    genSGDMomentum,
		nesterov:    genSGDNesterov,
		adam:        genAdam,
	}
}

const (
	signBit = 1 << 31

	// tanh: below tanhSmall an odd polynomial x + x·z·P(z), z = x², P of
	// degree 4 (Cephes' tanhf minimax fit, relative error about 1e−7 on
	// [0, 0.625]).
	tanhSmall = 0.625
	tanhP0    = -5.70498872745e-3
	tanhP1    = 2.06390887954e-2
	tanhP2    = -5.37397155531e-2
	tanhP3    = 1.33314422036e-1
	tanhP4    = -3.33332819422e-1

	// log(1 + f) ≈ f − f²/2 + f³·P(f) for f in [√½ − 1, √2 − 1], P of
	// degree 8 (Cephes' logf minimax fit, relative error about 1e−7).
	logSqrt2 = 1.41421356237
	logP0    = 7.0376836292e-2
	logP1    = -1.1514610310e-1
	logP2    = 1.1676998740e-1
	logP3    = -1.2420140846e-1
	logP4    = 1.4249322787e-1
	logP5    = -1.6668057665e-1
	logP6    = 2.0000714765e-1
	logP7    = -2.4999993993e-1
	logP8    = 3.3333331174e-1
)

func absf(x float32) float32 { return math.Float32frombits(math.Float32bits(x) &^ signBit) }

// sigmoidf: e = e^−|x| (expf); r = 1/(1 + e); the result is r for x with
// the sign bit clear and e·r for x with it set (x < 0, −0, a negative
// NaN). For x < 0 that is eˣ/(1 + eˣ), which keeps the relative precision
// of eˣ where the result is tiny, instead of the 1 − ... cancellation.
func sigmoidf(x float32) float32 {
	e := expf(-absf(x))
	r := 1 / (1 + e)
	if math.Float32bits(x)&signBit != 0 {
		return e * r
	}
	return r
}

// tanhf: with a = |x|, for a < tanhSmall
//
//	z = a·a;  p = P(z) by Horner's rule;  y = (a·z)·p + a
//
// and otherwise (NaN included)
//
//	e = e^(−2a) (expf);  y = (1 − e)/(1 + e)
//
// then y takes the sign bit of x. For a > 52 or so e rounds to 0 and y is
// exactly 1.
func tanhf(x float32) float32 {
	a := absf(x)
	var y float32
	if a < tanhSmall {
		z := a * a
		p := float32(tanhP0)
		p = p*z + tanhP1
		p = p*z + tanhP2
		p = p*z + tanhP3
		p = p*z + tanhP4
		y = (a*z)*p + a
	} else {
		e := expf(-2 * a)
		y = (1 - e) / (1 + e)
	}
	return math.Float32frombits(math.Float32bits(y) | math.Float32bits(x)&signBit)
}

// softplusf: log(1 + eˣ) = max(x, 0) + log1p(e), e = e^−|x| in (0, 1].
// log1p(e) is log(u) − c/u with u = 1 + e rounded and c = (u − 1) − e
// the rounding error (both steps exact), which corrects log(u) to first
// order. log(u), u in [1, 2], is k·ln2 + log(1 + f) with k = 1, f = u/2 − 1
// when u > √2 and k = 0, f = u − 1 otherwise (f exact either way), and
//
//	z = f·f;  p = P(f) by Horner's rule;  l = (f·z)·p
//	l = k·ln2Lo + l;  l = −0.5·z + l;  l = f + l;  l = k·ln2Hi + l
//
// (Cephes' logf, with ln 2 split as in expf). For x < −104 or so e and the
// result are 0; for large x the result is x.
func softplusf(x float32) float32 {
	e := expf(-absf(x))
	u := 1 + e
	c := (u - 1) - e
	var h, k float32
	if u > logSqrt2 {
		h, k = 0.5, 1
	}
	f := (u - 1) - h*u
	z := f * f
	p := float32(logP0)
	p = p*f + logP1
	p = p*f + logP2
	p = p*f + logP3
	p = p*f + logP4
	p = p*f + logP5
	p = p*f + logP6
	p = p*f + logP7
	p = p*f + logP8
	l := (f * z) * p
	l = k*ln2Lo + l
	l = -0.5*z + l
	l = f + l
	l = k*ln2Hi + l
	l -= c / u
	var m float32
	if x > 0 {
		m = x
	}
	return m + l
}

func genSigmoid(dst, x []float32) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = sigmoidf(v)
	}
}

func genSigmoidBackward(dst, dy, y []float32) {
	dy, y = dy[:len(dst)], y[:len(dst)]
	for i := range dst {
		dst[i] = dy[i] * (y[i] * (1 - y[i]))
	}
}

func genTanh(dst, x []float32) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = tanhf(v)
	}
}

func genTanhBackward(dst, dy, y []float32) {
	dy, y = dy[:len(dst)], y[:len(dst)]
	for i := range dst {
		dst[i] = dy[i] * ((1 - y[i]) * (1 + y[i]))
	}
}

func genSoftplus(dst, x []float32) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = softplusf(v)
	}
}

func genSoftplusBackward(dst, dy, x []float32) {
	dy, x = dy[:len(dst)], x[:len(dst)]
	for i := range dst {
		dst[i] = dy[i] * sigmoidf(x[i])
	}
}

func genSGDMomentum(lr, mu float32, w, g, vel []float32) {
	g, vel = g[:len(w)], vel[:len(w)]
	for i := range w {
		v := mu*vel[i] - lr*g[i]
		vel[i] = v
		w[i] += v
	}
}

func genSGDNesterov(lr, mu float32, w, g, vel []float32) {
	g, vel = g[:len(w)], vel[:len(w)]
	for i := range w {
		t := lr * g[i]
		v := mu*vel[i] - t
		vel[i] = v
		w[i] += mu*v - t
	}
}

func genAdam(a adamArgs, w, g, m, v []float32) {
	g, m, v = g[:len(w)], m[:len(w)], v[:len(w)]
	for i := range w {
		gi := g[i]
		mi := m[i] + (gi-m[i])*a.c1
		vi := v[i] + (gi*gi-v[i])*a.c2
		m[i], v[i] = mi, vi
		w[i] -= a.lr * mi / (float32(math.Sqrt(float64(vi))) + a.eps)
	}
}
