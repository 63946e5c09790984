package onnx

import (
	"fmt"
	"io"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/gof32/gof32/nn"
)

// Import reads an ONNX model whose graph is a chain of operators that nn
// has layers for, with the weights as initializers, into an nn.Network
// ready for inference and further training: Gemm (transA=0, alpha=1; any
// transB and beta) and MatMul followed by an Add of a constant row become
// Dense, Relu, Sigmoid, Tanh, Softplus and Softmax (last axis) their
// activation layers, Dropout a Dropout layer with the model's ratio;
// Identity and Flatten(axis=1) of rows are dropped. On images, Conv
// (valid or same padding, no dilation, one group) becomes nn's Conv2D,
// with the activation that follows it, MaxPool (no padding) MaxPool2D,
// and Flatten nn's flatten; see the package documentation for the
// layouts. Anything else is an error naming the node; Read and Model.Run
// run graphs Import cannot map.
func Import(r io.Reader) (*nn.Network, error) {
	m, err := Read(r)
	if err != nil {
		return nil, err
	}
	return m.Network()
}

// Network maps the model onto an nn.Network, as Import does.
func (m *Model) Network() (*nn.Network, error) {
	descs, err := m.chain()
	if err != nil {
		return nil, err
	}
	var layers []nn.Layer
	hasFlatten := slices.Contains(nn.Kinds(), "flatten")
	for i, d := range descs {
		if d.kind == "flatten" && !hasFlatten {
			continue // rows of features need no flattening
		}
		spec := nn.Spec{Kind: d.kind, Shape: []int{d.in}}
		switch d.kind {
		case "dense":
			spec.Shape = []int{d.in, d.out}
		case "dropout":
			spec.Attrs = []float32{float32(d.rate)}
		case "conv2d", "max_pooling2d":
			spec.Shape, spec.Attrs = d.shape, d.attrs
		}
		l, err := nn.Build(spec)
		if err != nil {
			return nil, fmt.Errorf("onnx: layer %d: %v", i, err)
		}
		if d.w != nil {
			ps := l.Params()
			if len(ps) != 2 || len(paramData(ps[0])) != len(d.w) || len(paramData(ps[1])) != len(d.b) {
				return nil, fmt.Errorf("onnx: layer %d: nn's %s layer has parameters %v, not W of %d values and b of %d", i, d.kind, ps, len(d.w), len(d.b))
			}
			copy(paramData(ps[0]), d.w)
			copy(paramData(ps[1]), d.b)
		}
		layers = append(layers, l)
	}
	if len(layers) == 0 {
		return nil, fmt.Errorf("onnx: the graph has no node that maps to an nn layer")
	}
	net, err := nn.NewNetwork(layers...)
	if err != nil {
		return nil, fmt.Errorf("onnx: %v", err)
	}
	return net, nil
}

// Export writes net as an ONNX model (opset 13, IR version 7): input
// "input" of shape [N, In] and output "output" of shape [N, Out], N
// symbolic; a Gemm per dense layer with its weights (In×Out) and bias as
// FLOAT initializers, Relu, Sigmoid, Tanh, Softplus and Softmax(axis=-1)
// for the activations, and Dropout with its ratio as an initializer (the
// identity at inference). A layer of another kind is an error naming it.
func Export(w io.Writer, net *nn.Network) error {
	var descs []layerDesc
	for i, l := range net.Layers() {
		s := l.Spec()
		d := layerDesc{kind: s.Kind, in: l.In(), out: l.Out()}
		switch s.Kind {
		case "dense":
			ps := l.Params()
			if len(ps) != 2 || len(paramData(ps[0])) != d.in*d.out || len(paramData(ps[1])) != d.out {
				return fmt.Errorf("onnx: layer %d (%v): parameters are not W %d×%d and b %d", i, s, d.in, d.out, d.out)
			}
			d.w, d.b = paramData(ps[0]), paramData(ps[1])
		case "dropout":
			if len(s.Attrs) != 1 {
				return fmt.Errorf("onnx: layer %d (%v): no rate", i, s)
			}
			d.rate = float64(s.Attrs[0])
		case "conv2d":
			// Shape [h w c kh kw filters sh sw], attributes [padding
			// activation], W KH×KW×C×F and b F (nn's Conv2D).
			ps := l.Params()
			if len(s.Shape) != 8 || len(s.Attrs) != 2 || len(ps) != 2 {
				return fmt.Errorf("onnx: layer %d (%v): not the conv2d spec this package knows ([h w c kh kw filters sh sw], [padding activation], W and b)", i, s)
			}
			sp := s.Shape
			if len(paramData(ps[0])) != sp[3]*sp[4]*sp[2]*sp[5] || len(paramData(ps[1])) != sp[5] {
				return fmt.Errorf("onnx: layer %d (%v): parameters are not W %d×%d×%d×%d and b %d", i, s, sp[3], sp[4], sp[2], sp[5], sp[5])
			}
			d.shape, d.attrs, d.w, d.b = sp, s.Attrs, paramData(ps[0]), paramData(ps[1])
		case "max_pooling2d":
			if len(s.Shape) != 7 {
				return fmt.Errorf("onnx: layer %d (%v): not the max_pooling2d spec this package knows ([h w c ph pw sh sw])", i, s)
			}
			d.shape = s.Shape
		case "flatten":
		default:
			if _, ok := activationOps[s.Kind]; !ok {
				return fmt.Errorf("onnx: layer %d (%v): kind %q cannot be exported (supported: %s)", i, s, s.Kind, strings.Join(exportKinds, ", "))
			}
		}
		descs = append(descs, d)
	}
	if len(descs) == 0 {
		return fmt.Errorf("onnx: the network has no layer")
	}
	mp, err := exportGraph(descs, version())
	if err != nil {
		return err
	}
	_, err = w.Write(encodeModel(mp))
	return err
}

// version is the module's version for producer_version, "" when unknown.
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == "github.com/gof32/gof32" {
				return d.Version
			}
		}
		if bi.Main.Path == "github.com/gof32/gof32" && bi.Main.Version != "(devel)" {
			return bi.Main.Version
		}
	}
	return ""
}

// paramData returns a parameter's values, shared with the layer. (This
// and nn.Build are all that Import and Export need of nn's layer API.)
func paramData(p *nn.Param) []float32 { return p.Value.Data() }
