package tensor

import (
	"math"

	"github.com/gof32/gof32/kernels"
)

// The conventions of the operations that write into a destination are in
// the package documentation (doc.go): destination first and returned, nil
// allocated, overlapping operands copied.

// prepare returns dst, or a new tensor of the given shape if dst is nil,
// panicking if dst has another shape.
func prepare(fn string, dst *Tensor, shape []int) *Tensor {
	if dst == nil {
		return alloc(fn, shape)
	}
	if !equalShapes(dst.shape, shape) {
		panicf("%s: dst has shape %s, want %s", fn, shapeStr(dst.shape), shapeStr(shape))
	}
	return dst
}

// check2D panics unless t is a matrix.
func check2D(fn, name string, t *Tensor) {
	if len(t.shape) != 2 {
		panicf("%s: %s has shape %s; %s needs a 2-D tensor", fn, name, shapeStr(t.shape), fn)
	}
}

// rows2 calls k on the matching storage rows of dst and x, which have the
// same shape and orientation, or once on their whole storage when neither
// has gaps.
func rows2(dst, x *Tensor, k func(d, x []float32)) {
	if dst.denseStorage() && x.denseStorage() {
		n := dst.Size()
		k(dst.data[:n], x.data[:n])
		return
	}
	for r := range dst.rows {
		k(dst.row(r), x.row(r))
	}
}

// rows3 is rows2 for kernels with two inputs.
func rows3(dst, x, y *Tensor, k func(d, x, y []float32)) {
	if dst.denseStorage() && x.denseStorage() && y.denseStorage() {
		n := dst.Size()
		k(dst.data[:n], x.data[:n], y.data[:n])
		return
	}
	for r := range dst.rows {
		k(dst.row(r), x.row(r), y.row(r))
	}
}

// binary computes dst = op(a, b) elementwise, with kernel k when the three
// tensors share an orientation, and with the scalar op otherwise (the two
// give the same results: each element is one correctly rounded operation).
func binary(fn string, dst, a, b *Tensor, k func(d, x, y []float32), op func(x, y float32) float32) *Tensor {
	dst, a, b = prepare3(fn, dst, a, b)
	if dst.trans == a.trans && dst.trans == b.trans {
		rows3(dst, a, b, k)
		return dst
	}
	// Mixed orientations: only 2-D tensors can be transposed.
	for i := range dst.shape[0] {
		for j := range dst.shape[1] {
			*dst.at2(i, j) = op(*a.at2(i, j), *b.at2(i, j))
		}
	}
	return dst
}

// prepare3 checks that a and b have the same shape, prepares dst for it,
// and returns the operands an elementwise kernel may read while it writes
// dst (copies of those that overlap dst in another layout).
func prepare3(fn string, dst, a, b *Tensor) (*Tensor, *Tensor, *Tensor) {
	checkSameShape(fn, a, b)
	dst = prepare(fn, dst, a.shape)
	return dst, unalias(dst, a), unalias(dst, b)
}

// at2 returns the address of element (i, j) of a 2-D tensor.
func (t *Tensor) at2(i, j int) *float32 {
	if t.trans {
		return &t.data[j*t.ld+i]
	}
	return &t.data[i*t.ld+j]
}

// Add sets dst = a + b elementwise and returns dst. a and b must have the
// same shape.
func Add(dst, a, b *Tensor) *Tensor {
	return binary("Add", dst, a, b, kernels.Add, func(x, y float32) float32 { return x + y })
}

// Sub sets dst = a − b elementwise and returns dst.
func Sub(dst, a, b *Tensor) *Tensor {
	return binary("Sub", dst, a, b, kernels.Sub, func(x, y float32) float32 { return x - y })
}

// Mul sets dst = a·b elementwise (the Hadamard product) and returns dst.
func Mul(dst, a, b *Tensor) *Tensor {
	return binary("Mul", dst, a, b, kernels.Mul, func(x, y float32) float32 { return x * y })
}

// unaryInto prepares dst for an operation on a and arranges for the
// kernel to run on dst's own storage: it returns the tensor to read,
// which is a itself when it has dst's orientation, and dst (holding a
// copy of a) otherwise.
func unaryInto(fn string, dst, a *Tensor) (*Tensor, *Tensor) {
	dst = prepare(fn, dst, a.shape)
	a = unalias(dst, a)
	if a.trans != dst.trans {
		copyElems(dst, a)
		a = dst
	}
	return dst, a
}

// Scale sets dst = alpha·a and returns dst.
func Scale(dst *Tensor, alpha float32, a *Tensor) *Tensor {
	dst, a = unaryInto("Scale", dst, a)
	copyElems(dst, a)
	rows2(dst, dst, func(d, _ []float32) { kernels.Scale(alpha, d) })
	return dst
}

