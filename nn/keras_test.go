package nn

import (
	"bytes"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gof32/gof32/internal/pathtest"
	"github.com/gof32/gof32/kernels"
	"github.com/gof32/gof32/tensor"
)

// TestSummary: the textbook's Keras network (section 1.4) has 100,710
// parameters, 393.40 KB, laid out as Keras's model.summary() shows them.
func TestSummary(t *testing.T) {
	net, err := NewSequential(784).Dense(100).Activation("relu").Dense(200).Activation("relu").Dense(10).Activation("softmax").Build(1)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := net.Summary(&b); err != nil {
		t.Fatal(err)
	}
	want := `Model: "sequential"
───────────────────────────────────────────────────────────
Layer (type)                         Output Shape   Param #
───────────────────────────────────────────────────────────
dense (Dense)                        (None, 100)     78,500
activation (Activation: relu)        (None, 100)          0
dense_1 (Dense)                      (None, 200)     20,200
activation_1 (Activation: relu)      (None, 200)          0
dense_2 (Dense)                      (None, 10)       2,010
activation_2 (Activation: softmax)   (None, 10)           0
───────────────────────────────────────────────────────────
Total params: 100,710 (393.40 KB)
Trainable params: 100,710 (393.40 KB)
Non-trainable params: 0 (0.00 B)
`
	if b.String() != want {
		t.Errorf("summary:\n%s\nwant:\n%s", b.String(), want)
	}
	for n, s := range map[int]string{0: "0.00 B", 1023: "1023.00 B", 1024: "1.00 KB", 402840: "393.40 KB", 5 << 20: "5.00 MB"} {
		if got := readableBytes(n); got != s {
			t.Errorf("readableBytes(%d) = %q, want %q", n, got, s)
		}
	}
	for n, s := range map[int]string{0: "0", 999: "999", 1000: "1,000", 100710: "100,710", 1234567: "1,234,567"} {
		if got := thousands(n); got != s {
			t.Errorf("thousands(%d) = %q, want %q", n, got, s)
		}
	}
}

// TestSequentialErrors: the builder reports what is wrong.
func TestSequentialErrors(t *testing.T) {
	for _, c := range []struct {
		s    *Sequential
		want string
	}{
		{NewSequential(0).Dense(3), "at least one input"},
		{NewSequential(4).Dense(0), "0 units"},
		{NewSequential(4).Dense(3).Activation("swish"), `unknown activation "swish"`},
		{NewSequential(4).Dropout(1), "dropout rate 1"},
		{NewSequential(4).Add(NewReLU(5)), "takes rows of 5"},
	} {
		if _, err := c.s.Build(1); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("error %v, want one containing %q", err, c.want)
		}
	}
}

// TestSequentialGlorotNormalIsNewMLP: with the textbook's initializer the
// builder draws the same weights as NewMLP.
func TestSequentialGlorotNormalIsNewMLP(t *testing.T) {
	a, _ := NewMLP(216091, 20, 7, 5, 3)
	b, err := NewSequential(20).Init(GlorotNormal).Dense(7).Activation("relu").Dense(5).Activation("relu").Dense(3).Build(216091)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range a.Params() {
		if !sameBits(p.Value.Data(), b.Params()[i].Value.Data()) {
			t.Fatalf("param %d differs", i)
		}
	}
}

