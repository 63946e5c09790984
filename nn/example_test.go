package nn_test

import (
	"fmt"
	"math"

	"github.com/gof32/gof32/nn"
	"github.com/gof32/gof32/tensor"
)

// Example_embedding is the embedding story end to end: a program makes its
// own tensors (here, points on three concentric rings, labelled by ring),
// fits a Keras-style network on them, and gets its predictions back as a
// tensor.
func Example_embedding() {
	// The program's own data: 600 points (x, y) in a 600×2 tensor.
	const n = 600
	rng := tensor.NewRand(7)
	x := tensor.Zeros(n, 2)
	labels := make([]int, n)
	for i := range n {
		ring := i % 3
		r := 1 + float64(ring) + 0.2*rng.NormFloat64()
		a := 2 * math.Pi * rng.Float64()
		x.Set(float32(r*math.Cos(a)), i, 0)
		x.Set(float32(r*math.Sin(a)), i, 1)
		labels[i] = ring
	}
	train, test := x.Slice(0, 500), x.Slice(500, n) // views, no copies

	net, err := nn.NewSequential(2).
		Dense(32).Activation("relu").
		Dense(32).Activation("relu").
		Dense(3).Activation("softmax").
		Build(1)
	if err != nil {
		panic(err)
	}
	_, err = net.Fit(train, nn.Targets{Labels: labels[:500]}, nn.NewAdam(),
		nn.FitOptions{Epochs: 60, BatchSize: 32, Seed: 1})
	if err != nil {
		panic(err)
	}

	probs := net.PredictProba(nil, test) // a 100×3 tensor
	classes := tensor.ArgmaxRows(nil, probs)
	right := 0
	for i, c := range classes {
		if c == labels[500+i] {
			right++
		}
	}
	fmt.Println("probabilities:", probs.Shape())
	fmt.Println("each row sums to 1:", math.Abs(float64(tensor.Sum(probs))-100) < 1e-3)
	fmt.Println("test accuracy above 90 %:", right > 90)
	// Output:
	// probabilities: [100 3]
	// each row sums to 1: true
	// test accuracy above 90 %: true
}
