package nn

import (
	"fmt"

	"github.com/gof32/gof32/kernels"
	"github.com/gof32/gof32/tensor"
)

// InferenceRows is the number of samples Predict, PredictProba and
// Evaluate push through the network at a time: large enough for the
// matrix products to run near full speed, small enough for the
// activations to stay in the L2 cache.
const InferenceRows = 256

// Network is a sequence of layers trained against a loss: by default
// softmax cross-entropy on the last layer's outputs (the logits), or
// categorical cross-entropy on probabilities when the last layer is a
// Softmax. Its inputs and outputs are tensors whose first dimension counts
// the samples: rows×In (or, for a network that starts with an image
// layer, any shape of In values per sample) in, rows×Out out.
//
// A Network keeps its activations in buffers that it reuses from call to
// call, so its methods allocate nothing in the steady state; for the same
// reason a Network must not be used by several goroutines at once.
type Network struct {
	layers []Layer
	loss   Loss
	params []*Param

	grad tensor.Buffer // dLoss/dout, rows×Out
	pred []int         // argmax per row
	tlab []int         // argmax per row of dense targets

	// unfusedParams are the parameters of the layers that cannot fold a
	// plain SGD update into their backward pass (all but Dense), which
	// the optimizer then updates; noFuse (tests only) keeps Forward and
	// TrainBatch on the unfused route, the reference.
	unfusedParams []*Param
	noFuse        bool

	dp *dataParallel // the data-parallel step's state (parallel.go)
}

// setPrefetcher gives p to the layers whose products drain it (Dense),
// or with nil takes it back and empties the data-parallel step's queues,
// so that no slice of the data set is held after an epoch.
func (n *Network) setPrefetcher(p *kernels.Prefetcher) {
	for _, l := range n.layers {
		if d, ok := l.(*Dense); ok {
			d.pf = p
		}
	}
	if p == nil && n.dp != nil {
		for i := range n.dp.slots {
			n.dp.slots[i].pf.Flush()
		}
	}
}

// denseFlops is the work of the dense layers' forward products on rows
// rows: about a third of what a training step's products draining a
// Prefetcher do (the forward products, then the input gradients and the
// weight updates).
func (n *Network) denseFlops(rows int) float64 {
	var f float64
	for _, l := range n.layers {
		if d, ok := l.(*Dense); ok {
			f += 2 * float64(rows) * float64(d.in) * float64(d.out)
		}
	}
	return f
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
	fuseConvPool(layers)
	n := &Network{layers: layers, loss: &SoftmaxCrossEntropy{}}
	if n.endsInSoftmax() {
		n.loss = &CategoricalCrossEntropy{}
	}
	for _, l := range layers {
		n.params = append(n.params, l.Params()...)
		if _, ok := l.(*Dense); !ok {
			n.unfusedParams = append(n.unfusedParams, l.Params()...)
		}
	}
	return n, nil
}

// NewMLP returns the multilayer perceptron sizes[0] → sizes[1] → … →
// sizes[last]: dense layers with a ReLU after each but the last, so that
// the network's outputs are logits. The weights are drawn in layer order
// from tensor.NewRand(seed) (see NewDense). The reference network is
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
	rng := tensor.NewRand(seed)
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

// In and Out are the numbers of values of one input and one output sample.
func (n *Network) In() int  { return n.layers[0].In() }
func (n *Network) Out() int { return n.layers[len(n.layers)-1].Out() }

// Loss returns the loss TrainStep and Evaluate use.
func (n *Network) Loss() Loss { return n.loss }

// SetLoss replaces the loss.
func (n *Network) SetLoss(l Loss) { n.loss = l }

// Forward runs a batch x (its first dimension counts the samples) through
// the network and returns its outputs, rows×Out, in a tensor valid until
// the next call.
//
// A Dense layer followed by a ReLU computes both in one pass: the ReLU is
// applied by the dense layer's product as it stores its output (see
// kernels.SgemmEpilogue), with the same results; the ReLU layer records
// that output for its backward pass.
func (n *Network) Forward(x *tensor.Tensor, train bool) *tensor.Tensor {
	batchRows("Network.Forward", x, n.In())
	y := x
	for i := 0; i < len(n.layers); i++ {
		if d, r := n.denseReLU(i); r != nil {
			y = d.forward(y, true)
			r.x, r.y = y, y // both positive at the same places
			i++
			continue
		}
		y = n.layers[i].Forward(y, train)
	}
	return y
}

