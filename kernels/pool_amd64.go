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

// poolBackRow returns the path's kernel that takes a row of pooling
// windows backward over all their elements at once (dy and arg read once
// a window), or nil: AVX-512 only. (The same for the forward pass, with
// the running maximum in a register, measured slower than folding one
// element at a time: its compares form one dependency chain.)
func poolBackRow(p *impl) func(rows, cols int, dy []float32, arg []int32, ldy int, offs []int, dx []float32, ldx, base int) {
	if p.name == "avx512" {
		return asm.MaxPoolBackRowAVX512
	}
	return nil
}
