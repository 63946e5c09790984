//go:build !purego && (amd64 || arm64)

package kernels

// The SIMD paths' routines take whole vectors (whole, per architecture:
// 8 lanes on AVX2, 4 on NEON); these wrappers give them the whole part of
// a slice and a portable routine the rest.

// splitUnary runs f on the whole vectors of x and tail on the rest.
func splitUnary(f, tail func(dst, x []float32)) func(dst, x []float32) {
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

// splitBinary runs f on the whole vectors and tail on the rest.
func splitBinary(f, tail func(dst, a, b []float32)) func(dst, a, b []float32) {
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

// splitMomentum runs f on the whole vectors and tail on the rest.
func splitMomentum(f, tail func(lr, mu float32, w, g, vel []float32)) func(lr, mu float32, w, g, vel []float32) {
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