// denseReLU returns layer i and the ReLU after it when the pair is
// computed as one (Forward, TrainBatch): a float32 Dense followed by a
// ReLU, unless noFuse.
func (n *Network) denseReLU(i int) (*Dense, *ReLU) {
	if n.noFuse || i+1 >= len(n.layers) {
		return nil, nil
	}
	d, ok := n.layers[i].(*Dense)
	if !ok || d.prec != Float32 {
		return nil, nil
	}
	r, ok := n.layers[i+1].(*ReLU)
	if !ok {
		return nil, nil
	}
	return d, r
}

// TrainStep runs one step of training on a batch x of len(labels)
// samples: forward, loss, backward, and the optimizer's update of every
// parameter. It returns the mean loss of the batch and the number of
// samples whose largest output was at their label, both from the forward
// pass, before the update.
func (n *Network) TrainStep(x *tensor.Tensor, labels []int, opt Optimizer) (loss float64, correct int) {
	return n.TrainBatch(x, Targets{Labels: labels}, opt)
}

// TrainBatch is TrainStep with targets of either form (labels, or values
// for a loss that regresses them); correct counts the rows whose largest
// output is at their label, 0 without labels.
//
// Dense targets count as the label of their largest value (Keras's
// categorical accuracy). When the last layer is a Softmax and the loss
// can start from its input (CategoricalCrossEntropy), the backward pass
// starts at the logits and skips the Softmax layer.
//
// A ReLU followed by a Dense layer is differentiated in one pass: the
// dense layer's product dx = dy·Wᵀ applies the ReLU's mask as it stores
// dx (same results). With plain SGD (an *SGD without momentum) the dense
// layers fold the update into their backward pass: W ← W − LR·xᵀ·dy is
// one matrix product, computed after dx has used the old W, so their
// weight gradients are not written (W.Grad keeps its contents). The
// rounding differs from a separate gradient and update, within the
// tolerance the paths already differ by; every other optimizer sees every
// gradient.
//
// With more than one thread (kernels.Threads), a network of float32 dense
// layers, each but the last optionally followed by a ReLU, trained on
// labels with SoftmaxCrossEntropy (or, after a final Softmax layer,
// CategoricalCrossEntropy), takes a data-parallel step when the
// batch has at least 16 rows: the threads split the batch's rows (at
// least 8 each) for the forward and backward passes, then the weights'
// rows for the update, each product on one thread (parallel.go).
// Otherwise the kernels split each large product among the threads.
func (n *Network) TrainBatch(x *tensor.Tensor, t Targets, opt Optimizer) (loss float64, correct int) {
	if parts := n.dataParallelParts(x, t); parts > 0 {
		return n.trainParallel(x, t.Labels, opt, parts, nil, nil, nil)
	}
	out := n.Forward(x, true)
	g := n.grad.Like(out)
	last := len(n.layers) - 1
	if sl, ok := n.loss.(softmaxLoss); ok && n.endsInSoftmax() {
		loss = sl.evalSoftmax(out, t, g)
		last--
		correct = n.countCorrect(out, t)
	} else if sce, ok := n.loss.(*SoftmaxCrossEntropy); ok && !n.noFuse && t.Labels != nil && out.Dims() == 2 {
		// The loss, its gradient and each row's prediction in one pass
		// over the logits after their softmax.
		rows := out.Dim(0)
		if cap(n.pred) < rows {
			n.pred = make([]int, rows)
			n.tlab = make([]int, rows)
		}
		pred := n.pred[:rows]
		loss = sce.eval(out, t, g, pred)
		for i, p := range pred {
			if p == t.Labels[i] {
				correct++
			}
		}
	} else {
		loss = n.loss.Eval(out, t, g)
		correct = n.countCorrect(out, t)
	}
	dy := g
	lr, sgd := n.fusedSGD(opt)
	for i := last; i >= 0; i-- {
		d, ok := n.layers[i].(*Dense)
		if !ok || n.noFuse {
			dy = n.layers[i].Backward(dy, i > 0)
			continue
		}
		var mask *tensor.Tensor
		if i > 0 {
			if r, ok := n.layers[i-1].(*ReLU); ok && r.y != nil && r.y.Dims() == 2 {
				mask = r.y
			}
		}
		dy = d.backward(dy, i > 0, mask, sgd, lr)
		if mask != nil {
			i-- // the ReLU's backward pass is done
		}
	}
	if sgd {
		opt.Step(n.unfusedParams)
	} else {
		opt.Step(n.params)
	}
	return loss, correct
}

// fusedSGD reports whether TrainBatch folds opt's update into the
// backward pass, and its learning rate: for plain SGD.
func (n *Network) fusedSGD(opt Optimizer) (lr float32, ok bool) {
	o, ok := opt.(*SGD)
	if !ok || n.noFuse || o.Momentum != 0 || o.Nesterov {
		return 0, false
	}
	return o.LR, true
}

