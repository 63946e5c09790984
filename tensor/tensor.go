package tensor

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"unsafe"
)

// A Tensor is an n-dimensional array of float32 in row-major order, or a
// view of one. The zero value is not usable: make tensors with the
// constructors (Zeros, New, FromSlice, Full, Eye, RandN, RandU) or as views
// of other tensors (Slice, SliceCols, Reshape, T).
//
// The metadata of a tensor (shape, stride, orientation) never changes after
// it is made; its elements change through Set, Fill, CopyFrom and the
// operations that write into a destination. Several goroutines may read a
// tensor at the same time; a write must not overlap with any other access
// to the same elements.
type Tensor struct {
	// data runs from the first element of the storage to its last,
	// with its capacity cut to its length.
	data []float32
	// shape is the logical shape.
	shape []int
	// The storage is a rows×cols row-major matrix with leading
	// dimension ld: element (r, c) is data[r*ld+c]. Without trans, the
	// storage rows are the rows of the last dimension, in order (rows
	// is the product of all dimensions but the last, cols the last).
	// With trans (2-D only), the logical tensor is the transpose of
	// the storage: shape is [cols rows] and element (i, j) is
	// data[j*ld+i].
	rows, cols, ld int
	trans          bool
	// dims holds the shape of tensors with at most four dimensions, so
	// that making a tensor or a view costs one allocation.
	dims [4]int
}

// panicf panics with a message that starts with "tensor: ".
func panicf(format string, args ...any) {
	panic("tensor: " + fmt.Sprintf(format, args...))
}

// shapeStr formats a shape as fmt does ("[2 3]") without letting the
// slice escape, so that the callers' shape slices can live on the stack.
func shapeStr(s []int) string {
	b := []byte{'['}
	for i, d := range s {
		if i > 0 {
			b = append(b, ' ')
		}
		b = strconv.AppendInt(b, int64(d), 10)
	}
	return string(append(b, ']'))
}

// numel returns the number of elements of a shape, panicking with fn's
// name if a dimension is negative.
func numel(fn string, shape []int) int {
	n := 1
	for _, d := range shape {
		if d < 0 {
			panicf("%s: negative dimension in shape %s", fn, shapeStr(shape))
		}
		n *= d
	}
	return n
}

// header returns a tensor with a copy of shape and no storage yet.
func header(shape []int) *Tensor {
	t := new(Tensor)
	if len(shape) <= len(t.dims) {
		t.shape = t.dims[:len(shape)]
	} else {
		t.shape = make([]int, len(shape))
	}
	copy(t.shape, shape)
	return t
}

// layout sets the storage matrix of a tensor that is not transposed from
// its shape, with leading dimension ld (0 means the row width).
func (t *Tensor) layout(ld int) {
	t.rows, t.cols = 1, 1
	if n := len(t.shape); n > 0 {
		t.cols = t.shape[n-1]
		for _, d := range t.shape[:n-1] {
			t.rows *= d
		}
	}
	if ld == 0 {
		ld = max(1, t.cols)
	}
	t.ld = ld
}

// alloc allocates a new contiguous tensor of the given shape.
func alloc(fn string, shape []int) *Tensor {
	n := numel(fn, shape)
	t := header(shape)
	t.layout(0)
	t.data = make([]float32, n)
	return t
}

// Zeros returns a new tensor of the given shape filled with zeros. With no
// dimensions it is a scalar (a 0-dimensional tensor holding one element).
// A negative dimension panics.
func Zeros(shape ...int) *Tensor { return alloc("Zeros", shape) }

// Full returns a new tensor of the given shape with every element v.
func Full(v float32, shape ...int) *Tensor {
	t := alloc("Full", shape)
	t.Fill(v)
	return t
}

// New returns a tensor of the given shape that uses data as its storage,
// without copying: writes through either are seen by the other. With no
// shape it is a 1-dimensional tensor of len(data) elements. len(data)
// must equal the number of elements of the shape.
func New(data []float32, shape ...int) *Tensor {
	return wrap("New", data, shape)
}

// FromSlice is New with a copy: the tensor gets storage of its own, filled
// with the elements of data in row-major order.
func FromSlice(data []float32, shape ...int) *Tensor {
	return wrap("FromSlice", append([]float32(nil), data...), shape)
}

func wrap(fn string, data []float32, shape []int) *Tensor {
	var t *Tensor
	if len(shape) == 0 {
		t = header([]int{len(data)})
	} else {
		if n := numel(fn, shape); n != len(data) {
			panicf("%s: %d elements do not fill shape %s (%d elements)", fn, len(data), shapeStr(shape), n)
		}
		t = header(shape)
	}
	t.layout(0)
	t.data = data[:len(data):len(data)]
	return t
}

