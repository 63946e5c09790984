package nn

import (
	"fmt"
	"math"

	"github.com/gof32/gof32/tensor"
)

// The losses: softmax cross-entropy on logits (the default), categorical
// cross-entropy on probabilities (Keras's categorical_crossentropy, for a
// network ending in a Softmax layer), the mean squared error (Keras's
// mean_squared_error) and the reference network's quadratic cost. Each
// takes targets as labels (read as one-hot rows) or as a rows×cols matrix
// of values, one-hot or not (SoftmaxCrossEntropy: labels only).

// Targets are the expected outputs of a batch: one class label per row, or
// a rows×cols matrix of values. A loss reads the form it needs and panics
// on a form it cannot use.
type Targets struct {
	Labels []int          // class index per row, in [0, cols)
	Values *tensor.Tensor // rows×cols
}

// Loss measures a batch of network outputs against their targets.
type Loss interface {
	// Name is the loss's name, such as "softmax_cross_entropy".
	Name() string

	// Eval returns the mean loss over the rows×cols outputs out and, when
	// grad is not nil, writes dLoss/dout (the gradient of the mean, so
	// already divided by rows) into grad, a rows×cols matrix that is not
	// a transposed view. It panics on targets it cannot use, as on any
	// other malformed argument.
	Eval(out *tensor.Tensor, t Targets, grad *tensor.Tensor) float64
}

// matrix returns the storage of the rows×cols matrix m, row i at
// data[i*ld:], copying m first if it is a transposed view.
func matrix(fn, name string, m *tensor.Tensor, rows, cols int) (data []float32, ld int) {
	if m.Dims() != 2 || m.Dim(0) != rows || m.Dim(1) != cols {
		panic(fmt.Sprintf("nn.%s: %s has shape %v, want [%d %d]", fn, name, m.Shape(), rows, cols))
	}
	if m.IsTransposed() {
		m = m.Contiguous()
	}
	return m.Data(), m.Stride()
}

// gradMatrix is matrix for a gradient that is written: a transposed view
// is refused.
func gradMatrix(fn string, g *tensor.Tensor, rows, cols int) (data []float32, ld int) {
	if g.IsTransposed() {
		panic(fmt.Sprintf("nn.%s: grad of shape %v is a transposed view", fn, g.Shape()))
	}
	return matrix(fn, "grad", g, rows, cols)
}

// outputShape returns the rows and columns of a loss's input.
func outputShape(fn string, out *tensor.Tensor) (rows, cols int) {
	if out.Dims() != 2 {
		panic(fmt.Sprintf("nn.%s: outputs of shape %v; want a rows×cols matrix", fn, out.Shape()))
	}
	return out.Dim(0), out.Dim(1)
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
	p tensor.Buffer // softmax scratch when no gradient is asked for
}

func (*SoftmaxCrossEntropy) Name() string { return "softmax_cross_entropy" }

func (l *SoftmaxCrossEntropy) Eval(out *tensor.Tensor, t Targets, grad *tensor.Tensor) float64 {
	return l.eval(out, t, grad, nil)
}

// eval is Eval, which also sets pred[i] to the position of the largest
// logit of row i (as tensor.ArgmaxRows) when pred is not nil. After the softmax it makes one
// pass over the rows: the row's maximum, its loss, and, with grad, the
// row's gradient (p − onehot)/rows in place of p (the same operations as
// subtracting 1 at the label and scaling by 1/rows in passes of their
// own, so the same results).
func (l *SoftmaxCrossEntropy) eval(out *tensor.Tensor, t Targets, grad *tensor.Tensor, pred []int) float64 {
	const fn = "SoftmaxCrossEntropy.Eval"
	rows, cols := outputShape(fn, out)
	if len(t.Labels) != rows {
		panic(fmt.Sprintf("nn.%s: %d rows need %d labels, have %d", fn, rows, rows, len(t.Labels)))
	}
	if rows == 0 {
		return 0
	}
	p := grad
	if p == nil {
		p = l.p.Rows(rows, cols)
	}
	pd, pld := gradMatrix(fn, p, rows, cols)
	tensor.SoftmaxRows(p, out)
	x, xld := matrix(fn, "out", out, rows, cols)
	for i, y := range t.Labels {
		if uint(y) >= uint(cols) {
			panic(fmt.Sprintf("nn.%s: label %d of row %d outside [0, %d)", fn, y, i, cols))
		}
	}
	return sceRows(x, xld, pd, pld, grad != nil, cols, t.Labels, pred, nil, 1/float32(rows)) / float64(rows)
}