// endsInSoftmax reports whether the last layer is a Softmax, whose outputs
// are probabilities.
func (n *Network) endsInSoftmax() bool {
	_, ok := n.layers[len(n.layers)-1].(*Softmax)
	return ok
}

// countCorrect counts the rows of out whose largest value is at their
// label, or at the largest value of their dense target row; 0 without
// targets.
func (n *Network) countCorrect(out *tensor.Tensor, t Targets) int {
	rows := out.Dim(0)
	if cap(n.pred) < rows {
		n.pred = make([]int, rows)
		n.tlab = make([]int, rows)
	}
	labels := t.Labels
	switch {
	case labels != nil:
	case t.Values != nil && rows > 0:
		labels = tensor.ArgmaxRows(n.tlab[:rows], t.Values)
	default:
		return 0
	}
	c := 0
	for i, p := range tensor.ArgmaxRows(n.pred[:rows], out) {
		if p == labels[i] {
			c++
		}
	}
	return c
}

// chunks calls f on the network's outputs for x in chunks of at most
// InferenceRows samples, with the first row of each chunk.
func (n *Network) chunks(fn string, x *tensor.Tensor, f func(lo int, out *tensor.Tensor)) int {
	rows := batchRows(fn, x, n.In())
	for lo := 0; lo < rows; lo += InferenceRows {
		hi := min(lo+InferenceRows, rows)
		xb := x
		if lo > 0 || hi < rows {
			xb = x.Slice(lo, hi)
		}
		f(lo, n.Forward(xb, false))
	}
	return rows
}

// Predict sets dst[i] to the index of the largest output for sample i of
// x, the predicted class, and returns dst; a nil dst is allocated,
// otherwise it must have room for every sample.
func (n *Network) Predict(dst []int, x *tensor.Tensor) []int {
	rows := batchRows("Predict", x, n.In())
	if dst == nil {
		dst = make([]int, rows)
	}
	if len(dst) < rows {
		panic(fmt.Sprintf("nn.Predict: %d samples, dst has room for %d", rows, len(dst)))
	}
	n.chunks("Predict", x, func(lo int, out *tensor.Tensor) {
		tensor.ArgmaxRows(dst[lo:lo+out.Dim(0)], out)
	})
	return dst[:rows]
}

// PredictProba sets dst, rows×Out, to the class probabilities of each
// sample of x (what Keras's predict returns for a classifier): the
// outputs of a final Softmax layer, otherwise the softmax of the outputs
// (logits). It returns dst; a nil dst is allocated.
func (n *Network) PredictProba(dst, x *tensor.Tensor) *tensor.Tensor {
	rows := batchRows("PredictProba", x, n.In())
	if dst == nil {
		dst = tensor.Zeros(rows, n.Out())
	}
	if dst.Dims() != 2 || dst.Dim(0) != rows || dst.Dim(1) != n.Out() {
		panic(fmt.Sprintf("nn.PredictProba: dst has shape %v, want [%d %d]", dst.Shape(), rows, n.Out()))
	}
	soft := n.endsInSoftmax()
	n.chunks("PredictProba", x, func(lo int, out *tensor.Tensor) {
		d := dst
		if r := out.Dim(0); r < rows {
			d = dst.Slice(lo, lo+r)
		}
		if soft {
			d.CopyFrom(out)
		} else {
			tensor.SoftmaxRows(d, out)
		}
	})
	return dst
}

// Evaluate returns the mean loss and the accuracy (the fraction of samples
// whose largest output is at their label) over the samples of x, one per
// label. Both are 0 for no sample.
func (n *Network) Evaluate(x *tensor.Tensor, labels []int) (loss, acc float64) {
	return n.EvaluateTargets(x, Targets{Labels: labels})
}

// EvaluateTargets is Evaluate with targets of either form (dense targets
// count as the label of their largest value).
func (n *Network) EvaluateTargets(x *tensor.Tensor, t Targets) (loss, acc float64) {
	t.check("Evaluate", batchRows("Evaluate", x, n.In()), n.Out())
	correct := 0
	rows := n.chunks("Evaluate", x, func(lo int, out *tensor.Tensor) {
		r := out.Dim(0)
		tb := t.slice(lo, lo+r)
		loss += n.loss.Eval(out, tb, nil) * float64(r)
		correct += n.countCorrect(out, tb)
	})
	if rows == 0 {
		return 0, 0
	}
	return loss / float64(rows), float64(correct) / float64(rows)
}

// slice returns the targets of rows lo..hi-1.
func (t Targets) slice(lo, hi int) Targets {
	if t.Values != nil {
		if lo == 0 && hi == t.Values.Dim(0) {
			return t
		}
		return Targets{Values: t.Values.Slice(lo, hi)}
	}
	return Targets{Labels: t.Labels[lo:hi]}
}
