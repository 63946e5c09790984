package onnx

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/gof32/gof32/kernels"
)

// runFunc computes a node's outputs from its inputs (nil for an absent
// optional input). It never changes its inputs; it may return one of them.
type runFunc func(in []*array) ([]*array, error)

// compiler reads and checks a node's attributes and operand count once,
// when the model is read, and returns the function that runs it.
type compiler func(p *nodeProto, opset int64) (runFunc, error)

var operators = map[string]compiler{
	"Add":       compileAdd,
	"Conv":      compileConv,
	"Dropout":   compileDropout,
	"Flatten":   compileFlatten,
	"Gemm":      compileGemm,
	"Identity":  compileIdentity,
	"MatMul":    compileMatMul,
	"MaxPool":   compileMaxPool,
	"Relu":      compileUnary(kernels.Relu),
	"Sigmoid":   compileUnary(kernels.Sigmoid),
	"Softmax":   compileSoftmax,
	"Softplus":  compileUnary(kernels.Softplus),
	"Tanh":      compileUnary(kernels.Tanh),
	"Transpose": compileTranspose,
}

// Operators returns the operators the runner supports, sorted.
func Operators() []string {
	ops := make([]string, 0, len(operators))
	for op := range operators {
		ops = append(ops, op)
	}
	slices.Sort(ops)
	return ops
}

func compile(p *nodeProto, opset int64) (runFunc, error) {
	c := operators[p.opType]
	if c == nil {
		return nil, fmt.Errorf("operator %q is not supported (supported: %s)", p.opType, strings.Join(Operators(), ", "))
	}
	return c(p, opset)
}

// attrs gives typed access to a node's attributes and refuses those the
// operator does not know.
type attrs map[string]*attrProto

func newAttrs(p *nodeProto, known ...string) (attrs, error) {
	a := attrs{}
	for _, at := range p.attrs {
		if !slices.Contains(known, at.name) {
			return nil, fmt.Errorf("attribute %q is not supported (known: %s)", at.name, strings.Join(known, ", "))
		}
		if _, dup := a[at.name]; dup {
			return nil, fmt.Errorf("attribute %q is given twice", at.name)
		}
		if at.other {
			return nil, fmt.Errorf("attribute %q: graphs, tensor lists and references are not supported", at.name)
		}
		a[at.name] = at
	}
	return a, nil
}

func (a attrs) get(name string, typ int32) (*attrProto, error) {
	at := a[name]
	if at == nil {
		return nil, nil
	}
	if at.typ != typ {
		return nil, fmt.Errorf("attribute %q has type %d, want %d", name, at.typ, typ)
	}
	return at, nil
}

func (a attrs) int(name string, def int64) (int64, error) {
	at, err := a.get(name, attrTypeInt)
	if at == nil || err != nil {
		return def, err
	}
	return at.i, nil
}

func (a attrs) float(name string, def float32) (float32, error) {
	at, err := a.get(name, attrTypeFloat)
	if at == nil || err != nil {
		return def, err
	}
	return at.f, nil
}

func (a attrs) str(name, def string) (string, error) {
	at, err := a.get(name, attrTypeString)
	if at == nil || err != nil {
		return def, err
	}
	return string(at.s), nil
}

// ints returns an INTS attribute, nil when absent; n > 0 requires that
// many values.
func (a attrs) ints(name string, n int) ([]int, error) {
	at, err := a.get(name, attrTypeInts)
	if at == nil || err != nil {
		return nil, err
	}
	if n > 0 && len(at.ints) != n {
		return nil, fmt.Errorf("attribute %s=%v: want %d values", name, at.ints, n)
	}
	out := make([]int, len(at.ints))
	for i, v := range at.ints {
		if v < math.MinInt32 || v > math.MaxInt32 {
			return nil, fmt.Errorf("attribute %s=%v: value out of range", name, at.ints)
		}
		out[i] = int(v)
	}
	return out, nil
}

// arity checks the number of inputs and outputs and which are required.
func arity(p *nodeProto, minIn, maxIn, minOut, maxOut int) error {
	if len(p.inputs) < minIn || len(p.inputs) > maxIn {
		return fmt.Errorf("%d inputs, want %d to %d", len(p.inputs), minIn, maxIn)
	}
	for i := 0; i < minIn; i++ {
		if p.inputs[i] == "" {
			return fmt.Errorf("input %d is required", i)
		}
	}
	if len(p.outputs) < minOut || len(p.outputs) > maxOut {
		return fmt.Errorf("%d outputs, want %d to %d", len(p.outputs), minOut, maxOut)
	}
	if p.outputs[0] == "" {
		return fmt.Errorf("output 0 is required")
	}
	return nil
}