// TestInitializers checks the mean and the spread of each initializer's
// weights. With n = 60000 draws the sample mean is within 4σ/√n of 0 and
// the sample standard deviation within a relative 4/√(2n) (normal) or
// 4·0.8/√n (uniform, whose fourth moment is smaller) of its value.
func TestInitializers(t *testing.T) {
	const in, out = 300, 200
	for _, c := range []struct {
		init Initializer
		std  float64 // of the distribution
		lim  float64 // bound of the uniform ones
	}{
		{GlorotUniform, math.Sqrt(2.0 / (in + out)), math.Sqrt(6.0 / (in + out))},
		{GlorotNormal, math.Sqrt(2.0 / (in + out)), 0},
		{HeUniform, math.Sqrt(2.0 / in), math.Sqrt(6.0 / in)},
		{HeNormal, math.Sqrt(2.0 / in), 0},
	} {
		d := NewDenseInit(in, out, c.init, tensor.NewRand(7))
		var s, s2 float64
		for _, v := range d.W().Value.Data() {
			s += float64(v)
			s2 += float64(v) * float64(v)
			if c.lim > 0 && math.Abs(float64(v)) > c.lim {
				t.Fatalf("%v: weight %v beyond ±%v", c.init, v, c.lim)
			}
		}
		n := float64(in * out)
		mean, std := s/n, math.Sqrt(s2/n-(s/n)*(s/n))
		if math.Abs(mean) > 0.016*c.std || math.Abs(std/c.std-1) > 0.012 {
			t.Errorf("%v: mean %g, std %g, want 0 and %g", c.init, mean, std, c.std)
		}
		if got, err := ParseInitializer(c.init.String()); err != nil || got != c.init {
			t.Errorf("ParseInitializer(%q) = %v, %v", c.init.String(), got, err)
		}
	}
	if _, err := ParseInitializer("orthogonal"); err == nil {
		t.Error("ParseInitializer accepts orthogonal")
	}
}

// TestDropout: at inference the layer is the identity; in training about
// a fraction rate of the values is dropped (within 4 standard deviations
// of a binomial count), the others scaled by 1/(1−rate); the backward
// pass applies the same mask; the same seed gives the same masks.
func TestDropout(t *testing.T) {
	pathtest.ForEach(t, func(t *testing.T) {
		const rows, n, rate = 50, 200, 0.3
		d := NewDropout(n, rate, 5)
		xt := tensor.Zeros(rows, n)
		x := xt.Data()
		for i := range x {
			x[i] = float32(i%17) + 1
		}
		if y := d.Forward(xt, false); !sameBits(y.Values(), x) {
			t.Fatal("inference dropout changes its input")
		}
		if dx := d.Backward(xt, true); !sameBits(dx.Values(), x) {
			t.Fatal("inference dropout changes the gradient")
		}
		y := d.Forward(xt, true).Values()
		dropped := 0
		for i, v := range y {
			switch {
			case v == 0:
				dropped++
			case v != x[i]*float32(1/(1-float32(rate))):
				t.Fatalf("kept value %v from %v, want scaled by 1/(1−%v)", v, x[i], rate)
			}
		}
		k := float64(rows * n)
		if sd := math.Sqrt(k * rate * (1 - rate)); math.Abs(float64(dropped)-k*rate) > 4*sd {
			t.Errorf("%d of %v values dropped, expected %v ± %v", dropped, k, k*rate, 4*sd)
		}
		dx := d.Backward(tensor.Full(1, rows, n), true).Values()
		for i := range dx {
			if (dx[i] == 0) != (y[i] == 0) {
				t.Fatalf("gradient %v where the output is %v", dx[i], y[i])
			}
		}
		e := NewDropout(n, rate, 5)
		if !sameBits(e.Forward(xt, true).Values(), y) {
			t.Error("the same seed gives another mask")
		}
		if sameBits(d.Forward(xt, true).Values(), y) {
			t.Error("two training passes draw the same mask")
		}
	})
}

