package nn

import (
	"fmt"
	"math"

	"github.com/gof32/gof32/kernels"
)

// Optimizer updates parameters from their gradients. The optimizers here
// run the fused update kernels of package kernels (kernels.SGD,
// kernels.Adam, …) on each parameter's Value.Data() and Grad.Data(), the
// contiguous storage of its tensors. The same optimizer is
// given the same parameter list, in the same order, at every step, so an
// optimizer that keeps state per parameter (momentum, Adam's moments) may
// index it by position and allocate it on the first step.
type Optimizer interface {
	Name() string
	Step(params []*Param)
}

// SGD is stochastic gradient descent as Keras's SGD: plain, w −= LR·g,
// when Momentum is 0 and Nesterov false; otherwise with a velocity per
// parameter (zero at the first step),
//
//	vel = Momentum·vel − LR·g
//	w  += vel                     (Nesterov false)
//	w  += Momentum·vel − LR·g     (Nesterov true)
//
// each update one pass of kernels.SGD, SGDMomentum or SGDNesterov over
// the parameter.
type SGD struct {
	LR       float32
	Momentum float32
	Nesterov bool

	vel [][]float32
}

func (*SGD) Name() string { return "sgd" }

func (o *SGD) Step(params []*Param) {
	if o.Momentum == 0 && !o.Nesterov {
		for _, p := range params {
			kernels.SGD(o.LR, p.Value.Data(), p.Grad.Data())
		}
		return
	}
	o.vel = stateFor(o.vel, params)
	for i, p := range params {
		if o.Nesterov {
			kernels.SGDNesterov(o.LR, o.Momentum, p.Value.Data(), p.Grad.Data(), o.vel[i])
		} else {
			kernels.SGDMomentum(o.LR, o.Momentum, p.Value.Data(), p.Grad.Data(), o.vel[i])
		}
	}
}

// String describes the optimizer and its settings.
func (o *SGD) String() string {
	switch {
	case o.Nesterov:
		return fmt.Sprintf("sgd(lr=%g, momentum=%g, nesterov)", o.LR, o.Momentum)
	case o.Momentum != 0:
		return fmt.Sprintf("sgd(lr=%g, momentum=%g)", o.LR, o.Momentum)
	}
	return fmt.Sprintf("sgd(lr=%g)", o.LR)
}

// Adam is the Adam optimizer (Kingma and Ba) as Keras implements it: at
// step t = 1, 2, …, for each parameter with gradient g,
//
//	m = m + (g − m)·(1 − Beta1)
//	v = v + (g² − v)·(1 − Beta2)
//	w = w − α·m/(√v + Eps),   α = LR·√(1 − Beta2ᵗ)/(1 − Beta1ᵗ)
//
// (ε outside the bias correction, as Keras and TensorFlow), m and v zero
// at the start; each update is one pass of kernels.Adam over the
// parameter. NewAdam gives Keras's defaults.
type Adam struct {
	LR, Beta1, Beta2, Eps float32

	t    int
	m, v [][]float32
}

// NewAdam returns Adam with Keras's defaults: learning rate 0.001,
// β1 = 0.9, β2 = 0.999, ε = 1e−7.
func NewAdam() *Adam { return &Adam{LR: 0.001, Beta1: 0.9, Beta2: 0.999, Eps: 1e-7} }

func (*Adam) Name() string { return "adam" }

func (o *Adam) Step(params []*Param) {
	o.m = stateFor(o.m, params)
	o.v = stateFor(o.v, params)
	o.t++
	t := float64(o.t)
	alpha := float64(o.LR) * math.Sqrt(1-math.Pow(float64(o.Beta2), t)) / (1 - math.Pow(float64(o.Beta1), t))
	for i, p := range params {
		kernels.Adam(float32(alpha), o.Beta1, o.Beta2, o.Eps, p.Value.Data(), p.Grad.Data(), o.m[i], o.v[i])
	}
}

// Steps returns the number of steps taken.
func (o *Adam) Steps() int { return o.t }

func (o *Adam) String() string {
	return fmt.Sprintf("adam(lr=%g, beta1=%g, beta2=%g, eps=%g)", o.LR, o.Beta1, o.Beta2, o.Eps)
}

// stateFor returns per-parameter state vectors matching params, the given
// ones when they match (the steady state: no allocation), new zeroed ones
// on the first step. A parameter list that changes size between steps is
// a programming error.
func stateFor(s [][]float32, params []*Param) [][]float32 {
	if s == nil {
		s = make([][]float32, len(params))
		for i, p := range params {
			s[i] = make([]float32, p.Value.Size())
		}
		return s
	}
	if len(s) != len(params) {
		panic(fmt.Sprintf("nn: optimizer state for %d parameters, given %d", len(s), len(params)))
	}
	for i, p := range params {
		if len(s[i]) != p.Value.Size() {
			panic(fmt.Sprintf("nn: optimizer state of parameter %d has %d values, the parameter %d", i, len(s[i]), p.Value.Size()))
		}
	}
	return s
}
