package tensor

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gof32/gof32/internal/pathtest"
)

// sentinel fills the storage around views: an element outside a view that
// does not hold it after an operation was written by mistake.
const sentinel = 777.25

// A layout is a matrix view of logical shape m×n in one of the storage
// arrangements the package supports, inside a parent filled with the
// sentinel.
type layout struct {
	name   string
	t      *Tensor
	parent *Tensor
	// The view's elements are the rows r0..r0+pr−1 and columns
	// c0..c0+pc−1 of parent.
	r0, c0, pr, pc int
}

var layoutNames = []string{"dense", "strided", "transposed", "transposed-strided"}

// newLayout makes an m×n view of the named kind holding vals (row-major).
func newLayout(kind string, m, n int, vals []float32) *layout {
	l := &layout{name: kind}
	switch kind {
	case "dense":
		l.parent = Zeros(m, n)
		l.t = l.parent
		l.pr, l.pc = m, n
	case "strided": // a block inside a larger matrix: stride n+3
		l.parent = Full(sentinel, m+2, n+3)
		l.t = l.parent.Slice(1, 1+m).SliceCols(2, 2+n)
		l.r0, l.c0, l.pr, l.pc = 1, 2, m, n
	case "transposed":
		l.parent = Full(sentinel, n, m)
		l.t = l.parent.T()
		l.pr, l.pc = n, m
	case "transposed-strided":
		l.parent = Full(sentinel, n+3, m+2)
		l.t = l.parent.Slice(2, 2+n).SliceCols(1, 1+m).T()
		l.r0, l.c0, l.pr, l.pc = 2, 1, n, m
	default:
		panic(kind)
	}
	if vals != nil {
		for i := range m {
			for j := range n {
				l.t.Set(vals[i*n+j], i, j)
			}
		}
	}
	return l
}

// checkOutside fails unless every element of the parent outside the view
// still holds the sentinel.
func (l *layout) checkOutside(t *testing.T, op string) {
	t.Helper()
	if l.t == l.parent {
		return
	}
	rows, cols := l.parent.Dim(0), l.parent.Dim(1)
	for r := range rows {
		for c := range cols {
			in := r >= l.r0 && r < l.r0+l.pr && c >= l.c0 && c < l.c0+l.pc
			if v := l.parent.At(r, c); !in && math.Float32bits(v) != math.Float32bits(sentinel) {
				t.Fatalf("%s on a %s view wrote parent element (%d,%d) = %v outside the view", op, l.name, r, c, v)
			}
		}
	}
}

// randVals returns n values uniform in [-3, 3).
func randVals(r *rand.Rand, n int) []float32 {
	v := make([]float32, n)
	for i := range v {
		v[i] = 6*r.Float32() - 3
	}
	return v
}

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 42)) }

// values returns the logical elements of a matrix, row-major, read with At.
func values(x *Tensor) []float32 {
	m, n := x.Dim(0), x.Dim(1)
	out := make([]float32, 0, m*n)
	for i := range m {
		for j := range n {
			out = append(out, x.At(i, j))
		}
	}
	return out
}

// near reports whether got is within tol of want, NaNs and infinities
// matching exactly.
func near(got float32, want, tol float64) bool {
	g := float64(got)
	if math.IsNaN(want) || math.IsInf(want, 0) {
		return math.IsNaN(g) == math.IsNaN(want) && (math.IsNaN(g) || g == want)
	}
	return math.Abs(g-want) <= tol
}

func same(a, b float32) bool {
	return a == b && math.Signbit(float64(a)) == math.Signbit(float64(b)) || a != a && b != b
}

// ulps returns the distance between a and b in units in the last place.
func ulps(a, b float32) int64 {
	o := func(f float32) int64 {
		i := int64(math.Float32bits(f))
		if i&(1<<31) != 0 {
			return -(i &^ (1 << 31))
		}
		return i
	}
	d := o(a) - o(b)
	if d < 0 {
		return -d
	}
	return d
}

func TestConstructors(t *testing.T) {
	z := Zeros(2, 3)
	if got := z.Shape(); fmt.Sprint(got) != "[2 3]" || z.Size() != 6 || z.Dims() != 2 {
		t.Fatalf("Zeros(2, 3): shape %v size %d dims %d", got, z.Size(), z.Dims())
	}
	for _, v := range z.Data() {
		if v != 0 {
			t.Fatalf("Zeros holds %v", v)
		}
	}
	s := Zeros()
	if s.Dims() != 0 || s.Size() != 1 || s.At() != 0 {
		t.Fatalf("Zeros(): dims %d size %d", s.Dims(), s.Size())
	}
	if e := Zeros(0, 4); e.Size() != 0 || e.Dim(1) != 4 || len(e.Data()) != 0 {
		t.Fatalf("Zeros(0, 4): size %d", e.Size())
	}

	f := Full(-1.5, 3)
	if fmt.Sprint(f.Values()) != "[-1.5 -1.5 -1.5]" {
		t.Fatalf("Full: %v", f.Values())
	}
	if nz := Full(float32(math.Copysign(0, -1)), 2); !math.Signbit(float64(nz.At(1))) {
		t.Fatal("Full(-0) lost the sign of zero")
	}

	data := []float32{1, 2, 3, 4, 5, 6}
	shared := New(data, 3, 2)
	copied := FromSlice(data, 3, 2)
	data[0] = 100
	if shared.At(0, 0) != 100 {
		t.Fatal("New copied its slice; it must share it")
	}
	if copied.At(0, 0) != 1 {
		t.Fatal("FromSlice shares its slice; it must copy it")
	}
	shared.Set(-7, 2, 1)
	if data[5] != -7 {
		t.Fatal("a write through New's tensor did not reach the slice")
	}
	if v := New([]float32{1, 2, 3}); fmt.Sprint(v.Shape()) != "[3]" {
		t.Fatalf("New without a shape: shape %v, want [3]", v.Shape())
	}
	if v := FromSlice(nil); fmt.Sprint(v.Shape()) != "[0]" {
		t.Fatalf("FromSlice(nil): shape %v, want [0]", v.Shape())
	}

	eye := Eye(3)
	for i := range 3 {
		for j := range 3 {
			want := float32(0)
			if i == j {
				want = 1
			}
			if eye.At(i, j) != want {
				t.Fatalf("Eye(3)[%d,%d] = %v", i, j, eye.At(i, j))
			}
		}
	}

	// Random fills: the same seed gives the same tensor, another seed
	// another one, and the samples have the right distribution. For 10⁴
	// samples the standard error of the mean is 0.01 (normal) and the
	// bounds below are 5 standard errors wide, so they fail by chance
	// with probability below 10⁻⁶ — and the seed is fixed anyway.
	a, b := RandN(NewRand(7), 100, 100), RandN(NewRand(7), 100, 100)
	c := RandN(NewRand(8), 100, 100)
	if fmt.Sprint(a.Values()) != fmt.Sprint(b.Values()) {
		t.Fatal("RandN with the same seed differs")
	}
	if fmt.Sprint(a.Values()) == fmt.Sprint(c.Values()) {
		t.Fatal("RandN with different seeds is the same")
	}
	var sum, sq float64
	for _, v := range a.Data() {
		sum += float64(v)
		sq += float64(v) * float64(v)
	}
	mean := sum / 1e4
	std := math.Sqrt(sq/1e4 - mean*mean)
	if math.Abs(mean) > 0.05 || math.Abs(std-1) > 0.05 {
		t.Fatalf("RandN: mean %v, standard deviation %v; want 0 and 1", mean, std)
	}

	ru := RandU(NewRand(3), -2, 6, 10000)
	if fmt.Sprint(ru.Values()) != fmt.Sprint(RandU(NewRand(3), -2, 6, 10000).Values()) {
		t.Fatal("RandU with the same seed differs")
	}
	sum = 0
	for _, v := range ru.Data() {
		if v < -2 || v > 6 {
			t.Fatalf("RandU(-2, 6) drew %v", v)
		}
		sum += float64(v)
	}
	// Uniform on [−2, 6): mean 2, standard error 8/√12/100 ≈ 0.023.
	if m := sum / 1e4; math.Abs(m-2) > 0.12 {
		t.Fatalf("RandU(-2, 6): mean %v, want 2", m)
	}
}

