package nn

import (
	"fmt"
	"math"
	"time"
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
	ValidationX     []float32
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

// Fit trains the network on the samples x (rows×In) with targets y
// (labels, or rows×Out values such as OneHot's) using opt, as Keras's
// Model.fit: o.Epochs epochs of minibatches of o.BatchSize samples,
// shuffled each epoch unless o.NoShuffle, validated after each epoch on
// the held-out or given validation samples. It returns the history of the
// epochs run. Steps allocate nothing after the first (see Trainer).
func (n *Network) Fit(x []float32, y Targets, opt Optimizer, o FitOptions) (*History, error) {
	in, cols := n.In(), n.Out()
	if len(x)%in != 0 {
		return nil, fmt.Errorf("nn.Fit: %d input values are not a whole number of rows of %d", len(x), in)
	}
	rows := len(x) / in
	if y.Values != nil {
		if len(y.Values) != rows*cols {
			return nil, fmt.Errorf("nn.Fit: %d samples need %d target values, have %d", rows, rows*cols, len(y.Values))
		}
	} else if len(y.Labels) != rows {
		return nil, fmt.Errorf("nn.Fit: %d samples, %d labels", rows, len(y.Labels))
	}
	if o.Epochs < 0 || o.BatchSize < 0 || !(o.ValidationSplit >= 0 && o.ValidationSplit < 1) {
		return nil, fmt.Errorf("nn.Fit: invalid epochs %d, batch size %d or validation split %g", o.Epochs, o.BatchSize, o.ValidationSplit)
	}
	batch := o.BatchSize
	if batch == 0 {
		batch = 32
	}
	var vx []float32
	var vy Targets
	vrows := 0
	switch {
	case o.ValidationX != nil:
		vx, vy = o.ValidationX, o.ValidationY
		if len(vx)%in != 0 {
			return nil, fmt.Errorf("nn.Fit: %d validation values are not a whole number of rows of %d", len(vx), in)
		}
		vrows = len(vx) / in
		if vy.Values != nil && len(vy.Values) != vrows*cols || vy.Values == nil && len(vy.Labels) != vrows {
			return nil, fmt.Errorf("nn.Fit: the %d validation samples do not have as many targets", vrows)
		}
	case o.ValidationSplit > 0:
		vrows = int(math.Floor(float64(rows) * o.ValidationSplit))
		if vrows < 1 || vrows >= rows {
			return nil, fmt.Errorf("nn.Fit: validation split %g of %d samples leaves no validation or no training sample", o.ValidationSplit, rows)
		}
		cut := rows - vrows
		vx, vy = x[cut*in:], y.slice(cut, rows, cols)
		x, y = x[:cut*in], y.slice(0, cut, cols)
		rows = cut
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
		st := tr.EpochTargets(x, rows, y, progress)
		log := EpochLog{Epoch: e, Samples: st.Samples, Loss: st.Loss, Accuracy: st.Acc, Seconds: time.Since(start).Seconds()}
		if vrows > 0 {
			log.Validated = true
			log.ValLoss, log.ValAccuracy = n.EvaluateTargets(vx, vrows, vy)
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
