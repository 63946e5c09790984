package kernels_test

import (
	"fmt"

	"github.com/gof32/gof32/kernels"
)

// A dense layer with a ReLU, y = relu(x·W + b), as one product whose
// store adds the bias and takes the ReLU; and the gradient through that
// ReLU of a later product, dx = (dy·Vᵀ) ⊙ [y > 0], with the mask applied
// in the store.
func ExampleSgemmEpilogue() {
	x := []float32{1, 2, -1, 0.5} // 2×2: two samples of two features
	w := []float32{1, -1, 0.5, 2} // 2×2 weights
	b := []float32{0.5, -3}       // bias
	y := make([]float32, 4)
	kernels.SgemmEpilogue(false, false, 2, 2, 2, 1, x, 2, w, 2, 0, y, 2,
		&kernels.Epilogue{Bias: b, Relu: true})
	fmt.Println(y)

	dy := []float32{1, 1, 1, 1} // the gradient at the next layer's output (2×2)
	v := []float32{1, 0, 0, 1}  // the next layer's 2×2 weights
	dx := make([]float32, 4)
	kernels.SgemmEpilogue(false, true, 2, 2, 2, 1, dy, 2, v, 2, 0, dx, 2,
		&kernels.Epilogue{Mask: y, LDMask: 2})
	fmt.Println(dx)
	// Output:
	// [2.5 0 0 0]
	// [1 0 0 0]
}
