package tensor

import (
	"fmt"
	"slices"
	"testing"

	"github.com/gof32/gof32/kernels"
)

// Tests of buffer.go: Buffer's tensors (shapes, contiguity, reuse per row
// count, what forgets them, no allocations in a steady loop), GatherRows
// against a loop over the indices, PrefetchRows and QueueRows.

func TestBufferRows(t *testing.T) {
	var b Buffer // the zero Buffer is ready
	x := b.Rows(32, 3, 5)
	if fmt.Sprint(x.Shape()) != "[32 3 5]" || !x.IsContiguous() || x.IsTransposed() || len(x.Data()) != 32*15 {
		t.Fatalf("Rows(32, 3, 5): shape %v contiguous %v data %d", x.Shape(), x.IsContiguous(), len(x.Data()))
	}
	x.Fill(1)
	if b.Rows(32, 3, 5) != x {
		t.Fatal("Rows(32, 3, 5) again made another tensor")
	}
	y := b.Rows(17, 3, 5)
	if fmt.Sprint(y.Shape()) != "[17 3 5]" || !y.IsContiguous() || len(y.Data()) != 17*15 {
		t.Fatalf("Rows(17, 3, 5): shape %v data %d", y.Shape(), len(y.Data()))
	}
	if &y.Data()[0] != &x.Data()[0] {
		t.Fatal("Rows(17) after Rows(32) does not share the buffer's storage")
	}
	if b.Rows(32, 3, 5) != x || b.Rows(17, 3, 5) != y {
		t.Fatal("alternating row counts made new tensors")
	}
	// Rows(0) and 1-D rows (no row shape).
	if e := b.Rows(0, 3, 5); fmt.Sprint(e.Shape()) != "[0 3 5]" || e.Size() != 0 {
		t.Fatalf("Rows(0, 3, 5): %v", e.Shape())
	}

	// Another row shape forgets the tensors made for the old one, even
	// where the storage suffices.
	z := b.Rows(32, 15)
	if fmt.Sprint(z.Shape()) != "[32 15]" || z == x {
		t.Fatalf("Rows(32, 15) after Rows(32, 3, 5): shape %v, same tensor %v", z.Shape(), z == x)
	}
	if x2 := b.Rows(32, 3, 5); x2 == x || fmt.Sprint(x2.Shape()) != "[32 3 5]" {
		t.Fatalf("Rows(32, 3, 5) after another row shape: shape %v, same tensor %v", x2.Shape(), x2 == x)
	}
	// Growth: a larger batch gets fresh storage and forgets the smaller
	// tensors, which then come back as new tensors on the new storage.
	small := b.Rows(17, 3, 5)
	big := b.Rows(100, 3, 5)
	if fmt.Sprint(big.Shape()) != "[100 3 5]" || len(big.Data()) != 1500 || !big.IsContiguous() {
		t.Fatalf("Rows(100, 3, 5): shape %v data %d", big.Shape(), len(big.Data()))
	}
	small2 := b.Rows(17, 3, 5)
	if small2 == small || &small2.Data()[0] != &big.Data()[0] || fmt.Sprint(small2.Shape()) != "[17 3 5]" {
		t.Fatal("Rows(17) after growth did not give a new tensor on the new storage")
	}
	if b.Rows(17, 3, 5) != small2 || b.Rows(100, 3, 5) != big {
		t.Fatal("tensors made after growth are not reused")
	}
	// Writes through the tensors land in the shared storage.
	small2.Set(42, 16, 2, 4)
	if big.At(16, 2, 4) != 42 {
		t.Fatal("Rows(17) and Rows(100) do not share their first rows")
	}

	// Vectors: Rows(n) with no row shape is 1-D.
	var v Buffer
	if r := v.Rows(7); fmt.Sprint(r.Shape()) != "[7]" || v.Rows(7) != r {
		t.Fatalf("Rows(7): %v", r.Shape())
	}
	// More than four dimensions.
	if r := v.Rows(2, 1, 2, 1, 3); fmt.Sprint(r.Shape()) != "[2 1 2 1 3]" || r.Size() != 12 || v.Rows(2, 1, 2, 1, 3) != r {
		t.Fatalf("Rows(2, 1, 2, 1, 3): %v", r.Shape())
	}

	// Like gives x's shape, from any view of x.
	var l Buffer
	for _, src := range []*Tensor{Zeros(4, 6), Zeros(8, 9).SliceCols(1, 7).Slice(2, 6), Zeros(6, 4).T(), Zeros(5), Zeros(2, 3, 4), Zeros(0, 3)} {
		got := l.Like(src)
		if fmt.Sprint(got.Shape()) != fmt.Sprint(src.Shape()) || !got.IsContiguous() || got.IsTransposed() {
			t.Fatalf("Like(%v): shape %v contiguous %v", src.Shape(), got.Shape(), got.IsContiguous())
		}
	}
	if l.Like(Zeros(4, 6)) != l.Rows(4, 6) {
		t.Fatal("Like(x) and Rows(x's shape) are not the same tensor")
	}
}

