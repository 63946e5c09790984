package gof32_test

import (
	"sync"
	"testing"

	"github.com/gof32/gof32/nn"
	"github.com/gof32/gof32/tensor"
)

// The convnet benchmarks: Keras's MNIST convnet example (conv 32 3×3 relu,
// max pool 2, conv 64 3×3 relu, max pool 2, flatten, dropout 0.5, dense 10
// softmax) trained with Adam, batch 128, on one epoch of the 54,000
// training images its recipe keeps (10 % held out), synthetic as for the
// dense benchmarks.

const cnnSamples = 54000

var cnnData = sync.OnceValues(func() (*tensor.Tensor, []int) { return syntheticDigits(2, cnnSamples) })

// kerasCNN builds Keras's MNIST convnet with weights drawn from seed.
func kerasCNN(seed uint64) (*nn.Network, error) {
	return nn.NewSequential(784).Input(28, 28, 1).
		Conv2D(32, 3, 3, "relu").MaxPool2D(2).
		Conv2D(64, 3, 3, "relu").MaxPool2D(2).
		Flatten().Dropout(0.5).
		Dense(10).Activation("softmax").
		Build(seed)
}

func newCNN(b *testing.B) *nn.Network {
	net, err := kerasCNN(benchSeed)
	if err != nil {
		b.Fatal(err)
	}
	return net
}

// BenchmarkTrainEpochCNN/<path>/threads=<T>: one epoch of the convnet
// recipe per op; reports s/epoch, samples/s and %limit (as reportEpoch:
// the epoch's product flops, epochFLOP, at the path's one-core FMA peak
// measured in this process, over the epoch's time and the threads).
func BenchmarkTrainEpochCNN(b *testing.B) {
	benchEpochs(b, cnnData, func(b *testing.B) *nn.Trainer {
		return nn.NewTrainer(newCNN(b), nn.NewAdam(), 128, benchSeed)
	})
}

// BenchmarkTrainStepCNN/<path>: one training step of the convnet on a
// batch of 128 with the default number of threads; it must report 0
// allocs/op.
func BenchmarkTrainStepCNN(b *testing.B) {
	for _, path := range benchPaths {
		b.Run(path, func(b *testing.B) {
			withPath(b, path)
			x, y := cnnData()
			net := newCNN(b)
			opt := nn.NewAdam()
			xb, yb := x.Slice(0, 128), y[:128]
			net.TrainStep(xb, yb, opt)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				net.TrainStep(xb, yb, opt)
			}
			b.ReportMetric(128*float64(b.N)/b.Elapsed().Seconds(), "samples/s")
		})
	}
}

// TestEpochFLOPCNN holds epochFLOP to the count for Keras's
// convnet: conv1 forward and weight gradient 2·389,376, conv2 three
// products of 4,460,544, the dense layer three of 32,000: 14,256,384
// flops per image.
func TestEpochFLOPCNN(t *testing.T) {
	net, err := kerasCNN(1)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := epochFLOP(net, 1), 2*389376+3*4460544+3*32000.0; got != want || want != 14256384 {
		t.Errorf("epochFLOP = %g per image, want %g", got, want)
	}
}
