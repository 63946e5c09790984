package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
)

// Initializer chooses the distribution of a dense layer's initial weights
// from its fan-in (inputs) and fan-out (units), as Keras's initializers of
// the same names. The normal ones are not truncated (Keras draws from a
// normal truncated at two standard deviations and rescaled to the same
// variance); GlorotNormal is the reference network's N(0, 2/(in+out)).
type Initializer int

const (
	GlorotUniform Initializer = iota // U(−l, l), l = √(6/(in+out)); Keras's default
	GlorotNormal                     // N(0, 2/(in+out)), Xavier; the reference network's
	HeUniform                        // U(−l, l), l = √(6/in)
	HeNormal                         // N(0, 2/in)
)

var initNames = []string{"glorot_uniform", "glorot_normal", "he_uniform", "he_normal"}

func (i Initializer) String() string {
	if i >= 0 && int(i) < len(initNames) {
		return initNames[i]
	}
	return fmt.Sprintf("Initializer(%d)", int(i))
}

// ParseInitializer returns the initializer of the given Keras name.
func ParseInitializer(name string) (Initializer, error) {
	for i, n := range initNames {
		if strings.EqualFold(name, n) {
			return Initializer(i), nil
		}
	}
	return 0, fmt.Errorf("nn: unknown initializer %q (known: %s)", name, strings.Join(initNames, ", "))
}

// Fill sets w, the fanIn×fanOut weights in row-major order, to draws from
// the initializer's distribution, one draw of rng per weight in order.
func (i Initializer) Fill(w []float32, fanIn, fanOut int, rng *rand.Rand) {
	switch i {
	case GlorotUniform, HeUniform:
		l := math.Sqrt(6 / float64(fanIn+fanOut))
		if i == HeUniform {
			l = math.Sqrt(6 / float64(fanIn))
		}
		for k := range w {
			w[k] = float32((2*rng.Float64() - 1) * l)
		}
	case GlorotNormal, HeNormal:
		std := math.Sqrt(2 / float64(fanIn+fanOut))
		if i == HeNormal {
			std = math.Sqrt(2 / float64(fanIn))
		}
		for k := range w {
			w[k] = float32(rng.NormFloat64() * std)
		}
	default:
		panic(fmt.Sprintf("nn: invalid initializer %d", int(i)))
	}
}

// NewDenseInit returns a dense layer from in to out units whose weights
// are drawn with init from rng (all zero for a nil rng) and whose bias is
// 0. NewDense(in, out, rng) is NewDenseInit(in, out, GlorotNormal, rng).
func NewDenseInit(in, out int, init Initializer, rng *rand.Rand) *Dense {
	d := NewDense(in, out, nil)
	if rng != nil {
		init.Fill(d.w.Value.Data(), in, out, rng)
	}
	return d
}
