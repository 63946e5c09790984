package nn

import (
	"math"
	"testing"

	"github.com/gof32/gof32/internal/pathtest"
	"github.com/gof32/gof32/tensor"
)

// TestCrossEntropyExtremeLogits checks that the loss and its gradient
// stay finite, and right, for logits far beyond where exp overflows.
func TestCrossEntropyExtremeLogits(t *testing.T) {
	pathtest.ForEach(t, func(t *testing.T) {
		const big = 1e30
		const max = math.MaxFloat32
		cases := []struct {
			logits []float32
			label  int
			want   float64
		}{
			{[]float32{big, 0, -big}, 0, 0},
			{[]float32{big, 0, -big}, 1, big},
			{[]float32{big, 0, -big}, 2, 2 * big},
			{[]float32{-big, -big, -big}, 1, math.Log(3)},
			{[]float32{max, -max, 0}, 1, 2 * max},
			{[]float32{88, 89, 90}, 2, math.Log(math.Exp(-2) + math.Exp(-1) + 1)},
		}
		var l SoftmaxCrossEntropy
		for _, c := range cases {
			gt := tensor.Zeros(1, 3)
			got := l.Eval(tensor.New(c.logits, 1, 3), Targets{Labels: []int{c.label}}, gt)
			grad := gt.Data()
			if math.IsInf(got, 0) || math.IsNaN(got) {
				t.Errorf("logits %v label %d: loss %v", c.logits, c.label, got)
			}
			// float32 log-sum-exp is within a few ulp of its value.
			if math.Abs(got-c.want) > 1e-6*math.Max(1, math.Abs(c.want)) {
				t.Errorf("logits %v label %d: loss %v, want %v", c.logits, c.label, got, c.want)
			}
			var sum float64
			for _, g := range grad {
				if math.IsInf(float64(g), 0) || math.IsNaN(float64(g)) {
					t.Errorf("logits %v label %d: gradient %v", c.logits, c.label, grad)
				}
				sum += float64(g)
			}
			// softmax sums to 1 and onehot too: the gradient sums to 0.
			if math.Abs(sum) > 1e-6 {
				t.Errorf("logits %v label %d: gradient %v sums to %v", c.logits, c.label, grad, sum)
			}
		}
	})
}

// TestCrossEntropyBatch checks the batch mean and the 1/rows of the
// gradient against float64 on random logits.
func TestCrossEntropyBatch(t *testing.T) {
	pathtest.ForEach(t, func(t *testing.T) {
		const rows, cols = 7, 10
		rng := tensor.NewRand(5)
		out := make([]float32, rows*cols)
		for i := range out {
			out[i] = float32(rng.NormFloat64() * 3)
		}
		labels := []int{0, 9, 3, 3, 5, 1, 8}
		gt := tensor.Zeros(rows, cols)
		var l SoftmaxCrossEntropy
		got := l.Eval(tensor.New(out, rows, cols), Targets{Labels: labels}, gt)
		grad := gt.Data()
		var want float64
		for i := range rows {
			row := to64(out[i*cols : (i+1)*cols])
			var s float64
			for _, v := range row {
				s += math.Exp(v)
			}
			want += math.Log(s) - row[labels[i]]
			for j, v := range row {
				g := math.Exp(v) / s
				if j == labels[i] {
					g--
				}
				g /= rows
				if math.Abs(float64(grad[i*cols+j])-g) > 1e-6 {
					t.Errorf("grad[%d,%d] = %v, want %v", i, j, grad[i*cols+j], g)
				}
			}
		}
		want /= rows
		if math.Abs(got-want) > 1e-5*want {
			t.Errorf("loss %v, want %v", got, want)
		}
		if l.Eval(tensor.New(out, rows, cols), Targets{Labels: labels}, nil) != got {
			t.Errorf("the loss differs when no gradient is asked for")
		}
	})
}