// Eye returns a new n×n identity matrix.
func Eye(n int) *Tensor {
	t := alloc("Eye", []int{n, n})
	for i := range n {
		t.data[i*n+i] = 1
	}
	return t
}

// NewRand returns a generator for RandN and RandU: math/rand/v2's PCG
// seeded with seed, so that a program that draws in the same order gets
// the same tensors on every run.
func NewRand(seed uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
}

// RandN returns a new tensor of the given shape filled, in row-major
// order, with standard normal samples (mean 0, standard deviation 1) drawn
// from r.
func RandN(r *rand.Rand, shape ...int) *Tensor {
	t := alloc("RandN", shape)
	for i := range t.data {
		t.data[i] = float32(r.NormFloat64())
	}
	return t
}

// RandU returns a new tensor of the given shape filled, in row-major
// order, with samples uniform between lo and hi drawn from r. Each is
// lo + (hi−lo)·u with u uniform on [0, 1), rounded to float32, which can
// round up to hi itself.
func RandU(r *rand.Rand, lo, hi float32, shape ...int) *Tensor {
	t := alloc("RandU", shape)
	for i := range t.data {
		t.data[i] = float32(float64(lo) + float64(hi-lo)*r.Float64())
	}
	return t
}

// Shape returns a copy of t's shape.
func (t *Tensor) Shape() []int { return append([]int(nil), t.shape...) }

// Dims returns the number of dimensions of t (0 for a scalar).
func (t *Tensor) Dims() int { return len(t.shape) }

// Dim returns the size of dimension i of t.
func (t *Tensor) Dim(i int) int {
	if i < 0 || i >= len(t.shape) {
		panicf("Dim: dimension %d out of range for shape %s", i, shapeStr(t.shape))
	}
	return t.shape[i]
}

// Size returns the number of elements of t.
func (t *Tensor) Size() int { return t.rows * t.cols }

// Stride returns the leading dimension of t's storage: the distance, in
// elements of Data, between the starts of two consecutive rows. The rows
// are those of t's last dimension, or, when t IsTransposed, those of
// t.T().
func (t *Tensor) Stride() int { return t.ld }

// IsTransposed reports whether t is a transposed view (see T): a 2-D
// tensor whose elements are stored column by column.
func (t *Tensor) IsTransposed() bool { return t.trans }

// IsContiguous reports whether t's elements occupy Data()[:t.Size()] in
// row-major order, with no gaps.
func (t *Tensor) IsContiguous() bool {
	if t.Size() == 0 {
		return true
	}
	if t.trans {
		return t.rows <= 1 || t.cols <= 1 && t.ld == 1
	}
	return t.rows <= 1 || t.ld == t.cols
}

// denseStorage reports whether the storage has no gaps between its rows,
// whatever its orientation.
func (t *Tensor) denseStorage() bool { return t.rows <= 1 || t.ld == t.cols }

// Data returns t's storage, shared with t. For a tensor made by Zeros,
// New, FromSlice and the like, and for any tensor that IsContiguous, it
// holds the elements in row-major order. For other views it runs from the
// first element of the view to the last and holds elements of the parent
// tensor in between: row r of the storage starts at r*Stride(), and the
// rows are those of the last dimension, or of t.T() when t IsTransposed.
func (t *Tensor) Data() []float32 { return t.data }

// Values returns a new slice with t's elements in row-major order.
func (t *Tensor) Values() []float32 {
	out := make([]float32, 0, t.Size())
	if !t.trans {
		for r := range t.rows {
			out = append(out, t.row(r)...)
		}
		return out
	}
	for i := range t.cols {
		for j := range t.rows {
			out = append(out, t.data[j*t.ld+i])
		}
	}
	return out
}

// row returns storage row r.
func (t *Tensor) row(r int) []float32 {
	if t.cols == 0 {
		return nil // rows of nothing have no storage
	}
	return t.data[r*t.ld : r*t.ld+t.cols]
}

// offset returns the position in data of the element at idx, panicking
// with fn's name if idx does not index t.
func (t *Tensor) offset(fn string, idx []int) int {
	if len(idx) != len(t.shape) {
		panicf("%s: %d indices for shape %s", fn, len(idx), shapeStr(t.shape))
	}
	for k, i := range idx {
		if i < 0 || i >= t.shape[k] {
			panicf("%s: index %s out of range for shape %s", fn, shapeStr(idx), shapeStr(t.shape))
		}
	}
	if t.trans {
		return idx[1]*t.ld + idx[0]
	}
	if len(idx) == 0 {
		return 0
	}
	r := 0
	for k, i := range idx[:len(idx)-1] {
		r = r*t.shape[k] + i
	}
	return r*t.ld + idx[len(idx)-1]
}

