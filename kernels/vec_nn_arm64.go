//go:build !purego

package kernels

import "github.com/gof32/gof32/asm"

// The NEON activation and optimizer kernels (asm/nn_arm64.s): the assembly
// takes the longest prefix of whole 4-lane vectors, Go finishes the 0..3
// remaining elements with the generic path's loops.

// useNEONNN installs the NEON activation and optimizer kernels.
func useNEONNN(p *impl) {
	p.nn = nnImpl{
		sigmoid:     neonUnary(asm.SigmoidNEON, genSigmoid),
		sigmoidBwd:  neonBinary(asm.SigmoidBackwardNEON, genSigmoidBackward),
		tanh:        neonUnary(asm.TanhNEON, genTanh),
		tanhBwd:     neonBinary(asm.TanhBackwardNEON, genTanhBackward),
		softplus:    neonUnary(asm.SoftplusNEON, genSoftplus),
		softplusBwd: neonBinary(asm.SoftplusBackwardNEON, genSoftplusBackward),
		momentum:    neonMomentum(asm.MomentumNEON, genSGDMomentum),
		nesterov:    neonMomentum(asm.NesterovNEON, genSGDNesterov),
		adam:        neonAdam,
	}
}

func neonUnary(f, tail func(dst, x []float32)) func(dst, x []float32) {
	return func(dst, x []float32) {
		x = x[:len(dst)]
		n := whole(len(dst))
		if n > 0 {
			f(dst[:n], x[:n])
		}
		if n < len(dst) {
			tail(dst[n:], x[n:])
		}
	}
}

func neonBinary(f, tail func(dst, a, b []float32)) func(dst, a, b []float32) {
	return func(dst, a, b []float32) {
		a, b = a[:len(dst)], b[:len(dst)]
		n := whole(len(dst))
		if n > 0 {
			f(dst[:n], a[:n], b[:n])
		}
		if n < len(dst) {
			tail(dst[n:], a[n:], b[n:])
		}
	}
}

func neonMomentum(f, tail func(lr, mu float32, w, g, vel []float32)) func(lr, mu float32, w, g, vel []float32) {
	return func(lr, mu float32, w, g, vel []float32) {
		g, vel = g[:len(w)], vel[:len(w)]
		n := whole(len(w))
		if n > 0 {
			f(lr, mu, w[:n], g[:n], vel[:n])
		}
		if n < len(w) {
			tail(lr, mu, w[n:], g[n:], vel[n:])
		}
	}
}

func neonAdam(a adamArgs, w, g, m, v []float32) {
	g, m, v = g[:len(w)], m[:len(w)], v[:len(w)]
	n := whole(len(w))
	if n > 0 {
		asm.AdamNEON(a.lr, a.c1, a.c2, a.eps, w[:n], g[:n], m[:n], v[:n])
	}
	if n < len(w) {
		genAdam(a, w[n:], g[n:], m[n:], v[n:])
	}
}
