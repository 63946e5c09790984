package nn

import (
	"github.com/gof32/gof32/kernels"
	"github.com/gof32/gof32/tensor"
)

// The data-parallel training step.
//
// With more than one thread (kernels.Threads), TrainBatch splits the
// minibatch of a network of dense layers (each optionally followed by a
// ReLU) trained with softmax cross-entropy on labels (on the logits, or
// after a final softmax layer as categorical cross-entropy), rather than
// each of its matrix products: a step is two kernels.Parallel calls of one
// part per thread.
//
//   - Rows: part p takes the rows [p·rows/P, (p+1)·rows/P) of the batch
//     through the whole forward pass, the loss (its gradient scaled by the
//     whole batch's 1/rows) and the backward pass down to the input
//     gradient of the second layer. All of it is row by row and reads the
//     weights of the last step, so the parts need nothing from each other.
//   - Weights: part p updates the rows [p·in/P, (p+1)·in/P) of each
//     layer's weights and the columns [p·out/P, (p+1)·out/P) of its bias,
//     from the whole batch: W ← W − lr·Xᵀ·dY over those rows (one product
//     with k = rows, as on one thread) and the bias from dY's column sums,
//     for plain SGD; for other optimizers the gradients, which the
//     optimizer then applies (its update split by kernels as usual).
//
// The activations and gradients of the whole batch are the layers' own
// buffers, each part writing its rows of them, so that the second call
// reads every part's rows as one matrix: no reduction buffer, and the
// weight products keep the full batch as their k. Inside a part the
// products run unsplit (kernels.SgemmEpilogueSerial).
//
// Against splitting every product (the route of one thread, each product
// large enough split by the kernels), a step synchronises the threads
// twice instead of once per split product (five for the reference
// network), and the work no product split reaches (the small products of
// the last layer, the bias, the loss, the gathering of rows for each
// product's split) runs on every thread too.
//
// Results depend on the path and the number of parts, which depends on
// the thread count and the batch size only (never on timing: a part's
// rows and arithmetic are fixed, whichever goroutine runs it); they differ
// from one thread's by rounding (the products of fewer rows may take
// other blocks).

// minPartRows is the least number of batch rows per part: a product of
// fewer rows wastes most of a register tile.
const minPartRows = 8

// dataParallel is a network's state for the data-parallel step, kept
// between steps so that a step allocates nothing.
type dataParallel struct {
	layers []dpLayer
	slots  []dpSlot // one per part

	// The current step.
	update          bool // which of the two calls (Part)
	parts, rows     int
	labels, pred    []int
	losses          []float64 // of each row
	sgd             bool
	lr              float32
	rowWork, upWork float64

	// With a final Softmax layer (CategoricalCrossEntropy), its output,
	// the probabilities, and the loss; nil for SoftmaxCrossEntropy on the
	// logits.
	probs []float32
	cce   *CategoricalCrossEntropy

	// When src is not nil, the parts gather their rows of the batch
	// (rows idx of src) before they run them, and prefetch their share
	// of the next batch's rows, next (Trainer).
	src       *tensor.Tensor
	idx, next []int
}

// dpLayer is a dense layer of the step, with its operands for the
// current batch (whole-batch matrices, dense rows).
type dpLayer struct {
	d      *Dense
	relu   *ReLU // the ReLU after d, or nil
	x      []float32
	ldx    int
	y      []float32 // d's output (after the ReLU)
	dy, dx []float32 // the gradients of d's output and input (dx nil for the first layer)
}

// dpSlot is a part's own state, a cache line or more apart from the
// next part's.
type dpSlot struct {
	ep kernels.Epilogue
	pf kernels.Prefetcher // the part's rows of the next batch
	_  [64]byte
}