func numel(shape []int) int {
	n := 1
	for _, d := range shape {
		n *= d
	}
	return n
}

// checkSize refuses results of more than maxElements elements (products of
// dimensions are formed with overflow checks).
func checkSize(shape []int) error {
	n := 1
	for _, d := range shape {
		if d < 0 {
			return fmt.Errorf("negative dimension in result shape %v", shape)
		}
		if d > 0 && n > maxElements/d {
			return fmt.Errorf("result shape %v has more than %d elements", shape, maxElements)
		}
		n *= d
	}
	return nil
}

func compileUnary(f func(dst, x []float32)) compiler {
	return func(p *nodeProto, _ int64) (runFunc, error) {
		if err := arity(p, 1, 1, 1, 1); err != nil {
			return nil, err
		}
		if _, err := newAttrs(p); err != nil {
			return nil, err
		}
		return func(in []*array) ([]*array, error) {
			out := newArray(in[0].shape...)
			f(out.data, in[0].data)
			return []*array{out}, nil
		}, nil
	}
}

func compileIdentity(p *nodeProto, _ int64) (runFunc, error) {
	if err := arity(p, 1, 1, 1, 1); err != nil {
		return nil, err
	}
	if _, err := newAttrs(p); err != nil {
		return nil, err
	}
	return func(in []*array) ([]*array, error) { return []*array{in[0]}, nil }, nil
}

// broadcast returns the shape of a and b broadcast together (NumPy's
// rules).
func broadcast(a, b []int) ([]int, error) {
	n := max(len(a), len(b))
	out := make([]int, n)
	for i := range n {
		da, db := 1, 1
		if j := len(a) - n + i; j >= 0 {
			da = a[j]
		}
		if j := len(b) - n + i; j >= 0 {
			db = b[j]
		}
		switch {
		case da == db || db == 1:
			out[i] = da
		case da == 1:
			out[i] = db
		default:
			return nil, fmt.Errorf("shapes %v and %v do not broadcast", a, b)
		}
	}
	return out, nil
}

// expand returns a's elements broadcast to shape (which a must broadcast
// to); a's own data when the shapes are equal.
func expand(a *array, shape []int) []float32 {
	if slices.Equal(a.shape, shape) {
		return a.data
	}
	n := numel(shape)
	dst := make([]float32, n)
	if n == 0 {
		return dst
	}
	r := len(shape)
	// strides of a aligned to shape, 0 along broadcast dimensions
	st := make([]int, r)
	s := 1
	for i := len(a.shape) - 1; i >= 0; i-- {
		j := r - len(a.shape) + i
		if a.shape[i] != 1 {
			st[j] = s
		}
		s *= a.shape[i]
	}
	gather(dst, a.data, shape, st)
	return dst
}

// gather sets dst, of the given shape in row-major order, to the elements
// of src found by walking it with stride st[d] along each dimension d (0
// to repeat along a broadcast dimension).
func gather(dst, src []float32, shape, st []int) {
	r := len(shape)
	idx := make([]int, r)
	off := 0
	for i := range dst {
		dst[i] = src[off]
		for d := r - 1; d >= 0; d-- {
			idx[d]++
			off += st[d]
			if idx[d] < shape[d] {
				break
			}
			off -= st[d] * idx[d]
			idx[d] = 0
		}
	}
}