func TestAccessors(t *testing.T) {
	x := Zeros(2, 3, 4)
	for i := range 2 {
		for j := range 3 {
			for k := range 4 {
				x.Set(float32(100*i+10*j+k), i, j, k)
			}
		}
	}
	// Row-major: element (i, j, k) is at 12i + 4j + k.
	d := x.Data()
	for i := range 2 {
		for j := range 3 {
			for k := range 4 {
				if got := d[12*i+4*j+k]; got != float32(100*i+10*j+k) || x.At(i, j, k) != got {
					t.Fatalf("element (%d,%d,%d) is %v", i, j, k, got)
				}
			}
		}
	}
	sh := x.Shape()
	sh[0] = 99
	if x.Dim(0) != 2 {
		t.Fatal("modifying Shape's result changed the tensor")
	}
	if x.Dims() != 3 || x.Dim(2) != 4 || x.Size() != 24 || x.Stride() != 4 || !x.IsContiguous() || x.IsTransposed() {
		t.Fatalf("dims %d dim2 %d size %d stride %d", x.Dims(), x.Dim(2), x.Size(), x.Stride())
	}
	if v := Full(2.5).Item(); v != 2.5 {
		t.Fatalf("Item = %v", v)
	}
	if v := Full(3, 1, 1, 1).Item(); v != 3 {
		t.Fatalf("Item of [1 1 1] = %v", v)
	}
	y := FromSlice([]float32{1, 2, 3, 4, 5, 6}, 2, 3)
	y.Fill(9)
	if fmt.Sprint(y.Values()) != "[9 9 9 9 9 9]" {
		t.Fatalf("Fill: %v", y.Values())
	}
}

