package nn

import (
	"math"
	"sync"
	"testing"

	"github.com/gof32/gof32/internal/pathtest"
	"github.com/gof32/gof32/kernels"
	"github.com/gof32/gof32/tensor"
)

// TestPredictorConcurrent runs many goroutines predicting through one
// Predictor, with batches of several sizes (one row, a partial chunk,
// more than InferenceRows), and holds every answer to the network's own,
// bit for bit: the copies run the same kernels on the same weights. Run
// under -race it also shows that the copies share nothing writable.
func TestPredictorConcurrent(t *testing.T) {
	pathtest.ForEach(t, func(t *testing.T) {
		net, err := NewSequential(16).Dense(24).Activation("relu").Dropout(0.3).
			Dense(5).Activation("softmax").Build(3)
		if err != nil {
			t.Fatal(err)
		}
		x, _ := blobs(2, 300, 16, 5)
		sizes := []int{1, 7, 32, 300}
		if testing.Short() {
			sizes = []int{1, 7, 32}
		}
		want := map[int]*tensor.Tensor{}
		wantClass := map[int][]int{}
		for _, s := range sizes {
			want[s] = net.PredictProba(nil, x.Slice(0, s))
			wantClass[s] = net.Predict(nil, x.Slice(0, s))
		}
		p, err := NewPredictor(net)
		if err != nil {
			t.Fatal(err)
		}
		const goroutines, rounds = 16, 20
		var wg sync.WaitGroup
		errs := make(chan string, goroutines)
		for g := range goroutines {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for r := range rounds {
					s := sizes[(g+r)%len(sizes)]
					got := p.PredictProba(nil, x.Slice(0, s))
					if !sameBits(got.Data(), want[s].Data()) {
						errs <- "PredictProba differs from the network's"
						return
					}
					for i, c := range p.Predict(nil, x.Slice(0, s)) {
						if c != wantClass[s][i] {
							errs <- "Predict differs from the network's"
							return
						}
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for e := range errs {
			t.Fatalf("path %s: %s", kernels.Path(), e)
		}
	})
}

// TestPredictorSharesWeights: a Predictor reads the network's parameter
// tensors themselves (a change to them shows in its answers) and keeps
// the network's precision.
func TestPredictorSharesWeights(t *testing.T) {
	net, err := NewMLP(1, 4, 3)
	if err != nil {
		t.Fatal(err)
	}
	net.SetPrecision(BF16)
	p, err := NewPredictor(net)
	if err != nil {
		t.Fatal(err)
	}
	c := p.get()
	if c.layers[0].Params()[0].Value != net.layers[0].Params()[0].Value {
		t.Error("the copy does not share the weight tensor")
	}
	if c.layers[0].(*Dense).Precision() != BF16 {
		t.Error("the copy lost the network's precision")
	}
	p.put(c)
	x := tensor.FromSlice([]float32{1, 2, 3, 4}, 1, 4)
	before := p.PredictProba(nil, x).Clone()
	net.Params()[1].Value.Fill(float32(math.Inf(1))) // the bias
	after := p.PredictProba(nil, x)
	if sameBits(before.Data(), after.Data()) {
		t.Error("a change of the network's weights does not show in the Predictor")
	}
}

// unregistered is a layer whose kind the registry does not know.
type unregistered struct{ *ReLU }

func (unregistered) Spec() Spec { return Spec{Kind: "no-such-kind", Shape: []int{3}} }

func TestPredictorUnregisteredLayer(t *testing.T) {
	net, err := NewNetwork(NewDense(2, 3, nil), unregistered{NewReLU(3)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := NewPredictor(net); err == nil {
		t.Error("NewPredictor of a network with an unregistered layer kind gave no error")
	}
}
