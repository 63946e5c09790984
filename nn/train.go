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

	rng  *rand.Rand
	perm []int32
	xb   []float32
	yb   []int
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
	n, in := len(labels), t.Net.In()
	checkRows("Trainer.Epoch", x, n, in)
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
	t.rng.Shuffle(n, func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })

	var lossSum float64
	correct := 0
	for lo := 0; lo < n; lo += t.Batch {
		rows := min(t.Batch, n-lo)
		xb, yb := t.xb[:rows*in], t.yb[:rows]
		for r, idx := range perm[lo : lo+rows] {
			i := int(idx)
			copy(xb[r*in:(r+1)*in], x[i*in:(i+1)*in])
			yb[r] = labels[i]
		}
		loss, c := t.Net.TrainStep(xb, yb, t.Opt)
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
