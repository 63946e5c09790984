package nn

import (
	"fmt"
	"runtime"
	"sync"

	"github.com/gof32/gof32/tensor"
)

// A Predictor serves the predictions of a trained network to many
// goroutines at once, as a server does: a Network keeps its activations in
// buffers of its own and must not be used by two goroutines at a time, so
// each call of a Predictor runs on an inference copy of the network that
// shares its weights (the parameter tensors, not copies of them) and has
// buffers of its own. Copies are made when calls overlap and kept for
// later calls, at most GOMAXPROCS of them; each holds the activations of
// InferenceRows samples, so the memory a Predictor adds is about that
// times the widths of the layers per copy, not the size of the weights.
//
// The weights are read, never written: training the network (or loading
// parameters into it) while a Predictor of it is in use is a data race.
// Make the Predictor after training, or train a copy and make a new
// Predictor from it.
type Predictor struct {
	net  *Network
	mu   sync.Mutex
	idle []*Network
}

// NewPredictor returns a Predictor of net, sharing its weights. It makes
// the first inference copy at once, so that a network whose layers cannot
// be rebuilt from their Spec (a layer kind that is not registered) is an
// error here rather than later.
func NewPredictor(net *Network) (*Predictor, error) {
	c, err := net.inferenceCopy()
	if err != nil {
		return nil, err
	}
	return &Predictor{net: net, idle: []*Network{c}}, nil
}

// In and Out are the numbers of values of one input and one output sample.
func (p *Predictor) In() int  { return p.net.In() }
func (p *Predictor) Out() int { return p.net.Out() }

// Predict is Network.Predict, safe for concurrent use.
func (p *Predictor) Predict(dst []int, x *tensor.Tensor) []int {
	c := p.get()
	defer p.put(c)
	return c.Predict(dst, x)
}

// PredictProba is Network.PredictProba, safe for concurrent use. dst,
// when not nil, must not be shared with another call running at the same
// time.
func (p *Predictor) PredictProba(dst, x *tensor.Tensor) *tensor.Tensor {
	c := p.get()
	defer p.put(c)
	return c.PredictProba(dst, x)
}

// get returns an idle copy of the network, or a new one.
func (p *Predictor) get() *Network {
	p.mu.Lock()
	if k := len(p.idle); k > 0 {
		c := p.idle[k-1]
		p.idle = p.idle[:k-1]
		p.mu.Unlock()
		return c
	}
	p.mu.Unlock()
	c, err := p.net.inferenceCopy()
	if err != nil {
		panic(err) // NewPredictor made a copy of the same layers
	}
	return c
}

// put keeps c for later calls, unless GOMAXPROCS copies are idle already.
func (p *Predictor) put(c *Network) {
	p.mu.Lock()
	if len(p.idle) < runtime.GOMAXPROCS(0) {
		p.idle = append(p.idle, c)
	}
	p.mu.Unlock()
}

// inferenceCopy returns a network of new layers, rebuilt from n's specs,
// whose parameters are n's tensors, with buffers of its own. Only its
// inference methods may be used: its parameters' gradients are not its
// own.
func (n *Network) inferenceCopy() (*Network, error) {
	layers := make([]Layer, len(n.layers))
	for i, l := range n.layers {
		c, err := Build(l.Spec())
		if err != nil {
			return nil, fmt.Errorf("nn.NewPredictor: layer %d (%v) cannot be rebuilt: %v", i, l.Spec(), err)
		}
		if len(c.Params()) != len(l.Params()) {
			return nil, fmt.Errorf("nn.NewPredictor: layer %d (%v) rebuilt has %d parameters, not %d", i, l.Spec(), len(c.Params()), len(l.Params()))
		}
		for j, q := range c.Params() {
			q.Value, q.Grad = l.Params()[j].Value, l.Params()[j].Grad
		}
		if d, ok := l.(*Dense); ok {
			c.(*Dense).SetPrecision(d.Precision())
		}
		layers[i] = c
	}
	return NewNetwork(layers...)
}
