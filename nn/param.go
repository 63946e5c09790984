package nn

import "github.com/gof32/gof32/tensor"

// Param is one trainable tensor of a layer: its values and the gradient of
// the loss with respect to them, two contiguous tensors of the same shape.
// Layers fill Grad during Backward; optimizers, not layers, change Value.
// Optimizers hand both to the kernels as Value.Data() and Grad.Data().
type Param struct {
	Name  string         // the name within its layer, such as "W" or "b"
	Value *tensor.Tensor // the parameter
	Grad  *tensor.Tensor // dLoss/dValue, same shape
}

// newParam returns a zeroed parameter of the given shape.
func newParam(name string, shape ...int) *Param {
	return &Param{Name: name, Value: tensor.Zeros(shape...), Grad: tensor.Zeros(shape...)}
}

// ParamCount returns the number of scalar values in ps.
func ParamCount(ps []*Param) int {
	n := 0
	for _, p := range ps {
		n += p.Value.Size()
	}
	return n
}