// keep the reference update of the optimizers in float64.
func TestOptimizerUpdates(t *testing.T) {
	pathtest.ForEach(t, func(t *testing.T) {
		const n = 37
		rng := tensor.NewRand(2)
		w0 := make([]float64, n)
		for i := range w0 {
			w0[i] = rng.NormFloat64()
		}
		grads := make([][]float64, 4)
		for s := range grads {
			grads[s] = make([]float64, n)
			for i := range grads[s] {
				grads[s][i] = rng.NormFloat64()
			}
		}
		for _, c := range []struct {
			name string
			opt  Optimizer
			ref  func(w []float64)
		}{
			{"momentum", &SGD{LR: 0.05, Momentum: 0.9}, func(w []float64) {
				v := make([]float64, n)
				for _, g := range grads {
					for i := range w {
						v[i] = 0.9*v[i] - 0.05*g[i]
						w[i] += v[i]
					}
				}
			}},
			{"nesterov", &SGD{LR: 0.05, Momentum: 0.9, Nesterov: true}, func(w []float64) {
				v := make([]float64, n)
				for _, g := range grads {
					for i := range w {
						v[i] = 0.9*v[i] - 0.05*g[i]
						w[i] += 0.9*v[i] - 0.05*g[i]
					}
				}
			}},
			{"adam", NewAdam(), func(w []float64) {
				m, v := make([]float64, n), make([]float64, n)
				for s, g := range grads {
					t := float64(s + 1)
					a := 0.001 * math.Sqrt(1-math.Pow(0.999, t)) / (1 - math.Pow(0.9, t))
					for i := range w {
						m[i] += (g[i] - m[i]) * 0.1
						v[i] += (g[i]*g[i] - v[i]) * (1 - 0.999)
						w[i] -= a * m[i] / (math.Sqrt(v[i]) + 1e-7)
					}
				}
			}},
		} {
			p := newParam("w", n)
			pv, pg := p.Value.Data(), p.Grad.Data()
			for i := range pv {
				pv[i] = float32(w0[i])
			}
			for _, g := range grads {
				for i := range g {
					pg[i] = float32(g[i])
				}
				c.opt.Step([]*Param{p})
			}
			want := append([]float64(nil), w0...)
			c.ref(want)
			// Four steps of a few float32 roundings each on values of
			// order 1 (Adam's steps are of order lr): a relative 1e-5
			// of the weights is far above rounding and far below any
			// wrong term.
			for i := range want {
				if d := math.Abs(float64(pv[i]) - want[i]); d > 1e-5*(1+math.Abs(want[i])) {
					t.Errorf("%s: w[%d] = %v, float64 %v", c.name, i, pv[i], want[i])
				}
			}
		}
	})
}

// TestFitKeras trains a Keras-style network (softmax output, categorical
// cross-entropy on one-hot targets, Adam) on separable blobs with a
// validation split and callbacks, on every path.
func TestFitKeras(t *testing.T) {
	pathtest.ForEach(t, func(t *testing.T) {
		x, y := blobs(11, 600, 16, 5)
		for _, opt := range []Optimizer{NewAdam(), &SGD{LR: 0.05, Momentum: 0.9, Nesterov: true}} {
			net, err := NewSequential(16).Dense(24).Activation("tanh").Dropout(0.1).Dense(12).Activation("sigmoid").Dense(5).Activation("softmax").Build(3)
			if err != nil {
				t.Fatal(err)
			}
			if opt.Name() == "adam" {
				opt.(*Adam).LR = 0.01
			}
			var begins, batches, ends int
			cb := CallbackFuncs{
				EpochBegin: func(int) { begins++ },
				BatchEnd:   func(_, done int) { batches++ },
				EpochEnd:   func(*EpochLog) bool { ends++; return false },
			}
			h, err := net.Fit(x, Targets{Values: OneHot(y, 5)}, opt, FitOptions{Epochs: 10, BatchSize: 32, ValidationSplit: 0.2, Seed: 1, Callbacks: []Callback{cb}})
			if err != nil {
				t.Fatal(err)
			}
			last := h.Epochs[len(h.Epochs)-1]
			if len(h.Epochs) != 10 || begins != 10 || ends != 10 || batches != 10*15 {
				t.Errorf("%s: %d epochs, callbacks %d/%d/%d", opt.Name(), len(h.Epochs), begins, batches, ends)
			}
			if !last.Validated || last.ValAccuracy < 0.97 || last.Accuracy < 0.95 || last.Samples != 480 || !(last.Loss < h.Epochs[0].Loss) {
				t.Errorf("%s: last epoch %+v, first %+v", opt.Name(), last, h.Epochs[0])
			}
			if s := h.Series("val_accuracy"); len(s) != 10 || s[9] != last.ValAccuracy {
				t.Errorf("val_accuracy series %v", s)
			}
			// The held-out fifth evaluated directly gives the same.
			if l, a := net.Evaluate(x.Slice(480, 600), y[480:]); math.Abs(a-last.ValAccuracy) > 1e-12 || math.Abs(l-last.ValLoss) > 1e-9 {
				t.Errorf("Evaluate %v %v, history %v %v", l, a, last.ValLoss, last.ValAccuracy)
			}
			p := net.PredictProba(nil, x.Slice(0, 10))
			if want := []int{10, 5}; !slices.Equal(p.Shape(), want) {
				t.Fatalf("probabilities of shape %v, want %v", p.Shape(), want)
			}
			for i := range 10 {
				var s float64
				for _, v := range p.Data()[i*5 : (i+1)*5] {
					s += float64(v)
				}
				if math.Abs(s-1) > 1e-5 {
					t.Fatalf("probabilities of row %d sum to %v", i, s)
				}
			}
		}
	})
}