func TestViews(t *testing.T) {
	x := New([]float32{
		0, 1, 2, 3,
		4, 5, 6, 7,
		8, 9, 10, 11,
	}, 3, 4)

	rows := x.Slice(1, 3)
	if fmt.Sprint(rows.Shape(), rows.Values(), rows.Stride(), rows.IsContiguous()) != "[2 4] [4 5 6 7 8 9 10 11] 4 true" {
		t.Fatalf("Slice(1, 3): %v %v stride %d", rows.Shape(), rows.Values(), rows.Stride())
	}
	cols := x.SliceCols(1, 3)
	if fmt.Sprint(cols.Shape(), cols.Values(), cols.Stride(), cols.IsContiguous()) != "[3 2] [1 2 5 6 9 10] 4 false" {
		t.Fatalf("SliceCols(1, 3): %v %v stride %d", cols.Shape(), cols.Values(), cols.Stride())
	}
	if got := len(cols.Data()); got != 2*4+2 {
		t.Fatalf("SliceCols(1, 3).Data() has %d elements, want 10 (first to last)", got)
	}
	tr := x.T()
	if fmt.Sprint(tr.Shape(), tr.Values(), tr.IsTransposed(), tr.IsContiguous()) != "[4 3] [0 4 8 1 5 9 2 6 10 3 7 11] true false" {
		t.Fatalf("T: %v %v", tr.Shape(), tr.Values())
	}
	if tt := tr.T(); tt.IsTransposed() || fmt.Sprint(tt.Values()) != fmt.Sprint(x.Values()) {
		t.Fatal("T().T() is not the original")
	}
	// Views of views, transposed: x[1:3, 1:3]ᵀ.
	sub := x.Slice(1, 3).SliceCols(1, 3).T()
	if fmt.Sprint(sub.Values()) != "[5 9 6 10]" {
		t.Fatalf("x[1:3,1:3]ᵀ = %v", sub.Values())
	}
	// Slicing a transposed view slices the rows of the transpose.
	if v := tr.Slice(1, 3); fmt.Sprint(v.Shape(), v.Values()) != "[2 3] [1 5 9 2 6 10]" {
		t.Fatalf("xᵀ[1:3] = %v %v", v.Shape(), v.Values())
	}
	if v := tr.SliceCols(1, 2); fmt.Sprint(v.Shape(), v.Values()) != "[4 1] [4 5 6 7]" {
		t.Fatalf("xᵀ[:,1:2] = %v %v", v.Shape(), v.Values())
	}
	// Writes through views reach the parent.
	sub.Set(-1, 0, 1)  // x[2,1]
	cols.Set(-2, 0, 0) // x[0,1]
	if x.At(2, 1) != -1 || x.At(0, 1) != -2 {
		t.Fatal("writes through views did not reach the parent")
	}
	// Empty slices, including at the end.
	if e := x.Slice(3, 3); e.Size() != 0 || fmt.Sprint(e.Shape()) != "[0 4]" {
		t.Fatalf("Slice(3, 3): %v", e.Shape())
	}
	if e := x.SliceCols(2, 2).Slice(1, 2); e.Size() != 0 || fmt.Sprint(e.Shape()) != "[1 0]" {
		t.Fatalf("empty column slice: %v", e.Shape())
	}
	// 1-D and 3-D slices.
	v := New([]float32{0, 1, 2, 3, 4, 5})
	if s := v.Slice(2, 5); fmt.Sprint(s.Values()) != "[2 3 4]" {
		t.Fatalf("vector Slice(2, 5) = %v", s.Values())
	}
	c := New([]float32{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 3, 2, 2)
	if s := c.Slice(1, 2); fmt.Sprint(s.Shape(), s.Values()) != "[1 2 2] [4 5 6 7]" {
		t.Fatalf("3-D Slice(1, 2) = %v %v", s.Shape(), s.Values())
	}
	if s := c.SliceCols(1, 2); fmt.Sprint(s.Shape(), s.Values(), s.At(2, 1, 0)) != "[3 2 1] [1 3 5 7 9 11] 11" {
		t.Fatalf("3-D SliceCols(1, 2) = %v %v", s.Shape(), s.Values())
	}
	if s := c.SliceCols(0, 1).Slice(1, 3); fmt.Sprint(s.Values()) != "[4 6 8 10]" {
		t.Fatalf("3-D strided Slice = %v", s.Values())
	}
}

func TestReshape(t *testing.T) {
	x := New([]float32{0, 1, 2, 3, 4, 5}, 2, 3)
	r := x.Reshape(3, -1)
	if fmt.Sprint(r.Shape(), r.Values()) != "[3 2] [0 1 2 3 4 5]" {
		t.Fatalf("Reshape(3, -1): %v %v", r.Shape(), r.Values())
	}
	r.Set(50, 2, 1)
	if x.At(1, 2) != 50 {
		t.Fatal("Reshape copied; it must share")
	}
	if s := x.Reshape(-1); fmt.Sprint(s.Shape()) != "[6]" {
		t.Fatalf("Reshape(-1): %v", s.Shape())
	}
	if s := x.Reshape(1, 2, 1, 3); fmt.Sprint(s.Shape(), s.At(0, 1, 0, 2)) != "[1 2 1 3] 50" {
		t.Fatalf("Reshape(1, 2, 1, 3): %v", s.Shape())
	}
	if s := Full(4, 1, 1).Reshape(); s.Dims() != 0 || s.At() != 4 {
		t.Fatal("Reshape() of a one-element tensor is not a scalar")
	}
	// A view with gaps between rows keeps its stride when the last
	// dimension stays.
	big := New([]float32{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, 4, 4)
	cols := big.SliceCols(1, 3) // 4×2, stride 4
	r = cols.Reshape(2, 2, 2)
	if fmt.Sprint(r.Values(), r.Stride()) != "[1 2 5 6 9 10 13 14] 4" {
		t.Fatalf("strided Reshape(2, 2, 2): %v stride %d", r.Values(), r.Stride())
	}
	// A single row of a strided view is contiguous.
	if r := cols.Slice(2, 3).Reshape(2); fmt.Sprint(r.Values()) != "[9 10]" {
		t.Fatalf("one strided row reshaped: %v", r.Values())
	}
	// The transpose of a row is contiguous.
	row := New([]float32{1, 2, 3}, 1, 3).T()
	if r := row.Reshape(3); fmt.Sprint(r.Values()) != "[1 2 3]" {
		t.Fatalf("transposed row reshaped: %v", r.Values())
	}
	// The transpose itself with its own shape.
	if r := big.T().Reshape(4, 4); !r.IsTransposed() || r.At(0, 1) != 4 {
		t.Fatal("Reshape of a transposed view to its own shape")
	}
	// Empty tensors take any empty shape.
	if r := Zeros(0, 3).Reshape(3, 0, 5); r.Size() != 0 {
		t.Fatal("empty Reshape")
	}
}

func TestCloneCopyFrom(t *testing.T) {
	r := newRand(1)
	m, n := 4, 5
	vals := randVals(r, m*n)
	for _, sk := range layoutNames {
		src := newLayout(sk, m, n, vals)
		c := src.t.Clone()
		if c.IsTransposed() || !c.IsContiguous() || fmt.Sprint(c.Values()) != fmt.Sprint(vals) {
			t.Fatalf("Clone of %s: %v", sk, c.Values())
		}
		c.Set(1000, 0, 0)
		if src.t.At(0, 0) == 1000 {
			t.Fatalf("Clone of %s shares storage", sk)
		}
		if ct := src.t.Contiguous(); fmt.Sprint(ct.Values()) != fmt.Sprint(vals) || (sk == "dense") != (ct == src.t) {
			t.Fatalf("Contiguous of %s", sk)
		}
		for _, dk := range layoutNames {
			dst := newLayout(dk, m, n, nil)
			dst.t.CopyFrom(src.t)
			if fmt.Sprint(values(dst.t)) != fmt.Sprint(vals) {
				t.Fatalf("CopyFrom %s into %s: %v", sk, dk, values(dst.t))
			}
			dst.checkOutside(t, "CopyFrom")
		}
	}
	// Large enough for the blocked transposing copy to take several blocks.
	big := RandN(NewRand(2), 70, 45)
	bt := Zeros(45, 70)
	bt.CopyFrom(big.T())
	for i := range 45 {
		for j := range 70 {
			if bt.At(i, j) != big.At(j, i) {
				t.Fatalf("70×45 transposing copy: (%d,%d)", i, j)
			}
		}
	}
	// Overlapping source and destination: shift rows down by one, as
	// memmove would.
	x := New([]float32{0, 1, 2, 3, 4, 5, 6, 7}, 4, 2)
	x.Slice(1, 4).CopyFrom(x.Slice(0, 3))
	if fmt.Sprint(x.Values()) != "[0 1 0 1 2 3 4 5]" {
		t.Fatalf("overlapping CopyFrom: %v", x.Values())
	}
	// A square matrix copied onto its own transpose.
	sq := New([]float32{1, 2, 3, 4}, 2, 2)
	sq.CopyFrom(sq.T())
	if fmt.Sprint(sq.Values()) != "[1 3 2 4]" {
		t.Fatalf("in-place transpose via CopyFrom: %v", sq.Values())
	}
}

// TestOverlap checks operations whose destination overlaps an operand
// without being the same view: the result is as if the operand had been
// copied first.
func TestOverlap(t *testing.T) {
	pathtest.ForEach(t, func(t *testing.T) {
		fresh := func() *Tensor { return arange(12, 1, 4, 3) }
		ref := fresh()
		lo, hi := ref.Slice(0, 3).Clone(), ref.Slice(1, 4).Clone()

		x := fresh()
		Add(x.Slice(1, 4), x.Slice(0, 3), x.Slice(1, 4))
		compareExact(t, "Add shifted rows", x.Slice(1, 4).Values(), Add(nil, lo, hi).Values())

		x = fresh()
		Exp(x.Slice(0, 3), x.Slice(1, 4))
		compareExact(t, "Exp shifted rows", x.Slice(0, 3).Values(), Exp(nil, hi).Values())

		x = fresh()
		v := x.Slice(0, 1).Reshape(3) // the first row, also a row of dst
		AddRowVector(x, x, v)
		want := AddRowVector(nil, ref, ref.Slice(0, 1).Clone().Reshape(3))
		compareExact(t, "AddRowVector with v a row of dst", x.Values(), want.Values())

		sq := arange(9, 1, 3, 3)
		want = Sub(nil, sq, sq.T().Clone())
		Sub(sq, sq, sq.T())
		compareExact(t, "Sub(x, x, xᵀ)", sq.Values(), want.Values())

		sq = arange(9, 1, 3, 3)
		want = SoftmaxRows(nil, sq.T().Clone())
		SoftmaxRows(sq, sq.T())
		compareExact(t, "SoftmaxRows(x, xᵀ)", sq.Values(), want.Values())
	})
}

// binaryOps are the elementwise operations with two operands, each with
// its exact definition: each result element is one correctly rounded
// float32 operation, so the tensors must match the loop bit for bit.
var binaryOps = []struct {
	name string
	f    func(dst, a, b *Tensor) *Tensor
	ref  func(x, y float32) float32
}{
	{"Add", Add, func(x, y float32) float32 { return x + y }},
	{"Sub", Sub, func(x, y float32) float32 { return x - y }},
	{"Mul", Mul, func(x, y float32) float32 { return x * y }},
}

func TestBinaryOps(t *testing.T) {
	pathtest.ForEach(t, func(t *testing.T) {
		r := newRand(2)
		for _, sh := range [][2]int{{3, 5}, {1, 17}, {9, 2}, {0, 3}} {
			m, n := sh[0], sh[1]
			av, bv := randVals(r, m*n), randVals(r, m*n)
			for _, op := range binaryOps {
				want := make([]float32, m*n)
				for i := range want {
					want[i] = op.ref(av[i], bv[i])
				}
				for _, ak := range layoutNames {
					for _, bk := range layoutNames {
						for _, dk := range layoutNames {
							a, b := newLayout(ak, m, n, av), newLayout(bk, m, n, bv)
							dst := newLayout(dk, m, n, nil)
							if got := op.f(dst.t, a.t, b.t); got != dst.t {
								t.Fatalf("%s did not return dst", op.name)
							}
							compareExact(t, fmt.Sprintf("%s %v dst=%s a=%s b=%s", op.name, sh, dk, ak, bk), values(dst.t), want)
							dst.checkOutside(t, op.name)
							a.checkOutside(t, op.name)
							b.checkOutside(t, op.name)
						}
						// In place: a op= b, and b = a op b.
						a, b := newLayout(ak, m, n, av), newLayout(bk, m, n, bv)
						op.f(a.t, a.t, b.t)
						compareExact(t, fmt.Sprintf("%s in place into a=%s b=%s", op.name, ak, bk), values(a.t), want)
						a.checkOutside(t, op.name)
						a, b = newLayout(ak, m, n, av), newLayout(bk, m, n, bv)
						op.f(b.t, a.t, b.t)
						compareExact(t, fmt.Sprintf("%s in place into b=%s a=%s", op.name, bk, ak), values(b.t), want)
						b.checkOutside(t, op.name)
					}
				}
				// A nil destination is allocated.
				got := op.f(nil, FromSlice(av, m, n), FromSlice(bv, m, n))
				compareExact(t, op.name+" nil dst", got.Values(), want)
			}
		}
		// Tensors of other ranks, including a strided 3-D view.
		a := RandN(NewRand(5), 4, 3, 7).SliceCols(1, 6)
		b := RandN(NewRand(6), 4, 3, 5)
		got := Add(nil, a, b)
		want := make([]float32, 0, 60)
		for i := range 4 {
			for j := range 3 {
				for k := range 5 {
					want = append(want, a.At(i, j, k)+b.At(i, j, k))
				}
			}
		}
		compareExact(t, "Add 3-D", got.Values(), want)
		if s := Mul(nil, Full(3), Full(-2)); s.Item() != -6 {
			t.Fatalf("scalar Mul = %v", s.Item())
		}
	})
}

func compareExact(t *testing.T, what string, got, want []float32) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d elements, want %d", what, len(got), len(want))
	}
	for i := range got {
		if !same(got[i], want[i]) {
			t.Fatalf("%s: element %d = %v, want %v", what, i, got[i], want[i])
		}
	}
}