func compileAdd(p *nodeProto, opset int64) (runFunc, error) {
	if err := arity(p, 2, 2, 1, 1); err != nil {
		return nil, err
	}
	var known []string
	if opset < 7 {
		// Before opset 7, B broadcast only with broadcast=1, aligned
		// with A's trailing dimensions, or at axis: NumPy's rules cover
		// the first; axis is refused.
		known = []string{"broadcast"}
	}
	if _, err := newAttrs(p, known...); err != nil {
		return nil, err
	}
	return func(in []*array) ([]*array, error) {
		a, b := in[0], in[1]
		shape, err := broadcast(a.shape, b.shape)
		if err != nil {
			return nil, err
		}
		if err := checkSize(shape); err != nil {
			return nil, err
		}
		out := newArray(shape...)
		// A bias added to every row (MatMul + Add) goes through the
		// row-vector kernel.
		if r := len(shape); r >= 1 && slices.Equal(a.shape, shape) && numel(b.shape) == shape[r-1] && (len(b.shape) == 1 || b.shape[len(b.shape)-1] == shape[r-1]) && shape[r-1] > 0 {
			copy(out.data, a.data)
			kernels.AddRowVector(numel(shape[:r-1]), shape[r-1], out.data, shape[r-1], b.data)
			return []*array{out}, nil
		}
		kernels.Add(out.data, expand(a, shape), expand(b, shape))
		return []*array{out}, nil
	}, nil
}

func compileGemm(p *nodeProto, opset int64) (runFunc, error) {
	if err := arity(p, 2, 3, 1, 1); err != nil {
		return nil, err
	}
	known := []string{"alpha", "beta", "transA", "transB"}
	if opset < 7 {
		known = append(known, "broadcast") // 0: C is M×N; 1: C broadcasts as from opset 7
	}
	at, err := newAttrs(p, known...)
	if err != nil {
		return nil, err
	}
	bcast, err := at.int("broadcast", 0)
	if err != nil {
		return nil, err
	}
	if opset >= 7 {
		bcast = 1
	}
	alpha, err1 := at.float("alpha", 1)
	beta, err2 := at.float("beta", 1)
	ta, err3 := at.int("transA", 0)
	tb, err4 := at.int("transB", 0)
	for _, e := range []error{err1, err2, err3, err4} {
		if e != nil {
			return nil, e
		}
	}
	if len(p.inputs) < 3 && opset < 11 {
		return nil, fmt.Errorf("input C is required before opset 11")
	}
	return func(in []*array) ([]*array, error) {
		a, b := in[0], in[1]
		if len(a.shape) != 2 || len(b.shape) != 2 {
			return nil, fmt.Errorf("A %v and B %v must be matrices", a.shape, b.shape)
		}
		m, k := a.shape[0], a.shape[1]
		if ta != 0 {
			m, k = k, m
		}
		k2, n := b.shape[0], b.shape[1]
		if tb != 0 {
			k2, n = n, k2
		}
		if k != k2 {
			return nil, fmt.Errorf("A %v (transA=%d) and B %v (transB=%d) do not match", a.shape, ta, b.shape, tb)
		}
		out := newArray(m, n)
		bt := float32(0)
		if len(in) > 2 && in[2] != nil {
			c := in[2]
			shape, err := broadcast([]int{m, n}, c.shape)
			if err != nil || len(c.shape) > 2 || shape[0] != m || shape[1] != n {
				return nil, fmt.Errorf("C %v does not broadcast to %d×%d", c.shape, m, n)
			}
			if bcast == 0 && (len(c.shape) != 2 || c.shape[0] != m || c.shape[1] != n) {
				return nil, fmt.Errorf("C %v is not %d×%d (broadcast=0)", c.shape, m, n)
			}
			copy(out.data, expand(c, out.shape))
			bt = beta
		}
		if m > 0 && n > 0 {
			kernels.Sgemm(ta != 0, tb != 0, m, n, k, alpha, a.data, max(1, a.shape[1]), b.data, max(1, b.shape[1]), bt, out.data, n)
		}
		return []*array{out}, nil
	}, nil
}

func compileMatMul(p *nodeProto, _ int64) (runFunc, error) {
	if err := arity(p, 2, 2, 1, 1); err != nil {
		return nil, err
	}
	if _, err := newAttrs(p); err != nil {
		return nil, err
	}
	return func(in []*array) ([]*array, error) {
		return matmul(in[0], in[1])
	}, nil
}