// AddScaled sets dst = a + alpha·b and returns dst (the BLAS axpy when dst
// is a).
func AddScaled(dst, a *Tensor, alpha float32, b *Tensor) *Tensor {
	const fn = "AddScaled"
	checkSameShape(fn, a, b)
	dst = prepare(fn, dst, a.shape)
	a, b = unalias(dst, a), unalias(dst, b)
	if sameView(dst, b) && !sameView(dst, a) {
		// Copying a into dst would lose b: scale b in place, then add a.
		Scale(dst, alpha, dst)
		return Add(dst, dst, a)
	}
	copyElems(dst, a)
	if b.trans == dst.trans {
		rows2(dst, b, func(d, x []float32) { kernels.Axpy(alpha, x, d) })
		return dst
	}
	for i := range dst.shape[0] {
		for j := range dst.shape[1] {
			*dst.at2(i, j) += alpha * *b.at2(i, j)
		}
	}
	return dst
}

// Exp sets dst = eᵃ elementwise and returns dst, within 2 ulp of the
// correctly rounded result (see kernels.Exp).
func Exp(dst, a *Tensor) *Tensor { return unary("Exp", dst, a, kernels.Exp) }

// unary sets dst = k(a) elementwise with the kernel k and returns dst.
func unary(fn string, dst, a *Tensor, k func(d, x []float32)) *Tensor {
	dst, a = unaryInto(fn, dst, a)
	rows2(dst, a, k)
	return dst
}

// Sum returns the sum of a's elements (0 for an empty tensor). The order
// of the additions depends on the kernels path and on a's layout, so
// results differ by rounding.
func Sum(a *Tensor) float32 {
	if a.denseStorage() {
		return kernels.Sum(a.data[:a.Size()])
	}
	var s float32
	for r := range a.rows {
		s += kernels.Sum(a.row(r))
	}
	return s
}

// Max returns the largest element of a, NaN if a holds a NaN (as NumPy's
// max), and −Inf for an empty tensor.
func Max(a *Tensor) float32 {
	if a.denseStorage() {
		return kernels.Max(a.data[:a.Size()])
	}
	m := kernels.Max(nil)
	for r := range a.rows {
		v := kernels.Max(a.row(r))
		if v != v {
			return v
		}
		m = max(m, v)
	}
	return m
}

// Argmax returns the row-major (flat) index of the first largest element
// of a, the index of the first NaN if a holds one (as NumPy's argmax), and
// −1 for an empty tensor.
func Argmax(a *Tensor) int {
	if a.trans {
		lr, lc := a.shape[0], a.shape[1]
		best, bv := -1, float32(0)
		for i := range lr {
			for j := range lc {
				v := a.data[j*a.ld+i]
				if v != v {
					return i*lc + j
				}
				if best < 0 || v > bv {
					best, bv = i*lc+j, v
				}
			}
		}
		return best
	}
	if a.denseStorage() {
		return kernels.Argmax(a.data[:a.Size()])
	}
	best, bv := -1, float32(0)
	for r := range a.rows {
		row := a.row(r)
		j := kernels.Argmax(row)
		if j < 0 {
			return -1 // empty rows: the tensor is empty
		}
		if v := row[j]; v != v {
			return r*a.cols + j
		} else if best < 0 || v > bv {
			best, bv = r*a.cols+j, v
		}
	}
	return best
}

// vector returns the shape of a 1-D tensor of n elements without
// allocating.
func vector(n int) [1]int { return [1]int{n} }

// AddRowVector sets dst = a + v with v added to every row of the matrix a
// (a bias broadcast: dst[i,j] = a[i,j] + v[j]) and returns dst. v is 1-D
// with one element per column of a.
func AddRowVector(dst, a, v *Tensor) *Tensor {
	const fn = "AddRowVector"
	check2D(fn, "a", a)
	if len(v.shape) != 1 || v.shape[0] != a.shape[1] {
		panicf("%s: shapes %s and %s do not match", fn, shapeStr(a.shape), shapeStr(v.shape))
	}
	dst = prepare(fn, dst, a.shape)
	if dst.Size() == 0 {
		return dst
	}
	a, v = unalias(dst, a), private(dst, v)
	copyElems(dst, a)
	if !dst.trans {
		kernels.AddRowVector(dst.rows, dst.cols, dst.data, dst.ld, v.data)
		return dst
	}
	// Storage row r of dst is its logical column r.
	for r := range dst.rows {
		b := v.data[r]
		row := dst.row(r)
		for c := range row {
			row[c] += b
		}
	}
	return dst
}