func TestUnaryOps(t *testing.T) {
	pathtest.ForEach(t, func(t *testing.T) {
		r := newRand(3)
		m, n := 5, 6
		av, bv := randVals(r, m*n), randVals(r, m*n)
		av[3] = float32(math.NaN())
		av[4] = float32(math.Inf(-1))
		av[5] = float32(math.Copysign(0, -1))
		const alpha = -1.75
		for _, ak := range layoutNames {
			for _, dk := range layoutNames {
				for _, inPlace := range []bool{false, true} {
					if inPlace && dk != ak {
						continue
					}
					run := func(name string, f func(dst, a *Tensor) *Tensor, check func(i int, got float32)) {
						a := newLayout(ak, m, n, av)
						dst := a
						if !inPlace {
							dst = newLayout(dk, m, n, nil)
						}
						if f(dst.t, a.t) != dst.t {
							t.Fatalf("%s did not return dst", name)
						}
						for i, g := range values(dst.t) {
							check(i, g)
						}
						dst.checkOutside(t, name)
						a.checkOutside(t, name)
					}
					where := fmt.Sprintf("dst=%s a=%s in place=%v", dk, ak, inPlace)
					// Scale and Relu: one correctly rounded operation
					// or a selection, so exact.
					run("Scale", func(d, a *Tensor) *Tensor { return Scale(d, alpha, a) }, func(i int, g float32) {
						if !same(g, alpha*av[i]) {
							t.Fatalf("Scale %s: element %d = %v, want %v", where, i, g, alpha*av[i])
						}
					})
					run("Relu", Relu, func(i int, g float32) {
						want := av[i]
						if !(want > 0) && want == want {
							want = 0
						}
						if !same(g, want) && !(g == 0 && want == 0) {
							t.Fatalf("Relu %s: element %d = %v, want %v", where, i, g, want)
						}
					})
					// Exp: kernels.Exp is within 2 ulp of the correctly
					// rounded result, and float32(math.Exp) is that
					// result (the float64 error, 1 ulp of float64, moves
					// the rounding only within 2⁻²⁹ of a midpoint).
					run("Exp", Exp, func(i int, g float32) {
						want := float32(math.Exp(float64(av[i])))
						if want != want || math.IsInf(float64(want), 0) {
							if !same(g, want) {
								t.Fatalf("Exp %s: element %d = %v, want %v", where, i, g, want)
							}
						} else if ulps(g, want) > 2 {
							t.Fatalf("Exp %s: element %d = %v, want %v within 2 ulp", where, i, g, want)
						}
					})
				}
			}
		}
		// AddScaled: dst = a + alpha·b for every layout triple and the
		// in-place forms. Computed with or without a fused multiply-add,
		// the result is within u·|alpha·b| (the product's rounding) plus
		// u·|result| (the sum's) of the exact value.
		av[3], av[4], av[5] = 0.5, -0.25, 1 // finite, for the error bound
		check := func(what string, got []float32) {
			t.Helper()
			for i, g := range got {
				p := float64(alpha) * float64(bv[i])
				want := float64(av[i]) + p
				if tol := pathtest.U * (math.Abs(p) + 2*math.Abs(want)); !near(g, want, tol) {
					t.Fatalf("AddScaled %s: element %d = %v, want %v", what, i, g, want)
				}
			}
		}
		for _, ak := range layoutNames {
			for _, bk := range layoutNames {
				for _, dk := range layoutNames {
					a, b, dst := newLayout(ak, m, n, av), newLayout(bk, m, n, bv), newLayout(dk, m, n, nil)
					AddScaled(dst.t, a.t, alpha, b.t)
					check(fmt.Sprintf("dst=%s a=%s b=%s", dk, ak, bk), values(dst.t))
					dst.checkOutside(t, "AddScaled")
				}
				a, b := newLayout(ak, m, n, av), newLayout(bk, m, n, bv)
				AddScaled(a.t, a.t, alpha, b.t)
				check("into a="+ak+" b="+bk, values(a.t))
				a.checkOutside(t, "AddScaled")
				a, b = newLayout(ak, m, n, av), newLayout(bk, m, n, bv)
				AddScaled(b.t, a.t, alpha, b.t)
				check("into b="+bk+" a="+ak, values(b.t))
				b.checkOutside(t, "AddScaled")
			}
		}
	})
}

