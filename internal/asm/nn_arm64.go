//go:build !purego

package asm

// NEON activation and optimizer routines (nn_arm64.s). Each handles whole
// 4-lane vectors: the length of the first slice must be a multiple of 4
// (the others at least as long) and the caller finishes the tail. sigmoidf,
// tanhf and softplusf are the float32 algorithms of kernels/generic_nn.go,
// computed lane by lane with fused multiply-adds in their polynomials.

// SigmoidNEON computes, for len(dst) a multiple of 4,
//
//	for i, v := range x {
//	    dst[i] = sigmoidf(v)
//	}
//
//go:noescape
func SigmoidNEON(dst, x []float32)

// SigmoidBackwardNEON computes, for len(dst) a multiple of 4,
//
//	for i := range dst {
//	    dst[i] = dy[i] * (y[i] * (1 - y[i]))
//	}
//
// with the same roundings.
//
//go:noescape
func SigmoidBackwardNEON(dst, dy, y []float32)

// TanhNEON computes, for len(dst) a multiple of 4,
//
//	for i, v := range x {
//	    dst[i] = tanhf(v)
//	}
//
//go:noescape
func TanhNEON(dst, x []float32)

// TanhBackwardNEON computes, for len(dst) a multiple of 4,
//
//	for i := range dst {
//	    dst[i] = dy[i] * ((1 - y[i]) * (1 + y[i]))
//	}
//
// with the same roundings.
//
//go:noescape
func TanhBackwardNEON(dst, dy, y []float32)

// SoftplusNEON computes, for len(dst) a multiple of 4,
//
//	for i, v := range x {
//	    dst[i] = softplusf(v)
//	}
//
//go:noescape
func SoftplusNEON(dst, x []float32)

// SoftplusBackwardNEON computes, for len(dst) a multiple of 4,
//
//	for i := range dst {
//	    dst[i] = dy[i] * sigmoidf(x[i])
//	}
//
//go:noescape
func SoftplusBackwardNEON(dst, dy, x []float32)

// MomentumNEON computes, for len(w) a multiple of 4,
//
//	for i := range w {
//	    t := lr * g[i]
//	    vel[i] = mu*vel[i] - t
//	    w[i] += vel[i]
//	}
//
// with mu·vel − t fused (one rounding).
//
//go:noescape
func MomentumNEON(lr, mu float32, w, g, vel []float32)

// NesterovNEON computes, for len(w) a multiple of 4,
//
//	for i := range w {
//	    t := lr * g[i]
//	    vel[i] = mu*vel[i] - t
//	    w[i] += mu*vel[i] - t
//	}
//
// with both mu·vel − t fused.
//
//go:noescape
func NesterovNEON(lr, mu float32, w, g, vel []float32)

// AdamNEON computes, for len(w) a multiple of 4,
//
//	for i := range w {
//	    m[i] = (g[i]-m[i])*c1 + m[i]
//	    v[i] = (g[i]*g[i]-v[i])*c2 + v[i]
//	    w[i] -= lr * m[i] / (float32(math.Sqrt(float64(v[i]))) + eps)
//	}
//
// with the two moving averages' product and sum fused.
//
//go:noescape
func AdamNEON(lr, c1, c2, eps float32, w, g, m, v []float32)
