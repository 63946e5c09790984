package onnx

import (
	"fmt"
	"io"
	"runtime/debug"
	"strings"

	"github.com/gof32/gof32/nn"
)

// Import reads an ONNX model whose graph is a chain of operators that nn
// has layers for, with the weights as initializers, into an nn.Network
// ready for inference and further training: Gemm (transA=0, alpha=1; any
// transB and beta) and MatMul followed by an Add of a constant row become
// Dense, Relu, Sigmoid, Tanh, Softplus and Softmax (last axis) their
// activation layers, Dropout a Dropout layer with the model's ratio;
// Identity and Flatten(axis=1) are dropped. Anything else is an error
// naming the node; Read and Model.Run run graphs Import cannot map.
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
	layers := make([]nn.Layer, len(descs))
	for i, d := range descs {
		spec := nn.Spec{Kind: d.kind, Shape: []int{d.in}}
		switch d.kind {
		case "dense":
			spec.Shape = []int{d.in, d.out}
		case "dropout":
			spec.Attrs = []float32{float32(d.rate)}
		}
		l, err := nn.Build(spec)
		if err != nil {
			return nil, fmt.Errorf("onnx: layer %d: %v", i, err)
		}
		if d.kind == "dense" {
			ps := l.Params()
			if len(ps) != 2 || len(paramData(ps[0])) != len(d.w) || len(paramData(ps[1])) != len(d.b) {
				return nil, fmt.Errorf("onnx: layer %d: nn's dense layer has parameters %v, not W %d×%d and b %d", i, ps, d.in, d.out, d.out)
			}
			copy(paramData(ps[0]), d.w)
			copy(paramData(ps[1]), d.b)
		}
		layers[i] = l
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
		default:
			if _, ok := activationOps[s.Kind]; !ok {
				return fmt.Errorf("onnx: layer %d (%v): kind %q cannot be exported (supported: %s)", i, s, s.Kind, strings.Join(importKinds, ", "))
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
