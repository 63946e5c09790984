package nn

import (
	"bytes"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/gof32/gof32/internal/pathtest"
	"github.com/gof32/gof32/kernels"
	"github.com/gof32/gof32/tensor"
)

// flat2D shows an image layer to checkLayer as a layer of rows×Out
// matrices (its outputs reshaped; Backward takes them in that shape, as
// any layer takes any shape of Out values per sample).
type flat2D struct{ Layer }

func (f flat2D) Forward(x *tensor.Tensor, train bool) *tensor.Tensor {
	y := f.Layer.Forward(x, train)
	return y.Reshape(y.Dim(0), f.Out())
}

func convRef(s kernels.ConvShape, act func(float64) float64) layerRef {
	return func(x []float64, rows int, ps [][]float64) []float64 {
		W, b := ps[0], ps[1]
		y := make([]float64, rows*s.OutSize())
		for n := range rows {
			for oy := range s.OH {
				for ox := range s.OW {
					for f := range s.F {
						v := b[f]
						for ky := range s.KH {
							for kx := range s.KW {
								iy, ix := oy*s.SH+ky-s.PT, ox*s.SW+kx-s.PL
								if iy < 0 || iy >= s.H || ix < 0 || ix >= s.W {
									continue
								}
								for c := range s.C {
									v += x[((n*s.H+iy)*s.W+ix)*s.C+c] * W[((ky*s.KW+kx)*s.C+c)*s.F+f]
								}
							}
						}
						y[((n*s.OH+oy)*s.OW+ox)*s.F+f] = act(v)
					}
				}
			}
		}
		return y
	}
}

func poolRef(s kernels.PoolShape) layerRef {
	return func(x []float64, rows int, _ [][]float64) []float64 {
		y := make([]float64, rows*s.OutSize())
		for n := range rows {
			for oy := range s.OH {
				for ox := range s.OW {
					for c := range s.C {
						m := math.Inf(-1)
						for i := range s.PH {
							for j := range s.PW {
								m = math.Max(m, x[((n*s.H+oy*s.SH+i)*s.W+ox*s.SW+j)*s.C+c])
							}
						}
						y[((n*s.OH+oy)*s.OW+ox)*s.C+c] = m
					}
				}
			}
		}
		return y
	}
}

func TestConvLayerGradients(t *testing.T) {
	identity := func(v float64) float64 { return v }
	relu := func(v float64) float64 { return math.Max(v, 0) }
	pathtest.ForEach(t, func(t *testing.T) {
		const rows = 3
		for _, c := range []struct {
			name    string
			h, w, c int
			cfg     Conv2DConfig
			act     func(float64) float64
		}{
			{"valid_relu", 6, 5, 2, Conv2DConfig{Filters: 3, KH: 3, KW: 3, Activation: "relu"}, relu},
			{"same_stride2", 5, 6, 3, Conv2DConfig{Filters: 4, KH: 3, KW: 2, SH: 2, SW: 2, Padding: "same"}, identity},
			{"one_channel_tanh", 5, 5, 1, Conv2DConfig{Filters: 2, KH: 2, KW: 3, SW: 2, Activation: "tanh"}, math.Tanh},
			{"same_sigmoid", 4, 4, 2, Conv2DConfig{Filters: 2, KH: 3, KW: 3, Padding: "same", Activation: "sigmoid"}, sigmoid64},
		} {
			t.Run(c.name, func(t *testing.T) {
				l, err := NewConv2D(c.h, c.w, c.c, c.cfg, GlorotUniform, nil)
				if err != nil {
					t.Fatal(err)
				}
				checkLayer(t, flat2D{l}, convRef(l.Shape(), c.act), rows, 1)
			})
		}
		for _, c := range []struct {
			name                     string
			h, w, ch, ph, pw, sh, sw int
		}{
			{"2x2", 6, 4, 3, 2, 2, 2, 2},
			{"3x3_overlapping", 5, 6, 2, 3, 3, 1, 2},
			{"odd_edge", 5, 5, 1, 2, 2, 2, 2},
		} {
			t.Run("maxpool_"+c.name, func(t *testing.T) {
				l, err := NewMaxPool2D(c.h, c.w, c.ch, c.ph, c.pw, c.sh, c.sw)
				if err != nil {
					t.Fatal(err)
				}
				checkLayer(t, flat2D{l}, poolRef(l.Shape()), 3, 1)
			})
		}
		t.Run("flatten", func(t *testing.T) {
			checkLayer(t, NewFlatten(12), elementwiseRef(func(v float64) float64 { return v }), 3, 1)
		})
	})
}

