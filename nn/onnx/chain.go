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
	kind    string // nn's kind: "dense", "relu", "conv2d", …
	in, out int
	w, b    []float32 // dense: W in×out row-major (x·W + b), b of length out; conv2d: W KH×KW×C×F, b F
	rate    float64   // dropout
	shape   []int     // conv2d: [h w c kh kw filters sh sw]; max_pooling2d: [h w c ph pw sh sw]
	attrs   []float32 // conv2d: [padding (0 valid, 1 same), activation code]
}

// activationOps maps nn's activation kinds to ONNX operators.
var activationOps = map[string]string{
	"relu": "Relu", "sigmoid": "Sigmoid", "tanh": "Tanh", "softplus": "Softplus", "softmax": "Softmax",
}

// convActivations are nn's Conv2D activations by their code in its spec.
var convActivations = []string{"linear", "relu", "sigmoid", "tanh", "softplus"}

// exportKinds are the nn layer kinds Export writes and Import makes.
var exportKinds = []string{"conv2d", "dense", "dropout", "flatten", "max_pooling2d", "relu", "sigmoid", "softmax", "softplus", "tanh"}

// Layouts of the value between two layers: rows of features, or images.
const (
	layoutFlat = iota // [N, features]
	layoutNCHW        // [N, C, H, W]: ONNX's layout for Conv and MaxPool
	layoutNHWC        // [N, H, W, C]: nn's (Keras's) layout for images
)

