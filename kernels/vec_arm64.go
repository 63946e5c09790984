//go:build !purego

package kernels

import (
	"math"

	"github.com/gof32/gof32/internal/asm"
)

// The NEON vector, row-wise and activation kernels: the assembly takes the
// longest prefix of whole vectors (4 floats; 16 for Argmax), Go finishes
// the tail with the generic path's loop.

// useNEONVec installs the NEON vector, row-wise and activation kernels.
func useNEONVec(p *impl) {
	p.axpy = neonAxpy
	p.scale = neonScale
	p.dot = neonDot
	p.add = neonAdd
	p.sub = neonSub
	p.mul = neonMul
	p.sum = neonSum
	p.max = neonMax
	p.argmax = neonArgmax
	p.exp = neonExp
	p.relu = neonRelu
	p.reluBwd = neonReluBackward
	p.sgd = neonSGD
	p.addRowVector = neonAddRowVector
	p.columnSums = neonColumnSums
	p.argmaxRows = neonArgmaxRows
	p.softmaxRows = neonSoftmaxRows
	p.logSumExpRows = neonLogSumExpRows
	useNEONNN(p)
}

// whole returns the length of the longest prefix of n elements made of
// 4-lane vectors.
func whole(n int) int { return n &^ 3 }

func neonAxpy(alpha float32, x, y []float32) {
	y = y[:len(x)]
	n := whole(len(x))
	if n > 0 {
		asm.AxpyNEON(alpha, x[:n], y[:n])
	}
	for i := n; i < len(x); i++ {
		y[i] += alpha * x[i]
	}
}

func neonScale(alpha float32, x []float32) {
	n := whole(len(x))
	if n > 0 {
		asm.ScaleNEON(alpha, x[:n])
	}
	for i := n; i < len(x); i++ {
		x[i] *= alpha
	}
}

func neonDot(x, y []float32) float32 {
	y = y[:len(x)]
	n := whole(len(x))
	var s float32
	if n > 0 {
		s = asm.DotNEON(x[:n], y[:n])
	}
	for i := n; i < len(x); i++ {
		s += x[i] * y[i]
	}
	return s
}

func neonAdd(dst, x, y []float32) {
	x, y = x[:len(dst)], y[:len(dst)]
	n := whole(len(dst))
	if n > 0 {
		asm.AddNEON(dst[:n], x[:n], y[:n])
	}
	for i := n; i < len(dst); i++ {
		dst[i] = x[i] + y[i]
	}
}

func neonSub(dst, x, y []float32) {
	x, y = x[:len(dst)], y[:len(dst)]
	n := whole(len(dst))
	if n > 0 {
		asm.SubNEON(dst[:n], x[:n], y[:n])
	}
	for i := n; i < len(dst); i++ {
		dst[i] = x[i] - y[i]
	}
}

func neonMul(dst, x, y []float32) {
	x, y = x[:len(dst)], y[:len(dst)]
	n := whole(len(dst))
	if n > 0 {
		asm.MulNEON(dst[:n], x[:n], y[:n])
	}
	for i := n; i < len(dst); i++ {
		dst[i] = x[i] * y[i]
	}
}

func neonSum(x []float32) float32 {
	n := whole(len(x))
	var s float32
	if n > 0 {
		s = asm.SumNEON(x[:n])
	}
	for _, v := range x[n:] {
		s += v
	}
	return s
}

func neonMax(x []float32) float32 {
	n := whole(len(x))
	m := float32(math.Inf(-1))
	if n > 0 {
		m = asm.MaxNEON(x[:n])
		if m != m {
			return m
		}
	}
	for _, v := range x[n:] {
		if v > m {
			m = v
		} else if v != v {
			return v
		}
	}
	return m
}

// neonArgmaxChunk bounds one ArgmaxNEON call, whose indices are int32: a
// multiple of 16 below 2³¹.
const neonArgmaxChunk = 1 << 30