// At returns the element at the given indices, one per dimension (none
// for a scalar). Indices out of range panic.
func (t *Tensor) At(idx ...int) float32 { return t.data[t.offset("At", idx)] }

// Set sets the element at the given indices to v.
func (t *Tensor) Set(v float32, idx ...int) { t.data[t.offset("Set", idx)] = v }

// Item returns the only element of a tensor of size 1, whatever its
// number of dimensions.
func (t *Tensor) Item() float32 {
	if t.Size() != 1 {
		panicf("Item: shape %s has %d elements, not 1", shapeStr(t.shape), t.Size())
	}
	return t.data[0]
}

// Fill sets every element of t to v.
func (t *Tensor) Fill(v float32) {
	for r := range t.rows {
		row := t.row(r)
		if v == 0 && !math.Signbit(float64(v)) {
			clear(row)
			continue
		}
		for c := range row {
			row[c] = v
		}
	}
}

// view returns a tensor over t's storage from off, with the given shape,
// storage matrix and orientation.
func (t *Tensor) view(off int, shape []int, rows, cols, ld int, trans bool) *Tensor {
	v := header(shape)
	v.rows, v.cols, v.ld, v.trans = rows, cols, ld, trans
	if rows > 0 && cols > 0 {
		end := off + (rows-1)*ld + cols
		v.data = t.data[off:end:end]
	}
	return v
}

// Slice returns the view of t's indices i to j−1 along its first
// dimension, sharing t's storage: for a matrix, rows i to j−1, such as a
// batch of samples. It panics unless 0 ≤ i ≤ j ≤ t.Dim(0).
func (t *Tensor) Slice(i, j int) *Tensor {
	if len(t.shape) == 0 {
		panicf("Slice: a scalar (shape []) has no dimension to slice")
	}
	if i < 0 || i > j || j > t.shape[0] {
		panicf("Slice: range [%d:%d] out of bounds for shape %s", i, j, shapeStr(t.shape))
	}
	var v *Tensor
	switch {
	case t.trans: // logical rows are storage columns
		v = t.view(i, t.shape, t.rows, j-i, t.ld, true)
	case len(t.shape) == 1:
		v = t.view(i, t.shape, 1, j-i, t.ld, false)
	default:
		slab := 1 // storage rows per index of the first dimension
		for _, d := range t.shape[1 : len(t.shape)-1] {
			slab *= d
		}
		v = t.view(i*slab*t.ld, t.shape, (j-i)*slab, t.cols, t.ld, false)
	}
	v.shape[0] = j - i
	return v
}

// SliceCols returns the view of t's indices i to j−1 along its last
// dimension, sharing t's storage: for a matrix, columns i to j−1. The view
// keeps t's stride, so its rows are not contiguous unless it spans whole
// rows. It panics unless 0 ≤ i ≤ j ≤ the last dimension.
func (t *Tensor) SliceCols(i, j int) *Tensor {
	n := len(t.shape)
	if n == 0 {
		panicf("SliceCols: a scalar (shape []) has no dimension to slice")
	}
	if i < 0 || i > j || j > t.shape[n-1] {
		panicf("SliceCols: range [%d:%d] out of bounds for shape %s", i, j, shapeStr(t.shape))
	}
	var v *Tensor
	if t.trans { // logical columns are storage rows
		v = t.view(i*t.ld, t.shape, j-i, t.cols, t.ld, true)
	} else {
		v = t.view(i, t.shape, t.rows, j-i, t.ld, false)
	}
	v.shape[n-1] = j - i
	return v
}

// T returns the transpose of a 2-D tensor as a view that shares its
// storage; MatMul reads such views directly, without copying. For a
// tensor with fewer than two dimensions T returns t itself; more than two
// panics.
func (t *Tensor) T() *Tensor {
	switch len(t.shape) {
	case 0, 1:
		return t
	case 2:
		return t.view(0, []int{t.shape[1], t.shape[0]}, t.rows, t.cols, t.ld, !t.trans)
	}
	panicf("T: shape %s has %d dimensions; T needs at most 2", shapeStr(t.shape), len(t.shape))
	return nil
}