// convOut returns the output size and the padding before the first element
// of nn's Conv2D along one dimension (kernels.NewConvShape): "valid" or
// "same" (TensorFlow's: the odd pad at the end, ONNX's SAME_UPPER).
func convOut(n, k, s int, same bool) (out, before, total int) {
	if !same {
		return (n-k)/s + 1, 0, 0
	}
	out = (n + s - 1) / s
	total = max(0, (out-1)*s+k-n)
	return out, total / 2, total
}

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
	width := -1    // features of one sample, -1 while unknown
	var dims []int // the input's fixed dimensions after the batch, nil if any is unknown
	if in.Shape != nil {
		if len(in.Shape) < 2 {
			return nil, fmt.Errorf("onnx: input %q has shape %v; Import needs [batch, features…]", in.Name, in.Shape)
		}
		width = 1
		for _, d := range in.Shape[1:] {
			if d.Value < 0 {
				width, dims = -1, nil
				break
			}
			width *= int(d.Value)
			dims = append(dims, int(d.Value))
		}
	}
	rank := len(in.Shape) // 0 when unknown
	layout := layoutFlat
	var h, w, c int // the images' size in the image layouts
	var perm []int  // after a Flatten of NCHW images: the NHWC index of each NCHW feature, for the next dense layer
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
		// Images: the first Conv or MaxPool on a 4-D input takes it as
		// NCHW (nn's network then takes the same images NHWC); a
		// Transpose to NCHW first means the input is NHWC.
		if i == 0 && rank == 4 && dims != nil && (p.opType == "Conv" || p.opType == "MaxPool") {
			layout, c, h, w = layoutNCHW, dims[0], dims[1], dims[2]
		}
		switch p.opType {
		case "Gemm", "MatMul":
			if layout != layoutFlat || rank > 2 {
				return nil, fail("a dense layer needs [batch, features], not images (Flatten first)")
			}
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
			if perm != nil {
				// The rows of W follow the NCHW order of the ONNX
				// Flatten; nn's flatten gives NHWC.
				pw := make([]float32, len(d.w))
				for r, to := range perm {
					copy(pw[to*d.out:(to+1)*d.out], d.w[r*d.out:(r+1)*d.out])
				}
				d.w, perm = pw, nil
			}
			layers = append(layers, d)
			width, rank = d.out, 2
		case "Relu", "Sigmoid", "Tanh", "Softplus", "Softmax":
			if width < 0 {
				return nil, fail("the width of the rows is unknown here (give the input a fixed feature dimension)")
			}
			kind := strings.ToLower(p.opType)
			if p.opType == "Softmax" {
				if layout != layoutFlat || rank > 2 || perm != nil {
					return nil, fail("Softmax of images, or of flattened NCHW images, has no nn layer")
				}
				ax, err := at.int("axis", map[bool]int64{true: 1, false: -1}[m.Opset < 13])
				if err != nil || (ax != 1 && ax != -1) {
					return nil, fail("attribute axis=%d unsupported for import into nn.Softmax (the last axis of [batch, features])", ax)
				}
			} else if layout == layoutFlat && rank > 2 {
				return nil, fail("input of rank %d: nn's activations work on [batch, features] or on images after a Conv", rank)
			}
			// An activation right after a Conv is the Conv's own.
			if l := len(layers); l > 0 && layers[l-1].kind == "conv2d" && layers[l-1].attrs[1] == 0 && p.opType != "Softmax" && nodes[i-1].p.opType == "Conv" {
				layers[l-1].attrs[1] = float32(slices.Index(convActivations, kind))
				break
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
		case "Transpose":
			pm, _ := at.ints("perm", 0)
			switch {
			case i == 0 && rank == 4 && dims != nil && slices.Equal(pm, []int{0, 3, 1, 2}):
				layout, h, w, c = layoutNCHW, dims[0], dims[1], dims[2]
			case layout == layoutNCHW && slices.Equal(pm, []int{0, 2, 3, 1}):
				layout = layoutNHWC
			default:
				return nil, fail("attribute perm=%v unsupported for import (NHWC to NCHW on the input, NCHW to NHWC before Flatten)", pm)
			}
		case "Flatten":
			ax, _ := at.int("axis", 1)
			if ax != 1 && !(ax == -1 && rank == 2) {
				return nil, fail("attribute axis=%d unsupported for import (only axis=1, which keeps the batch)", ax)
			}
			if layout != layoutFlat {
				if layout == layoutNCHW && c > 1 {
					perm = make([]int, c*h*w)
					for ch := range c {
						for y := range h {
							for x := range w {
								perm[(ch*h+y)*w+x] = (y*w+x)*c + ch
							}
						}
					}
				}
				layout = layoutFlat
			}
			if width > 0 {
				// (dropped by Network when nn has no flatten layer:
				// rows of features are flat already)
				layers = append(layers, layerDesc{kind: "flatten", in: width, out: width})
			}
			rank = 2
		case "Conv":
			if layout != layoutNCHW {
				return nil, fail("Conv imports on NCHW images (a 4-D input of fixed size)")
			}
			d, oh, ow, err := convLayer(p, at, m.inits, h, w, c, fail)
			if err != nil {
				return nil, err
			}
			layers = append(layers, d)
			h, w, c = oh, ow, d.shape[5]
			width = h * w * c
		case "MaxPool":
			if layout != layoutNCHW {
				return nil, fail("MaxPool imports on NCHW images (a 4-D input of fixed size)")
			}
			d, oh, ow, err := poolLayer(at, h, w, c, fail)
			if err != nil {
				return nil, err
			}
			layers = append(layers, d)
			h, w = oh, ow
			width = h * w * c
		default:
			return nil, fail("operator %s has no nn layer to import into (Import takes %s; Read and Run run any graph of the supported operators)",
				p.opType, strings.Join([]string{"Gemm", "MatMul", "Add (after MatMul)", "Relu", "Sigmoid", "Tanh", "Softplus", "Softmax", "Dropout", "Identity", "Flatten (axis 1)", "Conv", "MaxPool", "Transpose (layout)"}, ", "))
		}
		cur = next
	}
	if cur != m.Outputs[0].Name {
		return nil, fmt.Errorf("onnx: the graph's output %q is not the end of the chain (%q)", m.Outputs[0].Name, cur)
	}
	if len(layers) == 0 {
		return nil, fmt.Errorf("onnx: the graph has no node that maps to an nn layer")
	}
	if layout == layoutNCHW && c > 1 && h*w > 1 || perm != nil {
		return nil, fmt.Errorf("onnx: the graph ends in NCHW images (or their Flatten); nn's network would give them NHWC: end it with Transpose(perm=[0,2,3,1]) or a dense layer")
	}
	return layers, nil
}

