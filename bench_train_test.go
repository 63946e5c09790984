package gof32_test

import (
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/gof32/gof32/kernels"
	"github.com/gof32/gof32/nn"
	"github.com/gof32/gof32/tensor"
)

// The training benchmarks: the textbook network 784-100-200-10 trained with
// minibatch SGD (batch 32, learning rate 0.1) on synthetic data of
// MNIST's shape. Only the arithmetic matters for speed, so the data are
// random pixels in [0, 1] with random labels.

const (
	benchSamples = 50000 // one epoch of the textbook's training split
	benchBatch   = 32
	benchSeed    = 216091
)

var benchData = sync.OnceValues(func() (*tensor.Tensor, []int) { return syntheticDigits(1, benchSamples) })

// syntheticDigits returns n random MNIST-shaped samples (n×784 pixels in
// [0, 1] in steps of 1/255) and labels, drawn from seed: the benchmarks'
// data, the same work as MNIST's without its files.
func syntheticDigits(seed uint64, n int) (*tensor.Tensor, []int) {
	rng := tensor.NewRand(seed)
	x := make([]float32, n*784)
	for i := range x {
		x[i] = float32(rng.IntN(256)) / 255
	}
	y := make([]int, n)
	for i := range y {
		y[i] = rng.IntN(10)
	}
	return tensor.New(x, n, 784), y
}

func withPath(b *testing.B, name string) {
	b.Helper()
	if !slices.Contains(kernels.Paths(), name) {
		b.Skipf("path %s is not available on this CPU and build (available: %v)", name, kernels.Paths())
	}
	saved := kernels.Path()
	if err := kernels.SetPath(name); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { kernels.SetPath(saved) })
}

func withThreads(b *testing.B, n int) {
	saved := kernels.SetThreads(n)
	b.Cleanup(func() { kernels.SetThreads(saved) })
}

func newBenchNet(b *testing.B) *nn.Network {
	net, err := nn.NewMLP(benchSeed, 784, 100, 200, 10)
	if err != nil {
		b.Fatal(err)
	}
	return net
}

// epochFLOP is the floating-point work of one epoch of samples through
// net, counting a multiply-add as two: for each dense or convolution
// layer, the forward product, the weight gradient and, for every layer
// but the first, the input gradient (each 2·in·out flops per sample for
// a dense layer of in×out weights, 2·OH·OW·KH·KW·C·F for a convolution).
// Elementwise work is not counted: the limit is the matrix products'.
// The reference network: 445,600 flops per sample, 22.3 GFLOP per epoch
// of 50,000; Keras's MNIST convnet 14.25 MFLOP per sample, 770 GFLOP per
// epoch of 54,000.
func epochFLOP(net *nn.Network, samples int) float64 {
	var f float64
	first := true
	for _, l := range net.Layers() {
		var product float64
		switch l := l.(type) {
		case *nn.Dense:
			product = 2 * float64(l.In()*l.Out())
		case *nn.Conv2D:
			s := l.Shape()
			product = s.Flops()
		default:
			continue
		}
		products := 3.0
		if first {
			products, first = 2, false
		}
		f += products * product
	}
	return f * float64(samples)
}

// reportEpoch reports the metrics of a training epoch benchmark: s/epoch,
// samples/s and %limit, the share of the FMA limit reached: the epoch's
// matrix-product flops over the one-core FMA peak of the path measured in
// this process, divided by the epoch's time and the number of threads.
// 100 %limit would be every core doing nothing but FMAs at its peak.
//
// On a machine shared with other processes the wall time counts the time
// the process waited for a CPU; cpu-s/epoch (the process's user and system
// time since cpu0, from getrusage, per epoch) and %limit-cpu (%limit over
// it, which is per thread already) do not. The process's CPU time includes
// its other goroutines (the garbage collector, idle helpers), so it bounds
// the epoch's own from above.
func reportEpoch(b *testing.B, net *nn.Network, samples int, path string, threads int, cpu0 float64) {
	sec := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(sec, "s/epoch")
	b.ReportMetric(float64(samples)/sec, "samples/s")
	var cpuSec float64
	if cpu0 >= 0 {
		cpuSec = (cpuSeconds() - cpu0) / float64(b.N)
		b.ReportMetric(cpuSec, "cpu-s/epoch")
	}
	if peak := peakGFLOPS(path); peak > 0 {
		limit := epochFLOP(net, samples) / (peak * 1e9)
		b.ReportMetric(100*limit/(sec*float64(threads)), "%limit")
		if cpuSec > 0 {
			b.ReportMetric(100*limit/cpuSec, "%limit-cpu")
		}
	}
}

