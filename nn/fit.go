package nn

import (
	"fmt"
	"math"
	"time"

	"github.com/gof32/gof32/tensor"
)

// FitOptions are the settings of Network.Fit, after Keras's Model.fit.
type FitOptions struct {
	Epochs    int // passes over the training samples
	BatchSize int // samples per step (0: 32, Keras's default)

	// ValidationSplit, in [0, 1), holds out that fraction of the samples,
	// the last ones (before any shuffling, as Keras does), and evaluates
	// the network on them after each epoch. ValidationX and ValidationY,
	// when ValidationX is not nil, give the validation samples instead.
	ValidationSplit float64
	ValidationX     *tensor.Tensor
	ValidationY     Targets

	// NoShuffle keeps the samples in their order in every epoch (Keras's
	// shuffle=False); by default each epoch draws a new order from a
	// generator seeded with Seed.
	NoShuffle bool
	Seed      uint64

	// Callbacks are told about the progress of training, in order.
	Callbacks []Callback
}

// EpochLog is what one epoch of Fit did (Keras's logs): the training loss
// and accuracy averaged over the epoch's steps, each step's taken before
// its update, the validation loss and accuracy after the epoch when there
// are validation samples, and the time of the training pass.
type EpochLog struct {
	Epoch       int // from 1
	Samples     int
	Loss        float64
	Accuracy    float64
	Validated   bool
	ValLoss     float64
	ValAccuracy float64
	Seconds     float64
}

// History is the record of a Fit: one EpochLog per epoch run.
type History struct {
	Epochs []EpochLog
}

// Series returns one metric per epoch: "loss", "accuracy", "val_loss" or
// "val_accuracy" (Keras's history.history[name]); nil for an unknown name.
func (h *History) Series(name string) []float64 {
	var f func(*EpochLog) float64
	switch name {
	case "loss":
		f = func(l *EpochLog) float64 { return l.Loss }
	case "accuracy":
		f = func(l *EpochLog) float64 { return l.Accuracy }
	case "val_loss":
		f = func(l *EpochLog) float64 { return l.ValLoss }
	case "val_accuracy":
		f = func(l *EpochLog) float64 { return l.ValAccuracy }
	default:
		return nil
	}
	s := make([]float64, len(h.Epochs))
	for i := range h.Epochs {
		s[i] = f(&h.Epochs[i])
	}
	return s
}

// Callback is told about the progress of Fit. OnEpochEnd may stop the
// training by returning true (as EarlyStopping does).
type Callback interface {
	OnEpochBegin(epoch int)
	OnBatchEnd(epoch, samplesDone int)
	OnEpochEnd(log *EpochLog) (stop bool)
}

// CallbackFuncs is a Callback made of functions, any of which may be nil.
type CallbackFuncs struct {
	EpochBegin func(epoch int)
	BatchEnd   func(epoch, samplesDone int)
	EpochEnd   func(log *EpochLog) (stop bool)
}

func (c CallbackFuncs) OnEpochBegin(epoch int) {
	if c.EpochBegin != nil {
		c.EpochBegin(epoch)
	}
}

func (c CallbackFuncs) OnBatchEnd(epoch, done int) {
	if c.BatchEnd != nil {
		c.BatchEnd(epoch, done)
	}
}

func (c CallbackFuncs) OnEpochEnd(log *EpochLog) bool {
	return c.EpochEnd != nil && c.EpochEnd(log)
}

// EarlyStopping stops Fit when the monitored metric ("val_loss", the
// default, "loss", "val_accuracy" or "accuracy") has not improved by more
// than MinDelta for Patience epochs in a row (Keras's EarlyStopping,
// without restoring weights). Losses improve downwards, accuracies
// upwards.
type EarlyStopping struct {
	Monitor  string
	MinDelta float64
	Patience int

	best float64
	wait int
	seen bool
}

func (*EarlyStopping) OnEpochBegin(int)    {}
func (*EarlyStopping) OnBatchEnd(int, int) {}

func (e *EarlyStopping) OnEpochEnd(log *EpochLog) bool {
	var v float64
	up := false
	switch e.Monitor {
	case "", "val_loss":
		v = log.ValLoss
	case "loss":
		v = log.Loss
	case "val_accuracy":
		v, up = log.ValAccuracy, true
	case "accuracy":
		v, up = log.Accuracy, true
	default:
		panic(fmt.Sprintf("nn.EarlyStopping: unknown metric %q", e.Monitor))
	}
	if up {
		v = -v
	}
	if !e.seen || v < e.best-e.MinDelta {
		e.best, e.wait, e.seen = v, 0, true
		return false
	}
	e.wait++
	return e.wait > e.Patience
}

