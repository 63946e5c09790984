package nn

import (
	"fmt"
	"math"

	"github.com/gof32/gof32/kernels"
)

// Targets are the expected outputs of a batch: one class label per row, or
// a rows×cols matrix of values. A loss reads the form it needs and
// reports an error for a form it cannot use.
type Targets struct {
	Labels []int     // class index per row, in [0, cols)
	Values []float32 // rows×cols, row-major
}

// Loss measures a batch of network outputs against their targets.
type Loss interface {
	// Name is the loss's name, such as "softmax_cross_entropy".
	Name() string

	// Eval returns the mean loss over the rows×cols outputs out and, when
	// grad is not nil, writes dLoss/dout (the gradient of the mean, so
	// already divided by rows) into grad[:rows*cols]. It panics on
	// targets it cannot use, as on any other malformed argument.
	Eval(out []float32, rows, cols int, t Targets, grad []float32) float64
}

// SoftmaxCrossEntropy is the cross-entropy between softmax(out) and the
// one-hot encoding of the labels, computed from the outputs (logits)
// directly, so that it is finite for any finite logits.
//
// For a row x with maximum m at position k and label y the loss is
//
//	log Σ_j exp(x_j) − x_y = log s + (m − x_y),   s = Σ_j exp(x_j − m)
//
// The softmax kernel subtracts m before exponentiating and its value at k
// is exp(0)/s = 1/s, so log s = −log softmax(x)_k, a number between 0 and
// log(cols) known to float32 relative precision however large m is; m − x_y
// is formed in float64, where it cannot overflow. (Forming log Σ exp(x_j)
// first, as m + log s in float32, would round away log s whenever |m| is
// large: the loss of three equal logits of −1e30 would come out 0, not
// log 3.) The gradient is (softmax(out) − onehot)/rows.
type SoftmaxCrossEntropy struct {
	p []float32 // softmax scratch when no gradient is asked for
}

func (*SoftmaxCrossEntropy) Name() string { return "softmax_cross_entropy" }

func (l *SoftmaxCrossEntropy) Eval(out []float32, rows, cols int, t Targets, grad []float32) float64 {
	checkRows("SoftmaxCrossEntropy.Eval", out, rows, cols)
	if len(t.Labels) < rows {
		panic(fmt.Sprintf("nn.SoftmaxCrossEntropy: %d rows need %d labels, have %d", rows, rows, len(t.Labels)))
	}
	if rows == 0 {
		return 0
	}
	var p []float32
	if grad != nil {
		checkRows("SoftmaxCrossEntropy.Eval", grad, rows, cols)
		p = grad[:rows*cols]
	} else {
		l.p = grow(l.p, rows*cols)
		p = l.p
	}
	kernels.SoftmaxRows(rows, cols, out, cols, p, cols)
	var sum float64
	for i, y := range t.Labels[:rows] {
		if uint(y) >= uint(cols) {
			panic(fmt.Sprintf("nn.SoftmaxCrossEntropy: label %d of row %d outside [0, %d)", y, i, cols))
		}
		x, pr := out[i*cols:(i+1)*cols], p[i*cols:(i+1)*cols]
		k := 0
		for j, v := range x {
			if v > x[k] {
				k = j
			}
		}
		sum += -math.Log(float64(pr[k])) + (float64(x[k]) - float64(x[y]))
	}
	if grad != nil {
		for i, y := range t.Labels[:rows] {
			p[i*cols+y] -= 1
		}
		kernels.Scale(1/float32(rows), p)
	}
	return sum / float64(rows)
}
