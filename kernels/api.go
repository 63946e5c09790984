package kernels

import "math"

// Vector kernels. Unless a kernel says otherwise, all its slices must have
// the same length; dst may be the same slice as an input (exactly the same,
// not a shifted overlap).

// Axpy computes y += alpha·x.
func Axpy(alpha float32, x, y []float32) {
	checkSame("Axpy", "x, y", x, y)
	current.Load().axpy(alpha, x, y)
}

// Scale computes x *= alpha.
func Scale(alpha float32, x []float32) { current.Load().scale(alpha, x) }

// Dot returns Σ x[i]·y[i]. The order of the additions depends on the path,
// so results differ between paths by rounding.
func Dot(x, y []float32) float32 {
	checkSame("Dot", "x, y", x, y)
	return current.Load().dot(x, y)
}

// Add computes dst = x + y.
func Add(dst, x, y []float32) {
	checkSame("Add", "dst, x, y", dst, x, y)
	current.Load().add(dst, x, y)
}

// Sub computes dst = x − y.
func Sub(dst, x, y []float32) {
	checkSame("Sub", "dst, x, y", dst, x, y)
	current.Load().sub(dst, x, y)
}

// Mul computes dst = x·y elementwise.
func Mul(dst, x, y []float32) {
	checkSame("Mul", "dst, x, y", dst, x, y)
	current.Load().mul(dst, x, y)
}

// Sum returns Σ x[i] (0 for an empty slice). The order of the additions
// depends on the path.
func Sum(x []float32) float32 { return current.Load().sum(x) }

// Max returns the largest element of x, NaN if x holds a NaN (as NumPy's
// max), and −Inf for an empty slice.
func Max(x []float32) float32 { return current.Load().max(x) }

// Argmax returns the index of the first largest element of x, the index of
// the first NaN if x holds one (as NumPy's argmax), and −1 for an empty
// slice.
func Argmax(x []float32) int { return current.Load().argmax(x) }

// Exp computes dst = eˣ elementwise, within 2 ulp of the correctly rounded
// result for finite results (overflow gives +Inf, underflow 0 or a
// denormal, NaN stays NaN).
func Exp(dst, x []float32) {
	checkSame("Exp", "dst, x", dst, x)
	current.Load().exp(dst, x)
}

// Relu computes dst = max(x, 0); a NaN input stays NaN.
func Relu(dst, x []float32) {
	checkSame("Relu", "dst, x", dst, x)
	current.Load().relu(dst, x)
}

// ReluBackward computes the gradient through a ReLU: dst = dy where x > 0,
// and 0 elsewhere (NaN in x included). x is the ReLU's input (or its
// output: both are positive at the same places).
func ReluBackward(dst, dy, x []float32) {
	checkSame("ReluBackward", "dst, dy, x", dst, dy, x)
	current.Load().reluBwd(dst, dy, x)
}

// SGD applies the plain gradient-descent update w -= lr·g.
func SGD(lr float32, w, g []float32) {
	checkSame("SGD", "w, g", w, g)
	if j := parallelVec(len(w)); j != nil {
		j.f[0], j.s[0], j.s[1] = lr, w, g
		runVec(j, sgdPart)
		return
	}
	current.Load().sgd(lr, w, g)
}

// Row-wise kernels, on a rows×cols row-major block with a leading
// dimension.

// AddRowVector adds v (length ≥ cols) to every row of the rows×cols block
// a: a[i,j] += v[j]. This is the bias of a dense layer.
func AddRowVector(rows, cols int, a []float32, lda int, v []float32) {
	checkMatrix("AddRowVector", "a", rows, cols, a, lda)
	checkVector("AddRowVector", "v", v, cols)
	if rows == 0 || cols == 0 {
		return
	}
	current.Load().addRowVector(rows, cols, a, lda, v)
}

// ColumnSums sets dst[j] = Σ_i a[i,j] for the rows×cols block a (dst has
// at least cols elements). This is the gradient of a bias.
func ColumnSums(dst []float32, rows, cols int, a []float32, lda int) {
	checkMatrix("ColumnSums", "a", rows, cols, a, lda)
	checkVector("ColumnSums", "dst", dst, cols)
	if rows == 0 || cols == 0 {
		clear(dst[:cols])
		return
	}
	current.Load().columnSums(dst, rows, cols, a, lda)
}

// ArgmaxRows sets dst[i] to the Argmax of row i of the rows×cols block a.
func ArgmaxRows(dst []int, rows, cols int, a []float32, lda int) {
	checkMatrix("ArgmaxRows", "a", rows, cols, a, lda)
	if len(dst) < rows {
		panicf("ArgmaxRows: dst has %d elements, needs %d", len(dst), rows)
	}
	if cols == 0 {
		for i := range rows {
			dst[i] = -1 // Argmax of an empty row
		}
		return
	}
	current.Load().argmaxRows(dst, rows, cols, a, lda)
}

// SoftmaxRows sets each row of y to the softmax of the same row of x:
// y[i,j] = exp(x[i,j] − max_j x[i,·]) / Σ_j exp(x[i,j] − max_j x[i,·]).
// Subtracting the row maximum keeps it finite for any finite logits.
// y may be x itself (with ldy == ldx).
func SoftmaxRows(rows, cols int, x []float32, ldx int, y []float32, ldy int) {
	checkMatrix("SoftmaxRows", "x", rows, cols, x, ldx)
	checkMatrix("SoftmaxRows", "y", rows, cols, y, ldy)
	if rows == 0 || cols == 0 {
		return
	}
	current.Load().softmaxRows(rows, cols, x, ldx, y, ldy)
}

// LogSumExpRows sets dst[i] = log Σ_j exp(x[i,j]), computed stably as
// m + log Σ exp(x[i,j] − m) with m the row maximum.
func LogSumExpRows(dst []float32, rows, cols int, x []float32, ldx int) {
	checkMatrix("LogSumExpRows", "x", rows, cols, x, ldx)
	checkVector("LogSumExpRows", "dst", dst, rows)
	if cols == 0 {
		for i := range rows {
			dst[i] = float32(math.Inf(-1)) // log of an empty sum
		}
		return
	}
	current.Load().logSumExpRows(dst, rows, cols, x, ldx)
}
