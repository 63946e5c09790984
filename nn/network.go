package nn

import (
	"fmt"
	"math/rand/v2"

	"github.com/gof32/gof32/kernels"
)

// InferenceRows is the number of samples Predict, Probabilities and
// Evaluate push through the network at a time: large enough for the
// matrix products to run near full speed, small enough for the
// activations to stay in the L2 cache.
const InferenceRows = 256

// Network is a sequence of layers trained against a loss: by default
// softmax cross-entropy on the last layer's outputs (the logits), or
// categorical cross-entropy on probabilities when the last layer is a
// Softmax.
//
// A Network keeps its activations in buffers that it reuses from call to
// call, so its methods allocate nothing in the steady state; for the same
// reason a Network must not be used by several goroutines at once.
type Network struct {
	layers []Layer
	loss   Loss
	params []*Param

	reserved int       // rows the layers have room for
	grad     []float32 // dLoss/dlogits, rows×Out
	pred     []int     // argmax per row
	tlab     []int     // argmax per row of dense targets
}

// NewNetwork chains layers into a network; each layer's input width must
// be the previous layer's output width.
func NewNetwork(layers ...Layer) (*Network, error) {
	if len(layers) == 0 {
		return nil, fmt.Errorf("nn: a network needs at least one layer")
	}
	for i := 1; i < len(layers); i++ {
		if layers[i].In() != layers[i-1].Out() {
			return nil, fmt.Errorf("nn: layer %d (%v) takes rows of %d, layer %d (%v) gives %d",
				i, layers[i].Spec(), layers[i].In(), i-1, layers[i-1].Spec(), layers[i-1].Out())
		}
	}
	n := &Network{layers: layers, loss: &SoftmaxCrossEntropy{}}
	if n.endsInSoftmax() {
		n.loss = &CategoricalCrossEntropy{}
	}
	for _, l := range layers {
		n.params = append(n.params, l.Params()...)
	}
	n.Reserve(InferenceRows)
	return n, nil
}

// NewRand returns the random generator gof32 uses for a seed: PCG from
// math/rand/v2, whose sequence for a given seed is fixed.
func NewRand(seed uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
}

// NewMLP returns the multilayer perceptron sizes[0] → sizes[1] → … →
// sizes[last]: dense layers with a ReLU after each but the last, so that
// the network's outputs are logits. The weights are drawn in layer order
// from NewRand(seed) (see NewDense). The textbook network is
// NewMLP(216091, 784, 100, 200, 10).
func NewMLP(seed uint64, sizes ...int) (*Network, error) {
	if len(sizes) < 2 {
		return nil, fmt.Errorf("nn: an MLP needs at least two sizes, got %v", sizes)
	}
	for _, s := range sizes {
		if s < 1 {
			return nil, fmt.Errorf("nn: invalid MLP sizes %v", sizes)
		}
	}
	rng := NewRand(seed)
	var layers []Layer
	for i := 1; i < len(sizes); i++ {
		layers = append(layers, NewDense(sizes[i-1], sizes[i], rng))
		if i < len(sizes)-1 {
			layers = append(layers, NewReLU(sizes[i]))
		}
	}
	return NewNetwork(layers...)
}

// Layers returns the network's layers (the network's own slice).
func (n *Network) Layers() []Layer { return n.layers }

// Params returns every trainable parameter, layer after layer.
func (n *Network) Params() []*Param { return n.params }

// In and Out are the widths of the network's input and output rows.
func (n *Network) In() int  { return n.layers[0].In() }
func (n *Network) Out() int { return n.layers[len(n.layers)-1].Out() }

// Loss returns the loss TrainStep and Evaluate use.
func (n *Network) Loss() Loss { return n.loss }

// SetLoss replaces the loss.
func (n *Network) SetLoss(l Loss) { n.loss = l }

// Reserve makes room for batches of up to rows samples, so that no
// later call with at most that many rows allocates.
func (n *Network) Reserve(rows int) {
	if rows <= n.reserved {
		return
	}
	for _, l := range n.layers {
		l.Reserve(rows)
	}
	n.grad = grow(n.grad, rows*n.Out())
	if cap(n.pred) < rows {
		n.pred = make([]int, rows)
		n.tlab = make([]int, rows)
	}
	n.reserved = rows
}

// Forward runs rows samples (x is rows×In) through the network and
// returns its outputs, rows×Out, in a buffer valid until the next call.
func (n *Network) Forward(x []float32, rows int, train bool) []float32 {
	checkRows("Network.Forward", x, rows, n.In())
	n.Reserve(rows)
	y := x[:rows*n.In()]
	for _, l := range n.layers {
		y = l.Forward(y, rows, train)
	}
	return y
}

// TrainStep runs one step of training on a batch of len(labels) samples
// (x is len(labels)×In): forward, loss, backward, and the optimizer's
// update of every parameter. It returns the mean loss of the batch and the
// number of samples whose largest output was at their label, both from
// the forward pass, before the update.
func (n *Network) TrainStep(x []float32, labels []int, opt Optimizer) (loss float64, correct int) {
	return n.TrainBatch(x, len(labels), Targets{Labels: labels}, opt)
}

