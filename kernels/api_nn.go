package kernels

// Activation and optimizer kernels for package nn: the activations of the
// reference network's chapter (sigmoid, tanh, softplus; ReLU is in api.go)
// forward and backward, and the updates of SGD with momentum (plain and
// Nesterov) and Adam, each one pass over its slices.
//
// Error bounds, in units in the last place (ulp) of the correctly rounded
// float32 result, held by kernels/nn_test.go on every path against
// float64 math over the whole float32 range, and stated in each function's
// documentation: Sigmoid 4 ulp (sigmoidMaxULP), Tanh 3 (tanhMaxULP),
// Softplus 3 (softplusMaxULP).
//
// The backward kernels of sigmoid and tanh are a fixed sequence of
// correctly rounded operations, the same on every path, so every path
// gives the same bits. The optimizer updates fuse multiply-adds on some
// paths and not on others; their tests bound every path's error against
// the update computed in float64 (see nn_test.go).

// Error bounds of the activation kernels, in ulp (see above). The largest
// errors found by the sweep of every 97th float32 are 3, 2 and 2 ulp on
// the fast paths (the generic path's 3, 1 and 2); the bounds leave one ulp
// for the values between.
const (
	sigmoidMaxULP  = 4
	tanhMaxULP     = 3
	softplusMaxULP = 3
)

// Sigmoid computes dst = 1/(1 + e^−x) elementwise, within 4 ulp of the
// correctly rounded result; ±Inf give 1 and 0, NaN stays NaN. It is
// computed as 1/(1 + e) for x ≥ 0 and e/(1 + e) for x < 0, e = e^−|x|, so
// that small results keep their relative precision down to the denormals.
func Sigmoid(dst, x []float32) {
	checkSame("Sigmoid", "dst, x", dst, x)
	current.Load().nn.sigmoid(dst, x)
}

// SigmoidBackward computes the gradient through a sigmoid from its output
// y: dst = dy·(y·(1 − y)), in that order of operations on every path.
func SigmoidBackward(dst, dy, y []float32) {
	checkSame("SigmoidBackward", "dst, dy, y", dst, dy, y)
	current.Load().nn.sigmoidBwd(dst, dy, y)
}

// Tanh computes dst = tanh(x) elementwise, within 3 ulp of the correctly
// rounded result; ±Inf give ±1, NaN stays NaN, −0 stays −0. For
// |x| < 0.625 it is an odd polynomial, elsewhere (1 − e)/(1 + e) with
// e = e^−2|x| and the sign of x.
func Tanh(dst, x []float32) {
	checkSame("Tanh", "dst, x", dst, x)
	current.Load().nn.tanh(dst, x)
}

// TanhBackward computes the gradient through a tanh from its output y:
// dst = dy·((1 − y)·(1 + y)), in that order of operations on every path
// (the factored form keeps its relative precision where |y| is near 1).
func TanhBackward(dst, dy, y []float32) {
	checkSame("TanhBackward", "dst, dy, y", dst, dy, y)
	current.Load().nn.tanhBwd(dst, dy, y)
}

// Softplus computes dst = log(1 + eˣ) elementwise, within 3 ulp of the
// correctly rounded result; +Inf gives +Inf, −Inf gives 0, NaN stays NaN.
// It is computed as max(x, 0) + log1p(e^−|x|), finite for every finite x.
func Softplus(dst, x []float32) {
	checkSame("Softplus", "dst, x", dst, x)
	current.Load().nn.softplus(dst, x)
}

// SoftplusBackward computes the gradient through a softplus from its input
// x: dst = dy·sigmoid(x), with sigmoid as in Sigmoid.
func SoftplusBackward(dst, dy, x []float32) {
	checkSame("SoftplusBackward", "dst, dy, x", dst, dy, x)
	current.Load().nn.softplusBwd(dst, dy, x)
}

// SGDMomentum applies one step of gradient descent with momentum (Keras's
// SGD with momentum, nesterov=False) to the weights w with gradient g and
// velocity vel:
//
//	vel = momentum·vel − lr·g
//	w  += vel
func SGDMomentum(lr, momentum float32, w, g, vel []float32) {
	checkSame("SGDMomentum", "w, g, vel", w, g, vel)
	if j := parallelVec(len(w)); j != nil {
		j.f[0], j.f[1], j.s[0], j.s[1], j.s[2] = lr, momentum, w, g, vel
		runVec(j, momentumPart)
		return
	}
	current.Load().nn.momentum(lr, momentum, w, g, vel)
}

// SGDNesterov applies one step of gradient descent with Nesterov momentum
// (Keras's SGD with nesterov=True):
//
//	vel = momentum·vel − lr·g
//	w  += momentum·vel − lr·g
func SGDNesterov(lr, momentum float32, w, g, vel []float32) {
	checkSame("SGDNesterov", "w, g, vel", w, g, vel)
	if j := parallelVec(len(w)); j != nil {
		j.f[0], j.f[1], j.s[0], j.s[1], j.s[2] = lr, momentum, w, g, vel
		runVec(j, nesterovPart)
		return
	}
	current.Load().nn.nesterov(lr, momentum, w, g, vel)
}

// Adam applies one step of Adam (Kingma and Ba) in the form Keras uses,
// to the weights w with gradient g and moment estimates m and v:
//
//	m += (g − m)·(1 − beta1)
//	v += (g² − v)·(1 − beta2)
//	w −= lr·m / (√v + eps)
//
// lr is the step of this iteration with the bias corrections folded in,
// lr₀·√(1 − beta2ᵗ)/(1 − beta1ᵗ) at step t (nn.Adam computes it); eps is
// added to √v, not to the corrected v̂, as in Keras and TensorFlow.
func Adam(lr, beta1, beta2, eps float32, w, g, m, v []float32) {
	checkSame("Adam", "w, g, m, v", w, g, m, v)
	a := adamArgs{lr: lr, c1: 1 - beta1, c2: 1 - beta2, eps: eps}
	if j := parallelVec(len(w)); j != nil {
		j.a, j.s[0], j.s[1], j.s[2], j.s[3] = a, w, g, m, v
		runVec(j, adamPart)
		return
	}
	current.Load().nn.adam(a, w, g, m, v)
}

// adamArgs are Adam's scalars as the implementations take them: the
// weights of the new gradient in the moving averages, c1 = 1 − beta1 and
// c2 = 1 − beta2 (rounded to float32 once, in Adam).
type adamArgs struct {
	lr, c1, c2, eps float32
}

// nnImpl is the part of a path's table (impl.nn) holding the kernels of
// this file.
type nnImpl struct {
	sigmoid     func(dst, x []float32)
	sigmoidBwd  func(dst, dy, y []float32)
	tanh        func(dst, x []float32)
	tanhBwd     func(dst, dy, y []float32)
	softplus    func(dst, x []float32)
	softplusBwd func(dst, dy, x []float32)
	momentum    func(lr, mu float32, w, g, vel []float32)
	nesterov    func(lr, mu float32, w, g, vel []float32)
	adam        func(a adamArgs, w, g, m, v []float32)
}
