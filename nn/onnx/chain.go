package onnx

import (
	"fmt"
	"slices"
	"strings"
)

// layerDesc is a layer of an nn.Network as this package sees it, between
// an ONNX graph and nn's types (nn.go converts it to and from nn's
// layers).
type layerDesc struct {
	kind    string // nn's kind: "dense", "relu", …
	in, out int
	w, b    []float32 // dense: W in×out row-major (x·W + b), b of length out
	rate    float64   // dropout
}

// activationOps maps nn's activation kinds to ONNX operators.
var activationOps = map[string]string{
	"relu": "Relu", "sigmoid": "Sigmoid", "tanh": "Tanh", "softplus": "Softplus", "softmax": "Softmax",
}

// importKinds are the nn layer kinds Import can make and Export can write.
var importKinds = []string{"dense", "dropout", "relu", "sigmoid", "softmax", "softplus", "tanh"}

// chain maps a model onto a sequence of nn layers. The graph must be a
// chain from its one input to its one output: each node reads the value
// the previous one computed, its other operands are initializers, and
// its operator has an nn layer (see the package documentation).
func (m *Model) chain() ([]layerDesc, error) {
	if len(m.Inputs) != 1 || len(m.Outputs) != 1 {
		var ins, outs []string
		for _, v := range m.Inputs {
			ins = append(ins, fmt.Sprintf("%q", v.Name))
		}
		for _, v := range m.Outputs {
			outs = append(outs, fmt.Sprintf("%q", v.Name))
		}
		return nil, fmt.Errorf("onnx: Import needs a graph with one input and one output (weights as initializers), this one has inputs [%s] and outputs [%s] (Read and Run run any graph)",
			strings.Join(ins, " "), strings.Join(outs, " "))
	}
	in := m.Inputs[0]
	width := -1 // features of one sample, -1 while unknown
	if in.Shape != nil {
		if len(in.Shape) < 2 {
			return nil, fmt.Errorf("onnx: input %q has shape %v; Import needs [batch, features…]", in.Name, in.Shape)
		}
		width = 1
		for _, d := range in.Shape[1:] {
			if d.Value < 0 {
				width = -1
				break
			}
			width *= int(d.Value)
		}
	}
	rank := len(in.Shape) // 0 when unknown
	cur := in.Name
	var layers []layerDesc
	nodes := m.nodes
	for i := 0; i < len(nodes); i++ {
		n := nodes[i]
		p := n.p
		where := p.where(n.index)
		fail := func(format string, args ...any) error {
			return fmt.Errorf("onnx: %s: %s", where, fmt.Sprintf(format, args...))
		}
		if len(p.inputs) == 0 || p.inputs[0] != cur {
			return nil, fail("the graph is not a chain: this node does not read %q, the output of the node before it (Read and Run run any graph)", cur)
		}
		for j, name := range p.inputs[1:] {
			if name != "" && m.inits[name] == nil {
				return nil, fail("input %d (%q) is not an initializer; Import needs the weights as initializers", j+1, name)
			}
		}
		for _, out := range p.outputs[1:] {
			if out != "" {
				return nil, fail("output %q is not supported for import (one output per node)", out)
			}
		}
		at := attrs{}
		for _, a := range p.attrs {
			at[a.name] = a
		}
		next := p.outputs[0]
		switch p.opType {
		case "Gemm", "MatMul":
			var d layerDesc
			var err error
			if p.opType == "Gemm" {
				d, err = gemmLayer(p, at, m.inits, width, fail)
			} else {
				d, err = matmulLayer(p, m.inits, width, fail)
				// A following Add of a constant row is the bias.
				if err == nil && i+1 < len(nodes) && nodes[i+1].p.opType == "Add" {
					if bias, ok := addBias(nodes[i+1].p, next, m.inits, d.out); ok {
						d.b = bias
						next = nodes[i+1].p.outputs[0]
						i++
					}
				}
			}
			if err != nil {
				return nil, err
			}
			if rank > 2 {
				return nil, fail("input of rank %d: a dense layer needs [batch, features] (Flatten first)", rank)
			}
			layers = append(layers, d)
			width, rank = d.out, 2
		case "Relu", "Sigmoid", "Tanh", "Softplus", "Softmax":
			if width < 0 {
				return nil, fail("the width of the rows is unknown here (give the input a fixed feature dimension)")
			}
			if rank > 2 {
				return nil, fail("input of rank %d: nn's activations work on [batch, features]", rank)
			}
			kind := strings.ToLower(p.opType)
			if p.opType == "Softmax" {
				ax, err := at.int("axis", map[bool]int64{true: 1, false: -1}[m.Opset < 13])
				if err != nil || (ax != 1 && ax != -1) {
					return nil, fail("attribute axis=%d unsupported for import into nn.Softmax (the last axis of [batch, features])", ax)
				}
			}
			layers = append(layers, layerDesc{kind: kind, in: width, out: width})
		case "Dropout":
			if width < 0 {
				return nil, fail("the width of the rows is unknown here (give the input a fixed feature dimension)")
			}
			rate := 0.5
			if r, _ := at.float("ratio", 0.5); at["ratio"] != nil {
				rate = float64(r)
			}
			if len(p.inputs) > 1 && p.inputs[1] != "" {
				r := m.inits[p.inputs[1]]
				if len(r.data) != 1 {
					return nil, fail("ratio has shape %v, want a scalar", r.shape)
				}
				rate = float64(r.data[0])
			}
			if len(p.inputs) > 2 && p.inputs[2] != "" {
				if t := m.inits[p.inputs[2]]; len(t.data) != 1 || t.data[0] != 0 {
					return nil, fail("training_mode is not a constant false")
				}
			}
			if !(rate >= 0 && rate < 1) {
				return nil, fail("ratio %g unsupported for import into nn.Dropout (it needs [0, 1))", rate)
			}
			layers = append(layers, layerDesc{kind: "dropout", in: width, out: width, rate: rate})
		case "Identity":
		case "Flatten":
			ax, _ := at.int("axis", 1)
			if ax != 1 && !(ax == -1 && rank == 2) {
				return nil, fail("attribute axis=%d unsupported for import (only axis=1, which keeps the batch)", ax)
			}
			rank = 2
		default:
			return nil, fail("operator %s has no nn layer to import into (Import takes %s; Read and Run run Conv, MaxPool and Transpose too)",
				p.opType, strings.Join([]string{"Gemm", "MatMul", "Add (after MatMul)", "Relu", "Sigmoid", "Tanh", "Softplus", "Softmax", "Dropout", "Identity", "Flatten (axis 1)"}, ", "))
		}
		cur = next
	}
	if cur != m.Outputs[0].Name {
		return nil, fmt.Errorf("onnx: the graph's output %q is not the end of the chain (%q)", m.Outputs[0].Name, cur)
	}
	if len(layers) == 0 {
		return nil, fmt.Errorf("onnx: the graph has no node that maps to an nn layer")
	}
	return layers, nil
}

