//go:build !purego

package asm

// Activation and optimizer routines for amd64 (nn_amd64.s), AVX2+FMA3 and
// AVX-512. As in vec_amd64.go, the AVX2 routines take whole 8-lane vectors
// (len of the first slice a multiple of 8, the caller finishes the tail in
// Go) and the AVX-512 ones any length. Every other slice must be at least
// as long as the first; dst may be the same slice as an input.
//
// sigmoidf, tanhf and softplusf below are the float32 algorithms of
// kernels/generic_nn.go, computed lane by lane with fused multiply-adds in
// their polynomials (so within the error bounds of kernels.Sigmoid, … but
// not bit for bit the generic path's results).

// SigmoidAVX2 is
//
//	for i, v := range x {
//		dst[i] = sigmoidf(v)
//	}
//
// len(dst) is a multiple of 8.
//
//go:noescape
func SigmoidAVX2(dst, x []float32)

// SigmoidAVX512 is SigmoidAVX2 for any len(dst).
//
//go:noescape
func SigmoidAVX512(dst, x []float32)

// SigmoidBackwardAVX2 is
//
//	for i := range dst {
//		dst[i] = dy[i] * (y[i] * (1 - y[i]))
//	}
//
// with the same roundings. len(dst) is a multiple of 8.
//
//go:noescape
func SigmoidBackwardAVX2(dst, dy, y []float32)

// SigmoidBackwardAVX512 is SigmoidBackwardAVX2 for any len(dst).
//
//go:noescape
func SigmoidBackwardAVX512(dst, dy, y []float32)

// TanhAVX2 is
//
//	for i, v := range x {
//		dst[i] = tanhf(v)
//	}
//
// len(dst) is a multiple of 8.
//
//go:noescape
func TanhAVX2(dst, x []float32)

// TanhAVX512 is TanhAVX2 for any len(dst).
//
//go:noescape
func TanhAVX512(dst, x []float32)

// TanhBackwardAVX2 is
//
//	for i := range dst {
//		dst[i] = dy[i] * ((1 - y[i]) * (1 + y[i]))
//	}
//
// with the same roundings. len(dst) is a multiple of 8.
//
//go:noescape
func TanhBackwardAVX2(dst, dy, y []float32)

// TanhBackwardAVX512 is TanhBackwardAVX2 for any len(dst).
//
//go:noescape
func TanhBackwardAVX512(dst, dy, y []float32)

// SoftplusAVX2 is
//
//	for i, v := range x {
//		dst[i] = softplusf(v)
//	}
//
// len(dst) is a multiple of 8.
//
//go:noescape
func SoftplusAVX2(dst, x []float32)

// SoftplusAVX512 is SoftplusAVX2 for any len(dst).
//
//go:noescape
func SoftplusAVX512(dst, x []float32)

// SoftplusBackwardAVX2 is
//
//	for i := range dst {
//		dst[i] = dy[i] * sigmoidf(x[i])
//	}
//
// len(dst) is a multiple of 8.
//
//go:noescape
func SoftplusBackwardAVX2(dst, dy, x []float32)

// SoftplusBackwardAVX512 is SoftplusBackwardAVX2 for any len(dst).
//
//go:noescape
func SoftplusBackwardAVX512(dst, dy, x []float32)

// MomentumAVX2 is
//
//	for i := range w {
//		t := lr * g[i]
//		vel[i] = mu*vel[i] - t
//		w[i] += vel[i]
//	}
//
// with mu·vel − t fused (one rounding). len(w) is a multiple of 8.
//
//go:noescape
func MomentumAVX2(lr, mu float32, w, g, vel []float32)

// MomentumAVX512 is MomentumAVX2 for any len(w).
//
//go:noescape
func MomentumAVX512(lr, mu float32, w, g, vel []float32)

// NesterovAVX2 is
//
//	for i := range w {
//		t := lr * g[i]
//		vel[i] = mu*vel[i] - t
//		w[i] += mu*vel[i] - t
//	}
//
// with both mu·vel − t fused. len(w) is a multiple of 8.
//
//go:noescape
func NesterovAVX2(lr, mu float32, w, g, vel []float32)

// NesterovAVX512 is NesterovAVX2 for any len(w).
//
//go:noescape
func NesterovAVX512(lr, mu float32, w, g, vel []float32)

// AdamAVX2 is
//
//	for i := range w {
//		m[i] = (g[i]-m[i])*c1 + m[i]
//		v[i] = (g[i]*g[i]-v[i])*c2 + v[i]
//		w[i] -= lr * m[i] / (float32(math.Sqrt(float64(v[i]))) + eps)
//	}
//
// with the two moving averages' product and sum fused. len(w) is a
// multiple of 8.
//
//go:noescape
func AdamAVX2(lr, c1, c2, eps float32, w, g, m, v []float32)

// AdamAVX512 is AdamAVX2 for any len(w).
//
//go:noescape
func AdamAVX512(lr, c1, c2, eps float32, w, g, m, v []float32)
