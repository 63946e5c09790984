//go:build !purego

package kernels

import "github.com/gof32/gof32/internal/asm"

// convAddBlock returns the path's block add with overlapping rows for
// col2im: AVX-512 on the avx512 path (one call per output row and kernel
// row, where adding each pixel's window with the path's Add was a call
// per 96 values), Go elsewhere.
func convAddBlock(p *impl) func(rows, cols int, src []float32, lds int, dst []float32, ldd int) {
	if p.name == "avx512" {
		return asm.AddBlockAVX512
	}
	return addBlockGo
}
