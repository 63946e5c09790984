package nn

// Param is one trainable tensor of a layer: its values and the gradient of
// the loss with respect to them, both row-major with the given shape.
// Layers fill Grad during Backward; optimizers, not layers, change Value.
type Param struct {
	Name  string    // the name within its layer, such as "W" or "b"
	Shape []int     // dimensions, outermost first
	Value []float32 // len = product of Shape
	Grad  []float32 // same length as Value
}

// newParam returns a zeroed parameter of the given shape.
func newParam(name string, shape ...int) *Param {
	n := numel(shape)
	return &Param{Name: name, Shape: shape, Value: make([]float32, n), Grad: make([]float32, n)}
}

// numel is the product of the dimensions of shape (1 for no dimension).
func numel(shape []int) int {
	n := 1
	for _, d := range shape {
		n *= d
	}
	return n
}

// ParamCount returns the number of scalar values in ps.
func ParamCount(ps []*Param) int {
	n := 0
	for _, p := range ps {
		n += len(p.Value)
	}
	return n
}
