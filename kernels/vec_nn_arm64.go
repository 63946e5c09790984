//go:build !purego

package kernels

import "github.com/gof32/gof32/internal/asm"

// The NEON activation and optimizer kernels (internal/asm/nn_arm64.s): the assembly
// takes the longest prefix of whole 4-lane vectors, Go finishes the 0..3
// remaining elements with the generic path's loops.

// useNEONNN installs the NEON activation and optimizer kernels.
func useNEONNN(p *impl) {
	p.nn = nnImpl{
		sigmoid:     splitUnary(asm.SigmoidNEON, genSigmoid),
		sigmoidBwd:  splitBinary(asm.SigmoidBackwardNEON, genSigmoidBackward),
		tanh:        splitUnary(asm.TanhNEON, genTanh),
		tanhBwd:     splitBinary(asm.TanhBackwardNEON, genTanhBackward),
		softplus:    splitUnary(asm.SoftplusNEON, genSoftplus),
		softplusBwd: splitBinary(asm.SoftplusBackwardNEON, genSoftplusBackward),
		momentum:    splitMomentum(asm.MomentumNEON, genSGDMomentum),
		nesterov:    splitMomentum(asm.NesterovNEON, genSGDNesterov),
		adam:        neonAdam,
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