// dataParallelParts returns the number of parts the data-parallel step
// would split a batch of x into, or 0 when the step is not for this
// network, batch, targets and optimizer: fewer than two parts, layers
// other than float32 Dense layers each but the last optionally followed
// by a ReLU (and, with CategoricalCrossEntropy, a final Softmax), a loss
// other than SoftmaxCrossEntropy or CategoricalCrossEntropy on labels, or
// noFuse.
func (n *Network) dataParallelParts(x *tensor.Tensor, t Targets) int {
	if n.noFuse || t.Labels == nil || x.Dims() != 2 || x.IsTransposed() {
		return 0
	}
	parts := min(kernels.Threads(), x.Dim(0)/minPartRows)
	if parts < 2 {
		return 0
	}
	chain := len(n.layers) // the dense layers and ReLUs
	switch n.loss.(type) {
	case *SoftmaxCrossEntropy:
	case *CategoricalCrossEntropy:
		if !n.endsInSoftmax() {
			return 0
		}
		chain--
	default:
		return 0
	}
	if chain == 0 {
		return 0
	}
	for i := 0; i < chain; i++ {
		d, ok := n.layers[i].(*Dense)
		if !ok || d.prec != Float32 {
			return 0
		}
		if _, r := n.denseReLU(i); r != nil && i+1 < chain-1 {
			i++
		} else if r != nil {
			return 0 // the logits through a ReLU: not this step's
		}
	}
	return parts
}

// trainParallel is TrainBatch's data-parallel step in parts parts (see
// dataParallelParts). When src is not nil (a matrix, not a transposed
// view), x is a buffer for the batch that the parts fill with rows idx of
// src (as tensor.GatherRows), each its own rows, and the parts queue
// their rows of next for the next step (as tensor.QueueRows), which
// their products hint.
func (n *Network) trainParallel(x *tensor.Tensor, labels []int, opt Optimizer, parts int, src *tensor.Tensor, idx, next []int) (loss float64, correct int) {
	rows := matrixRows("Network.TrainBatch", x, n.In())
	out := n.Out()
	Targets{Labels: labels}.check("Network.TrainBatch", rows, out)
	s := n.dp
	if s == nil {
		s = &dataParallel{}
		n.dp = s
	}
	if len(s.slots) < parts {
		s.slots = make([]dpSlot, parts)
	}
	if cap(n.pred) < rows {
		n.pred = make([]int, rows)
		n.tlab = make([]int, rows)
	}
	if cap(s.losses) < rows {
		s.losses = make([]float64, rows)
	}
	s.layers = s.layers[:0]
	s.rowWork, s.upWork = 0, 0
	in, ldin := x.Data(), x.Stride()
	xt := x
	chain := len(n.layers)
	s.probs, s.cce = nil, nil
	if sm, ok := n.layers[chain-1].(*Softmax); ok {
		chain--
		sm.y = sm.out.Rows(rows, out)
		s.probs, s.cce = sm.y.Data(), n.loss.(*CategoricalCrossEntropy)
	}
	for i := 0; i < chain; i++ {
		d := n.layers[i].(*Dense)
		l := dpLayer{d: d, x: in, ldx: ldin}
		_, l.relu = n.denseReLU(i)
		d.x = xt
		y := d.y.Rows(rows, d.out)
		if l.relu != nil {
			l.relu.x, l.relu.y = y, y
			i++
		}
		l.y = y.Data()
		if len(s.layers) > 0 {
			l.dx = d.dx.Rows(rows, d.in).Data()
			s.layers[len(s.layers)-1].dy = l.dx
		}
		flops := 2 * float64(rows) * float64(d.in) * float64(d.out)
		s.rowWork += flops
		if l.dx != nil {
			s.rowWork += flops
		}
		s.upWork += flops
		s.layers = append(s.layers, l)
		in, ldin, xt = l.y, d.out, y
	}
	s.layers[len(s.layers)-1].dy = n.grad.Rows(rows, out).Data()
	s.parts, s.rows = parts, rows
	s.labels, s.pred, s.losses = labels, n.pred[:rows], s.losses[:rows]
	s.lr, s.sgd = n.fusedSGD(opt)
	s.src, s.idx, s.next = src, idx, next

	s.update = false
	kernels.Parallel(parts, s.rowWork, s)
	// The loss summed in the order of the rows, as on one thread.
	for i, p := range s.pred {
		loss += s.losses[i]
		if p == labels[i] {
			correct++
		}
	}
	s.update = true
	kernels.Parallel(parts, s.upWork, s)
	if !s.sgd {
		opt.Step(n.params)
	}
	s.labels, s.pred, s.src, s.idx, s.next = nil, nil, nil, nil, nil
	s.probs, s.cce = nil, nil
	return loss / float64(rows), correct
}

// Part runs part p of the current call: its rows of the batch, or its
// rows of the weights.
func (s *dataParallel) Part(p int) {
	if s.update {
		s.updatePart(p)
	} else {
		s.rowPart(p)
	}
}