// ColumnSums sets dst[j] = Σ_i a[i,j] for the matrix a (the gradient of a
// bias) and returns dst, a 1-D tensor of a.Dim(1) elements.
func ColumnSums(dst, a *Tensor) *Tensor {
	const fn = "ColumnSums"
	check2D(fn, "a", a)
	shape := vector(a.shape[1])
	dst = prepare(fn, dst, shape[:])
	if a.Size() == 0 {
		dst.Fill(0)
		return dst
	}
	a = private(dst, a)
	if a.trans { // logical columns are storage rows
		for r := range a.rows {
			dst.data[r] = kernels.Sum(a.row(r))
		}
		return dst
	}
	kernels.ColumnSums(dst.data, a.rows, a.cols, a.data, a.ld)
	return dst
}

// RowSums sets dst[i] = Σ_j a[i,j] for the matrix a and returns dst, a
// 1-D tensor of a.Dim(0) elements.
func RowSums(dst, a *Tensor) *Tensor {
	const fn = "RowSums"
	check2D(fn, "a", a)
	shape := vector(a.shape[0])
	dst = prepare(fn, dst, shape[:])
	if a.Size() == 0 {
		dst.Fill(0)
		return dst
	}
	a = private(dst, a)
	if a.trans { // logical rows are storage columns
		kernels.ColumnSums(dst.data, a.rows, a.cols, a.data, a.ld)
		return dst
	}
	for r := range a.rows {
		dst.data[r] = kernels.Sum(a.row(r))
	}
	return dst
}

// ArgmaxRows sets dst[i] to the column index of the first largest element
// of row i of the matrix a (of the first NaN if the row holds one, −1 for
// an empty row) and returns dst. A nil dst is allocated; otherwise it must
// have a.Dim(0) elements.
func ArgmaxRows(dst []int, a *Tensor) []int {
	const fn = "ArgmaxRows"
	check2D(fn, "a", a)
	if dst == nil {
		dst = make([]int, a.shape[0])
	}
	if len(dst) != a.shape[0] {
		panicf("%s: dst has %d elements, want %d for shape %s", fn, len(dst), a.shape[0], shapeStr(a.shape))
	}
	if a.Size() == 0 {
		for i := range dst {
			dst[i] = -1
		}
		return dst
	}
	if !a.trans {
		kernels.ArgmaxRows(dst, a.rows, a.cols, a.data, a.ld)
		return dst
	}
	for i := range dst {
		best, bv := -1, float32(0)
		for j := range a.shape[1] {
			v := a.data[j*a.ld+i]
			if v != v {
				best = j
				break
			}
			if best < 0 || v > bv {
				best, bv = j, v
			}
		}
		dst[i] = best
	}
	return dst
}

// SoftmaxRows sets each row of dst to the softmax of the same row of the
// matrix a, dst[i,j] = exp(a[i,j] − m_i) / Σ_k exp(a[i,k] − m_i) with m_i
// the row's maximum, and returns dst. A transposed dst costs a temporary
// copy.
func SoftmaxRows(dst, a *Tensor) *Tensor {
	const fn = "SoftmaxRows"
	check2D(fn, "a", a)
	dst = prepare(fn, dst, a.shape)
	if dst.Size() == 0 {
		return dst
	}
	a = unalias(dst, a)
	if dst.trans {
		// The kernel works along storage rows, which are dst's columns.
		tmp := a.Clone()
		kernels.SoftmaxRows(tmp.rows, tmp.cols, tmp.data, tmp.ld, tmp.data, tmp.ld)
		copyElems(dst, tmp)
		return dst
	}
	if a.trans {
		copyElems(dst, a)
		a = dst
	}
	kernels.SoftmaxRows(dst.rows, dst.cols, a.data, a.ld, dst.data, dst.ld)
	return dst
}

// LogSumExpRows sets dst[i] = log Σ_j exp(a[i,j]) for each row of the
// matrix a, computed stably, and returns dst, a 1-D tensor of a.Dim(0)
// elements. A transposed a costs a temporary copy.
func LogSumExpRows(dst, a *Tensor) *Tensor {
	const fn = "LogSumExpRows"
	check2D(fn, "a", a)
	shape := vector(a.shape[0])
	dst = prepare(fn, dst, shape[:])
	if a.Size() == 0 {
		dst.Fill(float32(math.Inf(-1))) // the log of an empty sum
		return dst
	}
	if a.trans {
		a = a.Clone()
	} else {
		a = private(dst, a)
	}
	kernels.LogSumExpRows(dst.data, a.rows, a.cols, a.data, a.ld)
	return dst
}
