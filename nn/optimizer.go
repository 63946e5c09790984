package nn

import (
	"fmt"

	"github.com/gof32/gof32/kernels"
)

// Optimizer updates parameters from their gradients. The same optimizer is
// given the same parameter list, in the same order, at every step, so an
// optimizer that keeps state per parameter (momentum, Adam's moments) may
// index it by position and allocate it on the first step.
type Optimizer interface {
	Name() string
	Step(params []*Param)
}

// SGD is plain gradient descent: w −= LR·g.
type SGD struct {
	LR float32
}

func (*SGD) Name() string { return "sgd" }

func (o *SGD) Step(params []*Param) {
	for _, p := range params {
		kernels.SGD(o.LR, p.Value, p.Grad)
	}
}

// String describes the optimizer and its settings.
func (o *SGD) String() string { return fmt.Sprintf("sgd(lr=%g)", o.LR) }
