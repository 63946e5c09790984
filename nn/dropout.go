package nn

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/gof32/gof32/tensor"
)

// Dropout is inverted dropout: while training, each value is zeroed with
// probability Rate and the others are scaled by 1/(1 − Rate), so that the
// expected output is the input and nothing changes at inference, where the
// layer passes its input through. The mask of each training Forward is
// drawn from the layer's seeded generator (two 32-bit draws per 64-bit
// PCG output) and kept for the Backward that follows: dx = dy·mask. The
// multiplications are tensor.Mul.
type Dropout struct {
	n     int
	rate  float32
	seed  uint64
	rng   *rand.PCG // drawn from directly: a concrete call the compiler inlines
	mask  *tensor.Tensor
	train bool // the mode of the last Forward

	maskBuf, out, dxBuf tensor.Buffer
}

func init() {
	RegisterLayer("dropout", func(s Spec) (Layer, error) {
		if len(s.Shape) != 1 || s.Shape[0] < 1 || len(s.Attrs) != 1 || !(s.Attrs[0] >= 0 && s.Attrs[0] < 1) {
			return nil, fmt.Errorf("nn: dropout layer needs shape [n] ≥ 1 and one attribute, the rate in [0, 1), got %v", s)
		}
		return NewDropout(s.Shape[0], float64(s.Attrs[0]), 0), nil
	})
}

// NewDropout returns a dropout layer for rows of width n that drops each
// value with probability rate in [0, 1), its masks drawn from a generator
// seeded with seed.
func NewDropout(n int, rate float64, seed uint64) *Dropout {
	if n < 1 || !(rate >= 0 && rate < 1) {
		panic(fmt.Sprintf("nn.NewDropout: invalid width %d or rate %g", n, rate))
	}
	return &Dropout{n: n, rate: float32(rate), seed: seed, rng: rand.NewPCG(seed, 0xda3e39cb94b95bdb)}
}

// Rate returns the probability that a value is dropped.
func (d *Dropout) Rate() float32 { return d.rate }

func (d *Dropout) Spec() Spec {
	return Spec{Kind: "dropout", Shape: []int{d.n}, Attrs: []float32{d.rate}}
}
func (d *Dropout) In() int          { return d.n }
func (d *Dropout) Out() int         { return d.n }
func (d *Dropout) Params() []*Param { return nil }

func (d *Dropout) Forward(x *tensor.Tensor, train bool) *tensor.Tensor {
	batchRows("Dropout.Forward", x, d.n)
	y := d.out.Like(x)
	d.train = train && d.rate > 0
	if !d.train {
		y.CopyFrom(x)
		return y
	}
	d.mask = d.maskBuf.Like(x)
	mask := d.mask.Data()
	k := len(mask)
	// A value is kept when its 32-bit draw is at least rate·2³², which
	// happens with probability 1 − rate (to within 2⁻³²).
	thr := uint32(float64(d.rate) * (1 << 32))
	scale := 1 / (1 - d.rate)
	i := 0
	for ; i+2 <= k; i += 2 {
		r := d.rng.Uint64()
		mask[i] = keep(uint32(r), thr, scale)
		mask[i+1] = keep(uint32(r>>32), thr, scale)
	}
	if i < k {
		mask[i] = keep(uint32(d.rng.Uint64()), thr, scale)
	}
	return tensor.Mul(y, x, d.mask)
}

// keep returns scale when r ≥ thr and 0 otherwise, without a branch
// (which, at rate 0.5, mispredicts every other value).
func keep(r, thr uint32, scale float32) float32 {
	m := ^uint32((int64(r) - int64(thr)) >> 63) // all ones when r ≥ thr
	return math.Float32frombits(math.Float32bits(scale) & m)
}

func (d *Dropout) Backward(dy *tensor.Tensor, needDX bool) *tensor.Tensor {
	batchRows("Dropout.Backward", dy, d.n)
	if !needDX {
		return nil
	}
	dx := d.dxBuf.Like(dy)
	if !d.train {
		dx.CopyFrom(dy)
		return dx
	}
	return tensor.Mul(dx, dy, d.mask)
}
