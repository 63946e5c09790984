package onnx

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/gof32/gof32/tensor"
)

// Opset versions of the default domain ("" or "ai.onnx") that Read
// accepts. Attributes of older versions of an operator that change its
// meaning (Add's and Gemm's broadcast before 7, Dropout's is_test) are
// refused or handled where they occur; Softmax's axis semantics follow
// the version (coerced to 2-D before 13, one axis from 13).
const (
	MinOpset = 1
	MaxOpset = 22
)

// maxModelSize bounds the model files Read accepts (2 GiB is protobuf's
// own limit).
const maxModelSize = 2 << 30

// Model is a decoded, checked ONNX graph, ready to run. Its nodes are in
// topological order and each has been compiled: attributes read and
// checked. Run may be called many times, from several goroutines at once:
// it changes nothing in the Model.
type Model struct {
	// IRVersion and Opset are the model's IR version and the version of
	// the default operator set it imports.
	IRVersion, Opset int64
	// Producer is the producer's name and version, as the file says.
	Producer string
	// Inputs are the graph inputs that are not initializers, Outputs the
	// graph outputs, in the file's order.
	Inputs, Outputs []ValueInfo

	inits map[string]*array
	nodes []*node
	g     *graphProto // as decoded, for Import
}

// ValueInfo is the name, element type and shape of a graph input or output.
// A dimension is either fixed (Value ≥ 0, Param "") or symbolic (Param
// set, such as "batch", or both unset when the file says nothing).
type ValueInfo struct {
	Name     string
	ElemType string // "FLOAT", "BOOL", …
	Shape    []Dim  // nil when the file gives no shape
}

// Dim is one dimension of a ValueInfo.
type Dim struct {
	Value int64 // -1 when symbolic
	Param string
}

func (d Dim) String() string {
	if d.Value >= 0 {
		return fmt.Sprint(d.Value)
	}
	if d.Param != "" {
		return d.Param
	}
	return "?"
}

// node is a compiled node.
type node struct {
	p       *nodeProto
	index   int
	inputs  []string // "" for an absent optional input
	outputs []string
	run     func(in []*array) ([]*array, error)
}

// where names a node in errors: its name, or its index and first output.
func (n *nodeProto) where(index int) string {
	if n.name != "" {
		return fmt.Sprintf("node %q (%s)", n.name, n.opType)
	}
	out := ""
	if len(n.outputs) > 0 {
		out = fmt.Sprintf(", output %q", n.outputs[0])
	}
	return fmt.Sprintf("node %d (%s%s)", index, n.opType, out)
}

// Read decodes an ONNX model and checks it: the protobuf structure, the
// opset, that every tensor is FLOAT (BOOL for Dropout's mask and
// training_mode) with data that fits its shape and no external data, that
// every node input is defined, that no value is defined twice, that the
// graph has no cycle, and that every node is a supported operator with
// supported attributes. Any failure is an error that starts with "onnx:".
func Read(r io.Reader) (*Model, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxModelSize+1))
	if err != nil {
		return nil, fmt.Errorf("onnx: %w", err)
	}
	return decode(b)
}

func decode(b []byte) (*Model, error) {
	if len(b) > maxModelSize {
		return nil, fmt.Errorf("onnx: model larger than %d bytes", maxModelSize)
	}
	if len(b) == 0 {
		return nil, fmt.Errorf("onnx: not a valid model: empty file")
	}
	if bytes.HasPrefix(b, []byte("GOF32NN\x1a")) {
		return nil, fmt.Errorf("onnx: not a valid model: this is a gof32 model file (nn.Load reads it)")
	}
	mp, err := decodeModel(b)
	if err != nil {
		return nil, err
	}
	if mp.graph == nil {
		return nil, fmt.Errorf("onnx: not a valid model: no graph")
	}
	if mp.irVersion < 3 {
		return nil, fmt.Errorf("onnx: not a valid model: IR version %d (want 3 or later)", mp.irVersion)
	}
	if mp.hasFunctions {
		return nil, fmt.Errorf("onnx: model-local functions are not supported")
	}
	m := &Model{IRVersion: mp.irVersion, Producer: strings.TrimSpace(mp.producerName + " " + mp.producerVersion), g: mp.graph}
	for _, o := range mp.opsets {
		switch o.domain {
		case "", "ai.onnx":
			m.Opset = o.version
		}
	}
	if m.Opset == 0 {
		return nil, fmt.Errorf("onnx: the model imports no version of the default operator set")
	}
	if m.Opset < MinOpset || m.Opset > MaxOpset {
		return nil, fmt.Errorf("onnx: opset %d is not supported (%d to %d)", m.Opset, MinOpset, MaxOpset)
	}
	if err := m.build(mp.graph); err != nil {
		return nil, err
	}
	return m, nil
}

