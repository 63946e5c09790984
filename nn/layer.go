package nn

import (
	"fmt"
	"sort"
	"sync"

	"github.com/gof32/gof32/tensor"
)

// Layer is one stage of a network, working on batches: a tensor whose
// first dimension counts the samples (the rows) and whose other
// dimensions hold In() values per sample on the way in and Out() on the
// way out. Dense layers take and give matrices, rows×In and rows×Out.
//
// A layer owns the tensors it returns. Forward's result stays valid until
// the next Forward; Backward's until the next Backward. The x given to
// Forward must stay unchanged until the Backward that follows it, which
// may read it. Neither method allocates once it has seen a batch of the
// same number of rows (the layer keeps its buffers in tensor.Buffers).
type Layer interface {
	// Spec describes the layer: kind, shape and attributes, enough to
	// rebuild it (without its parameter values) through the registry.
	Spec() Spec

	// In and Out are the numbers of values of one input and one output
	// sample.
	In() int
	Out() int

	// Params returns the trainable parameters, nil if there are none.
	// The slice and the Params are the layer's own: optimizers update
	// Value in place, layers fill Grad.
	Params() []*Param

	// Forward computes the outputs of a batch. train says whether the
	// pass is part of a training step (layers such as dropout behave
	// differently then).
	Forward(x *tensor.Tensor, train bool) *tensor.Tensor

	// Backward takes dL/dy for the outputs of the last Forward, sets the
	// Grad of every parameter to dL/dparam (overwriting it), and returns
	// dL/dx, shaped as that Forward's x, when needDX is true, nil
	// otherwise (the first layer of a network needs no input gradient
	// and skips its cost).
	Backward(dy *tensor.Tensor, needDX bool) *tensor.Tensor
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

// batchRows returns the number of samples in x, a tensor of at least two
// dimensions whose samples (along the first) hold n values each. Anything
// else is a programming error, which panics naming the layer and shape.
func batchRows(fn string, x *tensor.Tensor, n int) int {
	per := 1
	for i := 1; i < x.Dims(); i++ {
		per *= x.Dim(i)
	}
	if x.Dims() < 2 || per != n {
		panic(fmt.Sprintf("nn.%s: input of shape %v; want [rows %d] or another shape of %d values per sample", fn, x.Shape(), n, n))
	}
	return x.Dim(0)
}

// matrixRows is batchRows for layers that take a rows×n matrix.
func matrixRows(fn string, x *tensor.Tensor, n int) int {
	if x.Dims() != 2 || x.Dim(1) != n {
		panic(fmt.Sprintf("nn.%s: input of shape %v; want [rows %d]", fn, x.Shape(), n))
	}
	return x.Dim(0)
}