func TestReductions(t *testing.T) {
	pathtest.ForEach(t, func(t *testing.T) {
		r := newRand(4)
		for _, sh := range [][2]int{{4, 7}, {1, 40}, {13, 3}, {0, 5}, {3, 0}} {
			m, n := sh[0], sh[1]
			vals := randVals(r, m*n)
			var exact, mag float64
			wantMax, wantArg := float32(math.Inf(-1)), -1
			for i, v := range vals {
				exact += float64(v)
				mag += math.Abs(float64(v))
				if wantArg < 0 || v > wantMax {
					wantMax, wantArg = v, i
				}
			}
			for _, k := range layoutNames {
				l := newLayout(k, m, n, vals)
				where := fmt.Sprintf("%s %v", k, sh)
				// Any order of summation: within γ_{mn}·Σ|x|.
				if got := Sum(l.t); !near(got, exact, pathtest.Gamma(m*n)*mag) {
					t.Fatalf("Sum %s = %v, want %v", where, got, exact)
				}
				if got := Max(l.t); got != wantMax {
					t.Fatalf("Max %s = %v, want %v", where, got, wantMax)
				}
				if got := Argmax(l.t); got != wantArg {
					t.Fatalf("Argmax %s = %d, want %d", where, got, wantArg)
				}
				if m*n < 6 {
					continue
				}
				// Ties go to the first in row-major order, and a NaN
				// wins over everything, the first one.
				tie := newLayout(k, m, n, vals)
				tie.t.Set(100, (m*n-1)/n, (m*n-1)%n)
				tie.t.Set(100, 5/n, 5%n)
				if got := Argmax(tie.t); got != 5 {
					t.Fatalf("Argmax %s with a tie at 5 and %d = %d", where, m*n-1, got)
				}
				tie.t.Set(float32(math.NaN()), (m*n-1)/n, (m*n-1)%n)
				tie.t.Set(float32(math.NaN()), 2/n, 2%n)
				if got := Argmax(tie.t); got != 2 {
					t.Fatalf("Argmax %s with NaNs at 2 and %d = %d", where, m*n-1, got)
				}
				if got := Max(tie.t); got == got {
					t.Fatalf("Max %s with a NaN = %v", where, got)
				}
			}
		}
		if Sum(Zeros(0)) != 0 || !math.IsInf(float64(Max(Zeros(0))), -1) || Argmax(Zeros(0)) != -1 {
			t.Fatal("reductions of an empty tensor")
		}
	})
}