// Fit trains the network on the samples x (a tensor whose first
// dimension counts them) with targets y (labels, or samples×Out values
// such as OneHot's) using opt, as Keras's Model.fit: o.Epochs epochs of
// minibatches of o.BatchSize samples, shuffled each epoch unless
// o.NoShuffle, validated after each epoch on the held-out or given
// validation samples. It returns the history of the epochs run. Steps
// allocate nothing after the first (see Trainer). Malformed data or
// options are an error, not a panic.
func (n *Network) Fit(x *tensor.Tensor, y Targets, opt Optimizer, o FitOptions) (*History, error) {
	rows, err := n.samples("Fit", "inputs", x, y)
	if err != nil {
		return nil, err
	}
	if o.Epochs < 0 || o.BatchSize < 0 || !(o.ValidationSplit >= 0 && o.ValidationSplit < 1) {
		return nil, fmt.Errorf("nn.Fit: invalid epochs %d, batch size %d or validation split %g", o.Epochs, o.BatchSize, o.ValidationSplit)
	}
	batch := o.BatchSize
	if batch == 0 {
		batch = 32
	}
	var vx *tensor.Tensor
	var vy Targets
	switch {
	case o.ValidationX != nil:
		vx, vy = o.ValidationX, o.ValidationY
		if _, err := n.samples("Fit", "validation inputs", vx, vy); err != nil {
			return nil, err
		}
	case o.ValidationSplit > 0:
		vrows := int(math.Floor(float64(rows) * o.ValidationSplit))
		if vrows < 1 || vrows >= rows {
			return nil, fmt.Errorf("nn.Fit: validation split %g of %d samples leaves no validation or no training sample", o.ValidationSplit, rows)
		}
		cut := rows - vrows
		vx, vy = x.Slice(cut, rows), y.slice(cut, rows)
		x, y = x.Slice(0, cut), y.slice(0, cut)
	}
	tr := NewTrainer(n, opt, batch, o.Seed)
	tr.KeepOrder = o.NoShuffle
	h := &History{}
	for e := 1; e <= o.Epochs; e++ {
		for _, c := range o.Callbacks {
			c.OnEpochBegin(e)
		}
		progress := func(done int) {
			for _, c := range o.Callbacks {
				c.OnBatchEnd(e, done)
			}
		}
		start := time.Now()
		st := tr.EpochTargets(x, y, progress)
		log := EpochLog{Epoch: e, Samples: st.Samples, Loss: st.Loss, Accuracy: st.Acc, Seconds: time.Since(start).Seconds()}
		if vx != nil {
			log.Validated = true
			log.ValLoss, log.ValAccuracy = n.EvaluateTargets(vx, vy)
		}
		h.Epochs = append(h.Epochs, log)
		stop := false
		for _, c := range o.Callbacks {
			if c.OnEpochEnd(&h.Epochs[len(h.Epochs)-1]) {
				stop = true
			}
		}
		if stop {
			break
		}
	}
	return h, nil
}

// samples checks that x is a batch of samples of the network's input
// size with one target each, and returns their number.
func (n *Network) samples(fn, what string, x *tensor.Tensor, y Targets) (int, error) {
	if x == nil || x.Dims() < 2 {
		return 0, fmt.Errorf("nn.%s: %s must be a tensor of samples (rows first), got %v", fn, what, shapeOf(x))
	}
	rows, per := x.Dim(0), 1
	for i := 1; i < x.Dims(); i++ {
		per *= x.Dim(i)
	}
	if per != n.In() {
		return 0, fmt.Errorf("nn.%s: %s of shape %v have %d values per sample, the network takes %d", fn, what, x.Shape(), per, n.In())
	}
	switch {
	case y.Values != nil:
		if y.Values.Dims() != 2 || y.Values.Dim(0) != rows || y.Values.Dim(1) != n.Out() {
			return 0, fmt.Errorf("nn.%s: %d samples need %d×%d target values, have shape %v", fn, rows, rows, n.Out(), y.Values.Shape())
		}
	case len(y.Labels) != rows:
		return 0, fmt.Errorf("nn.%s: %d samples, %d labels", fn, rows, len(y.Labels))
	default:
		for i, l := range y.Labels {
			if uint(l) >= uint(n.Out()) {
				return 0, fmt.Errorf("nn.%s: label %d of sample %d outside [0, %d)", fn, l, i, n.Out())
			}
		}
	}
	return rows, nil
}

// shapeOf is t's shape, or "nil".
func shapeOf(t *tensor.Tensor) any {
	if t == nil {
		return "nil"
	}
	return t.Shape()
}
