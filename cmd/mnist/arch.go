package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gof32/gof32/nn"
	"github.com/gof32/gof32/nn/mnist"
)

// defaultArch is the reference network: two hidden ReLU layers of 100 and
// 200 units and 10 logits, trained with softmax cross-entropy.
const defaultArch = "100:relu,200:relu,10"

// kerasArch is the same network as its Keras version builds it,
// ending in a softmax layer (trained with categorical cross-entropy).
const kerasArch = "100:relu,200:relu,10:softmax"

// parseArch reads -arch: comma-separated layers after the 784 inputs, each
// UNITS[:ACTIVATION] (a dense layer and, unless the activation is absent
// or linear, an activation layer: relu, sigmoid, tanh, softplus, softmax),
// dropout:RATE, or one of the convolutional layers of convItem (conv32:3x3:relu,
// maxpool2, flatten; the images are 28×28×1). The last dense layer must
// have 10 units.
func parseArch(arch string, init nn.Initializer) (*nn.Sequential, error) {
	s := nn.NewSequential(mnist.Pixels).Init(init)
	units := mnist.Pixels
	items := strings.Split(arch, ",")
	images := false
	for i, item := range items {
		item = strings.TrimSpace(item)
		name, arg, hasArg := strings.Cut(item, ":")
		if ok, err := convItem(s, item, &images); ok || err != nil {
			if err != nil {
				return nil, err
			}
			if _, err := s.Build(0); err != nil {
				return nil, fmt.Errorf("-arch: %q: %v", item, err)
			}
			continue
		}
		if strings.EqualFold(name, "dropout") {
			rate, err := strconv.ParseFloat(arg, 64)
			if err != nil || !hasArg || !(rate >= 0 && rate < 1) {
				return nil, fmt.Errorf("-arch: %q: a dropout rate in [0, 1) is needed, as in dropout:0.2", item)
			}
			s.Dropout(rate)
			continue
		}
		n, err := strconv.Atoi(name)
		if err != nil || n < 1 {
			return nil, fmt.Errorf("-arch: %q is neither UNITS[:ACTIVATION] nor dropout:RATE", item)
		}
		s.Dense(n)
		units = n
		if hasArg {
			s.Activation(arg)
		}
		if i == len(items)-1 && !hasArg {
			break
		}
	}
	if units != 10 {
		return nil, fmt.Errorf("-arch %q: the last dense layer has %d units, MNIST has 10 classes", arch, units)
	}
	return s, nil
}

// newOptimizer returns the optimizer -optimizer names, with the learning
// rate lr (0: the optimizer's default, 0.1 for SGD as for the reference network and
// 0.001 for Adam as in Keras) and, for momentum and nesterov, the momentum.
func newOptimizer(name string, lr, momentum float64) (nn.Optimizer, error) {
	switch name {
	case "sgd", "momentum", "nesterov":
		if lr == 0 {
			lr = 0.1
		}
		o := &nn.SGD{LR: float32(lr)}
		if name != "sgd" {
			o.Momentum = float32(momentum)
			o.Nesterov = name == "nesterov"
		}
		return o, nil
	case "adam":
		o := nn.NewAdam()
		if lr != 0 {
			o.LR = float32(lr)
		}
		return o, nil
	}
	return nil, fmt.Errorf("unknown -optimizer %q (known: sgd, momentum, nesterov, adam)", name)
}