// gemmLayer maps Gemm(x, B, C) with B and C initializers onto a dense layer.
func gemmLayer(p *nodeProto, at attrs, inits map[string]*array, width int, fail func(string, ...any) error) (layerDesc, error) {
	if ta, _ := at.int("transA", 0); ta != 0 {
		return layerDesc{}, fail("attribute transA=%d unsupported for import into nn.Dense", ta)
	}
	if alpha, _ := at.float("alpha", 1); alpha != 1 {
		return layerDesc{}, fail("attribute alpha=%g unsupported for import into nn.Dense", alpha)
	}
	tb, _ := at.int("transB", 0)
	beta, _ := at.float("beta", 1)
	b := inits[p.inputs[1]]
	if len(b.shape) != 2 {
		return layerDesc{}, fail("B has shape %v, want a matrix", b.shape)
	}
	in, out := b.shape[0], b.shape[1]
	w := b.data
	if tb != 0 {
		in, out = out, in
		w = transpose(b, []int{1, 0}).data
	} else {
		w = slices.Clone(w)
	}
	if err := checkWidth(in, out, width, b.shape, fail); err != nil {
		return layerDesc{}, err
	}
	d := layerDesc{kind: "dense", in: in, out: out, w: w, b: make([]float32, out)}
	if len(p.inputs) > 2 && p.inputs[2] != "" {
		c := inits[p.inputs[2]]
		if !isRow(c, out) && numel(c.shape) != 1 {
			return layerDesc{}, fail("C has shape %v; nn.Dense needs a bias of %d values (or one)", c.shape, out)
		}
		for j := range d.b {
			v := c.data[0]
			if len(c.data) > 1 {
				v = c.data[j]
			}
			d.b[j] = beta * v
		}
	}
	return d, nil
}