// matmul is NumPy's matmul: batched over all but the last two dimensions,
// which broadcast; a 1-D operand is a row (A) or a column (B) vector whose
// dimension is dropped from the result.
func matmul(a, b *array) ([]*array, error) {
	if len(a.shape) == 0 || len(b.shape) == 0 {
		return nil, fmt.Errorf("MatMul of a scalar (shapes %v and %v)", a.shape, b.shape)
	}
	as, bs := a.shape, b.shape
	if len(as) == 1 {
		as = []int{1, as[0]}
	}
	if len(bs) == 1 {
		bs = []int{bs[0], 1}
	}
	m, k := as[len(as)-2], as[len(as)-1]
	k2, n := bs[len(bs)-2], bs[len(bs)-1]
	if k != k2 {
		return nil, fmt.Errorf("shapes %v and %v do not match", a.shape, b.shape)
	}
	batch, err := broadcast(as[:len(as)-2], bs[:len(bs)-2])
	if err != nil {
		return nil, fmt.Errorf("batch dimensions: %v", err)
	}
	shape := append(slices.Clone(batch), m, n)
	if err := checkSize(shape); err != nil {
		return nil, err
	}
	out := newArray(shape...)
	nb := numel(batch)
	aoff, boff := batchOffsets(as[:len(as)-2], batch, m*k), batchOffsets(bs[:len(bs)-2], batch, k*n)
	if m > 0 && n > 0 {
		for i := range nb {
			ao, bo := aoff[i], boff[i]
			kernels.Sgemm(false, false, m, n, k, 1, a.data[ao:ao+m*k], max(1, k), b.data[bo:bo+k*n], n, 0, out.data[i*m*n:(i+1)*m*n], n)
		}
	}
	// Drop the dimensions of 1-D operands.
	if len(b.shape) == 1 {
		out.shape = out.shape[:len(out.shape)-1]
	}
	if len(a.shape) == 1 {
		r := len(out.shape)
		if len(b.shape) == 1 {
			out.shape = out.shape[:r-1]
		} else {
			out.shape = append(out.shape[:r-2:r-2], out.shape[r-1])
		}
	}
	return []*array{out}, nil
}

// batchOffsets returns, for each matrix of the broadcast batch shape, the
// offset of the operand's matrix (of size elements) that it uses: the
// operand's batch dimensions are aligned to the right of batch, and a
// dimension of 1 repeats.
func batchOffsets(own, batch []int, size int) []int {
	r := len(batch)
	st := make([]int, r)
	s := size
	for i := len(own) - 1; i >= 0; i-- {
		if own[i] != 1 {
			st[r-len(own)+i] = s
		}
		s *= own[i]
	}
	offs := make([]int, numel(batch))
	idx := make([]int, r)
	off := 0
	for i := range offs {
		offs[i] = off
		for d := r - 1; d >= 0; d-- {
			idx[d]++
			off += st[d]
			if idx[d] < batch[d] {
				break
			}
			off -= st[d] * idx[d]
			idx[d] = 0
		}
	}
	return offs
}

// axis normalises a possibly negative axis for rank r; axes in [-r, r]
// when end is true (Flatten), [-r, r) otherwise.
func axis(ax int64, r int, end bool) (int, error) {
	hi := int64(r)
	if end {
		hi++
	}
	if ax < -int64(r) || ax >= hi {
		return 0, fmt.Errorf("axis %d is out of range for rank %d", ax, r)
	}
	if ax < 0 {
		ax += int64(r)
	}
	return int(ax), nil
}

func compileSoftmax(p *nodeProto, opset int64) (runFunc, error) {
	if err := arity(p, 1, 1, 1, 1); err != nil {
		return nil, err
	}
	at, err := newAttrs(p, "axis")
	if err != nil {
		return nil, err
	}
	def := int64(-1)
	if opset < 13 {
		def = 1
	}
	ax, err := at.int("axis", def)
	if err != nil {
		return nil, err
	}
	return func(in []*array) ([]*array, error) {
		x := in[0]
		r := len(x.shape)
		if r == 0 {
			return nil, fmt.Errorf("Softmax of a scalar")
		}
		a, err := axis(ax, r, false)
		if err != nil {
			return nil, err
		}
		out := newArray(x.shape...)
		if len(x.data) == 0 {
			return []*array{out}, nil
		}
		outer, n, inner := numel(x.shape[:a]), x.shape[a], numel(x.shape[a+1:])
		if opset < 13 {
			// Before opset 13: the input is coerced to a matrix at axis.
			n, inner = numel(x.shape[a:]), 1
		}
		if inner == 1 {
			kernels.SoftmaxRows(outer, n, x.data, n, out.data, n)
			return []*array{out}, nil
		}
		buf := make([]float32, n)
		for o := range outer {
			for i := range inner {
				base := o*n*inner + i
				for j := range n {
					buf[j] = x.data[base+j*inner]
				}
				kernels.SoftmaxRows(1, n, buf, n, buf, n)
				for j := range n {
					out.data[base+j*inner] = buf[j]
				}
			}
		}
		return []*array{out}, nil
	}, nil
}