// convLayer maps Conv(x, W, B) on h×w×c images, W and B initializers, onto
// nn's Conv2D ("valid" or "same" padding, no dilation, one group), W from
// ONNX's F×C×KH×KW to nn's KH×KW×C×F.
func convLayer(p *nodeProto, at attrs, inits map[string]*array, h, w, c int, fail func(string, ...any) error) (layerDesc, int, int, error) {
	wt := inits[p.inputs[1]]
	if len(wt.shape) != 4 || wt.shape[1] != c {
		return layerDesc{}, 0, 0, fail("W has shape %v, want [filters %d kh kw]", wt.shape, c)
	}
	f, kh, kw := wt.shape[0], wt.shape[2], wt.shape[3]
	if g, _ := at.int("group", 1); g != 1 {
		return layerDesc{}, 0, 0, fail("attribute group=%d unsupported for import into nn.Conv2D", g)
	}
	win, err := readWindow(at, false)
	if err != nil {
		return layerDesc{}, 0, 0, fail("%v", err)
	}
	if win.dilations[0] != 1 || win.dilations[1] != 1 {
		return layerDesc{}, 0, 0, fail("attribute dilations=%v unsupported for import into nn.Conv2D", win.dilations)
	}
	if f < 1 || kh < 1 || kw < 1 {
		return layerDesc{}, 0, 0, fail("W of shape %v is empty", wt.shape)
	}
	sh, sw := win.strides[0], win.strides[1]
	// Which of nn's paddings is this?
	same := false
	switch win.autoPad {
	case "VALID":
	case "SAME_UPPER":
		same = true
	case "SAME_LOWER":
		_, _, th := convOut(h, kh, sh, true)
		_, _, tw := convOut(w, kw, sw, true)
		if th%2 != 0 || tw%2 != 0 {
			return layerDesc{}, 0, 0, fail("auto_pad=SAME_LOWER pads differently from nn's same padding")
		}
		same = true
	default:
		_, pt, th := convOut(h, kh, sh, true)
		_, pl, tw := convOut(w, kw, sw, true)
		switch {
		case slices.Equal(win.pads, []int{0, 0, 0, 0}):
		case slices.Equal(win.pads, []int{pt, pl, th - pt, tw - pl}):
			same = true
		default:
			return layerDesc{}, 0, 0, fail("attribute pads=%v is neither valid (no padding) nor same padding (%v) for nn.Conv2D", win.pads, []int{pt, pl, th - pt, tw - pl})
		}
	}
	if !same && (kh > h || kw > w) {
		return layerDesc{}, 0, 0, fail("kernel %dx%d larger than the %dx%d input", kh, kw, h, w)
	}
	oh, _, _ := convOut(h, kh, sh, same)
	ow, _, _ := convOut(w, kw, sw, same)
	d := layerDesc{kind: "conv2d", in: h * w * c, out: oh * ow * f,
		shape: []int{h, w, c, kh, kw, f, sh, sw}, attrs: []float32{0, 0},
		w: transpose(wt, []int{2, 3, 1, 0}).data, b: make([]float32, f)}
	if same {
		d.attrs[0] = 1
	}
	if len(p.inputs) > 2 && p.inputs[2] != "" {
		b := inits[p.inputs[2]]
		if len(b.shape) != 1 || b.shape[0] != f {
			return layerDesc{}, 0, 0, fail("B has shape %v, want [%d]", b.shape, f)
		}
		copy(d.b, b.data)
	}
	return d, oh, ow, nil
}