func TestRowOps(t *testing.T) {
	pathtest.ForEach(t, func(t *testing.T) {
		r := newRand(5)
		for _, sh := range [][2]int{{4, 7}, {1, 9}, {11, 3}, {3, 1}, {0, 4}, {2, 0}} {
			m, n := sh[0], sh[1]
			vals := randVals(r, m*n)
			vec := randVals(r, n)
			for _, ak := range layoutNames {
				for _, dk := range layoutNames {
					where := fmt.Sprintf("%v dst=%s a=%s", sh, dk, ak)
					// AddRowVector: one addition per element, exact.
					a, dst := newLayout(ak, m, n, vals), newLayout(dk, m, n, nil)
					AddRowVector(dst.t, a.t, FromSlice(vec))
					want := make([]float32, m*n)
					for i := range m {
						for j := range n {
							want[i*n+j] = vals[i*n+j] + vec[j]
						}
					}
					compareExact(t, "AddRowVector "+where, values(dst.t), want)
					dst.checkOutside(t, "AddRowVector")
					if dk == ak {
						AddRowVector(a.t, a.t, FromSlice(vec))
						compareExact(t, "AddRowVector in place "+where, values(a.t), want)
						a.checkOutside(t, "AddRowVector")
					}

					// SoftmaxRows against a float64 loop. With s the
					// row's spread max−min: x−m is rounded (relative
					// error of e^(x−m) ≤ u·s), exp is within 2 ulp
					// (≤ 4u), the sum of n positive terms adds γ_n, and
					// the division (or reciprocal and product) 2u; the
					// quotient doubles the terms' error.
					a, dst = newLayout(ak, m, n, vals), newLayout(dk, m, n, nil)
					SoftmaxRows(dst.t, a.t)
					checkSoftmax(t, "SoftmaxRows "+where, values(dst.t), vals, m, n)
					dst.checkOutside(t, "SoftmaxRows")
					a.checkOutside(t, "SoftmaxRows")
					if dk == ak {
						SoftmaxRows(a.t, a.t)
						checkSoftmax(t, "SoftmaxRows in place "+where, values(a.t), vals, m, n)
						a.checkOutside(t, "SoftmaxRows")
					}
				}
				where := fmt.Sprintf("%v a=%s", sh, ak)
				a := newLayout(ak, m, n, vals)

				// ColumnSums and RowSums: sums of m (n) terms, within
				// γ_m·Σ|column| (γ_n·Σ|row|).
				cs := ColumnSums(nil, a.t)
				rs := RowSums(Zeros(m), a.t)
				for j := range n {
					var s, mag float64
					for i := range m {
						s += float64(vals[i*n+j])
						mag += math.Abs(float64(vals[i*n+j]))
					}
					if !near(cs.At(j), s, pathtest.Gamma(m)*mag) {
						t.Fatalf("ColumnSums %s: column %d = %v, want %v", where, j, cs.At(j), s)
					}
				}
				for i := range m {
					var s, mag float64
					for j := range n {
						s += float64(vals[i*n+j])
						mag += math.Abs(float64(vals[i*n+j]))
					}
					if !near(rs.At(i), s, pathtest.Gamma(n)*mag) {
						t.Fatalf("RowSums %s: row %d = %v, want %v", where, i, rs.At(i), s)
					}
				}

				// ArgmaxRows: comparisons only, exact.
				idx := ArgmaxRows(nil, a.t)
				for i := range m {
					want := -1
					for j := range n {
						if want < 0 || vals[i*n+j] > vals[i*n+want] {
							want = j
						}
					}
					if idx[i] != want {
						t.Fatalf("ArgmaxRows %s: row %d = %d, want %d", where, i, idx[i], want)
					}
				}

				// LogSumExpRows: the sum inside the log has the
				// relative error δ of the softmax's denominator; the
				// log turns it into an absolute error δ, and adding
				// the row maximum m and rounding costs 2u·(|m|+|log S|).
				lse := LogSumExpRows(nil, a.t)
				for i := range m {
					row := vals[i*n : i*n+n]
					mx, spread := rowMaxSpread(row)
					var s float64
					for _, v := range row {
						s += math.Exp(float64(v) - mx)
					}
					want := mx + math.Log(s)
					tol := (spread+6)*pathtest.U + pathtest.Gamma(n) + 2*pathtest.U*(math.Abs(mx)+math.Abs(math.Log(s)))
					if !near(lse.At(i), want, tol) {
						t.Fatalf("LogSumExpRows %s: row %d = %v, want %v", where, i, lse.At(i), want)
					}
				}
				a.checkOutside(t, "row reductions")
			}
		}
		// First of equal maxima, and NaN first.
		idx := ArgmaxRows(make([]int, 2), New([]float32{1, 3, 3, float32(math.NaN()), 5, float32(math.NaN())}, 2, 3).T().T())
		if fmt.Sprint(idx) != "[1 0]" {
			t.Fatalf("ArgmaxRows ties and NaN: %v", idx)
		}
		idx = ArgmaxRows(nil, New([]float32{1, float32(math.NaN()), 3, 3, 2, float32(math.NaN())}, 3, 2).T())
		if fmt.Sprint(idx) != "[1 0]" {
			t.Fatalf("ArgmaxRows ties and NaN, transposed: %v", idx)
		}
	})
}

// rowMaxSpread returns a row's maximum and its spread max−min.
func rowMaxSpread(row []float32) (mx, spread float64) {
	mx, mn := math.Inf(-1), math.Inf(1)
	for _, v := range row {
		mx, mn = max(mx, float64(v)), min(mn, float64(v))
	}
	return mx, mx - mn
}

func checkSoftmax(t *testing.T, what string, got, vals []float32, m, n int) {
	t.Helper()
	for i := range m {
		row := vals[i*n : i*n+n]
		mx, spread := rowMaxSpread(row)
		var s float64
		for _, v := range row {
			s += math.Exp(float64(v) - mx)
		}
		rel := 2*(spread+4)*pathtest.U + pathtest.Gamma(n) + 2*pathtest.U
		for j, v := range row {
			want := math.Exp(float64(v)-mx) / s
			if g := got[i*n+j]; !near(g, want, rel*want) {
				t.Fatalf("%s: (%d,%d) = %v, want %v", what, i, j, g, want)
			}
		}
	}
}

// refGemm returns alpha·a·b + beta·c in float64 and the error bound
// γ_{k+2}·(|alpha|·|a|·|b| + |beta|·|c|) for each element: the k products
// and k−1 additions of the dot product, the scaling by alpha and the
// addition of beta·c (Higham §3.5).
func refGemm(alpha float32, a, b *Tensor, beta float32, c []float32) (want, tol []float64) {
	m, k, n := a.Dim(0), a.Dim(1), b.Dim(1)
	want, tol = make([]float64, m*n), make([]float64, m*n)
	for i := range m {
		for j := range n {
			var s, mag float64
			for p := range k {
				x, y := float64(a.At(i, p)), float64(b.At(p, j))
				s += x * y
				mag += math.Abs(x * y)
			}
			want[i*n+j] = float64(alpha) * s
			tol[i*n+j] = pathtest.Gamma(k+2) * (math.Abs(float64(alpha))*mag + 1e-30)
			if beta != 0 {
				cv := float64(c[i*n+j])
				want[i*n+j] += float64(beta) * cv
				tol[i*n+j] += pathtest.Gamma(k+2) * math.Abs(float64(beta)*cv)
			}
		}
	}
	return want, tol
}

func TestMatMul(t *testing.T) {
	pathtest.ForEach(t, func(t *testing.T) {
		r := newRand(6)
		// Small shapes, shapes across the kernels' register tiles, and
		// one large enough (2·m·n·k > 2¹⁹ flops) for Sgemm to split it
		// among goroutines.
		shapes := [][3]int{{2, 3, 4}, {5, 7, 3}, {1, 1, 1}, {33, 17, 65}, {0, 3, 2}, {3, 0, 2}}
		if !testing.Short() { // the float64 reference takes seconds under -race and qemu
			shapes = append(shapes, [3]int{130, 129, 131})
		}
		for _, sh := range shapes {
			m, k, n := sh[0], sh[1], sh[2]
			av, bv, cv := randVals(r, m*k), randVals(r, k*n), randVals(r, m*n)
			kinds := layoutNames
			if m*k*n > 1e6 {
				kinds = []string{"dense", "transposed-strided"}
			}
			for _, ak := range kinds {
				for _, bk := range kinds {
					a, b := newLayout(ak, m, k, av), newLayout(bk, k, n, bv)
					want, tol := refGemm(1, a.t, b.t, 0, nil)
					gw, gt := refGemm(-0.5, a.t, b.t, 2, cv)
					for _, dk := range kinds {
						where := fmt.Sprintf("%v dst=%s a=%s b=%s", sh, dk, ak, bk)
						dst := newLayout(dk, m, n, nil)
						dst.t.Fill(float32(math.NaN())) // ignored when beta is 0
						if MatMul(dst.t, a.t, b.t) != dst.t {
							t.Fatal("MatMul did not return dst")
						}
						checkGemm(t, "MatMul "+where, values(dst.t), want, tol)
						dst.checkOutside(t, "MatMul")

						dst = newLayout(dk, m, n, cv)
						Gemm(dst.t, false, false, -0.5, a.t, b.t, 2)
						checkGemm(t, "Gemm "+where, values(dst.t), gw, gt)
						dst.checkOutside(t, "Gemm")
					}
					a.checkOutside(t, "MatMul")
					b.checkOutside(t, "MatMul")
					checkGemm(t, "allocating MatMul", values(a.t.MatMul(b.t)), want, tol)
				}
			}
		}
		// An operand that is also the destination is read before it is
		// overwritten.
		x := RandN(NewRand(9), 6, 6)
		want := x.MatMul(x.T())
		MatMul(x, x, x.T())
		compareExact(t, "MatMul(x, x, xᵀ)", x.Values(), want.Values())
	})
}

