package nn

import (
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"unicode/utf8"

	"github.com/gof32/gof32/tensor"
)

// Sequential builds a network layer by layer, as Keras's Sequential model:
//
//	net, err := nn.NewSequential(784).
//		Dense(100).Activation("relu").
//		Dense(200).Activation("relu").
//		Dense(10).Activation("softmax").
//		Build(seed)
//
// is the reference network as its Keras version builds it. Each method appends a
// layer whose input width is the previous output width; Build draws the
// dense layers' weights, in order, from tensor.NewRand(seed), and returns the
// first error met while adding layers, if any.
type Sequential struct {
	in, width int
	init      Initializer
	adds      []func(rng *rand.Rand, seed uint64, i int) Layer
	err       error
	img       [3]int // the samples' image shape (h, w, c), or zeros when flat (sequential_conv.go)
}

// NewSequential starts a network taking rows of inputs values. Dense
// layers start with Keras's default initializer, GlorotUniform.
func NewSequential(inputs int) *Sequential {
	s := &Sequential{in: inputs, width: inputs, init: GlorotUniform}
	if inputs < 1 {
		s.err = fmt.Errorf("nn: a network needs at least one input, got %d", inputs)
	}
	return s
}

// Init sets the initializer of the dense layers added after it.
func (s *Sequential) Init(init Initializer) *Sequential {
	s.init = init
	return s
}

// Dense appends a dense layer of the given number of units (weights from
// the current initializer, bias 0).
func (s *Sequential) Dense(units int) *Sequential {
	if s.err != nil {
		return s
	}
	if units < 1 {
		s.err = fmt.Errorf("nn: dense layer %d has %d units", len(s.adds), units)
		return s
	}
	in, init := s.width, s.init
	s.adds = append(s.adds, func(rng *rand.Rand, _ uint64, _ int) Layer { return NewDenseInit(in, units, init, rng) })
	s.width = units
	s.img = [3]int{}
	return s
}

// Activation appends the named activation layer (see NewActivation;
// "linear" appends nothing).
func (s *Sequential) Activation(name string) *Sequential {
	if s.err != nil {
		return s
	}
	l, err := NewActivation(name, s.width)
	if err != nil {
		s.err = err
		return s
	}
	if l != nil {
		s.Add(l)
	}
	return s
}

// Dropout appends a dropout layer of the given rate in [0, 1); its masks
// come from a generator seeded from Build's seed and the layer's position.
func (s *Sequential) Dropout(rate float64) *Sequential {
	if s.err != nil {
		return s
	}
	if !(rate >= 0 && rate < 1) {
		s.err = fmt.Errorf("nn: dropout rate %g outside [0, 1)", rate)
		return s
	}
	n := s.width
	s.adds = append(s.adds, func(_ *rand.Rand, seed uint64, i int) Layer {
		return NewDropout(n, rate, seed^uint64(i+1)*0x9e3779b97f4a7c15)
	})
	return s
}

// Add appends a layer made elsewhere; its input width must be the
// current output width.
func (s *Sequential) Add(l Layer) *Sequential {
	if s.err != nil {
		return s
	}
	if l.In() != s.width {
		s.err = fmt.Errorf("nn: layer %d (%v) takes rows of %d, the previous layer gives %d", len(s.adds), l.Spec(), l.In(), s.width)
		return s
	}
	s.adds = append(s.adds, func(*rand.Rand, uint64, int) Layer { return l })
	s.width = l.Out()
	s.img = imageAfter(l, s.img)
	return s
}

// Build makes the network, drawing the weights from tensor.NewRand(seed).
func (s *Sequential) Build(seed uint64) (*Network, error) {
	if s.err != nil {
		return nil, s.err
	}
	rng := tensor.NewRand(seed)
	layers := make([]Layer, len(s.adds))
	for i, add := range s.adds {
		layers[i] = add(rng, seed, i)
	}
	return NewNetwork(layers...)
}

// layerType is the Keras class name Summary shows for a layer kind.
func layerType(kind string) (name, class string) {
	switch kind {
	case "dense":
		return "dense", "Dense"
	case "dropout":
		return "dropout", "Dropout"
	case "relu", "sigmoid", "tanh", "softplus", "softmax":
		return "activation", "Activation: " + kind
	case "conv2d":
		return "conv2d", "Conv2D"
	case "max_pooling2d":
		return "max_pooling2d", "MaxPooling2D"
	case "flatten":
		return "flatten", "Flatten"
	}
	return kind, kind
}

// Summary writes a table of the layers as Keras's model.summary() does:
// each layer's name and type, output shape and number of parameters, then
// the totals with their size in memory (float32, 4 bytes a parameter;
// KB = 1024 bytes, as Keras). For the reference network
// 784-100-200-10 the totals are 100,710 parameters, 393.40 KB.
func (n *Network) Summary(w io.Writer) error {
	rows := [][3]string{{"Layer (type)", "Output Shape", "Param #"}}
	seen := map[string]int{}
	for _, l := range n.layers {
		name, class := layerType(l.Spec().Kind)
		k := seen[name]
		seen[name]++
		if k > 0 {
			name = fmt.Sprintf("%s_%d", name, k)
		}
		rows = append(rows, [3]string{name + " (" + class + ")", summaryShape(l), thousands(ParamCount(l.Params()))})
	}
	var wd [3]int
	for _, r := range rows {
		for i, c := range r {
			wd[i] = max(wd[i], utf8.RuneCountInString(c))
		}
	}
	line := func(r [3]string) string {
		return fmt.Sprintf("%-*s   %-*s   %*s\n", wd[0], r[0], wd[1], r[1], wd[2], r[2])
	}
	rule := strings.Repeat("─", wd[0]+wd[1]+wd[2]+6) + "\n"
	var b strings.Builder
	b.WriteString("Model: \"sequential\"\n" + rule + line(rows[0]) + rule)
	for _, r := range rows[1:] {
		b.WriteString(line(r))
	}
	b.WriteString(rule)
	total := ParamCount(n.params)
	fmt.Fprintf(&b, "Total params: %s (%s)\n", thousands(total), readableBytes(4*total))
	fmt.Fprintf(&b, "Trainable params: %s (%s)\n", thousands(total), readableBytes(4*total))
	fmt.Fprintf(&b, "Non-trainable params: 0 (%s)\n", readableBytes(0))
	_, err := io.WriteString(w, b.String())
	return err
}

// thousands formats n with commas between groups of three digits.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// readableBytes formats a size as Keras does: in the largest unit of
// 1024ⁿ bytes that keeps the number at least 1, with two decimals.
func readableBytes(n int) string {
	v := float64(n)
	for _, unit := range []string{"B", "KB", "MB", "GB"} {
		if v < 1024 {
			return fmt.Sprintf("%.2f %s", v, unit)
		}
		v /= 1024
	}
	return fmt.Sprintf("%.2f TB", v)
}