func compileFlatten(p *nodeProto, _ int64) (runFunc, error) {
	if err := arity(p, 1, 1, 1, 1); err != nil {
		return nil, err
	}
	at, err := newAttrs(p, "axis")
	if err != nil {
		return nil, err
	}
	ax, err := at.int("axis", 1)
	if err != nil {
		return nil, err
	}
	return func(in []*array) ([]*array, error) {
		x := in[0]
		a, err := axis(ax, len(x.shape), true)
		if err != nil {
			return nil, err
		}
		return []*array{{shape: []int{numel(x.shape[:a]), numel(x.shape[a:])}, data: x.data}}, nil
	}, nil
}

func compileTranspose(p *nodeProto, _ int64) (runFunc, error) {
	if err := arity(p, 1, 1, 1, 1); err != nil {
		return nil, err
	}
	at, err := newAttrs(p, "perm")
	if err != nil {
		return nil, err
	}
	perm, err := at.ints("perm", 0)
	if err != nil {
		return nil, err
	}
	if perm != nil {
		seen := make([]bool, len(perm))
		for _, v := range perm {
			if v < 0 || v >= len(perm) || seen[v] {
				return nil, fmt.Errorf("attribute perm=%v is not a permutation", perm)
			}
			seen[v] = true
		}
	}
	return func(in []*array) ([]*array, error) {
		x := in[0]
		r := len(x.shape)
		pm := perm
		if pm == nil {
			pm = make([]int, r)
			for i := range pm {
				pm[i] = r - 1 - i
			}
		}
		if len(pm) != r {
			return nil, fmt.Errorf("perm %v for an input of rank %d", pm, r)
		}
		return []*array{transpose(x, pm)}, nil
	}, nil
}

// transpose permutes a's dimensions: result dimension i is a's pm[i].
func transpose(x *array, pm []int) *array {
	r := len(x.shape)
	shape := make([]int, r)
	for i, d := range pm {
		shape[i] = x.shape[d]
	}
	out := newArray(shape...)
	if len(out.data) == 0 {
		return out
	}
	xst := make([]int, r)
	s := 1
	for i := r - 1; i >= 0; i-- {
		xst[i] = s
		s *= x.shape[i]
	}
	st := make([]int, r) // input stride of each output dimension
	for i, d := range pm {
		st[i] = xst[d]
	}
	gather(out.data, x.data, shape, st)
	return out
}

func compileDropout(p *nodeProto, opset int64) (runFunc, error) {
	maxIn := 3
	known := []string{"seed"}
	switch {
	case opset < 7:
		maxIn, known = 1, []string{"ratio", "is_test"}
	case opset < 12:
		maxIn, known = 1, []string{"ratio"}
	}
	if err := arity(p, 1, maxIn, 1, 2); err != nil {
		return nil, err
	}
	at, err := newAttrs(p, known...)
	if err != nil {
		return nil, err
	}
	if _, err := at.float("ratio", 0.5); err != nil {
		return nil, err
	}
	if opset < 7 {
		if t, err := at.int("is_test", 0); err != nil || t == 0 {
			return nil, fmt.Errorf("is_test=0 (random dropout in training mode) is not supported (inference only); %v", err)
		}
	}
	return func(in []*array) ([]*array, error) {
		x := in[0]
		ratio := float32(0.5)
		if len(in) > 1 && in[1] != nil {
			if len(in[1].data) != 1 {
				return nil, fmt.Errorf("ratio has shape %v, want a scalar", in[1].shape)
			}
			ratio = in[1].data[0]
		}
		if len(in) > 2 && in[2] != nil {
			if len(in[2].data) != 1 {
				return nil, fmt.Errorf("training_mode has shape %v, want a scalar", in[2].shape)
			}
			if in[2].data[0] != 0 && ratio != 0 {
				return nil, fmt.Errorf("training_mode=true with ratio %g: random dropout is not supported (inference only)", ratio)
			}
		}
		mask := &array{shape: x.shape, data: make([]float32, len(x.data))}
		for i := range mask.data {
			mask.data[i] = 1
		}
		return []*array{x, mask}, nil
	}, nil
}
