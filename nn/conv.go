package nn

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/gof32/gof32/kernels"
	"github.com/gof32/gof32/tensor"
)

// Convolutional layers on images stored channels last (NHWC, as Keras):
// a batch is a tensor whose first dimension counts the images, each H×W×C
// values in row-major order (a rows×(H·W·C) matrix is the same batch).
// Conv2D and MaxPool2D return [rows, OH, OW, channels] tensors; Flatten
// turns them into the rows×n matrices a Dense layer takes.

// Conv2DConfig describes a 2-D convolution layer as Keras's Conv2D does.
type Conv2DConfig struct {
	Filters    int    // output channels
	KH, KW     int    // kernel size
	SH, SW     int    // strides (0 means 1)
	Padding    string // "valid" (the default when empty) or "same"
	Activation string // "linear" (or empty), "relu", "sigmoid", "tanh", "softplus"
}

// convActivations are the activations a Conv2D takes, by their code in
// the model file.
var convActivations = []string{"linear", "relu", "sigmoid", "tanh", "softplus"}

// Conv2D is a 2-D convolution with a bias and an activation, Keras's
// Conv2D: y = act(x ⊛ W + b) with W of shape KH×KW×C×F (Keras's kernel
// layout) and b of length F. The products run as GEMMs on the kernels'
// blocked driver (kernels.Conv2D); a ReLU is applied by the convolution
// kernel itself, the other activations by their own layer inside this
// one.
type Conv2D struct {
	s       kernels.ConvShape
	padding string
	act     string
	relu    bool
	actL    Layer // the activation when not ReLU or linear
	w, b    *Param
	params  []*Param

	x, y []float32 // the last Forward's input and output values
	xt   *tensor.Tensor

	// pool, when not nil, is the MaxPool2D that follows the layer in its
	// network, run together with it (fuseConvPool); fused says the last
	// Forward did so, and y then holds the pooled output.
	pool      *MaxPool2D
	fused     bool
	xc, z, dx tensor.Buffer
	dyc, gc   tensor.Buffer
}

func init() {
	RegisterLayer("conv2d", func(s Spec) (Layer, error) {
		if len(s.Shape) != 8 || len(s.Attrs) != 2 {
			return nil, fmt.Errorf("nn: conv2d layer needs shape [h w c kh kw filters sh sw] and attributes [padding activation], got %v", s)
		}
		p, a := int(s.Attrs[0]), int(s.Attrs[1])
		if float32(p) != s.Attrs[0] || float32(a) != s.Attrs[1] || p < 0 || p > 1 || a < 0 || a >= len(convActivations) {
			return nil, fmt.Errorf("nn: conv2d layer: invalid padding or activation code in %v", s)
		}
		sh := s.Shape
		return NewConv2D(sh[0], sh[1], sh[2], Conv2DConfig{Filters: sh[5], KH: sh[3], KW: sh[4], SH: sh[6], SW: sh[7],
			Padding: []string{"valid", "same"}[p], Activation: convActivations[a]}, GlorotUniform, nil)
	})
}