func TestFitOptions(t *testing.T) {
	x, y := blobs(1, 100, 4, 3)
	net, _ := NewSequential(4).Dense(3).Build(1)
	// Early stopping on a metric that cannot improve (patience 1) stops
	// after the third epoch.
	es := &EarlyStopping{Monitor: "val_accuracy", Patience: 1, MinDelta: 2}
	h, err := net.Fit(x, Targets{Labels: y}, &SGD{LR: 0.1}, FitOptions{Epochs: 10, ValidationX: x.Slice(0, 10), ValidationY: Targets{Labels: y[:10]}, Callbacks: []Callback{es}})
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Epochs) != 3 {
		t.Errorf("early stopping after %d epochs, want 3", len(h.Epochs))
	}
	// Without shuffling, two fits from the same weights agree bit for bit
	// whatever the seed.
	a, _ := NewSequential(4).Dense(3).Build(1)
	b, _ := NewSequential(4).Dense(3).Build(1)
	a.Fit(x, Targets{Labels: y}, &SGD{LR: 0.1}, FitOptions{Epochs: 2, NoShuffle: true, Seed: 1})
	b.Fit(x, Targets{Labels: y}, &SGD{LR: 0.1}, FitOptions{Epochs: 2, NoShuffle: true, Seed: 2})
	if !sameBits(a.Params()[0].Value.Data(), b.Params()[0].Value.Data()) {
		t.Error("NoShuffle: the seed changes the result")
	}
	for _, c := range []struct {
		x    *tensor.Tensor
		y    Targets
		o    FitOptions
		want string
	}{
		{nil, Targets{Labels: y}, FitOptions{Epochs: 1}, "must be a tensor of samples (rows first), got nil"},
		{tensor.New(x.Data()[:5], 5), Targets{Labels: y[:5]}, FitOptions{Epochs: 1}, "must be a tensor of samples (rows first), got [5]"},
		{tensor.New(x.Data()[:10], 2, 5), Targets{Labels: y[:2]}, FitOptions{Epochs: 1}, "5 values per sample, the network takes 4"},
		{x, Targets{Labels: y[:3]}, FitOptions{Epochs: 1}, "100 samples, 3 labels"},
		{x, Targets{Values: tensor.Zeros(7)}, FitOptions{Epochs: 1}, "need 100×3 target values"},
		{x, Targets{Values: tensor.Zeros(100, 4)}, FitOptions{Epochs: 1}, "need 100×3 target values"},
		{x, Targets{Labels: y}, FitOptions{Epochs: 1, ValidationX: x.Slice(0, 10), ValidationY: Targets{Labels: y}}, "10 samples, 100 labels"},
		{x, Targets{Labels: y}, FitOptions{Epochs: 1, ValidationSplit: 1}, "invalid"},
		{x, Targets{Labels: y}, FitOptions{Epochs: 1, ValidationSplit: 0.001}, "no validation"},
	} {
		if _, err := net.Fit(c.x, c.y, &SGD{LR: 0.1}, c.o); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Fit: error %v, want %q", err, c.want)
		}
	}
}