// benchEpochs runs, per path and thread count, one training epoch of the
// 50000 benchmark samples per op on the trainer that newTrainer makes,
// and reports s/epoch, samples/s and %limit.
func benchEpochs(b *testing.B, data func() (*tensor.Tensor, []int), newTrainer func(b *testing.B) *nn.Trainer) {
	for _, path := range benchPaths {
		b.Run(path, func(b *testing.B) {
			for _, threads := range []int{1, 2} {
				b.Run(fmt.Sprintf("threads=%d", threads), func(b *testing.B) {
					withPath(b, path)
					withThreads(b, threads)
					x, y := data()
					tr := newTrainer(b)
					peakGFLOPS(path) // measured before the timer starts
					b.ResetTimer()
					cpu0 := cpuSeconds()
					for b.Loop() {
						tr.Epoch(x, y, nil)
					}
					reportEpoch(b, tr.Net, x.Dim(0), path, threads, cpu0)
				})
			}
		})
	}
}

// BenchmarkTrainEpoch/<path>/threads=<T>: one training epoch of the
// reference network (SGD 0.1, batch 32) on 50000 samples per op.
func BenchmarkTrainEpoch(b *testing.B) {
	benchEpochs(b, benchData, func(b *testing.B) *nn.Trainer {
		return nn.NewTrainer(newBenchNet(b), &nn.SGD{LR: 0.1}, benchBatch, benchSeed)
	})
}

// BenchmarkTrainStep/<path>: one training step on a batch of 32 (forward,
// loss, backward, SGD update), with the default number of threads; it
// must report 0 allocs/op.
func BenchmarkTrainStep(b *testing.B) {
	for _, path := range benchPaths {
		b.Run(path, func(b *testing.B) {
			withPath(b, path)
			x, y := benchData()
			net := newBenchNet(b)
			opt := &nn.SGD{LR: 0.1}
			xb, yb := x.Slice(0, benchBatch), y[:benchBatch]
			net.TrainStep(xb, yb, opt)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				net.TrainStep(xb, yb, opt)
			}
			b.ReportMetric(float64(benchBatch)*float64(b.N)/b.Elapsed().Seconds(), "samples/s")
		})
	}
}

// BenchmarkTrainEpochKeras/<path>/threads=<T>: one epoch of the reference
// network's Keras recipe per op: the same network ending in a softmax layer
// (categorical cross-entropy), Glorot-uniform weights, Adam with Keras's
// defaults, batch 128, on the same 50000 synthetic samples as
// BenchmarkTrainEpoch, so that the two compare epoch for epoch.
func BenchmarkTrainEpochKeras(b *testing.B) {
	benchEpochs(b, benchData, func(b *testing.B) *nn.Trainer {
		net, err := nn.NewSequential(784).Dense(100).Activation("relu").Dense(200).Activation("relu").
			Dense(10).Activation("softmax").Build(benchSeed)
		if err != nil {
			b.Fatal(err)
		}
		return nn.NewTrainer(net, nn.NewAdam(), 128, benchSeed)
	})
}

// TestEpochFLOP holds epochFLOP to the count made by hand for the
// reference network: per sample, forward 2·(784·100 + 100·200 + 200·10)
// = 200,800, the weight gradients as many, the input gradients of the
// second and third layers 2·(100·200 + 200·10) = 44,000.
func TestEpochFLOP(t *testing.T) {
	net, err := nn.NewMLP(1, 784, 100, 200, 10)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := epochFLOP(net, 50000), 50000*(2*200800+44000.0); got != want {
		t.Errorf("epochFLOP = %g, want %g", got, want)
	}
}