// NewConv2D returns a convolution layer for h×w×c images. Its kernel is
// drawn from init with Keras's fans (fan-in KH·KW·C, fan-out KH·KW·F)
// using rng, or left 0 with a nil rng; its bias is 0.
func NewConv2D(h, w, c int, cfg Conv2DConfig, init Initializer, rng *rand.Rand) (*Conv2D, error) {
	if cfg.SH == 0 {
		cfg.SH = 1
	}
	if cfg.SW == 0 {
		cfg.SW = 1
	}
	if cfg.Padding == "" {
		cfg.Padding = "valid"
	}
	act := strings.ToLower(cfg.Activation)
	if act == "" {
		act = "linear"
	}
	code := -1
	for i, a := range convActivations {
		if a == act {
			code = i
		}
	}
	if code < 0 {
		return nil, fmt.Errorf("nn: conv2d activation %q (known: %s)", cfg.Activation, strings.Join(convActivations, ", "))
	}
	s, err := kernels.NewConvShape(h, w, c, cfg.KH, cfg.KW, cfg.Filters, cfg.SH, cfg.SW, cfg.Padding)
	if err != nil {
		return nil, fmt.Errorf("nn: conv2d: %v", err)
	}
	l := &Conv2D{s: s, padding: cfg.Padding, act: act, relu: act == "relu",
		w: newParam("W", cfg.KH, cfg.KW, c, cfg.Filters), b: newParam("b", cfg.Filters)}
	l.params = []*Param{l.w, l.b}
	if act != "relu" && act != "linear" {
		l.actL, _ = NewActivation(act, s.OutSize())
	}
	if rng != nil {
		init.Fill(l.w.Value.Data(), s.K(), cfg.KH*cfg.KW*cfg.Filters, rng)
	}
	return l, nil
}

func (l *Conv2D) Spec() Spec {
	s := &l.s
	p := float32(0)
	if l.padding == "same" {
		p = 1
	}
	a := 0
	for i, n := range convActivations {
		if n == l.act {
			a = i
		}
	}
	return Spec{Kind: "conv2d", Shape: []int{s.H, s.W, s.C, s.KH, s.KW, s.F, s.SH, s.SW}, Attrs: []float32{p, float32(a)}}
}
func (l *Conv2D) In() int          { return l.s.InSize() }
func (l *Conv2D) Out() int         { return l.s.OutSize() }
func (l *Conv2D) Params() []*Param { return l.params }

// OutputShape is the shape of one output sample: [OH OW F].
func (l *Conv2D) OutputShape() []int { return []int{l.s.OH, l.s.OW, l.s.F} }

// Shape returns the convolution's geometry.
func (l *Conv2D) Shape() kernels.ConvShape { return l.s }

// Activation returns the name of the layer's activation.
func (l *Conv2D) Activation() string { return l.act }

// W and B return the kernel (KH×KW×C×F) and bias (F) parameters.
func (l *Conv2D) W() *Param { return l.w }
func (l *Conv2D) B() *Param { return l.b }

// values returns the n·per values of t, a batch of n rows, as one
// contiguous slice: t's own storage when it is contiguous, else a copy in
// buf.
func values(buf *tensor.Buffer, t *tensor.Tensor, n, per int) []float32 {
	if t.IsContiguous() && !t.IsTransposed() {
		return t.Data()[:n*per]
	}
	c := buf.Like(t)
	c.CopyFrom(t)
	return c.Data()[:n*per]
}

func (l *Conv2D) Forward(x *tensor.Tensor, train bool) *tensor.Tensor {
	s := &l.s
	rows := batchRows("Conv2D.Forward", x, s.InSize())
	l.xt = x
	l.x = values(&l.xc, x, rows, s.InSize())
	if l.fused = l.pool != nil; l.fused {
		p := l.pool
		ps := &p.s
		y := p.y.Rows(rows, ps.OH, ps.OW, ps.C)
		if n := rows * ps.OutSize(); len(p.arg) < n {
			p.arg = make([]int32, n)
		}
		l.y = y.Data()
		kernels.Conv2DPool(*s, *ps, rows, l.x, l.w.Value.Data(), l.b.Value.Data(), l.relu, l.y, p.arg)
		p.fusedOut = y
		return y
	}
	y := l.z.Rows(rows, s.OH, s.OW, s.F)
	l.y = y.Data()
	kernels.Conv2D(*s, rows, l.x, l.w.Value.Data(), l.b.Value.Data(), l.relu, l.y)
	if l.actL != nil {
		return l.actL.Forward(y, train)
	}
	return y
}