// TestKerasModelFile: a network with every new kind of layer survives the
// model file, and the loaded one ends in softmax with categorical
// cross-entropy and gives the same probabilities.
func TestKerasModelFile(t *testing.T) {
	net, err := NewSequential(6).Dense(5).Activation("sigmoid").Dropout(0.25).Dense(5).Activation("tanh").Dense(4).Activation("softplus").Dense(3).Activation("softmax").Build(2)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "m.model")
	if err := net.Save(path); err != nil {
		t.Fatal(err)
	}
	m, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := m.Loss().(*CategoricalCrossEntropy); !ok {
		t.Errorf("loaded loss %s", m.Loss().Name())
	}
	x, _ := blobs(3, 9, 6, 3)
	if a, b := net.PredictProba(nil, x), m.PredictProba(nil, x); !sameBits(a.Data(), b.Data()) {
		t.Errorf("probabilities %v and %v after loading", a, b)
	}
	if d := m.Layers()[2].(*Dropout); d.Rate() != 0.25 {
		t.Errorf("dropout rate %v", d.Rate())
	}
	if err := net.LoadParams(path); err != nil {
		t.Error(err)
	}
}

// TestKerasStepNoAllocs: a training step of a network with the new
// layers and each new optimizer allocates nothing after the first.
func TestKerasStepNoAllocs(t *testing.T) {
	defer kernels.SetThreads(kernels.SetThreads(1))
	pathtest.ForEach(t, func(t *testing.T) {
		x, y := blobs(1, 64, 32, 10)
		oh := OneHot(y, 10)
		xb, tb := x.Slice(0, 32), Targets{Values: oh.Slice(0, 32)} // views made outside the measured calls
		tg := Targets{Values: oh}
		net, err := NewSequential(32).Dense(24).Activation("sigmoid").Dropout(0.2).Dense(16).Activation("softplus").Dense(10).Activation("softmax").Build(1)
		if err != nil {
			t.Fatal(err)
		}
		for _, opt := range []Optimizer{NewAdam(), &SGD{LR: 0.1, Momentum: 0.9}, &SGD{LR: 0.1, Momentum: 0.9, Nesterov: true}} {
			if a := testing.AllocsPerRun(5, func() { net.TrainBatch(xb, tb, opt) }); a != 0 {
				t.Errorf("%v: %v allocations per step", opt, a)
			}
			tr := NewTrainer(net, opt, 16, 1)
			if a := testing.AllocsPerRun(2, func() { tr.EpochTargets(x, tg, nil) }); a != 0 {
				t.Errorf("%v: %v allocations per epoch", opt, a)
			}
		}
	})
}

func TestConfusionMatrix(t *testing.T) {
	labels := []int{0, 0, 1, 1, 1, 2, 2}
	pred := []int{0, 1, 1, 1, 0, 2, 2}
	cm := ConfusionMatrix(pred, labels, 4)
	want := [][]int{{1, 1, 0, 0}, {1, 2, 0, 0}, {0, 0, 2, 0}, {0, 0, 0, 0}}
	for i := range want {
		for j := range want[i] {
			if cm[i][j] != want[i][j] {
				t.Fatalf("confusion matrix %v, want %v", cm, want)
			}
		}
	}
	nm := NormalizeRows(cm)
	if nm[1][0] != 1.0/3 || nm[1][1] != 2.0/3 || nm[0][0] != 0.5 || nm[3][3] != 0 {
		t.Errorf("normalised %v", nm)
	}
	if msg := catch(func() { ConfusionMatrix([]int{5}, []int{0}, 4) }); !strings.Contains(msg, "prediction 5") {
		t.Errorf("panic %q", msg)
	}
}

func TestOneHot(t *testing.T) {
	got := OneHot([]int{2, 0}, 3)
	if want := []int{2, 3}; !slices.Equal(got.Shape(), want) {
		t.Errorf("OneHot has shape %v, want %v", got.Shape(), want)
	}
	if want := []float32{0, 0, 1, 1, 0, 0}; !sameBits(got.Data(), want) {
		t.Errorf("OneHot = %v, want %v", got, want)
	}
	if msg := catch(func() { OneHot([]int{3}, 3) }); !strings.Contains(msg, "label 3") {
		t.Errorf("panic %q", msg)
	}
}

func catch(f func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = r.(string)
		}
	}()
	f()
	return ""
}
