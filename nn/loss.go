package nn

import (
	"fmt"

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
// directly: loss_i = logsumexp(out_i) − out_i[label_i]. The log-sum-exp
// subtracts the row maximum, so the loss is finite for any finite logits;
// the loss of each row is formed in float64 so that even logits near
// ±MaxFloat32 do not overflow it. The gradient is (softmax(out) −
// onehot)/rows.
type SoftmaxCrossEntropy struct {
	lse []float32
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
	if cap(l.lse) < rows {
		l.lse = make([]float32, rows)
	}
	lse := l.lse[:rows]
	kernels.LogSumExpRows(lse, rows, cols, out, cols)
	var sum float64
	for i, y := range t.Labels[:rows] {
		if uint(y) >= uint(cols) {
			panic(fmt.Sprintf("nn.SoftmaxCrossEntropy: label %d of row %d outside [0, %d)", y, i, cols))
		}
		sum += float64(lse[i]) - float64(out[i*cols+y])
	}
	if grad != nil {
		checkRows("SoftmaxCrossEntropy.Eval", grad, rows, cols)
		g := grad[:rows*cols]
		kernels.SoftmaxRows(rows, cols, out, cols, g, cols)
		inv := 1 / float32(rows)
		for i, y := range t.Labels[:rows] {
			g[i*cols+y] -= 1
		}
		kernels.Scale(inv, g)
	}
	return sum / float64(rows)
}