// TestBufferNoAllocs checks the steady state of a batch loop whose last
// batch is shorter: once both row counts have been seen, Rows, Like and
// GatherRows into them allocate nothing.
func TestBufferNoAllocs(t *testing.T) {
	data := RandN(NewRand(1), 200, 12)
	labels := RandN(NewRand(2), 200, 3)
	idx := make([]int, 200)
	for i := range idx {
		idx[i] = (i * 37) % 200
	}
	w := RandN(NewRand(3), 12, 3)
	var xb, yb, hb Buffer
	step := func(lo, hi int) { // a linear model's error on a shuffled batch
		x := GatherRows(xb.Rows(hi-lo, 12), data, idx[lo:hi])
		y := GatherRows(yb.Rows(hi-lo, 3), labels, idx[lo:hi])
		h := MatMul(hb.Like(y), x, w)
		Sub(h, h, y)
	}
	loop := func() {
		step(0, 32)
		step(32, 49) // a short last batch of 17
	}
	loop() // warm-up: the first tensor of each row count is made here
	if n := testing.AllocsPerRun(20, loop); n != 0 {
		t.Errorf("batch loop: %v allocations per run after warm-up, want 0", n)
	}
	// The short batch first: it is forgotten when the storage grows for
	// the long one, and made once more on the next pass; then steady.
	var b Buffer
	alt := func() { b.Rows(17, 5); b.Rows(32, 5) }
	alt()
	alt()
	if n := testing.AllocsPerRun(20, alt); n != 0 {
		t.Errorf("Rows(17), Rows(32): %v allocations per run after warm-up, want 0", n)
	}
	dst := Zeros(32, 12)
	if n := testing.AllocsPerRun(20, func() { GatherRows(dst, data, idx[:32]) }); n != 0 {
		t.Errorf("GatherRows into a given dst: %v allocations per run, want 0", n)
	}
	view := Zeros(40, 20).Slice(4, 36).SliceCols(3, 15)
	dataT := data.T().Clone().T() // 200×12, transposed storage
	if n := testing.AllocsPerRun(20, func() { GatherRows(view, dataT, idx[:32]) }); n != 0 {
		t.Errorf("GatherRows from a transposed src into a view: %v allocations per run, want 0", n)
	}
}

// gatherRef returns the elements of the rows idx of src along its first
// dimension, in row-major order, read with At.
func gatherRef(src *Tensor, idx []int) []float32 {
	shape := src.Shape()
	per := 1
	for _, d := range shape[1:] {
		per *= d
	}
	var out []float32
	pos := make([]int, len(shape))
	for _, r := range idx {
		for q := range per {
			pos[0] = r
			rest := q
			for k := len(shape) - 1; k >= 1; k-- {
				pos[k] = rest % shape[k]
				rest /= shape[k]
			}
			out = append(out, src.At(pos...))
		}
	}
	return out
}

