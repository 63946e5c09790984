package nn

import (
	"fmt"
	"math/rand/v2"

	"github.com/gof32/gof32/kernels"
	"github.com/gof32/gof32/tensor"
)

// Trainer runs minibatch training epochs of a network on a data set held
// in memory. Each epoch visits the samples in a new order, drawn from the
// trainer's seeded generator, and gathers each batch (tensor.GatherRows)
// into buffers that are reused, so an epoch allocates nothing after the
// first. The rows of the next batch are queued on a kernels.Prefetcher
// (tensor.QueueRows) before each step, and the step's dense products hint
// them a few cache lines at a time between their tiles, so that their
// gather reads the cache, not memory. On the data-parallel step (see
// Network.TrainBatch) each thread gathers and queues its own rows.
type Trainer struct {
	Net   *Network
	Opt   Optimizer
	Batch int

	// KeepOrder makes every epoch visit the samples in their order
	// (Keras's shuffle=False) instead of a new random one.
	KeepOrder bool

	rng      *rand.Rand
	pf       kernels.Prefetcher // the next batch's rows (QueueRows)
	perm     []int
	rowShape []int // of the samples of the last epoch
	xb, vb   tensor.Buffer
	yb       []int
}

// EpochStats summarises one epoch.
type EpochStats struct {
	Samples int     // samples seen
	Loss    float64 // mean training loss over the samples
	Acc     float64 // fraction of samples classified right, each counted at its own step, before that step's update
}

// NewTrainer returns a trainer using batches of the given size and a
// shuffle generator derived from seed (a stream distinct from the weight
// initialisation of NewMLP with the same seed).
func NewTrainer(net *Network, opt Optimizer, batch int, seed uint64) *Trainer {
	if batch < 1 {
		panic(fmt.Sprintf("nn.NewTrainer: batch size %d", batch))
	}
	return &Trainer{Net: net, Opt: opt, Batch: batch,
		rng: rand.New(rand.NewPCG(seed, 0x5851f42d4c957f2d)),
		yb:  make([]int, batch)}
}

// Epoch trains on every sample of x (one per label) once, in a freshly
// shuffled order, in batches of t.Batch samples, the last batch holding
// the remainder. progress, unless nil, is called after each batch with
// the number of samples done so far.
func (t *Trainer) Epoch(x *tensor.Tensor, labels []int, progress func(done int)) EpochStats {
	return t.EpochTargets(x, Targets{Labels: labels}, progress)
}

// EpochTargets is Epoch with targets of either form: labels, or a
// samples×Out matrix of values (one-hot rows, say), gathered batch by
// batch like the inputs.
func (t *Trainer) EpochTargets(x *tensor.Tensor, tg Targets, progress func(done int)) EpochStats {
	n := batchRows("Trainer.Epoch", x, t.Net.In())
	tg.check("Trainer.Epoch", n, t.Net.Out())
	t.rowShape = t.rowShape[:0]
	for i := 1; i < x.Dims(); i++ {
		t.rowShape = append(t.rowShape, x.Dim(i))
	}
	if cap(t.perm) < n {
		t.perm = make([]int, n)
	}
	if len(t.yb) < t.Batch {
		t.yb = make([]int, t.Batch)
	}
	perm := t.perm[:n]
	for i := range perm {
		perm[i] = i
	}
	if !t.KeepOrder {
		t.rng.Shuffle(n, func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
	}

	var lossSum float64
	correct := 0
	t.Net.setPrefetcher(&t.pf)
	defer func() {
		t.Net.setPrefetcher(nil)
		t.pf.Flush()
	}()
	for lo := 0; lo < n; lo += t.Batch {
		rows := min(t.Batch, n-lo)
		idx := perm[lo : lo+rows]
		next := perm[lo+rows : min(lo+rows+t.Batch, n)]
		var tb Targets
		if tg.Values != nil {
			tb.Values = tensor.GatherRows(t.vb.Rows(rows, t.Net.Out()), tg.Values, idx)
		} else {
			tb.Labels = t.yb[:rows]
			for r, i := range idx {
				tb.Labels[r] = tg.Labels[i]
			}
		}
		xb := t.xb.Rows(rows, t.rowShape...)
		var loss float64
		var c int
		if parts := t.Net.dataParallelParts(xb, tb); parts > 0 && !x.IsTransposed() {
			// The parts gather their rows and queue the next batch's.
			loss, c = t.Net.trainParallel(xb, tb.Labels, t.Opt, parts, x, idx, next)
		} else {
			t.pf.Flush() // the lines the products did not get to
			tensor.GatherRows(xb, x, idx)
			// The next batch's rows load while this one trains: queued,
			// and hinted by the products of the forward pass, a few
			// lines between tiles (the same lines hinted at once would
			// hold up the step until they arrive).
			tensor.QueueRows(&t.pf, x, next)
			t.pf.Spread(t.Net.denseFlops(rows))
			loss, c = t.Net.TrainBatch(xb, tb, t.Opt)
		}
		lossSum += loss * float64(rows)
		correct += c
		if progress != nil {
			progress(lo + rows)
		}
	}
	if n == 0 {
		return EpochStats{}
	}
	return EpochStats{Samples: n, Loss: lossSum / float64(n), Acc: float64(correct) / float64(n)}
}
