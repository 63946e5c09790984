// Package tensor is a small n-dimensional float32 array for numerical
// programs and neural networks, built on the kernels of
// github.com/gof32/gof32/kernels.
//
// # Tensors and views
//
// A *Tensor holds float32 elements in row-major (C) order and a shape:
// Zeros(2, 3) is a 2×3 matrix, Zeros(5) a vector, Zeros() a scalar.
// Constructors either allocate (Zeros, Full, Eye, FromSlice, RandN, RandU)
// or wrap a slice the caller owns without copying it (New).
//
// Views share the elements of the tensor they come from; writing through
// a view writes the original. Slice takes a range along the first
// dimension (a batch of rows), SliceCols a range along the last one,
// Reshape gives the same elements another shape, and T the transpose of a
// matrix. None of them copies: a view records the distance between its
// rows (Stride) and, for T, that it is transposed. Every operation accepts
// views, and MatMul passes transposed views to the GEMM kernel as
// transposition flags, so a.T() in a product costs nothing. Clone and
// Contiguous make a compact copy when one is needed.
//
//	x := tensor.FromSlice([]float32{1, 2, 3, 4, 5, 6}, 2, 3)
//	w := tensor.FromSlice([]float32{1, 0, 0, 1, 1, 1}, 2, 3)
//	y := x.MatMul(w.T())           // 2×2: x·wᵀ, w is not copied
//	first := x.Slice(0, 1)         // 1×3 view of the first row
//	tensor.Scale(first, 10, first) // x is now [[10 20 30] [4 5 6]]
//
// # Operations
//
// Operations that produce a tensor take their destination first and
// return it: Add(dst, a, b) sets dst = a + b. A nil destination is
// allocated (Add(nil, a, b) returns a new tensor); passing an operand as
// the destination works in place (Add(a, a, b) is a += b). The destination
// may also overlap an operand in other ways (a shifted range of the same
// rows, a matrix and its transpose): such an operand is copied first, so
// the result is always the formula's. Apart from that copy, and from the
// few cases whose documentation mentions a temporary, the operations do
// not allocate when given a destination, which keeps training loops free
// of garbage. There are elementwise operations (Add,
// Sub, Mul, Scale, AddScaled, Exp), reductions (Sum, Max, Argmax),
// row-wise operations on matrices for neural-network layers
// (AddRowVector, ColumnSums, RowSums, ArgmaxRows, SoftmaxRows,
// LogSumExpRows), the activations and their backward forms (Relu,
// Sigmoid, Tanh, Softplus, ReluBackward, SigmoidBackward, TanhBackward,
// SoftplusBackward, SoftmaxRowsBackward), matrix products (MatMul, and
// Gemm and GemmBF16 with transposition flags) and GatherRows, which
// draws the rows of a shuffled batch.
//
// # Batches
//
// A Buffer holds the storage of batches of rows and hands out a tensor
// per row count, made once: Rows(n, 784) is a view of n rows of 784
// values, and a loop over batches of 32 rows with a last batch of 17
// allocates nothing once both sizes have been seen. With GatherRows it
// is a training loop's input pipeline (QueueRows queues the next batch's
// rows on a kernels.Prefetcher, whose lines the current batch's products
// hint a few at a time while they compute), and package nn
// keeps every layer's output and gradient in one.
//
// Operands must have the same shape: there is no implicit broadcasting,
// apart from AddRowVector's explicit one.
//
// # Errors
//
// Programming errors panic with a message that starts with "tensor:",
// names the operation and shows the shapes involved, for example
//
//	tensor: MatMul: shapes [2 3] and [4 5] do not match
//
// This covers mismatched shapes, indices out of range, reshapes to a
// different number of elements, and a destination of the wrong shape.
//
// # Speed and accuracy
//
// The work is done by package kernels, which picks the fastest code path
// the CPU supports (AVX-512, AVX2, NEON or portable Go; see
// kernels.Paths). Views with gaps between their rows are processed row by
// row. Sums and products are accumulated in float32 in an order that
// depends on the path and on the layout, so results can differ between
// machines in the last bits, as with any BLAS.
//
// # Printing
//
// String formats a tensor as NumPy's str does (NumPy 2.3 and later, with
// its default print options), summarising tensors of more than 1000
// elements:
//
//	[[1.  2.5]
//	 [3.  4. ]]
package tensor
