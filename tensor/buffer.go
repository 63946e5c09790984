package tensor

import "github.com/gof32/gof32/kernels"

// A Buffer is reusable storage for batches of rows: Rows(n, rowShape...)
// returns a tensor of shape [n, rowShape...] in the buffer's storage,
// growing it when it is too small, and Like(x) one with x's shape. The
// tensor for a given row count is made once and handed out again on later
// calls, so a loop over batches of a few sizes (a training loop whose
// last batch is shorter, inference in chunks) allocates nothing once each
// size has been seen. nn's layers keep their outputs and gradients in
// Buffers.
//
// The tensors a Buffer returns share its storage and are contiguous; their
// elements are unspecified until written, and a later call may hand out
// the same storage again, so a result lasts until the buffer's next use.
// Changing the row shape or growing the storage forgets the tensors made
// before. The zero Buffer is ready to use. A Buffer must not be used by
// several goroutines at once.
type Buffer struct {
	data     []float32
	rowShape []int
	views    []*Tensor // views[n] has n rows; nil until asked for
}

// Rows returns a tensor of shape [n, rowShape...] held by the buffer.
func (b *Buffer) Rows(n int, rowShape ...int) *Tensor {
	if n < 0 {
		panicf("Buffer.Rows: negative row count %d", n)
	}
	if !equalShapes(b.rowShape, rowShape) {
		numel("Buffer.Rows", rowShape)
		b.rowShape = append(b.rowShape[:0], rowShape...)
		b.forget()
	}
	if n < len(b.views) && b.views[n] != nil {
		return b.views[n]
	}
	size := n * numel("Buffer.Rows", rowShape)
	if size > len(b.data) {
		b.data = make([]float32, size)
		b.forget()
	}
	for len(b.views) <= n {
		b.views = append(b.views, nil)
	}
	var dims [4]int
	shape := append(dims[:0], n)
	shape = append(shape, rowShape...)
	t := header(shape)
	t.layout(0)
	t.data = b.data[:size:size]
	b.views[n] = t
	return t
}

// Like returns a tensor with x's shape held by the buffer: Rows(x.Dim(0),
// x.Dim(1), …). x must have at least one dimension.
func (b *Buffer) Like(x *Tensor) *Tensor {
	if len(x.shape) == 0 {
		panicf("Buffer.Like: x is a scalar; a batch needs a first dimension")
	}
	return b.Rows(x.shape[0], x.shape[1:]...)
}

// forget drops the tensors made so far.
func (b *Buffer) forget() {
	clear(b.views)
	b.views = b.views[:0]
}

// PrefetchRows hints that rows idx of src along the first dimension are
// about to be read, by GatherRows say: it asks the CPU to start loading
// them into its caches (kernels.Prefetch) and returns at once. It changes
// nothing; indices outside [0, src.Dim(0)) and transposed views are
// ignored. Many rows hinted at once wait in the CPU as long as loads
// would; QueueRows spreads them over the products that follow.
func PrefetchRows(src *Tensor, idx []int) {
	eachRowSpan(src, idx, kernels.Prefetch)
}

// QueueRows is PrefetchRows through p: the rows' cache lines are queued
// on p (kernels.Prefetcher.Add), and the matrix products that drain p
// hint them a few at a time. A training loop queues the next batch's
// rows before it computes the current batch, so that the next gather
// finds them in cache rather than in memory, without waiting for them.
func QueueRows(p *kernels.Prefetcher, src *Tensor, idx []int) {
	eachRowSpan(src, idx, p.Add)
}

// eachRowSpan calls f on the storage of rows idx of src along the first
// dimension, one contiguous span at a time, skipping indices outside
// [0, src.Dim(0)) and transposed views.
func eachRowSpan(src *Tensor, idx []int, f func([]float32)) {
	if len(src.shape) < 2 || src.trans {
		return
	}
	n0 := src.shape[0]
	per := src.rows / max(n0, 1) // storage rows per first-dimension row
	for _, r := range idx {
		switch {
		case uint(r) >= uint(n0):
		case src.denseStorage():
			span := per * src.cols
			f(src.data[r*span : (r+1)*span])
		default:
			for q := range per {
				f(src.row(r*per + q))
			}
		}
	}
}

// GatherRows sets row i of dst to row idx[i] of src along the first
// dimension (with all its trailing dimensions) and returns dst, of shape
// [len(idx), src.Dim(1), …]: how a training loop draws a shuffled batch.
// An index outside [0, src.Dim(0)) panics.
func GatherRows(dst, src *Tensor, idx []int) *Tensor {
	const fn = "GatherRows"
	if len(src.shape) == 0 {
		panicf("%s: src is a scalar; rows need a first dimension", fn)
	}
	var dims [4]int
	shape := append(dims[:0], len(idx))
	shape = append(shape, src.shape[1:]...)
	dst = prepare(fn, dst, shape)
	src = private(dst, src)
	n0 := src.shape[0]
	for i, r := range idx {
		if uint(r) >= uint(n0) {
			panicf("%s: index %d (position %d) outside [0, %d) for shape %s", fn, r, i, n0, shapeStr(src.shape))
		}
	}
	switch {
	case dst.Size() == 0:
	case len(src.shape) == 1:
		for i, r := range idx {
			dst.data[i] = src.data[r]
		}
	case src.trans || dst.trans:
		for i, r := range idx {
			for j := range src.shape[1] {
				*dst.at2(i, j) = *src.at2(r, j)
			}
		}
	default:
		per := src.rows / n0 // storage rows per first-dimension row
		if span := per * src.cols; src.denseStorage() && dst.denseStorage() {
			for i, r := range idx {
				copy(dst.data[i*span:(i+1)*span], src.data[r*span:(r+1)*span])
			}
			return dst
		}
		for i, r := range idx {
			for q := range per {
				copy(dst.row(i*per+q), src.row(r*per+q))
			}
		}
	}
	return dst
}
