package tensor_test

import (
	"fmt"
	"slices"

	"github.com/gof32/gof32/tensor"
)

func Example() {
	x := tensor.FromSlice([]float32{1, 2, 3, 4, 5, 6}, 2, 3)
	fmt.Println(x.Shape(), x.Size())
	fmt.Println(x)

	// A view of the second column, doubled in place: x changes too.
	col := x.SliceCols(1, 2)
	tensor.Scale(col, 2, col)
	fmt.Println(x)
	// Output:
	// [2 3] 6
	// [[1. 2. 3.]
	//  [4. 5. 6.]]
	// [[ 1.  4.  3.]
	//  [ 4. 10.  6.]]
}

// New shares the caller's slice; FromSlice copies it.
func ExampleNew() {
	data := []float32{1, 2, 3, 4}
	shared := tensor.New(data, 2, 2)
	copied := tensor.FromSlice(data, 2, 2)
	data[0] = 10
	fmt.Println(shared.At(0, 0), copied.At(0, 0))
	// Output: 10 1
}

// Random tensors are reproducible: the same seed gives the same values.
func ExampleRandN() {
	a := tensor.RandN(tensor.NewRand(1), 2, 3)
	b := tensor.RandN(tensor.NewRand(1), 2, 3)
	fmt.Println(a.Shape(), slices.Equal(a.Values(), b.Values()))
	// Output: [2 3] true
}