func (l *Conv2D) Backward(dy *tensor.Tensor, needDX bool) *tensor.Tensor {
	s := &l.s
	if l.fused {
		ps := &l.pool.s
		rows := batchRows("Conv2D.Backward", dy, ps.OutSize())
		g := values(&l.gc, dy, rows, ps.OutSize())
		var dx *tensor.Tensor
		var dxd []float32
		if needDX {
			dx = l.dx.Like(l.xt)
			dxd = dx.Data()
		}
		kernels.Conv2DPoolBackward(*s, *ps, rows, l.x, l.w.Value.Data(), l.y, g, l.pool.arg, l.relu, dxd, l.w.Grad.Data(), l.b.Grad.Data())
		return dx
	}
	rows := batchRows("Conv2D.Backward", dy, s.OutSize())
	if l.actL != nil {
		if dy.Dims() != 4 {
			// The activation takes dy in the shape of its output.
			d := l.dyc.Rows(rows, s.OH, s.OW, s.F)
			copyValues(d.Data(), dy)
			dy = d
		}
		dy = l.actL.Backward(dy, true)
	}
	g := values(&l.gc, dy, rows, s.OutSize())
	var dx *tensor.Tensor
	var dxd []float32
	if needDX {
		dx = l.dx.Like(l.xt)
		dxd = dx.Data()
	}
	kernels.Conv2DBackward(*s, rows, l.x, l.w.Value.Data(), l.y, g, l.relu, dxd, l.w.Grad.Data(), l.b.Grad.Data())
	return dx
}

// MaxPool2D is max pooling over PH×PW windows with strides SH×SW and no
// padding (Keras's MaxPooling2D with padding "valid"): each output is the
// largest input of its window, channel by channel, and the gradient goes
// back to that input.
type MaxPool2D struct {
	s   kernels.PoolShape
	arg []int32

	// fusedOut is the output of the Conv2D run together with this layer
	// (fuseConvPool), which Forward passes through, and Backward then
	// its gradient.
	fusedOut *tensor.Tensor
	fused    bool
	xt       *tensor.Tensor
	xc       tensor.Buffer
	y, dx    tensor.Buffer
	dyc      tensor.Buffer
}

func init() {
	RegisterLayer("max_pooling2d", func(s Spec) (Layer, error) {
		if len(s.Shape) != 7 || len(s.Attrs) != 0 {
			return nil, fmt.Errorf("nn: max_pooling2d layer needs shape [h w c ph pw sh sw] and no attributes, got %v", s)
		}
		sh := s.Shape
		return NewMaxPool2D(sh[0], sh[1], sh[2], sh[3], sh[4], sh[5], sh[6])
	})
}

// NewMaxPool2D returns a max pooling layer for h×w×c images over ph×pw
// windows with strides sh×sw.
func NewMaxPool2D(h, w, c, ph, pw, sh, sw int) (*MaxPool2D, error) {
	s, err := kernels.NewPoolShape(h, w, c, ph, pw, sh, sw)
	if err != nil {
		return nil, fmt.Errorf("nn: max_pooling2d: %v", err)
	}
	return &MaxPool2D{s: s}, nil
}

func (l *MaxPool2D) Spec() Spec {
	s := &l.s
	return Spec{Kind: "max_pooling2d", Shape: []int{s.H, s.W, s.C, s.PH, s.PW, s.SH, s.SW}}
}
func (l *MaxPool2D) In() int          { return l.s.InSize() }
func (l *MaxPool2D) Out() int         { return l.s.OutSize() }
func (l *MaxPool2D) Params() []*Param { return nil }

// OutputShape is the shape of one output sample: [OH OW C].
func (l *MaxPool2D) OutputShape() []int { return []int{l.s.OH, l.s.OW, l.s.C} }

// Shape returns the pooling's geometry.
func (l *MaxPool2D) Shape() kernels.PoolShape { return l.s }

