package kernels

import "math"

// The naive path's activation and optimizer kernels (api_nn.go): the
// activations computed in float64 and rounded once, so correctly rounded
// up to the rounding of float64 math (far below the float32 ulp); the
// backward kernels and the updates in the plainest float32 loops.

func naiveNN() nnImpl {
	return nnImpl{
		sigmoid:     refSigmoid,
		sigmoidBwd:  refSigmoidBackward,
		tanh:        refTanh,
		tanhBwd:     refTanhBackward,
		softplus:    refSoftplus,
		softplusBwd: refSoftplusBackward,
		momentum:    refSGDMomentum,
		nesterov:    refSGDNesterov,
		adam:        refAdam,
	}
}

// sigmoid64 is the logistic function in float64, accurate where it is
// tiny (x very negative) as well as near 1.
func sigmoid64(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

// softplus64 is log(1 + eˣ) in float64, accurate for every x.
func softplus64(x float64) float64 {
	return math.Max(x, 0) + math.Log1p(math.Exp(-math.Abs(x)))
}

func refSigmoid(dst, x []float32) {
	for i, v := range x {
		dst[i] = float32(sigmoid64(float64(v)))
	}
}

func refSigmoidBackward(dst, dy, y []float32) {
	for i := range dst {
		dst[i] = dy[i] * (y[i] * (1 - y[i]))
	}
}

func refTanh(dst, x []float32) {
	for i, v := range x {
		dst[i] = float32(math.Tanh(float64(v)))
	}
}

func refTanhBackward(dst, dy, y []float32) {
	for i := range dst {
		dst[i] = dy[i] * ((1 - y[i]) * (1 + y[i]))
	}
}

func refSoftplus(dst, x []float32) {
	for i, v := range x {
		dst[i] = float32(softplus64(float64(v)))
	}
}

func refSoftplusBackward(dst, dy, x []float32) {
	for i := range dst {
		dst[i] = dy[i] * float32(sigmoid64(float64(x[i])))
	}
}

func refSGDMomentum(lr, mu float32, w, g, vel []float32) {
	for i := range w {
		vel[i] = mu*vel[i] - lr*g[i]
		w[i] += vel[i]
	}
}

func refSGDNesterov(lr, mu float32, w, g, vel []float32) {
	for i := range w {
		vel[i] = mu*vel[i] - lr*g[i]
		w[i] += mu*vel[i] - lr*g[i]
	}
}

func refAdam(a adamArgs, w, g, m, v []float32) {
	for i := range w {
		m[i] += (g[i] - m[i]) * a.c1
		v[i] += (g[i]*g[i] - v[i]) * a.c2
		w[i] -= a.lr * m[i] / (float32(math.Sqrt(float64(v[i]))) + a.eps)
	}
}