// TrainBatch is TrainStep for rows samples with targets of either form
// (labels, or values for a loss that regresses them); correct counts the
// rows whose largest output is at their label, 0 without labels.
//
// Dense targets count as the label of their largest value (Keras's
// categorical accuracy). When the last layer is a Softmax and the loss
// can start from its input (CategoricalCrossEntropy), the backward pass
// starts at the logits and skips the Softmax layer.
func (n *Network) TrainBatch(x []float32, rows int, t Targets, opt Optimizer) (loss float64, correct int) {
	out := n.Forward(x, rows, true)
	cols := n.Out()
	g := n.grad[:rows*cols]
	last := len(n.layers) - 1
	if sl, ok := n.loss.(softmaxLoss); ok && n.endsInSoftmax() {
		loss = sl.evalSoftmax(out, rows, cols, t, g)
		last--
	} else {
		loss = n.loss.Eval(out, rows, cols, t, g)
	}
	correct = n.countCorrect(out, rows, t)
	dy := g
	for i := last; i >= 0; i-- {
		dy = n.layers[i].Backward(dy, rows, i > 0)
	}
	opt.Step(n.params)
	return loss, correct
}

// endsInSoftmax reports whether the last layer is a Softmax, whose outputs
// are probabilities.
func (n *Network) endsInSoftmax() bool {
	_, ok := n.layers[len(n.layers)-1].(*Softmax)
	return ok
}

// countCorrect counts the rows whose largest output is at their label, or
// at the largest value of their dense target row; 0 without targets.
func (n *Network) countCorrect(out []float32, rows int, t Targets) int {
	cols := n.Out()
	labels := t.Labels
	switch {
	case labels != nil:
	case len(t.Values) >= rows*cols && rows > 0:
		labels = n.tlab[:rows]
		kernels.ArgmaxRows(labels, rows, cols, t.Values, cols)
	default:
		return 0
	}
	pred := n.pred[:rows]
	kernels.ArgmaxRows(pred, rows, cols, out, cols)
	c := 0
	for i, p := range pred {
		if p == labels[i] {
			c++
		}
	}
	return c
}

// rowsOf returns the number of rows in x, which must be a whole number of
// rows of width w.
func rowsOf(fn string, x []float32, w int) int {
	if len(x)%w != 0 {
		panic(fmt.Sprintf("nn.%s: %d values are not a whole number of rows of %d", fn, len(x), w))
	}
	return len(x) / w
}

// Predict sets dst[i] to the index of the largest output for sample i of
// x (len(x)/In samples): the predicted class.
func (n *Network) Predict(dst []int, x []float32) {
	rows, in, cols := rowsOf("Predict", x, n.In()), n.In(), n.Out()
	if len(dst) < rows {
		panic(fmt.Sprintf("nn.Predict: %d samples, dst has room for %d", rows, len(dst)))
	}
	for lo := 0; lo < rows; lo += InferenceRows {
		r := min(InferenceRows, rows-lo)
		out := n.Forward(x[lo*in:(lo+r)*in], r, false)
		kernels.ArgmaxRows(dst[lo:lo+r], r, cols, out, cols)
	}
}

// Probabilities sets dst (len(x)/In × Out) to the class probabilities of
// each sample of x (what Keras's predict returns): the outputs of a final
// Softmax layer, otherwise the softmax of the outputs (logits).
func (n *Network) Probabilities(dst, x []float32) {
	rows, in, cols := rowsOf("Probabilities", x, n.In()), n.In(), n.Out()
	checkRows("Probabilities", dst, rows, cols)
	soft := n.endsInSoftmax()
	for lo := 0; lo < rows; lo += InferenceRows {
		r := min(InferenceRows, rows-lo)
		out := n.Forward(x[lo*in:(lo+r)*in], r, false)
		if soft {
			copy(dst[lo*cols:(lo+r)*cols], out)
		} else {
			kernels.SoftmaxRows(r, cols, out, cols, dst[lo*cols:(lo+r)*cols], cols)
		}
	}
}

// PredictProba returns the len(x)/In × Out class probabilities of the
// samples of x in a new slice (Probabilities, allocating its result).
func (n *Network) PredictProba(x []float32) []float32 {
	dst := make([]float32, rowsOf("PredictProba", x, n.In())*n.Out())
	n.Probabilities(dst, x)
	return dst
}

// Evaluate returns the mean loss and the accuracy (the fraction of samples
// whose largest output is at their label) over the len(labels) samples of
// x. Both are 0 for no sample.
func (n *Network) Evaluate(x []float32, labels []int) (loss, acc float64) {
	return n.EvaluateTargets(x, len(labels), Targets{Labels: labels})
}

// EvaluateTargets is Evaluate for rows samples with targets of either
// form (dense targets count as the label of their largest value).
func (n *Network) EvaluateTargets(x []float32, rows int, t Targets) (loss, acc float64) {
	in, cols := n.In(), n.Out()
	checkRows("Evaluate", x, rows, in)
	if rows == 0 {
		return 0, 0
	}
	correct := 0
	for lo := 0; lo < rows; lo += InferenceRows {
		r := min(InferenceRows, rows-lo)
		out := n.Forward(x[lo*in:(lo+r)*in], r, false)
		tb := t.slice(lo, lo+r, cols)
		loss += n.loss.Eval(out, r, cols, tb, nil) * float64(r)
		correct += n.countCorrect(out, r, tb)
	}
	return loss / float64(rows), float64(correct) / float64(rows)
}

// slice returns the targets of rows lo..hi-1.
func (t Targets) slice(lo, hi, cols int) Targets {
	if t.Labels != nil {
		return Targets{Labels: t.Labels[lo:hi]}
	}
	return Targets{Values: t.Values[lo*cols : hi*cols]}
}