// kerasConvnet is Keras's MNIST convnet example.
func kerasConvnet(t testing.TB, seed uint64) *Network {
	net, err := NewSequential(784).Input(28, 28, 1).
		Conv2D(32, 3, 3, "relu").MaxPool2D(2).
		Conv2D(64, 3, 3, "relu").MaxPool2D(2).
		Flatten().Dropout(0.5).
		Dense(10).Activation("softmax").
		Build(seed)
	if err != nil {
		t.Fatal(err)
	}
	return net
}

// smallConvnet is a convnet of the same layers on 12×12 images, for
// tests that train it on every path (and under emulation).
func smallConvnet(t testing.TB, seed uint64) *Network {
	net, err := NewSequential(144).Input(12, 12, 1).
		Conv2D(8, 3, 3, "relu").MaxPool2D(2).
		Conv2D(16, 3, 3, "relu").MaxPool2D(2).
		Flatten().Dropout(0.25).
		Dense(10).Activation("softmax").
		Build(seed)
	if err != nil {
		t.Fatal(err)
	}
	return net
}

// TestConvSummary: Keras's MNIST convnet has 34,826 parameters, shown as
// Keras's model.summary() shows them.
func TestConvSummary(t *testing.T) {
	var b bytes.Buffer
	if err := kerasConvnet(t, 1).Summary(&b); err != nil {
		t.Fatal(err)
	}
	want := `Model: "sequential"
───────────────────────────────────────────────────────────────
Layer (type)                       Output Shape         Param #
───────────────────────────────────────────────────────────────
conv2d (Conv2D)                    (None, 26, 26, 32)       320
max_pooling2d (MaxPooling2D)       (None, 13, 13, 32)         0
conv2d_1 (Conv2D)                  (None, 11, 11, 64)    18,496
max_pooling2d_1 (MaxPooling2D)     (None, 5, 5, 64)           0
flatten (Flatten)                  (None, 1600)               0
dropout (Dropout)                  (None, 1600)               0
dense (Dense)                      (None, 10)            16,010
activation (Activation: softmax)   (None, 10)                 0
───────────────────────────────────────────────────────────────
Total params: 34,826 (136.04 KB)
Trainable params: 34,826 (136.04 KB)
Non-trainable params: 0 (0.00 B)
`
	if b.String() != want {
		t.Errorf("summary:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestConvSequentialErrors(t *testing.T) {
	for _, c := range []struct {
		s    *Sequential
		want string
	}{
		{NewSequential(784).Conv2D(8, 3, 3, "relu"), "declare the input's shape"},
		{NewSequential(784).Input(28, 28, 2), "does not hold"},
		{NewSequential(784).Input(28, 28, 1).Conv2D(8, 30, 3, "relu"), "larger than"},
		{NewSequential(784).Input(28, 28, 1).Conv2D(8, 3, 3, "swish"), "activation"},
		{NewSequential(784).Input(28, 28, 1).Flatten().MaxPool2D(2), "declare the input's shape"},
		{NewSequential(784).Input(28, 28, 1).Conv2DConfig(Conv2DConfig{Filters: 1, KH: 3, KW: 3, Padding: "full"}), "padding"},
	} {
		if _, err := c.s.Build(1); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("error %v, want one containing %q", err, c.want)
		}
	}
	// "same" keeps the size; a stride halves it.
	net, err := NewSequential(6*6*2).Input(6, 6, 2).
		Conv2DConfig(Conv2DConfig{Filters: 3, KH: 3, KW: 3, Padding: "same", SH: 2, SW: 2}).
		Flatten().Dense(2).Build(1)
	if err != nil {
		t.Fatal(err)
	}
	if got := net.Layers()[0].Out(); got != 3*3*3 {
		t.Errorf("same, stride 2: %d outputs, want 27", got)
	}
}

// TestConvModelFile: a convnet survives Save and Load (version 2), a
// dense network is still written as version 1, and a version-1 file that
// holds a version-2 kind is rejected.
func TestConvModelFile(t *testing.T) {
	net := kerasConvnet(t, 7)
	data := encode(t, net)
	if v := data[8]; v != 2 {
		t.Errorf("convnet written as version %d", v)
	}
	back, err := loadBytes(data)
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range net.Layers() {
		if a, b := l.Spec(), back.Layers()[i].Spec(); a.String() != b.String() {
			t.Errorf("layer %d: %v read back as %v", i, a, b)
		}
	}
	for i, p := range net.Params() {
		if !sameBits(p.Value.Data(), back.Params()[i].Value.Data()) {
			t.Errorf("parameter %d (%s) differs", i, p.Name)
		}
	}
	x, _ := blobs(3, 20, 784, 10)
	a, b := net.PredictProba(nil, x), back.PredictProba(nil, x)
	if !sameBits(a.Values(), b.Values()) {
		t.Error("predictions differ after a round trip")
	}
	pr, err := NewPredictor(back)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := pr.Predict(nil, x), net.Predict(nil, x); !slices.Equal(got, want) {
		t.Errorf("Predictor: %v, network: %v", got, want)
	}
	if v := encode(t, smallNet(t, 1, 4, 3, 2))[8]; v != 1 {
		t.Errorf("dense network written as version %d, want 1", v)
	}
	if _, err := loadBytes(put32(data, 8, 1)); err == nil || !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), "not part of version 1") {
		t.Errorf("conv2d in a version-1 file: error %v", err)
	}
	for _, s := range []Spec{
		{Kind: "conv2d", Shape: []int{28, 28, 1, 3, 3, 8, 1, 1}, Attrs: []float32{2, 1}},
		{Kind: "conv2d", Shape: []int{28, 28, 1, 3, 3, 8, 1}, Attrs: []float32{0, 1}},
		{Kind: "conv2d", Shape: []int{28, 28, 1, 3, 3, 8, 1, 1}, Attrs: []float32{0, 9}},
		{Kind: "max_pooling2d", Shape: []int{4, 4, 1, 5, 5, 1, 1}},
		{Kind: "flatten", Shape: []int{3}, Attrs: []float32{1}},
	} {
		if _, err := Build(s); err == nil {
			t.Errorf("%v: no error", s)
		}
	}
}