// Slice cuts a data set into batches of rows without copying.
func ExampleTensor_Slice() {
	x := tensor.FromSlice([]float32{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 5, 2)
	const batch = 2
	for i := 0; i < x.Dim(0); i += batch {
		b := x.Slice(i, min(i+batch, x.Dim(0)))
		fmt.Println(b.Shape(), b.Values())
	}
	// Output:
	// [2 2] [0 1 2 3]
	// [2 2] [4 5 6 7]
	// [1 2] [8 9]
}

// A column range keeps the stride of its parent.
func ExampleTensor_SliceCols() {
	x := tensor.FromSlice([]float32{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 3, 4)
	v := x.SliceCols(1, 3)
	fmt.Println(v.Shape(), v.Stride(), v.IsContiguous())
	fmt.Println(v)
	// Output:
	// [3 2] 4 false
	// [[ 1.  2.]
	//  [ 5.  6.]
	//  [ 9. 10.]]
}

// Reshape gives the same elements another shape; both share storage.
func ExampleTensor_Reshape() {
	x := tensor.FromSlice([]float32{0, 1, 2, 3, 4, 5}, 2, 3)
	y := x.Reshape(3, -1) // −1: inferred as 2
	y.Set(50, 2, 1)
	fmt.Println(y)
	fmt.Println(x)
	// Output:
	// [[ 0.  1.]
	//  [ 2.  3.]
	//  [ 4. 50.]]
	// [[ 0.  1.  2.]
	//  [ 3.  4. 50.]]
}

// A dense layer's forward pass: x·wᵀ + b, with w stored one output per
// row. w.T() is a view: MatMul passes it to the GEMM kernel as a
// transposition flag, so nothing is copied.
func ExampleMatMul() {
	x := tensor.FromSlice([]float32{1, 2, 3, 4, 5, 6}, 2, 3)  // 2 samples × 3 inputs
	w := tensor.FromSlice([]float32{1, 0, -1, 2, 1, 0}, 2, 3) // 2 outputs × 3 inputs
	b := tensor.FromSlice([]float32{0.5, -0.5})

	y := tensor.MatMul(nil, x, w.T()) // allocated: 2×2
	tensor.AddRowVector(y, y, b)
	fmt.Println(y)

	// Into an existing destination, without allocating.
	tensor.MatMul(y, x, w.T())
	fmt.Println(y)
	// Output:
	// [[-1.5  3.5]
	//  [-1.5 12.5]]
	// [[-2.  4.]
	//  [-2. 13.]]
}

// Gemm accumulates: dst = alpha·a·b + beta·dst.
func ExampleGemm() {
	a := tensor.FromSlice([]float32{1, 2, 3, 4}, 2, 2)
	acc := tensor.Eye(2)
	tensor.Gemm(acc, false, true, 1, a, a, 10) // a·aᵀ + 10·I
	fmt.Println(acc)
	// Output:
	// [[15. 11.]
	//  [11. 35.]]
}

// Softmax, log-sum-exp and argmax over the rows of a batch of logits.
func ExampleSoftmaxRows() {
	logits := tensor.FromSlice([]float32{1, 2, 3, 1, 1, 1}, 2, 3)
	p := tensor.SoftmaxRows(nil, logits)
	fmt.Printf("%.4f\n", p.Values())
	fmt.Printf("%.4f\n", tensor.LogSumExpRows(nil, logits).Values())
	fmt.Println(tensor.ArgmaxRows(nil, logits))
	// Output:
	// [0.0900 0.2447 0.6652 0.3333 0.3333 0.3333]
	// [3.4076 2.0986]
	// [2 0]
}

// String prints as NumPy does, summarising large tensors.
func ExampleTensor_String() {
	fmt.Println(tensor.FromSlice([]float32{1, -2.5, 1e-5, 3}, 2, 2))
	fmt.Println(tensor.Full(0.5, 2000))
	fmt.Println(tensor.Zeros(100, 100))
	// Output:
	// [[ 1.0e+00 -2.5e+00]
	//  [ 1.0e-05  3.0e+00]]
	// [0.5 0.5 0.5 ... 0.5 0.5 0.5]
	// [[0. 0. 0. ... 0. 0. 0.]
	//  [0. 0. 0. ... 0. 0. 0.]
	//  [0. 0. 0. ... 0. 0. 0.]
	//  ...
	//  [0. 0. 0. ... 0. 0. 0.]
	//  [0. 0. 0. ... 0. 0. 0.]
	//  [0. 0. 0. ... 0. 0. 0.]]
}

// The transposition flags: a dense layer y = x·w's backward pass from the
// gradient dy is dW = xᵀ·dy and dx = dy·wᵀ, and nothing is transposed in
// memory. A transposed view with its flag set is the matrix itself.
func ExampleGemm_transpose() {
	x := tensor.FromSlice([]float32{1, 2, 3, 4, 5, 6}, 2, 3)        // 2 samples × 3 inputs
	w := tensor.FromSlice([]float32{1, 0, 0, 1, 1, 1}, 3, 2)        // 3 inputs × 2 outputs
	dy := tensor.FromSlice([]float32{1, -1, 0.5, 2}, 2, 2)          // 2 samples × 2 outputs
	dw := tensor.Gemm(tensor.Zeros(3, 2), true, false, 1, x, dy, 0) // xᵀ·dy
	dx := tensor.Gemm(tensor.Zeros(2, 3), false, true, 1, dy, w, 0) // dy·wᵀ
	fmt.Println(dw)
	fmt.Println(dx)

	same := tensor.Gemm(tensor.Zeros(3, 2), false, false, 1, x.T(), dy, 0)
	fmt.Println(slices.Equal(same.Values(), dw.Values()))

	// Accumulating a second batch's gradient: dW += xᵀ·dy (beta = 1).
	tensor.Gemm(dw, true, false, 1, x, dy, 1)
	fmt.Println(dw.Values())
	// Output:
	// [[3.  7. ]
	//  [4.5 8. ]
	//  [6.  9. ]]
	// [[ 1.  -1.   0. ]
	//  [ 0.5  2.   2.5]]
	// true
	// [6 14 9 16 12 18]
}

// A training loop draws shuffled batches: GatherRows copies the rows of
// each batch into a tensor held by a Buffer, which makes one tensor per
// batch size and hands it out again on later epochs, so that the loop
// allocates nothing once both sizes have been seen.
func ExampleGatherRows() {
	x := tensor.FromSlice([]float32{0, 0, 1, 10, 2, 20, 3, 30, 4, 40}, 5, 2) // 5 samples
	order := []int{3, 0, 4, 1, 2}                                            // a shuffle, as rand.Perm(5) gives
	var buf tensor.Buffer
	const batch = 2
	var first *tensor.Tensor
	for epoch := range 2 {
		for i := 0; i < len(order); i += batch {
			idx := order[i:min(i+batch, len(order))]
			b := tensor.GatherRows(buf.Rows(len(idx), x.Dim(1)), x, idx)
			if epoch == 0 {
				fmt.Println(b.Shape(), b.Values())
				if first == nil {
					first = b
				}
			} else if i == 0 {
				fmt.Println("same tensor in epoch 2:", b == first)
			}
		}
	}
	// Output:
	// [2 2] [3 30 0 0]
	// [2 2] [4 40 1 10]
	// [1 2] [2 20]
	// same tensor in epoch 2: true
}

// A Buffer hands out one tensor per row count, in the same storage.
func ExampleBuffer() {
	var buf tensor.Buffer
	full := buf.Rows(32, 10)
	last := buf.Rows(17, 10) // a shorter last batch
	fmt.Println(full.Shape(), last.Shape())
	fmt.Println(buf.Rows(32, 10) == full, buf.Rows(17, 10) == last)
	fmt.Println(buf.Like(tensor.Zeros(17, 10)) == last)
	// Output:
	// [32 10] [17 10]
	// true true
	// true
}
