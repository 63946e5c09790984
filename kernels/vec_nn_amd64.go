//go:build !purego

package kernels

import "github.com/gof32/gof32/internal/asm"

// The AVX2 and AVX-512 activation and optimizer kernels (internal/asm/nn_amd64.s).
// The AVX2 routines take the longest prefix of whole 8-lane vectors and Go
// finishes the 0..7 remaining elements with the generic path's loops; the
// AVX-512 routines take any length and are installed directly.

// useAVX2NN installs the AVX2 activation and optimizer kernels.
func useAVX2NN(p *impl) {
	p.nn = nnImpl{
		sigmoid:     splitUnary(asm.SigmoidAVX2, genSigmoid),
		sigmoidBwd:  splitBinary(asm.SigmoidBackwardAVX2, genSigmoidBackward),
		tanh:        splitUnary(asm.TanhAVX2, genTanh),
		tanhBwd:     splitBinary(asm.TanhBackwardAVX2, genTanhBackward),
		softplus:    splitUnary(asm.SoftplusAVX2, genSoftplus),
		softplusBwd: splitBinary(asm.SoftplusBackwardAVX2, genSoftplusBackward),
		momentum:    splitMomentum(asm.MomentumAVX2, genSGDMomentum),
		nesterov:    splitMomentum(asm.NesterovAVX2, genSGDNesterov),
		adam:        avx2Adam,
	}
}

// useAVX512NN installs the AVX-512 activation and optimizer kernels.
func useAVX512NN(p *impl) {
	p.nn = nnImpl{
		sigmoid:     asm.SigmoidAVX512,
		sigmoidBwd:  asm.SigmoidBackwardAVX512,
		tanh:        asm.TanhAVX512,
		tanhBwd:     asm.TanhBackwardAVX512,
		softplus:    asm.SoftplusAVX512,
		softplusBwd: asm.SoftplusBackwardAVX512,
		momentum:    asm.MomentumAVX512,
		nesterov:    asm.NesterovAVX512,
		adam: func(a adamArgs, w, g, m, v []float32) {
			asm.AdamAVX512(a.lr, a.c1, a.c2, a.eps, w, g, m, v)
		},
	}
}

func avx2Adam(a adamArgs, w, g, m, v []float32) {
	g, m, v = g[:len(w)], m[:len(w)], v[:len(w)]
	n := whole(len(w))
	if n > 0 {
		asm.AdamAVX2(a.lr, a.c1, a.c2, a.eps, w[:n], g[:n], m[:n], v[:n])
	}
	if n < len(w) {
		genAdam(a, w[n:], g[n:], m[n:], v[n:])
	}
}