func checkGemm(t *testing.T, what string, got []float32, want, tol []float64) {
	t.Helper()
	for i := range got {
		if !near(got[i], want[i], tol[i]) {
			t.Fatalf("%s: element %d = %v, want %v ± %g", what, i, got[i], want[i], tol[i])
		}
	}
}

// TestViewsUntouched runs every operation that writes into a destination
// on views inside a larger matrix and checks that nothing around them
// changed: the parent holds the sentinel outside the views, and the
// operations are told only the views.
func TestViewsUntouched(t *testing.T) {
	pathtest.ForEach(t, func(t *testing.T) {
		parent := Full(sentinel, 12, 14)
		dst := parent.Slice(1, 5).SliceCols(2, 8)        // 4×6
		dstT := parent.Slice(6, 12).SliceCols(9, 13).T() // 4×6, transposed
		a := RandN(NewRand(1), 4, 6)
		b := RandN(NewRand(2), 6, 6)
		v := RandN(NewRand(3), 6)
		vec := parent.Slice(5, 6).SliceCols(3, 9).Reshape(6) // a 1-D view
		ops := map[string]func(d *Tensor){
			"Add":          func(d *Tensor) { Add(d, a, a) },
			"Sub":          func(d *Tensor) { Sub(d, a, a.T().T()) },
			"Mul":          func(d *Tensor) { Mul(d, a, a) },
			"Scale":        func(d *Tensor) { Scale(d, 3, a) },
			"AddScaled":    func(d *Tensor) { AddScaled(d, a, 2, a) },
			"Relu":         func(d *Tensor) { Relu(d, a) },
			"Exp":          func(d *Tensor) { Exp(d, a) },
			"Fill":         func(d *Tensor) { d.Fill(1) },
			"CopyFrom":     func(d *Tensor) { d.CopyFrom(a) },
			"AddRowVector": func(d *Tensor) { AddRowVector(d, a, v) },
			"SoftmaxRows":  func(d *Tensor) { SoftmaxRows(d, a) },
			"MatMul":       func(d *Tensor) { MatMul(d, a, b) },
			"Gemm":         func(d *Tensor) { Gemm(d, false, true, 1, a, b, 1) },
			"Set":          func(d *Tensor) { d.Set(5, 3, 5) },
		}
		for name, op := range ops {
			for _, d := range []*Tensor{dst, dstT} {
				op(d)
				op(d) // and again, in place where the operation reads dst
			}
			if name == "Set" {
				continue
			}
			ColumnSums(vec, dst)
			LogSumExpRows(vec.Slice(0, 4), dstT)
			RowSums(vec.Slice(2, 6), dstT)
			for r := range 12 {
				for c := range 14 {
					inDst := r >= 1 && r < 5 && c >= 2 && c < 8
					inDstT := r >= 6 && c >= 9 && c < 13
					inVec := r == 5 && c >= 3 && c < 9
					if !inDst && !inDstT && !inVec && parent.At(r, c) != sentinel {
						t.Fatalf("%s wrote (%d,%d) outside its views", name, r, c)
					}
				}
			}
		}
	})
}

// TestPanics checks the messages of programming errors: they name the
// operation and the shapes.
func TestPanics(t *testing.T) {
	x23, x45, x32 := Zeros(2, 3), Zeros(4, 5), Zeros(3, 2)
	cases := []panicCase{
		{"tensor: MatMul: shapes [2 3] and [4 5] do not match", func() { MatMul(nil, x23, x45) }},
		{"tensor: MatMul: shapes [2 3] and [2 3] do not match", func() { x23.MatMul(x23) }},
		{"tensor: MatMul: dst has shape [2 3], want [2 2]", func() { MatMul(x23, x23, x32) }},
		{"tensor: MatMul: a has shape [6]; MatMul needs a 2-D tensor", func() { MatMul(nil, Zeros(6), x23) }},
		{"tensor: Gemm: shapes [3 2] and [3 2] do not match", func() { Gemm(x23, false, false, 1, x32, x32, 0) }},
		{"tensor: Gemm: dst is nil; use MatMul to allocate the result", func() { Gemm(nil, false, false, 1, x23, x32, 0) }},
		{"tensor: Add: shapes [2 3] and [3 2] do not match", func() { Add(nil, x23, x32) }},
		{"tensor: Sub: dst has shape [3 2], want [2 3]", func() { Sub(x32, x23, x23) }},
		{"tensor: Mul: shapes [2 3] and [4 5] do not match", func() { Mul(x23, x23, x45) }},
		{"tensor: AddScaled: shapes [2 3] and [3 2] do not match", func() { AddScaled(nil, x23, 1, x32) }},
		{"tensor: Relu: dst has shape [4 5], want [2 3]", func() { Relu(x45, x23) }},
		{"tensor: CopyFrom: shapes [2 3] and [3 2] do not match", func() { x23.CopyFrom(x32) }},
		{"tensor: AddRowVector: shapes [2 3] and [2] do not match", func() { AddRowVector(nil, x23, Zeros(2)) }},
		{"tensor: SoftmaxRows: a has shape [2 3 4]; SoftmaxRows needs a 2-D tensor", func() { SoftmaxRows(nil, Zeros(2, 3, 4)) }},
		{"tensor: ColumnSums: dst has shape [2], want [3]", func() { ColumnSums(Zeros(2), x23) }},
		{"tensor: LogSumExpRows: dst has shape [3], want [2]", func() { LogSumExpRows(Zeros(3), x23) }},
		{"tensor: ArgmaxRows: dst has 3 elements, want 2 for shape [2 3]", func() { ArgmaxRows(make([]int, 3), x23) }},
		{"tensor: At: index [2 0] out of range for shape [2 3]", func() { x23.At(2, 0) }},
		{"tensor: At: index [0 -1] out of range for shape [2 3]", func() { x23.At(0, -1) }},
		{"tensor: Set: 1 indices for shape [2 3]", func() { x23.Set(1, 0) }},
		{"tensor: Dim: dimension 2 out of range for shape [2 3]", func() { x23.Dim(2) }},
		{"tensor: Item: shape [2 3] has 6 elements, not 1", func() { x23.Item() }},
		{"tensor: Reshape: cannot reshape [2 3] (6 elements) into [4 2]", func() { x23.Reshape(4, 2) }},
		{"tensor: Reshape: cannot reshape [2 3] (6 elements) into [4 -1]", func() { x23.Reshape(4, -1) }},
		{"tensor: Reshape: invalid shape [-1 -1]", func() { x23.Reshape(-1, -1) }},
		{"tensor: Reshape: cannot reshape the non-contiguous view of shape [4 2] into [8] without copying; Clone it first",
			func() { x45.SliceCols(1, 3).Reshape(8) }},
		{"tensor: Reshape: cannot reshape the non-contiguous view of shape [3 2] into [2 3] without copying; Clone it first",
			func() { x23.T().Reshape(2, 3) }},
		{"tensor: Slice: range [1:3] out of bounds for shape [2 3]", func() { x23.Slice(1, 3) }},
		{"tensor: Slice: range [2:1] out of bounds for shape [2 3]", func() { x23.Slice(2, 1) }},
		{"tensor: SliceCols: range [0:4] out of bounds for shape [2 3]", func() { x23.SliceCols(0, 4) }},
		{"tensor: Slice: a scalar (shape []) has no dimension to slice", func() { Zeros().Slice(0, 0) }},
		{"tensor: T: shape [2 3 4] has 3 dimensions; T needs at most 2", func() { Zeros(2, 3, 4).T() }},
		{"tensor: Zeros: negative dimension in shape [2 -1]", func() { Zeros(2, -1) }},
		{"tensor: New: 5 elements do not fill shape [2 3] (6 elements)", func() { New(make([]float32, 5), 2, 3) }},
		{"tensor: FromSlice: 7 elements do not fill shape [2 3] (6 elements)", func() { FromSlice(make([]float32, 7), 2, 3) }},
	}
	checkPanics(t, cases)
}