// TestConvTrainStepAllocs: a training step of the convnet allocates
// nothing once each batch size has been seen (one thread, as
// TestTrainStepAllocs).
func TestConvTrainStepAllocs(t *testing.T) {
	defer kernels.SetThreads(kernels.SetThreads(1))
	net := kerasConvnet(t, 1)
	x, y := blobs(1, 32, 784, 10)
	opt := NewAdam()
	net.TrainStep(x, y, opt)
	if a := testing.AllocsPerRun(3, func() { net.TrainStep(x, y, opt) }); a != 0 {
		t.Errorf("TrainStep: %v allocations per step", a)
	}
	pred := make([]int, 32)
	net.Predict(pred, x)
	if a := testing.AllocsPerRun(3, func() { net.Predict(pred, x) }); a != 0 {
		t.Errorf("Predict: %v allocations per call", a)
	}
}

// TestConvLearns: a convnet fits a small separable problem.
func TestConvLearns(t *testing.T) {
	x, y := blobs(2, 256, 144, 10)
	net := smallConvnet(t, 3)
	tr := NewTrainer(net, NewAdam(), 32, 5)
	var st EpochStats
	for range 20 {
		st = tr.Epoch(x, y, nil)
	}
	if _, acc := net.Evaluate(x, y); acc < 0.95 {
		t.Errorf("accuracy %v after 20 epochs (last epoch %+v)", acc, st)
	}
}

// TestConvPoolFusion: a network whose convolutions run their pooling
// (fuseConvPool) trains bit for bit as the same network with the layers
// run one by one, on every path and on 1 and 2 threads.
func TestConvPoolFusion(t *testing.T) {
	x, y := blobs(4, 40, 144, 10)
	pathtest.ForEach(t, func(t *testing.T) {
		for _, threads := range []int{1, 2} {
			saved := kernels.SetThreads(threads)
			fused, plain := smallConvnet(t, 5), smallConvnet(t, 5)
			n := 0
			for _, l := range plain.Layers() {
				if c, ok := l.(*Conv2D); ok && c.pool != nil {
					c.pool = nil
					n++
				}
			}
			if n != 2 {
				t.Fatalf("%d convolutions fused, want 2", n)
			}
			of, op := NewAdam(), NewAdam()
			for step := range 3 {
				lf, _ := fused.TrainStep(x, y, of)
				lp, _ := plain.TrainStep(x, y, op)
				if lf != lp {
					t.Fatalf("threads=%d step %d: loss %v fused, %v unfused", threads, step, lf, lp)
				}
			}
			for i, p := range fused.Params() {
				if !sameBits(p.Value.Data(), plain.Params()[i].Value.Data()) {
					t.Errorf("threads=%d: parameter %d (%s) differs", threads, i, p.Name)
				}
			}
			a, b := fused.PredictProba(nil, x), plain.PredictProba(nil, x)
			if !sameBits(a.Values(), b.Values()) {
				t.Errorf("threads=%d: predictions differ", threads)
			}
			kernels.SetThreads(saved)
		}
	})
}
