package nn

import (
	"fmt"
	"math"
)

// More losses beside SoftmaxCrossEntropy (loss.go): categorical
// cross-entropy on probabilities (Keras's categorical_crossentropy, for a
// network ending in a Softmax layer), the mean squared error (Keras's
// mean_squared_error) and the textbook's quadratic cost, eq. (1.1). Each
// takes targets as labels (read as one-hot rows) or as a rows×cols matrix
// of values, one-hot or not.

// target returns the target value of row i, column j.
func (t Targets) target(i, j, cols int) float32 {
	if t.Values != nil {
		return t.Values[i*cols+j]
	}
	if t.Labels[i] == j {
		return 1
	}
	return 0
}

// check panics unless t holds targets for rows rows of cols columns.
func (t Targets) check(fn string, rows, cols int) {
	switch {
	case t.Values != nil:
		if len(t.Values) < rows*cols {
			panic(fmt.Sprintf("nn.%s: %d rows of %d need %d target values, have %d", fn, rows, cols, rows*cols, len(t.Values)))
		}
	case len(t.Labels) >= rows:
		for i, y := range t.Labels[:rows] {
			if uint(y) >= uint(cols) {
				panic(fmt.Sprintf("nn.%s: label %d of row %d outside [0, %d)", fn, y, i, cols))
			}
		}
	default:
		panic(fmt.Sprintf("nn.%s: %d rows need %d labels or %d target values, have %d labels", fn, rows, rows, rows*cols, len(t.Labels)))
	}
}

// OneHot returns the len(labels)×classes matrix whose row i is 1 at
// column labels[i] and 0 elsewhere (Keras's to_categorical). It panics on
// a label outside [0, classes).
func OneHot(labels []int, classes int) []float32 {
	if classes < 1 {
		panic(fmt.Sprintf("nn.OneHot: %d classes", classes))
	}
	y := make([]float32, len(labels)*classes)
	for i, l := range labels {
		if uint(l) >= uint(classes) {
			panic(fmt.Sprintf("nn.OneHot: label %d of row %d outside [0, %d)", l, i, classes))
		}
		y[i*classes+l] = 1
	}
	return y
}

// CategoricalCrossEntropy is the cross-entropy of target distributions t
// (one-hot rows, or labels) and predicted probabilities p, the outputs of
// a Softmax layer: the mean over rows of −Σ_j t_j·log p̂_j, with p̂ = p
// clipped to [Epsilon, 1 − Epsilon] so that it stays finite (Keras's
// categorical_crossentropy; Epsilon 0 means Keras's 1e−7). Its gradient
// with respect to p is −t_j/(p̂_j·rows), 0 where p was clipped.
//
// When a network ends in a Softmax layer and trains with this loss,
// Network.TrainBatch does what Keras does (it uses the softmax's logits):
// the loss is computed as above, but the gradient sent back starts at the
// logits, (p·Σ_j t_j − t)/rows, which is the gradient of the unclipped
// loss, without the softmax's backward pass and without dividing by
// small probabilities.
type CategoricalCrossEntropy struct {
	Epsilon float32
}

func (*CategoricalCrossEntropy) Name() string { return "categorical_crossentropy" }

func (l *CategoricalCrossEntropy) eps() float64 {
	if l.Epsilon > 0 {
		return float64(l.Epsilon)
	}
	return 1e-7
}

func (l *CategoricalCrossEntropy) Eval(out []float32, rows, cols int, t Targets, grad []float32) float64 {
	checkRows("CategoricalCrossEntropy.Eval", out, rows, cols)
	t.check("CategoricalCrossEntropy", rows, cols)
	if grad != nil {
		checkRows("CategoricalCrossEntropy.Eval", grad, rows, cols)
	}
	eps := l.eps()
	var sum float64
	for i := range rows {
		for j := range cols {
			p, tj := float64(out[i*cols+j]), float64(t.target(i, j, cols))
			pc := math.Min(math.Max(p, eps), 1-eps)
			if tj != 0 {
				sum -= tj * math.Log(pc)
			}
			if grad != nil {
				g := 0.0
				if pc == p && tj != 0 {
					g = -tj / (p * float64(rows))
				}
				grad[i*cols+j] = float32(g)
			}
		}
	}
	if rows == 0 {
		return 0
	}
	return sum / float64(rows)
}

// evalSoftmax is Eval on the probabilities p of a final Softmax layer,
// writing into grad the gradient with respect to that layer's input (the
// logits): (p·Σ_j t_j − t)/rows.
func (l *CategoricalCrossEntropy) evalSoftmax(p []float32, rows, cols int, t Targets, grad []float32) float64 {
	loss := l.Eval(p, rows, cols, t, nil)
	checkRows("CategoricalCrossEntropy.Eval", grad, rows, cols)
	inv := 1 / float32(rows)
	for i := range rows {
		var ts float32 = 1
		if t.Values != nil {
			ts = 0
			for _, v := range t.Values[i*cols : (i+1)*cols] {
				ts += v
			}
		}
		for j := range cols {
			grad[i*cols+j] = (p[i*cols+j]*ts - t.target(i, j, cols)) * inv
		}
	}
	return loss
}

// softmaxLoss is a loss that can start the backward pass at the input of
// a final Softmax layer (see CategoricalCrossEntropy).
type softmaxLoss interface {
	evalSoftmax(p []float32, rows, cols int, t Targets, grad []float32) float64
}

// MSE is the mean squared error, Keras's mean_squared_error: the mean
// over rows and columns of (out − t)², with gradient 2(out − t)/(rows·cols).
type MSE struct{}

func (MSE) Name() string { return "mean_squared_error" }

func (MSE) Eval(out []float32, rows, cols int, t Targets, grad []float32) float64 {
	return squares("MSE", out, rows, cols, t, grad, 1/float64(rows*cols), 2/float64(rows*cols))
}

// SquaredError is the textbook's quadratic cost, its eq. (1.1): half the
// squared Euclidean distance between output and target rows, averaged
// over the rows, (1/2n)·Σ_i ‖out_i − t_i‖², with gradient (out − t)/rows.
// It is cols/2 times MSE.
type SquaredError struct{}

func (SquaredError) Name() string { return "squared_error" }

func (SquaredError) Eval(out []float32, rows, cols int, t Targets, grad []float32) float64 {
	return squares("SquaredError", out, rows, cols, t, grad, 0.5/float64(rows), 1/float64(rows))
}

// squares returns lossScale·Σ(out − t)² and sets grad = gradScale·(out − t).
func squares(fn string, out []float32, rows, cols int, t Targets, grad []float32, lossScale, gradScale float64) float64 {
	checkRows(fn+".Eval", out, rows, cols)
	t.check(fn, rows, cols)
	if grad != nil {
		checkRows(fn+".Eval", grad, rows, cols)
	}
	if rows == 0 {
		return 0
	}
	var sum float64
	for i := range rows {
		for j := range cols {
			d := float64(out[i*cols+j]) - float64(t.target(i, j, cols))
			sum += d * d
			if grad != nil {
				grad[i*cols+j] = float32(gradScale * d)
			}
		}
	}
	return lossScale * sum
}
