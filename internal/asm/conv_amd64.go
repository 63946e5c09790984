//go:build !purego

package asm

// AddBlockAVX512 adds a rows×cols block of src into dst, row after row,
// the Go loop
//
//	for i := 0; i < rows; i++ {
//	    for j := 0; j < cols; j++ {
//	        dst[i*ldd+j] += src[i*lds+j]
//	    }
//	}
//
// Rows of dst may overlap (ldd < cols): each row is added after the one
// before it, as in the loop; col2im adds the overlapping windows of a
// convolution so. Any cols: the last cols%16 are masked. The caller
// guarantees slices long enough; the lengths are not checked.
//
//go:noescape
func AddBlockAVX512(rows, cols int, src []float32, lds int, dst []float32, ldd int)