// matmulLayer maps MatMul(x, B), B an initializer, onto a dense layer
// with a zero bias.
func matmulLayer(p *nodeProto, inits map[string]*array, width int, fail func(string, ...any) error) (layerDesc, error) {
	b := inits[p.inputs[1]]
	if len(b.shape) != 2 {
		return layerDesc{}, fail("B has shape %v, want a matrix for import into nn.Dense", b.shape)
	}
	in, out := b.shape[0], b.shape[1]
	if err := checkWidth(in, out, width, b.shape, fail); err != nil {
		return layerDesc{}, err
	}
	return layerDesc{kind: "dense", in: in, out: out, w: slices.Clone(b.data), b: make([]float32, out)}, nil
}

func checkWidth(in, out, width int, shape []int, fail func(string, ...any) error) error {
	if in < 1 || out < 1 {
		return fail("weights of shape %v are empty", shape)
	}
	if width >= 0 && in != width {
		return fail("weights of shape %v take %d features, the rows here have %d", shape, in, width)
	}
	return nil
}

// isRow reports whether c is a bias row of n values: shape [n] or [1, n].
func isRow(c *array, n int) bool {
	return (len(c.shape) == 1 && c.shape[0] == n) || (len(c.shape) == 2 && c.shape[0] == 1 && c.shape[1] == n)
}

// addBias returns the constant row that Add p adds to value x, if it is one.
func addBias(p *nodeProto, x string, inits map[string]*array, n int) ([]float32, bool) {
	if len(p.inputs) != 2 || len(p.outputs) != 1 {
		return nil, false
	}
	other := ""
	switch x {
	case p.inputs[0]:
		other = p.inputs[1]
	case p.inputs[1]:
		other = p.inputs[0]
	default:
		return nil, false
	}
	c := inits[other]
	if c == nil || !isRow(c, n) {
		return nil, false
	}
	return slices.Clone(c.data), true
}

// exportGraph writes layers as an ONNX model: opset 13, input "input" of
// shape [N, in] and output "output" of shape [N, out], N symbolic. Dense
// layers become Gemm with W (in×out, no transposition) and b as
// initializers named after the layer ("dense0.W", "dense0.b").
func exportGraph(layers []layerDesc, producerVersion string) (*modelProto, error) {
	g := &graphProto{name: "gof32"}
	cur := "input"
	for i, l := range layers {
		name := fmt.Sprintf("%s%d", l.kind, i)
		out := name
		if i == len(layers)-1 {
			out = "output"
		}
		n := &nodeProto{name: name, inputs: []string{cur}, outputs: []string{out}}
		switch l.kind {
		case "dense":
			n.opType = "Gemm"
			wn, bn := name+".W", name+".b"
			n.inputs = append(n.inputs, wn, bn)
			g.initializers = append(g.initializers,
				floatTensor(wn, (&array{shape: []int{l.in, l.out}, data: l.w}).tensor()),
				floatTensor(bn, (&array{shape: []int{l.out}, data: l.b}).tensor()))
		case "dropout":
			n.opType = "Dropout"
			rn := name + ".ratio"
			n.inputs = append(n.inputs, rn)
			g.initializers = append(g.initializers, floatTensor(rn, (&array{data: []float32{float32(l.rate)}}).tensor()))
		default:
			op, ok := activationOps[l.kind]
			if !ok {
				return nil, fmt.Errorf("onnx: layer %d: kind %q cannot be exported (supported: %s)", i, l.kind, strings.Join(importKinds, ", "))
			}
			n.opType = op
			if op == "Softmax" {
				n.attrs = []*attrProto{{name: "axis", typ: attrTypeInt, i: -1}}
			}
		}
		g.nodes = append(g.nodes, n)
		cur = out
	}
	batch := dimProto{param: "N"}
	g.inputs = []*valueInfoProto{{name: "input", hasType: true, elemType: typeFloat, hasShape: true,
		dims: []dimProto{batch, {value: int64(layers[0].in), hasValue: true}}}}
	g.outputs = []*valueInfoProto{{name: "output", hasType: true, elemType: typeFloat, hasShape: true,
		dims: []dimProto{batch, {value: int64(layers[len(layers)-1].out), hasValue: true}}}}
	return &modelProto{
		irVersion:       7, // the IR version of opset 13
		producerName:    "gof32",
		producerVersion: producerVersion,
		graph:           g,
		opsets:          []opsetProto{{domain: "", version: 13}},
	}, nil
}