// Reshape returns a view of t with another shape and the same elements in
// the same row-major order, sharing t's storage. One dimension may be −1:
// it is inferred from the number of elements. A tensor that IsContiguous
// can take any shape with the same number of elements; a view with gaps
// between its rows (from SliceCols) only shapes that keep its last
// dimension; a transposed view only its own shape. Anything else panics:
// Clone the tensor first.
func (t *Tensor) Reshape(shape ...int) *Tensor {
	size := t.Size()
	ns := make([]int, len(shape))
	copy(ns, shape)
	infer, known := -1, 1
	for k, d := range ns {
		switch {
		case d == -1 && infer < 0:
			infer = k
		case d < 0:
			panicf("Reshape: invalid shape %s", shapeStr(shape))
		default:
			known *= d
		}
	}
	if infer >= 0 {
		if known == 0 || size%known != 0 {
			panicf("Reshape: cannot reshape %s (%d elements) into %s", shapeStr(t.shape), size, shapeStr(shape))
		}
		ns[infer] = size / known
	} else if known != size {
		panicf("Reshape: cannot reshape %s (%d elements) into %s", shapeStr(t.shape), size, shapeStr(shape))
	}
	v := header(ns)
	switch {
	case equalShapes(ns, t.shape):
		v.rows, v.cols, v.ld, v.trans = t.rows, t.cols, t.ld, t.trans
	case t.IsContiguous():
		v.layout(0)
	case !t.trans && len(ns) > 0 && ns[len(ns)-1] == t.cols:
		v.layout(t.ld)
	default:
		panicf("Reshape: cannot reshape the non-contiguous view of shape %s into %s without copying; Clone it first",
			shapeStr(t.shape), shapeStr(shape))
	}
	v.data = t.data
	return v
}

// Clone returns a new contiguous tensor, not transposed, with t's shape
// and a copy of its elements.
func (t *Tensor) Clone() *Tensor {
	c := alloc("Clone", t.shape)
	copyElems(c, t)
	return c
}

// Contiguous returns t itself if it IsContiguous and is not transposed,
// and otherwise a Clone of it.
func (t *Tensor) Contiguous() *Tensor {
	if !t.trans && t.IsContiguous() {
		return t
	}
	return t.Clone()
}

// CopyFrom copies the elements of src into t, which must have the same
// shape. src may overlap t.
func (t *Tensor) CopyFrom(src *Tensor) {
	checkSameShape("CopyFrom", t, src)
	copyElems(t, unalias(t, src))
}

// copyElems copies src into dst, of the same shape, which do not overlap
// unless they are the same view.
func copyElems(dst, src *Tensor) {
	if dst.Size() == 0 || sameView(dst, src) {
		return
	}
	if dst.trans == src.trans {
		if dst.denseStorage() && src.denseStorage() {
			copy(dst.data[:dst.Size()], src.data)
			return
		}
		for r := range dst.rows {
			copy(dst.row(r), src.row(r))
		}
		return
	}
	// Opposite orientations: dst's storage rows are src's storage columns.
	// Blocks of tb×tb keep both sides in cache for large matrices.
	const tb = 32
	for r0 := 0; r0 < dst.rows; r0 += tb {
		for c0 := 0; c0 < dst.cols; c0 += tb {
			for r := r0; r < min(r0+tb, dst.rows); r++ {
				d := dst.data[r*dst.ld:]
				for c := c0; c < min(c0+tb, dst.cols); c++ {
					d[c] = src.data[c*src.ld+r]
				}
			}
		}
	}
}

// equalShapes reports whether two shapes are the same.
func equalShapes(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// checkSameShape panics unless a and b have the same shape.
func checkSameShape(fn string, a, b *Tensor) {
	if !equalShapes(a.shape, b.shape) {
		panicf("%s: shapes %s and %s do not match", fn, shapeStr(a.shape), shapeStr(b.shape))
	}
}

// bounds returns the addresses of the first and one past the last element
// of t's storage (0, 0 when it is empty).
func bounds(t *Tensor) (lo, hi uintptr) {
	if len(t.data) == 0 {
		return 0, 0
	}
	lo = uintptr(unsafe.Pointer(unsafe.SliceData(t.data)))
	return lo, lo + uintptr(len(t.data))*unsafe.Sizeof(float32(0))
}

// overlaps reports whether the storage spans of a and b share memory.
func overlaps(a, b *Tensor) bool {
	alo, ahi := bounds(a)
	blo, bhi := bounds(b)
	return alo < bhi && blo < ahi
}

// sameView reports whether a and b are views of the same elements laid
// out the same way, so that an elementwise kernel may read one while it
// writes the other.
func sameView(a, b *Tensor) bool {
	alo, _ := bounds(a)
	blo, _ := bounds(b)
	return alo == blo && a.rows == b.rows && a.cols == b.cols && a.ld == b.ld && a.trans == b.trans
}

// unalias returns src, or a copy of it if src overlaps dst without being
// the same view: the elementwise operations may then write dst in place.
func unalias(dst, src *Tensor) *Tensor {
	if overlaps(dst, src) && !sameView(dst, src) {
		return src.Clone()
	}
	return src
}

// private returns src, or a copy of it if src overlaps dst at all, for
// operations that read src after writing dst.
func private(dst, src *Tensor) *Tensor {
	if overlaps(dst, src) {
		return src.Clone()
	}
	return src
}