func valueInfo(v *valueInfoProto) ValueInfo {
	vi := ValueInfo{Name: v.name, ElemType: dataTypeName(v.elemType)}
	if v.hasShape {
		vi.Shape = make([]Dim, len(v.dims))
		for i, d := range v.dims {
			vi.Shape[i] = Dim{Value: -1, Param: d.param}
			if d.hasValue && d.value >= 0 {
				vi.Shape[i].Value = d.value
			}
		}
	}
	return vi
}

func (m *Model) build(g *graphProto) error {
	if g.hasSparse {
		return fmt.Errorf("onnx: sparse initializers are not supported")
	}
	defined := map[string]string{} // value name → what defines it
	m.inits = map[string]*array{}
	for _, t := range g.initializers {
		if t.name == "" {
			return fmt.Errorf("onnx: an initializer has no name")
		}
		if _, dup := m.inits[t.name]; dup {
			return fmt.Errorf("onnx: initializer %q is defined twice", t.name)
		}
		a, err := t.value()
		if err != nil {
			return fmt.Errorf("onnx: initializer %v", err)
		}
		m.inits[t.name] = a
		defined[t.name] = "initializer"
	}
	for _, v := range g.inputs {
		if v.name == "" {
			return fmt.Errorf("onnx: a graph input has no name")
		}
		if _, ok := m.inits[v.name]; ok {
			continue // an initializer listed as an input (IR < 4): a constant here
		}
		if defined[v.name] != "" {
			return fmt.Errorf("onnx: graph input %q is listed twice", v.name)
		}
		if v.nonTensor {
			return fmt.Errorf("onnx: graph input %q is not a tensor", v.name)
		}
		if v.hasType && v.elemType != typeFloat && v.elemType != typeBool {
			return fmt.Errorf("onnx: graph input %q: data type %s is not supported (FLOAT, and BOOL as 0 and 1)", v.name, dataTypeName(v.elemType))
		}
		defined[v.name] = "graph input"
		m.Inputs = append(m.Inputs, valueInfo(v))
	}
	// Compile the nodes, then order them.
	producer := map[string]int{}
	nodes := make([]*node, len(g.nodes))
	for i, p := range g.nodes {
		where := p.where(i)
		if p.domain != "" && p.domain != "ai.onnx" {
			return fmt.Errorf("onnx: %s: domain %q is not supported (only the default ONNX domain)", where, p.domain)
		}
		for _, out := range p.outputs {
			if out == "" {
				continue
			}
			if what := defined[out]; what != "" {
				return fmt.Errorf("onnx: %s: output %q is already defined (by a %s)", where, out, what)
			}
			defined[out] = where
			producer[out] = i
		}
	}
	for i, p := range g.nodes {
		where := p.where(i)
		for _, in := range p.inputs {
			if in != "" && defined[in] == "" {
				return fmt.Errorf("onnx: %s: input %q is not defined by any graph input, initializer or node", where, in)
			}
		}
		run, err := compile(p, m.Opset)
		if err != nil {
			return fmt.Errorf("onnx: %s: %v", where, err)
		}
		nodes[i] = &node{p: p, index: i, inputs: p.inputs, outputs: p.outputs, run: run}
	}
	order, err := topoSort(g.nodes, producer)
	if err != nil {
		return err
	}
	for _, i := range order {
		m.nodes = append(m.nodes, nodes[i])
	}
	if len(g.outputs) == 0 {
		return fmt.Errorf("onnx: the graph has no output")
	}
	for _, v := range g.outputs {
		if defined[v.name] == "" {
			return fmt.Errorf("onnx: graph output %q is not computed by any node", v.name)
		}
		m.Outputs = append(m.Outputs, valueInfo(v))
	}
	return nil
}