// sceRows is the pass of eval over rows whose softmax p (row i at
// p[i*pld:]) has been computed from the logits x (row i at x[i*xld:]),
// labels len(labels) rows long and in range: it returns the rows' summed
// loss, sets pred[i] and losses[i] (unless nil) to row i's prediction
// and loss, and, with grad, turns p into the gradient (p − onehot)·inv. inv is 1/rows of the
// whole batch, which may hold more rows than these (the data-parallel
// step's parts, which see their own rows).
func sceRows(x []float32, xld int, p []float32, pld int, grad bool, cols int, labels, pred []int, losses []float64, inv float32) float64 {
	var sum float64
	for i, y := range labels {
		xr, pr := x[i*xld:i*xld+cols], p[i*pld:i*pld+cols]
		k := 0
		for j, v := range xr {
			if v > xr[k] {
				k = j
			}
		}
		l := -math.Log(float64(pr[k])) + (float64(xr[k]) - float64(xr[y]))
		sum += l
		if losses != nil {
			losses[i] = l
		}
		if pred != nil {
			// The first largest logit, or the first NaN, as ArgmaxRows.
			pk := k
			for j, v := range xr {
				if v != v {
					pk = j
					break
				}
			}
			pred[i] = pk
		}
		if grad {
			pr[y] -= 1
			for j := range pr {
				pr[j] *= inv
			}
		}
	}
	return sum
}

// targets is a batch's targets in the form the losses read.
type targets struct {
	labels []int
	values []float32
	ld     int
}

// check returns the targets of rows rows of cols columns, panicking
// unless t holds them.
func (t Targets) check(fn string, rows, cols int) targets {
	switch {
	case t.Values != nil:
		v, ld := matrix(fn, "target values", t.Values, rows, cols)
		return targets{values: v, ld: ld}
	case len(t.Labels) == rows:
		for i, y := range t.Labels {
			if uint(y) >= uint(cols) {
				panic(fmt.Sprintf("nn.%s: label %d of row %d outside [0, %d)", fn, y, i, cols))
			}
		}
		return targets{labels: t.Labels}
	}
	panic(fmt.Sprintf("nn.%s: %d rows need %d labels or %d×%d target values, have %d labels", fn, rows, rows, rows, cols, len(t.Labels)))
}

// at returns the target value of row i, column j.
func (t targets) at(i, j int) float32 {
	if t.values != nil {
		return t.values[i*t.ld+j]
	}
	if t.labels[i] == j {
		return 1
	}
	return 0
}

