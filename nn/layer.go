package nn

import (
	"fmt"
	"sort"
	"sync"
)

// Layer is one stage of a network, working on batches: a batch of rows
// samples is a rows×In() row-major matrix on the way in and rows×Out() on
// the way out.
//
// A layer owns the buffers it returns. Forward's result stays valid until
// the next Forward; Backward's until the next Backward. The x given to
// Forward must stay unchanged until the Backward that follows it, which
// may read it. Neither method allocates once Reserve has been called with
// at least rows.
type Layer interface {
	// Spec describes the layer: kind, shape and attributes, enough to
	// rebuild it (without its parameter values) through the registry.
	Spec() Spec

	// In and Out are the widths of one input and one output row.
	In() int
	Out() int

	// Params returns the trainable parameters, nil if there are none.
	// The slice and the Params are the layer's own: optimizers update
	// Value in place, layers fill Grad.
	Params() []*Param

	// Reserve makes room for batches of up to rows samples. Forward and
	// Backward grow the buffers themselves when given more rows, but
	// only Reserve guarantees that they do not allocate.
	Reserve(rows int)

	// Forward computes the outputs of a batch of rows samples. train
	// says whether the pass is part of a training step (layers such as
	// dropout behave differently then).
	Forward(x []float32, rows int, train bool) []float32

	// Backward takes dL/dy for the outputs of the last Forward, sets the
	// Grad of every parameter to dL/dparam (overwriting it), and returns
	// dL/dx when needDX is true, nil otherwise (the first layer of a
	// network needs no input gradient and skips its cost).
	Backward(dy []float32, rows int, needDX bool) []float32
}

// Spec is the description of a layer that the model file stores: its kind
// (a registered name such as "dense"), its integer shape and optional
// float attributes (a dropout rate, say). Parameter values are stored
// separately.
type Spec struct {
	Kind  string
	Shape []int
	Attrs []float32
}

func (s Spec) String() string {
	if len(s.Attrs) == 0 {
		return fmt.Sprintf("%s%v", s.Kind, s.Shape)
	}
	return fmt.Sprintf("%s%v%v", s.Kind, s.Shape, s.Attrs)
}

// A Builder makes a layer, with zero parameters, from its Spec; it returns
// an error when the spec is invalid for the kind.
type Builder func(Spec) (Layer, error)

var (
	registryMu sync.RWMutex
	registry   = map[string]Builder{}
)

// RegisterLayer makes a layer kind known to Build and to the model file
// reader. It panics if the kind is empty or already registered: kinds are
// registered once, from init functions.
func RegisterLayer(kind string, b Builder) {
	if kind == "" || len(kind) > maxKindLen || b == nil {
		panic(fmt.Sprintf("nn.RegisterLayer: invalid kind %q", kind))
	}
	registryMu.Lock()
	defer registryMu.Unlock()
	if _, dup := registry[kind]; dup {
		panic(fmt.Sprintf("nn.RegisterLayer: kind %q registered twice", kind))
	}
	registry[kind] = b
}

// Kinds returns the registered layer kinds, sorted.
func Kinds() []string {
	registryMu.RLock()
	defer registryMu.RUnlock()
	ks := make([]string, 0, len(registry))
	for k := range registry {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// Build makes a layer from its spec through the registry. Its parameters
// are zero.
func Build(s Spec) (Layer, error) {
	registryMu.RLock()
	b := registry[s.Kind]
	registryMu.RUnlock()
	if b == nil {
		return nil, fmt.Errorf("nn: unknown layer kind %q (known: %v)", s.Kind, Kinds())
	}
	return b(s)
}

// grow returns buf if it holds n elements, a new slice otherwise.
func grow(buf []float32, n int) []float32 {
	if cap(buf) >= n {
		return buf[:n]
	}
	return make([]float32, n)
}

// checkRows panics unless x holds rows samples of width w: a programming
// error, as with the kernels.
func checkRows(fn string, x []float32, rows, w int) {
	if rows < 0 || len(x) < rows*w {
		panic(fmt.Sprintf("nn.%s: %d rows of width %d need %d values, have %d", fn, rows, w, rows*w, len(x)))
	}
}