// topoSort orders the nodes so that each comes after the nodes whose
// outputs it reads (Kahn's algorithm, stable in file order); a cycle is
// an error naming a node on it.
func topoSort(nodes []*nodeProto, producer map[string]int) ([]int, error) {
	indeg := make([]int, len(nodes))
	users := make([][]int, len(nodes))
	for i, p := range nodes {
		seen := map[int]bool{}
		for _, in := range p.inputs {
			if j, ok := producer[in]; ok && in != "" && !seen[j] {
				seen[j] = true
				indeg[i]++
				users[j] = append(users[j], i)
			}
		}
	}
	var ready, order []int
	for i := range nodes {
		if indeg[i] == 0 {
			ready = append(ready, i)
		}
	}
	for len(ready) > 0 {
		sort.Ints(ready)
		i := ready[0]
		ready = ready[1:]
		order = append(order, i)
		for _, u := range users[i] {
			if indeg[u]--; indeg[u] == 0 {
				ready = append(ready, u)
			}
		}
	}
	if len(order) < len(nodes) {
		for i := range nodes {
			if indeg[i] > 0 {
				return nil, fmt.Errorf("onnx: the graph has a cycle through %s", nodes[i].where(i))
			}
		}
	}
	return order, nil
}

// Run computes the graph's outputs from its inputs, given by name (every
// input in m.Inputs is needed). Inputs must match the declared shapes in
// their fixed dimensions. The outputs are new tensors, keyed by name; a
// BOOL output (Dropout's mask) holds 0 and 1. A shape that the operators
// cannot take is an error naming the node.
func (m *Model) Run(inputs map[string]*tensor.Tensor) (map[string]*tensor.Tensor, error) {
	env := make(map[string]*array, len(m.inits)+len(m.nodes))
	for k, v := range m.inits {
		env[k] = v
	}
	for _, vi := range m.Inputs {
		t := inputs[vi.Name]
		if t == nil {
			return nil, fmt.Errorf("onnx: input %q is missing", vi.Name)
		}
		a := arrayOf(t)
		if vi.Shape != nil {
			ok := len(vi.Shape) == len(a.shape)
			for i := 0; ok && i < len(a.shape); i++ {
				ok = vi.Shape[i].Value < 0 || vi.Shape[i].Value == int64(a.shape[i])
			}
			if !ok {
				return nil, fmt.Errorf("onnx: input %q has shape %v, the model wants %v", vi.Name, a.shape, vi.Shape)
			}
		}
		env[vi.Name] = a
	}
	for name := range inputs {
		if _, ok := env[name]; !ok || m.inits[name] != nil {
			return nil, fmt.Errorf("onnx: the model has no input %q", name)
		}
	}
	for _, n := range m.nodes {
		in := make([]*array, len(n.inputs))
		for i, name := range n.inputs {
			if name != "" {
				in[i] = env[name]
			}
		}
		out, err := n.run(in)
		if err != nil {
			return nil, fmt.Errorf("onnx: %s: %v", n.p.where(n.index), err)
		}
		for i, name := range n.outputs {
			if name == "" {
				continue
			}
			if i >= len(out) || out[i] == nil {
				return nil, fmt.Errorf("onnx: %s: output %d (%q) is not supported", n.p.where(n.index), i, name)
			}
			env[name] = out[i]
		}
	}
	res := make(map[string]*tensor.Tensor, len(m.Outputs))
	for _, vi := range m.Outputs {
		a := env[vi.Name]
		res[vi.Name] = (&array{shape: a.shape, data: append([]float32(nil), a.data...)}).tensor()
	}
	return res, nil
}