func neonArgmax(x []float32) int {
	n := len(x) &^ 15
	if n == 0 {
		return genArgmax(x)
	}
	var m [16]float32
	var idx [16]int32
	best, bm := -1, float32(0)
	for off := 0; off < n; off += neonArgmaxChunk {
		end := min(n, off+neonArgmaxChunk)
		if asm.ArgmaxNEON(x[off:end], &m, &idx) {
			// A NaN wins, the first one: it is in x[:end].
			for i, v := range x[:end] {
				if v != v {
					return i
				}
			}
		}
		// Each lane holds its first maximum; of the lanes holding the
		// largest, the smallest index is the first maximum overall.
		for l := range m {
			i := off + int(idx[l])
			if best < 0 || m[l] > bm || m[l] == bm && i < best {
				best, bm = i, m[l]
			}
		}
	}
	for i := n; i < len(x); i++ {
		if v := x[i]; v > bm {
			best, bm = i, v
		} else if v != v {
			return i
		}
	}
	return best
}

func neonExp(dst, x []float32) {
	x = x[:len(dst)]
	n := whole(len(x))
	if n > 0 {
		asm.ExpShiftedNEON(dst[:n], x[:n], 0)
	}
	for i := n; i < len(x); i++ {
		dst[i] = expf(x[i])
	}
}

// neonExpShifted sets dst = exp(x − shift) and returns the sum of dst.
func neonExpShifted(dst, x []float32, shift float32) float32 {
	dst = dst[:len(x)]
	n := whole(len(x))
	var s float32
	if n > 0 {
		s = asm.ExpShiftedNEON(dst[:n], x[:n], shift)
	}
	for i := n; i < len(x); i++ {
		e := expf(x[i] - shift)
		dst[i] = e
		s += e
	}
	return s
}

// neonExpSum returns Σ exp(x − shift), through a buffer on the stack.
func neonExpSum(x []float32, shift float32) float32 {
	var buf [256]float32
	var s float32
	for len(x) > 0 {
		c := min(len(x), len(buf))
		s += neonExpShifted(buf[:c], x[:c], shift)
		x = x[c:]
	}
	return s
}

func neonRelu(dst, x []float32) {
	x = x[:len(dst)]
	n := whole(len(x))
	if n > 0 {
		asm.ReluNEON(dst[:n], x[:n])
	}
	for i := n; i < len(x); i++ {
		v := x[i]
		if v < 0 {
			v = 0
		}
		dst[i] = v
	}
}

func neonReluBackward(dst, dy, x []float32) {
	dy, x = dy[:len(dst)], x[:len(dst)]
	n := whole(len(dst))
	if n > 0 {
		asm.ReluBackwardNEON(dst[:n], dy[:n], x[:n])
	}
	for i := n; i < len(dst); i++ {
		if x[i] > 0 {
			dst[i] = dy[i]
		} else {
			dst[i] = 0
		}
	}
}

func neonSGD(lr float32, w, g []float32) { neonAxpy(-lr, g, w) }

func neonAddRowVector(rows, cols int, a []float32, lda int, v []float32) {
	v = v[:cols]
	for i := 0; i < rows; i++ {
		row := a[i*lda : i*lda+cols]
		neonAdd(row, row, v)
	}
}

func neonColumnSums(dst []float32, rows, cols int, a []float32, lda int) {
	dst = dst[:cols]
	clear(dst)
	for i := 0; i < rows; i++ {
		neonAdd(dst, dst, a[i*lda:i*lda+cols])
	}
}

func neonArgmaxRows(dst []int, rows, cols int, a []float32, lda int) {
	for i := 0; i < rows; i++ {
		dst[i] = neonArgmax(a[i*lda : i*lda+cols])
	}
}

func neonSoftmaxRows(rows, cols int, x []float32, ldx int, y []float32, ldy int) {
	softmaxRowsWith(neonMax, neonExpShifted, neonScale, rows, cols, x, ldx, y, ldy)
}

func neonLogSumExpRows(dst []float32, rows, cols int, x []float32, ldx int) {
	logSumExpRowsWith(neonMax, neonExpSum, dst, rows, cols, x, ldx)
}