// OneHot returns the len(labels)×classes matrix whose row i is 1 at
// column labels[i] and 0 elsewhere (Keras's to_categorical). It panics on
// a label outside [0, classes).
func OneHot(labels []int, classes int) *tensor.Tensor {
	if classes < 1 {
		panic(fmt.Sprintf("nn.OneHot: %d classes", classes))
	}
	y := tensor.Zeros(len(labels), classes)
	d := y.Data()
	for i, l := range labels {
		if uint(l) >= uint(classes) {
			panic(fmt.Sprintf("nn.OneHot: label %d of row %d outside [0, %d)", l, i, classes))
		}
		d[i*classes+l] = 1
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

func (l *CategoricalCrossEntropy) Eval(out *tensor.Tensor, t Targets, grad *tensor.Tensor) float64 {
	const fn = "CategoricalCrossEntropy.Eval"
	rows, cols := outputShape(fn, out)
	tg := t.check(fn, rows, cols)
	p, pld := matrix(fn, "out", out, rows, cols)
	var g []float32
	gld := 0
	if grad != nil {
		g, gld = gradMatrix(fn, grad, rows, cols)
	}
	eps := l.eps()
	var sum float64
	for i := range rows {
		for j := range cols {
			pv, tj := float64(p[i*pld+j]), float64(tg.at(i, j))
			pc := math.Min(math.Max(pv, eps), 1-eps)
			if tj != 0 {
				sum -= tj * math.Log(pc)
			}
			if g != nil {
				gv := 0.0
				if pc == pv && tj != 0 {
					gv = -tj / (pv * float64(rows))
				}
				g[i*gld+j] = float32(gv)
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
func (l *CategoricalCrossEntropy) evalSoftmax(p *tensor.Tensor, t Targets, grad *tensor.Tensor) float64 {
	const fn = "CategoricalCrossEntropy.Eval"
	loss := l.Eval(p, t, nil)
	rows, cols := outputShape(fn, p)
	tg := t.check(fn, rows, cols)
	pd, pld := matrix(fn, "out", p, rows, cols)
	g, gld := gradMatrix(fn, grad, rows, cols)
	inv := 1 / float32(rows)
	for i := range rows {
		var ts float32 = 1
		if tg.values != nil {
			ts = 0
			for _, v := range tg.values[i*tg.ld : i*tg.ld+cols] {
				ts += v
			}
		}
		for j := range cols {
			g[i*gld+j] = (pd[i*pld+j]*ts - tg.at(i, j)) * inv
		}
	}
	return loss
}

// rows is evalSoftmax on rows of probabilities p (len(losses) rows of
// cols, dense) with labels: it sets losses[i] to row i's loss and grad to
// the gradient at the logits, (p − onehot)·inv, with the operations of
// Eval and evalSoftmax (inv is 1/rows of the whole batch, which may hold
// more rows than these).
func (l *CategoricalCrossEntropy) rows(p, grad []float32, cols int, labels []int, losses []float64, inv float32) {
	eps := l.eps()
	for i, y := range labels {
		pr, gr := p[i*cols:i*cols+cols], grad[i*cols:i*cols+cols]
		pv := float64(pr[y])
		losses[i] = -math.Log(math.Min(math.Max(pv, eps), 1-eps))
		for j, v := range pr {
			var t float32
			if j == y {
				t = 1
			}
			gr[j] = (v - t) * inv
		}
	}
}

// softmaxLoss is a loss that can start the backward pass at the input of
// a final Softmax layer (see CategoricalCrossEntropy).
type softmaxLoss interface {
	evalSoftmax(p *tensor.Tensor, t Targets, grad *tensor.Tensor) float64
}

// MSE is the mean squared error, Keras's mean_squared_error: the mean
// over rows and columns of (out − t)², with gradient 2(out − t)/(rows·cols).
type MSE struct{}

func (MSE) Name() string { return "mean_squared_error" }

func (MSE) Eval(out *tensor.Tensor, t Targets, grad *tensor.Tensor) float64 {
	rows, cols := outputShape("MSE.Eval", out)
	return squares("MSE.Eval", out, t, grad, 1/float64(rows*cols), 2/float64(rows*cols))
}

// SquaredError is the reference network's quadratic cost: half the
// squared Euclidean distance between output and target rows, averaged
// over the rows, (1/2n)·Σ_i ‖out_i − t_i‖², with gradient (out − t)/rows.
// It is cols/2 times MSE.
type SquaredError struct{}

func (SquaredError) Name() string { return "squared_error" }

func (SquaredError) Eval(out *tensor.Tensor, t Targets, grad *tensor.Tensor) float64 {
	rows, _ := outputShape("SquaredError.Eval", out)
	return squares("SquaredError.Eval", out, t, grad, 0.5/float64(rows), 1/float64(rows))
}

// squares returns lossScale·Σ(out − t)² and sets grad = gradScale·(out − t).
func squares(fn string, out *tensor.Tensor, t Targets, grad *tensor.Tensor, lossScale, gradScale float64) float64 {
	rows, cols := outputShape(fn, out)
	tg := t.check(fn, rows, cols)
	o, old := matrix(fn, "out", out, rows, cols)
	var g []float32
	gld := 0
	if grad != nil {
		g, gld = gradMatrix(fn, grad, rows, cols)
	}
	if rows == 0 {
		return 0
	}
	var sum float64
	for i := range rows {
		for j := range cols {
			d := float64(o[i*old+j]) - float64(tg.at(i, j))
			sum += d * d
			if g != nil {
				g[i*gld+j] = float32(gradScale * d)
			}
		}
	}
	return lossScale * sum
}
