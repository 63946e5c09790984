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

// MaxPoolBackAVX512 is one element of a pooling window over a row of
// windows, backward, the Go loop
//
//	for r := 0; r < rows; r++ {
//	    for i := 0; i < cols; i++ {
//	        o, q := r*ldm+i, r*ldx+i
//	        if int(arg[o]) == base+q {
//	            dx[q] = dy[o]
//	        } else {
//	            dx[q] = 0
//	        }
//	    }
//	}
//
// With windows that do not overlap, one call per window element writes
// every input a window covers exactly once. Any cols: the last cols%16
// are masked. The caller guarantees slices long enough; the lengths are
// not checked.
//
//go:noescape
func MaxPoolBackAVX512(rows, cols int, dy []float32, arg []int32, ldm int, dx []float32, ldx, base int)
