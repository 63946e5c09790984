//go:build !purego

package kernels

import "github.com/gof32/gof32/internal/asm"

// poolAcc returns the path's fold of one pooling-window element into a
// row of maxima: AVX-512 compares and masked stores on the avx512 path,
// Go elsewhere (the branches of the Go loop mispredict on real data:
// pooling the MNIST convnet's first layer took 7 ms per batch of 128 in
// Go, longer than its convolution).
func poolAcc(p *impl) func(rows, cols int, x []float32, ldx int, m []float32, arg []int32, ldm, base, first int) {
	if p.name == "avx512" {
		return asm.MaxPoolAccAVX512
	}
	return poolAccGo
}

// poolBack returns the path's backward of one pooling-window element over
// a row of windows: AVX-512 compares and masked loads on the avx512 path,
// Go elsewhere.
func poolBack(p *impl) func(rows, cols int, dy []float32, arg []int32, ldm int, dx []float32, ldx, base int) {
	if p.name == "avx512" {
		return asm.MaxPoolBackAVX512
	}
	return poolBackGo
}