// TestPrefetchRows: PrefetchRows changes nothing and ignores indices out
// of range, on compact tensors, views with gaps between their rows,
// transposed views and tensors of images.
func TestPrefetchRows(t *testing.T) {
	x := RandN(NewRand(3), 9, 40)
	img := RandN(NewRand(4), 5, 3, 7)
	for _, src := range []*Tensor{x, x.SliceCols(3, 20), x.T(), x.Slice(2, 6), img, x.Reshape(360), Zeros(0, 4)} {
		want := src.Clone()
		idx := []int{0, src.Dim(0) - 1, src.Dim(0), -1, 2}
		PrefetchRows(src, idx)
		PrefetchRows(src, nil)
		if !slices.Equal(src.Contiguous().Data()[:src.Size()], want.Contiguous().Data()[:want.Size()]) {
			t.Errorf("PrefetchRows changed a tensor of shape %v", src.Shape())
		}
	}
	if a := testing.AllocsPerRun(10, func() { PrefetchRows(x, []int{1, 3, 5}) }); a != 0 {
		t.Errorf("PrefetchRows: %v allocations", a)
	}
}

// TestQueueRows: QueueRows queues on the Prefetcher the storage of the
// rows in range, one span per contiguous run (a row of a compact tensor,
// each storage row of a view with gaps), and nothing for transposed views;
// it changes nothing and allocates nothing once the queue has grown.
func TestQueueRows(t *testing.T) {
	x := RandN(NewRand(3), 9, 40) // a row: 40 floats, 3 lines
	img := RandN(NewRand(4), 5, 3, 7)
	for _, c := range []struct {
		src   *Tensor
		lines int // for idx below
	}{
		{x, 3 * 3},
		{x.SliceCols(3, 20), 3 * 2}, // 17 floats a row, 2 lines
		{x.T(), 0},
		{img, 3 * 2}, // 21 floats, 2 lines
		{Zeros(0, 4), 0},
	} {
		var p kernels.Prefetcher
		want := c.src.Clone()
		idx := []int{0, c.src.Dim(0) - 1, c.src.Dim(0), -1, 1}
		QueueRows(&p, c.src, idx)
		if got := p.Pending(); got != c.lines {
			t.Errorf("QueueRows on shape %v queued %d lines, want %d", c.src.Shape(), got, c.lines)
		}
		p.Flush()
		if !slices.Equal(c.src.Contiguous().Data()[:c.src.Size()], want.Contiguous().Data()[:want.Size()]) {
			t.Errorf("QueueRows changed a tensor of shape %v", c.src.Shape())
		}
	}
	var p kernels.Prefetcher
	step := func() { QueueRows(&p, x, []int{1, 3, 5}); p.Flush() }
	step()
	if a := testing.AllocsPerRun(10, step); a != 0 {
		t.Errorf("QueueRows: %v allocations", a)
	}
}

