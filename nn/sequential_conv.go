package nn

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// The Sequential builder's convolutional layers. The builder tracks the
// image shape of the samples (height, width, channels) from Input, through
// each Conv2D and MaxPool2D, until Flatten or a Dense layer makes them
// flat; Keras's MNIST convnet reads
//
//	nn.NewSequential(784).Input(28, 28, 1).
//		Conv2D(32, 3, 3, "relu").MaxPool2D(2).
//		Conv2D(64, 3, 3, "relu").MaxPool2D(2).
//		Flatten().Dropout(0.5).
//		Dense(10).Activation("softmax").
//		Build(seed)

// Input declares the samples to be h×w×c images stored channels last
// (NHWC); h·w·c must be the current width.
func (s *Sequential) Input(h, w, c int) *Sequential {
	if s.err != nil {
		return s
	}
	if h < 1 || w < 1 || c < 1 || h*w*c != s.width {
		s.err = fmt.Errorf("nn: input image %dx%dx%d does not hold the %d values of a sample", h, w, c, s.width)
		return s
	}
	s.img = [3]int{h, w, c}
	return s
}

// image returns the current image shape, or an error naming fn when the
// samples are flat.
func (s *Sequential) image(fn string) ([3]int, bool) {
	if s.img[0] == 0 {
		s.err = fmt.Errorf("nn: %s (layer %d) needs images: declare the input's shape with Input(h, w, c)", fn, len(s.adds))
		return s.img, false
	}
	return s.img, true
}

// Conv2D appends a convolution of filters kernels of kh×kw, stride 1,
// padding "valid", followed by the named activation (Keras's
// Conv2D(filters, (kh, kw), activation=...)).
func (s *Sequential) Conv2D(filters, kh, kw int, activation string) *Sequential {
	return s.Conv2DConfig(Conv2DConfig{Filters: filters, KH: kh, KW: kw, Activation: activation})
}

// Conv2DConfig appends a convolution of any configuration. Its kernel is
// drawn from the current initializer (see Init).
func (s *Sequential) Conv2DConfig(cfg Conv2DConfig) *Sequential {
	if s.err != nil {
		return s
	}
	img, ok := s.image("Conv2D")
	if !ok {
		return s
	}
	// Made now to check the configuration; Build makes the layer again
	// with its weights drawn in order.
	l, err := NewConv2D(img[0], img[1], img[2], cfg, s.init, nil)
	if err != nil {
		s.err = fmt.Errorf("%v (layer %d)", err, len(s.adds))
		return s
	}
	init := s.init
	s.adds = append(s.adds, func(rng *rand.Rand, _ uint64, _ int) Layer {
		c, _ := NewConv2D(img[0], img[1], img[2], cfg, init, rng)
		return c
	})
	s.width = l.Out()
	s.img = [3]int{l.s.OH, l.s.OW, l.s.F}
	return s
}

// MaxPool2D appends a max pooling over size×size windows with stride
// size (Keras's MaxPooling2D(size)).
func (s *Sequential) MaxPool2D(size int) *Sequential {
	return s.MaxPool2DConfig(size, size, size, size)
}

// MaxPool2DConfig appends a max pooling over ph×pw windows with strides
// sh×sw, no padding.
func (s *Sequential) MaxPool2DConfig(ph, pw, sh, sw int) *Sequential {
	if s.err != nil {
		return s
	}
	img, ok := s.image("MaxPool2D")
	if !ok {
		return s
	}
	l, err := NewMaxPool2D(img[0], img[1], img[2], ph, pw, sh, sw)
	if err != nil {
		s.err = fmt.Errorf("%v (layer %d)", err, len(s.adds))
		return s
	}
	return s.Add(l)
}

// Flatten appends a flatten layer: the samples become rows of values.
func (s *Sequential) Flatten() *Sequential {
	if s.err != nil {
		return s
	}
	s.Add(NewFlatten(s.width))
	s.img = [3]int{}
	return s
}

// imageAfter returns the image shape of the samples after layer l, given
// the shape before it (zeros: flat): a convolution or pooling gives its
// output shape, a layer that keeps the number of values (an activation,
// dropout) keeps the shape, Flatten and any other layer make the samples
// flat.
func imageAfter(l Layer, before [3]int) [3]int {
	switch l := l.(type) {
	case *Conv2D:
		return [3]int{l.s.OH, l.s.OW, l.s.F}
	case *MaxPool2D:
		return [3]int{l.s.OH, l.s.OW, l.s.C}
	case *Flatten, *Dense, *Softmax:
		return [3]int{}
	}
	if l.In() == l.Out() {
		return before
	}
	return [3]int{}
}

// summaryShape is the output shape Summary shows for a layer, Keras's
// "(None, 26, 26, 32)" for images and "(None, 10)" for rows.
func summaryShape(l Layer) string {
	if o, ok := l.(interface{ OutputShape() []int }); ok {
		var b strings.Builder
		b.WriteString("(None")
		for _, d := range o.OutputShape() {
			fmt.Fprintf(&b, ", %d", d)
		}
		return b.String() + ")"
	}
	return fmt.Sprintf("(None, %d)", l.Out())
}