func (l *MaxPool2D) Forward(x *tensor.Tensor, train bool) *tensor.Tensor {
	s := &l.s
	if l.fused = x == l.fusedOut && x != nil; l.fused {
		return x // pooled by the convolution before it
	}
	rows := batchRows("MaxPool2D.Forward", x, s.InSize())
	l.xt = x
	xd := values(&l.xc, x, rows, s.InSize())
	y := l.y.Rows(rows, s.OH, s.OW, s.C)
	if n := rows * s.OutSize(); len(l.arg) < n {
		l.arg = make([]int32, n)
	}
	kernels.MaxPool2D(*s, rows, xd, y.Data(), l.arg)
	return y
}

func (l *MaxPool2D) Backward(dy *tensor.Tensor, needDX bool) *tensor.Tensor {
	s := &l.s
	rows := batchRows("MaxPool2D.Backward", dy, s.OutSize())
	if !needDX {
		return nil
	}
	if l.fused {
		return dy // the convolution before it takes the pooled gradient
	}
	g := values(&l.dyc, dy, rows, s.OutSize())
	dx := l.dx.Like(l.xt)
	kernels.MaxPool2DBackward(*s, rows, g, l.arg, dx.Data())
	return dx
}

// Flatten turns a batch of any shape into a rows×n matrix (Keras's
// Flatten): the values are copied in their row-major order, which for
// NHWC images is Keras's order too.
type Flatten struct {
	n     int
	xt    *tensor.Tensor
	y, dx tensor.Buffer
}

func init() {
	RegisterLayer("flatten", func(s Spec) (Layer, error) {
		if len(s.Shape) != 1 || len(s.Attrs) != 0 {
			return nil, fmt.Errorf("nn: flatten layer needs shape [n] and no attributes, got %v", s)
		}
		return NewFlatten(s.Shape[0]), nil
	})
}

// NewFlatten returns a flatten layer for samples of n values.
func NewFlatten(n int) *Flatten {
	if n < 1 {
		panic(fmt.Sprintf("nn.NewFlatten: invalid width %d", n))
	}
	return &Flatten{n: n}
}

func (l *Flatten) Spec() Spec       { return Spec{Kind: "flatten", Shape: []int{l.n}} }
func (l *Flatten) In() int          { return l.n }
func (l *Flatten) Out() int         { return l.n }
func (l *Flatten) Params() []*Param { return nil }

func (l *Flatten) Forward(x *tensor.Tensor, train bool) *tensor.Tensor {
	rows := batchRows("Flatten.Forward", x, l.n)
	l.xt = x
	y := l.y.Rows(rows, l.n)
	copyValues(y.Data(), x)
	return y
}

func (l *Flatten) Backward(dy *tensor.Tensor, needDX bool) *tensor.Tensor {
	batchRows("Flatten.Backward", dy, l.n)
	if !needDX {
		return nil
	}
	dx := l.dx.Like(l.xt)
	copyValues(dx.Data(), dy)
	return dx
}

// copyValues copies the values of t in row-major order into dst.
func copyValues(dst []float32, t *tensor.Tensor) {
	if t.IsContiguous() && !t.IsTransposed() {
		copy(dst, t.Data()[:t.Size()])
		return
	}
	tensor.New(dst[:t.Size()], t.Shape()...).CopyFrom(t)
}

// fuseConvPool makes each Conv2D that a MaxPool2D follows (with a ReLU or
// no activation) run the pooling itself (kernels.Conv2DPool): its
// full-size output then never leaves the cache, which for the first layer
// of Keras's MNIST convnet (26×26×32 values an image, 11 MB a batch of
// 128) saved five passes over memory per step. The two layers keep their
// specs, shapes and places in the network; the pooling layer passes the
// pooled output through.
func fuseConvPool(layers []Layer) {
	for i := range layers {
		c, ok := layers[i].(*Conv2D)
		if !ok {
			continue
		}
		c.pool = nil
		if i+1 == len(layers) || c.actL != nil {
			continue
		}
		if p, ok := layers[i+1].(*MaxPool2D); ok && p.s.H == c.s.OH && p.s.W == c.s.OW && p.s.C == c.s.F {
			c.pool = p
		}
	}
}