// TestNoAllocs checks that the operations with a destination allocate
// nothing, on contiguous tensors and on views.
func TestNoAllocs(t *testing.T) {
	a := RandN(NewRand(1), 64, 48)
	b := RandN(NewRand(2), 32, 48) // used as bᵀ: 48×32
	big := RandN(NewRand(3), 200, 200)
	dst := Zeros(64, 32)
	view := Zeros(70, 40).Slice(3, 67).SliceCols(5, 37) // 64×32, strided
	x := RandN(NewRand(4), 64, 32)
	y := RandN(NewRand(5), 64, 32).T().T()
	bias := RandN(NewRand(6), 32)
	sums := Zeros(32)
	lse := Zeros(64)
	idx := make([]int, 64)
	bigDst := Zeros(200, 200)
	// Views are made beforehand: making one allocates its header.
	bT, bigT, viewT, xT, yT := b.T(), big.T(), view.T(), x.T(), y.T()
	a40, b40T := a.SliceCols(0, 40), b.SliceCols(0, 40).T()
	cases := map[string]func(){
		"MatMul":             func() { MatMul(dst, a, bT) },
		"MatMul view":        func() { MatMul(view, a, bT) },
		"MatMul parallel":    func() { MatMul(bigDst, big, bigT) },
		"Gemm":               func() { Gemm(dst, false, false, 0.5, a40, b40T, 1) },
		"Add":                func() { Add(dst, x, y) },
		"Add view":           func() { Add(view, x, view) },
		"Sub":                func() { Sub(dst, dst, x) },
		"Mul transposed":     func() { Mul(viewT, xT, yT) },
		"Scale":              func() { Scale(dst, 0.5, x) },
		"AddScaled":          func() { AddScaled(dst, dst, -0.1, x) },
		"Relu":               func() { Relu(view, x) },
		"Exp":                func() { Exp(dst, x) },
		"AddRowVector":       func() { AddRowVector(view, x, bias) },
		"ColumnSums":         func() { ColumnSums(sums, view) },
		"RowSums":            func() { RowSums(lse, view) },
		"SoftmaxRows":        func() { SoftmaxRows(dst, x) },
		"SoftmaxRows view":   func() { SoftmaxRows(view, view) },
		"LogSumExpRows":      func() { LogSumExpRows(lse, view) },
		"ArgmaxRows":         func() { ArgmaxRows(idx, view) },
		"Sum Max Argmax":     func() { _, _, _ = Sum(view), Max(view), Argmax(view) },
		"At Set":             func() { view.Set(view.At(1, 2)+1, 3, 4) },
		"CopyFrom":           func() { dst.CopyFrom(view) },
		"CopyFrom transpose": func() { viewT.CopyFrom(xT) },
		"Fill":               func() { view.Fill(0.5) },
	}
	for name, f := range cases {
		if n := testing.AllocsPerRun(20, f); n != 0 {
			t.Errorf("%s: %v allocations per run, want 0", name, n)
		}
	}
}

func TestEmptyAndDegenerate(t *testing.T) {
	pathtest.ForEach(t, func(t *testing.T) {
		e := Zeros(0, 3)
		if got := MatMul(nil, e, Zeros(3, 4)); fmt.Sprint(got.Shape()) != "[0 4]" {
			t.Fatalf("MatMul of [0 3]·[3 4]: %v", got.Shape())
		}
		if got := MatMul(nil, Zeros(2, 0), Zeros(0, 2)); fmt.Sprint(got.Values()) != "[0 0 0 0]" {
			t.Fatalf("MatMul with k = 0: %v", got.Values())
		}
		Add(e, e, e)
		SoftmaxRows(e, e)
		if s := ColumnSums(nil, e); fmt.Sprint(s.Values()) != "[0 0 0]" {
			t.Fatalf("ColumnSums of no rows: %v", s.Values())
		}
		if s := LogSumExpRows(nil, Zeros(2, 0)); !math.IsInf(float64(s.At(0)), -1) {
			t.Fatalf("LogSumExpRows of empty rows: %v", s.Values())
		}
		if idx := ArgmaxRows(nil, Zeros(2, 0)); fmt.Sprint(idx) != "[-1 -1]" {
			t.Fatalf("ArgmaxRows of empty rows: %v", idx)
		}
	})
}

// panicCase is a call that must panic with the message want.
type panicCase struct {
	want string
	f    func()
}

// checkPanics runs each case's f and checks its panic message.
func checkPanics(t *testing.T, cases []panicCase) {
	t.Helper()
	for _, c := range cases {
		got := func() (msg string) {
			defer func() { msg = fmt.Sprint(recover()) }()
			c.f()
			return "no panic"
		}()
		if got != c.want {
			t.Errorf("panic %q\n      want %q", got, c.want)
		}
	}
}
