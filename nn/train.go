package nn

import (
	"fmt"
	"math/rand/v2"
)

// Trainer runs minibatch training epochs of a network on a data set held
// in memory. Each epoch visits the samples in a new order, drawn from the
// trainer's seeded generator, and gathers each batch into buffers that are
// allocated once, so an epoch allocates nothing after the first.
type Trainer struct {
	Net   *Network
	Opt   Optimizer
	Batch int

	// KeepOrder makes every epoch visit the samples in their order
	// (Keras's shuffle=False) instead of a new random one.
	KeepOrder bool

	rng  *rand.Rand
	perm []int32
	xb   []float32
	yb   []int
	vb   []float32 // dense targets of a batch, allocated at the first use
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
	t := &Trainer{Net: net, Opt: opt, Batch: batch,
		rng: rand.New(rand.NewPCG(seed, 0x5851f42d4c957f2d))}
	t.xb = make([]float32, batch*net.In())
	t.yb = make([]int, batch)
	net.Reserve(batch)
	return t
}

// Epoch trains on every sample of x (len(labels)×In) once, in a freshly
// shuffled order, in batches of t.Batch samples, the last batch holding the
// remainder. progress, unless nil, is called after each batch with the
// number of samples done so far.
func (t *Trainer) Epoch(x []float32, labels []int, progress func(done int)) EpochStats {
	return t.EpochTargets(x, len(labels), Targets{Labels: labels}, progress)
}

// EpochTargets is Epoch for n samples with targets of either form: labels,
// or an n×Out matrix of values (one-hot rows, say), gathered batch by
// batch like the inputs.
func (t *Trainer) EpochTargets(x []float32, n int, tg Targets, progress func(done int)) EpochStats {
	in, cols := t.Net.In(), t.Net.Out()
	checkRows("Trainer.Epoch", x, n, in)
	tg.check("Trainer.Epoch", n, cols)
	if tg.Values != nil && len(t.vb) < t.Batch*cols {
		t.vb = make([]float32, t.Batch*cols)
	}
	if n > 1<<31-1 {
		panic("nn.Trainer.Epoch: too many samples")
	}
	if cap(t.perm) < n {
		t.perm = make([]int32, n)
	}
	perm := t.perm[:n]
	for i := range perm {
		perm[i] = int32(i)
	}
	if !t.KeepOrder {
		t.rng.Shuffle(n, func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
	}

	var lossSum float64
	correct := 0
	for lo := 0; lo < n; lo += t.Batch {
		rows := min(t.Batch, n-lo)
		xb := t.xb[:rows*in]
		var tb Targets
		if tg.Values != nil {
			tb.Values = t.vb[:rows*cols]
		} else {
			tb.Labels = t.yb[:rows]
		}
		for r, idx := range perm[lo : lo+rows] {
			i := int(idx)
			copy(xb[r*in:(r+1)*in], x[i*in:(i+1)*in])
			if tg.Values != nil {
				copy(tb.Values[r*cols:(r+1)*cols], tg.Values[i*cols:(i+1)*cols])
			} else {
				tb.Labels[r] = tg.Labels[i]
			}
		}
		loss, c := t.Net.TrainBatch(xb, rows, tb, t.Opt)
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