// rowPart runs rows lo..hi-1 of the batch forward, through the loss and
// back down to the second layer's input gradient.
func (s *dataParallel) rowPart(p int) {
	lo, hi := p*s.rows/s.parts, (p+1)*s.rows/s.parts
	r := hi - lo
	ep := &s.slots[p].ep
	var pf *kernels.Prefetcher
	if s.src != nil {
		// As the Trainer's step (train.go): the lines the last step's
		// products did not hint, the gather, the next rows queued and
		// spread over the forward products.
		pf = &s.slots[p].pf
		pf.Flush()
		in := s.layers[0]
		d, ld, cols := s.src.Data(), s.src.Stride(), in.d.in
		for i := lo; i < hi; i++ {
			copy(in.x[i*in.ldx:i*in.ldx+cols], d[s.idx[i]*ld:s.idx[i]*ld+cols])
		}
		k := len(s.next)
		tensor.QueueRows(pf, s.src, s.next[p*k/s.parts:(p+1)*k/s.parts])
		// The forward products of these rows: the update's work (one
		// product of the batch per layer) in proportion.
		pf.Spread(s.upWork * float64(r) / float64(s.rows))
	}
	for i := range s.layers {
		l := &s.layers[i]
		d := l.d
		*ep = kernels.Epilogue{Bias: d.b.Value.Data(), Relu: l.relu != nil, Prefetch: pf}
		kernels.SgemmEpilogueSerial(false, false, r, d.out, d.in, 1, l.x[lo*l.ldx:], l.ldx,
			d.w.Value.Data(), d.out, 0, l.y[lo*d.out:], d.out, ep)
	}
	last := &s.layers[len(s.layers)-1]
	out := last.d.out
	if s.cce == nil {
		kernels.SoftmaxRows(r, out, last.y[lo*out:], out, last.dy[lo*out:], out)
		sceRows(last.y[lo*out:], out, last.dy[lo*out:], out, true, out,
			s.labels[lo:hi], s.pred[lo:hi], s.losses[lo:hi], 1/float32(s.rows))
	} else {
		probs := s.probs[lo*out : hi*out]
		kernels.SoftmaxRows(r, out, last.y[lo*out:], out, probs, out)
		kernels.ArgmaxRows(s.pred[lo:hi], r, out, probs, out)
		s.cce.rows(probs, last.dy[lo*out:hi*out], out, s.labels[lo:hi], s.losses[lo:hi], 1/float32(s.rows))
	}
	for i := len(s.layers) - 1; i > 0; i-- {
		l := &s.layers[i]
		d := l.d
		*ep = kernels.Epilogue{Prefetch: pf}
		if prev := &s.layers[i-1]; prev.relu != nil {
			*ep = kernels.Epilogue{Mask: prev.y[lo*d.in:], LDMask: d.in, Prefetch: pf}
		}
		kernels.SgemmEpilogueSerial(false, true, r, d.in, d.out, 1, l.dy[lo*d.out:], d.out,
			d.w.Value.Data(), d.out, 0, l.dx[lo*d.in:], d.in, ep)
	}
	*ep = kernels.Epilogue{}
}

// updatePart updates (or, for an optimizer other than plain SGD, computes
// the gradients of) the rows in·p/parts.. of every layer's weights and
// the columns out·p/parts.. of its bias, from the whole batch.
func (s *dataParallel) updatePart(p int) {
	for i := range s.layers {
		l := &s.layers[i]
		d := l.d
		a, b := p*d.in/s.parts, (p+1)*d.in/s.parts
		// W ← W − lr·Xᵀ·dY for plain SGD, else dW = Xᵀ·dY.
		alpha, beta, w := float32(1), float32(0), d.w.Grad
		if s.sgd {
			alpha, beta, w = -s.lr, 1, d.w.Value
		}
		kernels.SgemmEpilogueSerial(true, false, b-a, d.out, s.rows, alpha, l.x[a:], l.ldx,
			l.dy, d.out, beta, w.Data()[a*d.out:], d.out, nil)
		c0, c1 := p*d.out/s.parts, (p+1)*d.out/s.parts
		db := d.b.Grad.Data()[c0:c1]
		kernels.ColumnSums(db, s.rows, c1-c0, l.dy[c0:], d.out)
		if s.sgd {
			kernels.SGD(s.lr, d.b.Value.Data()[c0:c1], db)
		}
	}
}
