//go:build !purego

package kernels

import "github.com/gof32/gof32/asm"

// The AVX2 and AVX-512 activation and optimizer kernels (asm/nn_amd64.s).
// The AVX2 routines take the longest prefix of whole 8-lane vectors and Go
// finishes the 0..7 remaining elements with the generic path's loops; the
// AVX-512 routines take any length and are installed directly.

// useAVX2NN installs the AVX2 activation and optimizer kernels.
func useAVX2NN(p *impl) {
	p.nn = nnImpl{
		sigmoid:     avx2Unary(asm.SigmoidAVX2, genSigmoid),
		sigmoidBwd:  avx2Binary(asm.SigmoidBackwardAVX2, genSigmoidBackward),
		tanh:        avx2Unary(asm.TanhAVX2, genTanh),
		tanhBwd:     avx2Binary(asm.TanhBackwardAVX2, genTanhBackward),
		softplus:    avx2Unary(asm.SoftplusAVX2, genSoftplus),
		softplusBwd: avx2Binary(asm.SoftplusBackwardAVX2, genSoftplusBackward),
		momentum:    avx2Momentum(asm.MomentumAVX2, genSGDMomentum),
		nesterov:    avx2Momentum(asm.NesterovAVX2, genSGDNesterov),
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

// avx2Unary runs f on the whole vectors of x and tail on the rest.
func avx2Unary(f, tail func(dst, x []float32)) func(dst, x []float32) {
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

// avx2Binary runs f on the whole vectors and tail on the rest.
func avx2Binary(f, tail func(dst, a, b []float32)) func(dst, a, b []float32) {
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

// avx2Momentum runs f on the whole vectors and tail on the rest.
func avx2Momentum(f, tail func(lr, mu float32, w, g, vel []float32)) func(lr, mu float32, w, g, vel []float32) {
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
