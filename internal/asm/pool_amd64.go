//go:build !purego

package asm

// MaxPoolAccAVX512 folds one element of a pooling window into the running
// maximum of a row of windows, the Go loop
//
//	for r := 0; r < rows; r++ {
//	    for i := 0; i < cols; i++ {
//	        v, o := x[r*ldx+i], r*ldm+i
//	        if first != 0 || v > m[o] || v != v && m[o] == m[o] {
//	            m[o] = v
//	            arg[o] = int32(base + r*ldx + i)
//	        }
//	    }
//	}
//
// (a NaN wins over a number and then stays: the first NaN is kept). Any
// cols: the last cols%16 are masked. The caller guarantees slices long
// enough and indices that fit int32; the lengths are not checked.
//
//go:noescape
func MaxPoolAccAVX512(rows, cols int, x []float32, ldx int, m []float32, arg []int32, ldm, base, first int)

// MaxPoolBackRowAVX512 is a row of pooling windows backward, all their
// elements at once (dy and arg read once per window), the Go loop
//
//	for r := 0; r < rows; r++ {
//	    for i := 0; i < cols; i++ {
//	        for _, off := range offs {
//	            q := r*ldx + off + i
//	            if int(arg[r*ldy+i]) == base+q {
//	                dx[q] = dy[r*ldy+i]
//	            } else {
//	                dx[q] = 0
//	            }
//	        }
//	    }
//	}
//
// (with windows that do not overlap, every input a window covers written
// once). Any cols: the last cols%16 are masked. The caller guarantees
// slices long enough; the lengths are not checked.
//
//go:noescape
func MaxPoolBackRowAVX512(rows, cols int, dy []float32, arg []int32, ldy int, offs []int, dx []float32, ldx, base int)