// poolLayer maps MaxPool on h×w×c images onto nn's MaxPool2D (no padding,
// no dilation).
func poolLayer(at attrs, h, w, c int, fail func(string, ...any) error) (layerDesc, int, int, error) {
	win, err := readWindow(at, true)
	if err != nil {
		return layerDesc{}, 0, 0, fail("%v", err)
	}
	ph, pw, sh, sw := win.kernel[0], win.kernel[1], win.strides[0], win.strides[1]
	if (win.autoPad != "NOTSET" && win.autoPad != "VALID") || !slices.Equal(win.pads, []int{0, 0, 0, 0}) ||
		win.dilations[0] != 1 || win.dilations[1] != 1 || (win.ceil && ((h-ph)%sh != 0 || (w-pw)%sw != 0)) {
		return layerDesc{}, 0, 0, fail("padding, dilations or ceil_mode unsupported for import into nn.MaxPool2D (no padding)")
	}
	if ph > h || pw > w {
		return layerDesc{}, 0, 0, fail("window %dx%d larger than the %dx%d input", ph, pw, h, w)
	}
	oh, ow := (h-ph)/sh+1, (w-pw)/sw+1
	return layerDesc{kind: "max_pooling2d", in: h * w * c, out: oh * ow * c, shape: []int{h, w, c, ph, pw, sh, sw}}, oh, ow, nil
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

// exportGraph writes layers as an ONNX model: opset 13, input "input" and
// output "output", N symbolic. Dense layers become Gemm with W (in×out,
// no transposition) and b as initializers named after the layer
// ("dense0.W", "dense0.b"). A network that starts with images takes them
// as nn does, NHWC ([N, H, W, C]); a Transpose makes them NCHW for Conv
// and MaxPool (their weights are transposed to F×C×KH×KW), and another
// makes them NHWC again before Flatten, so the features keep nn's order.
func exportGraph(layers []layerDesc, producerVersion string) (*modelProto, error) {
	g := &graphProto{name: "gof32"}
	cur := "input"
	node := func(op, name string, inputs []string, attrs ...*attrProto) {
		g.nodes = append(g.nodes, &nodeProto{name: name, opType: op, inputs: append([]string{cur}, inputs...), outputs: []string{name}, attrs: attrs})
		cur = name
	}
	param := func(name string, shape []int, data []float32) string {
		g.initializers = append(g.initializers, floatTensor(name, (&array{shape: shape, data: data}).tensor()))
		return name
	}
	ints := func(name string, v ...int) *attrProto {
		a := &attrProto{name: name, typ: attrTypeInts}
		for _, x := range v {
			a.ints = append(a.ints, int64(x))
		}
		return a
	}
	batch := dimProto{param: "N"}
	dim := func(v int) dimProto { return dimProto{value: int64(v), hasValue: true} }
	input := &valueInfoProto{name: "input", hasType: true, elemType: typeFloat, hasShape: true, dims: []dimProto{batch, dim(layers[0].in)}}
	layout := layoutFlat
	var h, w, c int
	if k := layers[0].kind; k == "conv2d" || k == "max_pooling2d" {
		h, w, c = layers[0].shape[0], layers[0].shape[1], layers[0].shape[2]
		input.dims = []dimProto{batch, dim(h), dim(w), dim(c)}
		node("Transpose", "input.nchw", nil, ints("perm", 0, 3, 1, 2))
		layout = layoutNCHW
	}
	toFlat := func(name string) {
		if layout == layoutNCHW {
			node("Transpose", name+".nhwc", nil, ints("perm", 0, 2, 3, 1))
			node("Flatten", name+".flat", nil, &attrProto{name: "axis", typ: attrTypeInt, i: 1})
			layout = layoutFlat
		}
	}
	for i, l := range layers {
		name := fmt.Sprintf("%s%d", l.kind, i)
		fail := func(format string, args ...any) error {
			return fmt.Errorf("onnx: layer %d (%s): %s", i, l.kind, fmt.Sprintf(format, args...))
		}
		switch l.kind {
		case "dense":
			toFlat(name)
			node("Gemm", name, []string{param(name+".W", []int{l.in, l.out}, l.w), param(name+".b", []int{l.out}, l.b)})
		case "dropout":
			node("Dropout", name, []string{param(name+".ratio", nil, []float32{float32(l.rate)})})
		case "flatten":
			if layout == layoutNCHW {
				toFlat(name)
			} else {
				node("Flatten", name, nil, &attrProto{name: "axis", typ: attrTypeInt, i: 1})
			}
		case "conv2d", "max_pooling2d":
			sp := l.shape
			if layout != layoutNCHW || sp[0] != h || sp[1] != w || sp[2] != c {
				return nil, fail("images of %dx%dx%d after a layer that gives rows of features (a Reshape, which this package does not write, would be needed)", sp[0], sp[1], sp[2])
			}
			if l.kind == "max_pooling2d" {
				ph, pw, sh, sw := sp[3], sp[4], sp[5], sp[6]
				node("MaxPool", name, nil, ints("kernel_shape", ph, pw), ints("strides", sh, sw))
				h, w = (h-ph)/sh+1, (w-pw)/sw+1
				break
			}
			kh, kw, f, sh, sw := sp[3], sp[4], sp[5], sp[6], sp[7]
			same := l.attrs[0] == 1
			oh, pt, th := convOut(h, kh, sh, same)
			ow, pl, tw := convOut(w, kw, sw, same)
			wt := transpose(&array{shape: []int{kh, kw, c, f}, data: l.w}, []int{3, 2, 0, 1})
			node("Conv", name, []string{param(name+".W", wt.shape, wt.data), param(name+".b", []int{f}, l.b)},
				ints("kernel_shape", kh, kw), ints("strides", sh, sw), ints("pads", pt, pl, th-pt, tw-pl))
			act := int(l.attrs[1])
			if act < 0 || act >= len(convActivations) {
				return nil, fail("activation code %v", l.attrs[1])
			}
			if act > 0 {
				node(activationOps[convActivations[act]], name+"."+convActivations[act], nil)
			}
			h, w, c = oh, ow, f
		default:
			op, ok := activationOps[l.kind]
			if !ok {
				return nil, fail("kind %q cannot be exported (supported: %s)", l.kind, strings.Join(exportKinds, ", "))
			}
			if op == "Softmax" {
				if layout == layoutNCHW {
					return nil, fail("softmax of images cannot be exported")
				}
				node(op, name, nil, &attrProto{name: "axis", typ: attrTypeInt, i: -1})
			} else {
				node(op, name, nil)
			}
		}
	}
	output := &valueInfoProto{name: "output", hasType: true, elemType: typeFloat, hasShape: true, dims: []dimProto{batch, dim(layers[len(layers)-1].out)}}
	if layout == layoutNCHW {
		node("Transpose", "output.nhwc", nil, ints("perm", 0, 2, 3, 1))
		output.dims = []dimProto{batch, dim(h), dim(w), dim(c)}
	}
	g.nodes[len(g.nodes)-1].outputs[0] = "output"
	g.inputs, g.outputs = []*valueInfoProto{input}, []*valueInfoProto{output}
	return &modelProto{
		irVersion:       7, // the IR version of opset 13
		producerName:    "gof32",
		producerVersion: producerVersion,
		graph:           g,
		opsets:          []opsetProto{{domain: "", version: 13}},
	}, nil
}