func TestGatherRows(t *testing.T) {
	r := newRand(21)
	idxs := [][]int{{}, {0}, {2, 0, 1}, {1, 1, 1}, {4, 3, 2, 1, 0, 0, 4}}
	shapes := [][]int{{5}, {5, 1}, {5, 3}, {5, 17}, {5, 0}, {5, 2, 3}, {5, 3, 2, 4}}
	for _, shape := range shapes {
		vals := randVals(r, numel("test", shape))
		for _, sk := range viewKinds(shape) {
			src := makeView(sk, shape, vals)
			for _, idx := range idxs {
				want := gatherRef(src.t, idx)
				dshape := append([]int{len(idx)}, shape[1:]...)
				for _, dk := range viewKinds(dshape) {
					where := fmt.Sprintf("src %v %s, dst %s, idx %v", shape, sk, dk, idx)
					dst := makeView(dk, dshape, nil)
					if GatherRows(dst.t, src.t, idx) != dst.t {
						t.Fatal("GatherRows did not return dst")
					}
					compareExact(t, where, dst.t.Values(), want)
					dst.checkOutside(t, "GatherRows")
					src.checkOutside(t, "GatherRows")
				}
				got := GatherRows(nil, src.t, idx)
				if fmt.Sprint(got.Shape()) != fmt.Sprint(dshape) {
					t.Fatalf("GatherRows nil dst: shape %v, want %v", got.Shape(), dshape)
				}
				compareExact(t, fmt.Sprintf("src %v %s, nil dst, idx %v", shape, sk, idx), got.Values(), want)
			}
		}
	}
	// A column range with gaps, of a 3-D tensor and of a matrix, into
	// plain and transposed destinations.
	big := RandN(NewRand(22), 6, 4, 9)
	src := big.SliceCols(2, 7) // 6×4×5, stride 9
	idx := []int{5, 0, 3, 3}
	want := gatherRef(src, idx)
	compareExact(t, "3-D SliceCols src", GatherRows(nil, src, idx).Values(), want)
	mat := RandN(NewRand(23), 8, 11).SliceCols(3, 10)
	want = gatherRef(mat, idx)
	for _, dk := range layoutNames {
		dst := newLayout(dk, 4, 7, nil)
		GatherRows(dst.t, mat, idx)
		compareExact(t, "SliceCols src into "+dk, values(dst.t), want)
		dst.checkOutside(t, "GatherRows")
		GatherRows(dst.t, mat.T().Clone().T(), idx)
		compareExact(t, "transposed src into "+dk, values(dst.t), want)
	}

	// dst overlapping src: the result is the formula's on src as it was.
	// Rows shifted within the same matrix, a gather onto src itself (a
	// permutation), and into a column range of src.
	for _, k := range layoutNames {
		vals := randVals(r, 6*5)
		x := newLayout(k, 6, 5, vals)
		orig := FromSlice(vals, 6, 5)
		perm := []int{3, 5, 0, 1, 4}
		GatherRows(x.t.Slice(1, 6), x.t, perm)
		compareExact(t, k+" into src.Slice(1, 6)", values(x.t.Slice(1, 6)), gatherRef(orig, perm))
		x.checkOutside(t, "GatherRows")

		x = newLayout(k, 6, 5, vals)
		perm = []int{5, 4, 3, 2, 1, 0}
		GatherRows(x.t, x.t, perm)
		compareExact(t, k+" onto src (reversal)", values(x.t), gatherRef(orig, perm))

		sq := newLayout(k, 5, 5, vals[:25])
		origSq := FromSlice(vals[:25], 5, 5)
		perm = []int{2, 2, 0, 4, 1}
		GatherRows(sq.t, sq.t.T(), perm)
		compareExact(t, k+" onto its own transpose", values(sq.t), gatherRef(origSq.T(), perm))
	}
	v := FromSlice([]float32{0, 1, 2, 3, 4, 5})
	GatherRows(v.Slice(0, 4), v.Slice(2, 6), []int{3, 2, 1, 0})
	if fmt.Sprint(v.Values()) != "[5 4 3 2 4 5]" {
		t.Fatalf("1-D GatherRows into an overlapping range: %v", v.Values())
	}
}

func TestBufferPanics(t *testing.T) {
	var b Buffer
	x := Zeros(5, 3)
	cases := []panicCase{
		{"tensor: Buffer.Rows: negative row count -1", func() { b.Rows(-1, 3) }},
		{"tensor: Buffer.Rows: negative dimension in shape [3 -2]", func() { b.Rows(4, 3, -2) }},
		{"tensor: Buffer.Like: x is a scalar; a batch needs a first dimension", func() { b.Like(Zeros()) }},
		{"tensor: GatherRows: index 5 (position 2) outside [0, 5) for shape [5 3]", func() { GatherRows(nil, x, []int{0, 4, 5}) }},
		{"tensor: GatherRows: index -1 (position 0) outside [0, 5) for shape [5 3]", func() { GatherRows(nil, x, []int{-1}) }},
		{"tensor: GatherRows: index 0 (position 0) outside [0, 0) for shape [0 3]", func() { GatherRows(nil, Zeros(0, 3), []int{0}) }},
		{"tensor: GatherRows: index 7 (position 1) outside [0, 5) for shape [5]", func() { GatherRows(Zeros(2), Zeros(5), []int{1, 7}) }},
		{"tensor: GatherRows: dst has shape [2 3], want [3 3]", func() { GatherRows(Zeros(2, 3), x, []int{0, 1, 2}) }},
		{"tensor: GatherRows: dst has shape [3 2], want [2 3]", func() { GatherRows(Zeros(2, 3).T(), x, []int{0, 1}) }},
		{"tensor: GatherRows: src is a scalar; rows need a first dimension", func() { GatherRows(nil, Zeros(), nil) }},
	}
	checkPanics(t, cases)
}
