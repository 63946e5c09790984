//go:build !purego

package kernels

import "github.com/gof32/gof32/internal/asm"

// The AVX2 and AVX-512 vector, row-wise and activation kernels.
//
// The AVX2 routines take whole 8-lane vectors: the wrappers below pass
// them the longest prefix that is a multiple of 8 and finish the 0..7
// remaining elements in Go, with the same operations. The AVX-512 routines
// take any length (they mask the last partial vector) and are installed
// directly.
//
// AddRowVector, ColumnSums and ArgmaxRows (and, for AVX-512, SoftmaxRows)
// have routines of their own that walk the rows; the other
// row-wise kernels are built from the vector routines, a row being a
// vector.

// useAVX2Vec installs the AVX2 vector, row-wise and activation kernels.
func useAVX2Vec(p *impl) {
	p.axpy = avx2Axpy
	p.scale = avx2Scale
	p.dot = avx2Dot
	p.add = avx2Add
	p.sub = avx2Sub
	p.mul = avx2Mul
	p.sum = avx2Sum
	p.max = avx2Max
	p.argmax = avx2Argmax
	p.exp = avx2Exp
	p.relu = avx2Relu
	p.reluBwd = avx2ReluBackward
	p.sgd = func(lr float32, w, g []float32) { avx2Axpy(-lr, g, w) }
	p.addRowVector = avx2AddRowVector
	p.columnSums = avx2ColumnSums
	useRowsFrom(p, avx2ExpShifted, avx2ExpSum)
	p.argmaxRows = avx2ArgmaxRows
	useAVX2NN(p)
}

// useAVX512Vec installs the AVX-512 vector, row-wise and activation kernels.
func useAVX512Vec(p *impl) {
	p.axpy = asm.AxpyAVX512
	p.scale = asm.ScaleAVX512
	p.dot = asm.DotAVX512
	p.add = asm.AddAVX512
	p.sub = asm.SubAVX512
	p.mul = asm.MulAVX512
	p.sum = asm.SumAVX512
	p.max = asm.MaxAVX512
	p.argmax = asm.ArgmaxAVX512
	p.exp = asm.ExpAVX512
	p.relu = asm.ReluAVX512
	p.reluBwd = asm.ReluBackwardAVX512
	p.sgd = func(lr float32, w, g []float32) { asm.AxpyAVX512(-lr, g, w) }
	p.addRowVector = asm.AddRowVectorAVX512
	p.columnSums = asm.ColumnSumsAVX512
	useRowsFrom(p, asm.ExpShiftedAVX512, asm.ExpSumAVX512)
	// The public functions return before calling these for cols == 0.
	p.argmaxRows = asm.ArgmaxRowsAVX512
	p.softmaxRows = asm.SoftmaxRowsAVX512
	useAVX512NN(p)
}

// useRowsFrom installs the row-wise kernels that are built from p's vector
// kernels (row by row) and the given exp-and-sum routines.
func useRowsFrom(p *impl, expShifted func(dst, x []float32, shift float32) float32, expSum func(x []float32, shift float32) float32) {
	max, argmax, scale := p.max, p.argmax, p.scale
	p.argmaxRows = func(dst []int, rows, cols int, a []float32, lda int) {
		for i := 0; i < rows; i++ {
			dst[i] = argmax(a[i*lda : i*lda+cols])
		}
	}
	p.softmaxRows = func(rows, cols int, x []float32, ldx int, y []float32, ldy int) {
		softmaxRowsWith(max, expShifted, scale, rows, cols, x, ldx, y, ldy)
	}
	p.logSumExpRows = func(dst []float32, rows, cols int, x []float32, ldx int) {
		logSumExpRowsWith(max, expSum, dst, rows, cols, x, ldx)
	}
}

// whole is the longest prefix length of n that is a multiple of 8.
func whole(n int) int { return n &^ 7 }

func avx2Axpy(alpha float32, x, y []float32) {
	y = y[:len(x)]
	n := whole(len(x))
	if n > 0 {
		asm.AxpyAVX2(alpha, x[:n], y[:n])
	}
	for i := n; i < len(x); i++ {
		y[i] += alpha * x[i]
	}
}

func avx2Scale(alpha float32, x []float32) {
	n := whole(len(x))
	if n > 0 {
		asm.ScaleAVX2(alpha, x[:n])
	}
	for i := n; i < len(x); i++ {
		x[i] *= alpha
	}
}

func avx2Dot(x, y []float32) float32 {
	y = y[:len(x)]
	n := whole(len(x))
	var s float32
	if n > 0 {
		s = asm.DotAVX2(x[:n], y[:n])
	}
	for i := n; i < len(x); i++ {
		s += x[i] * y[i]
	}
	return s
}

func avx2Add(dst, x, y []float32) {
	x, y = x[:len(dst)], y[:len(dst)]
	n := whole(len(dst))
	if n > 0 {
		asm.AddAVX2(dst[:n], x[:n], y[:n])
	}
	for i := n; i < len(dst); i++ {
		dst[i] = x[i] + y[i]
	}
}

func avx2Sub(dst, x, y []float32) {
	x, y = x[:len(dst)], y[:len(dst)]
	n := whole(len(dst))
	if n > 0 {
		asm.SubAVX2(dst[:n], x[:n], y[:n])
	}
	for i := n; i < len(dst); i++ {
		dst[i] = x[i] - y[i]
	}
}

func avx2Mul(dst, x, y []float32) {
	x, y = x[:len(dst)], y[:len(dst)]
	n := whole(len(dst))
	if n > 0 {
		asm.MulAVX2(dst[:n], x[:n], y[:n])
	}
	for i := n; i < len(dst); i++ {
		dst[i] = x[i] * y[i]
	}
}

func avx2Sum(x []float32) float32 {
	n := whole(len(x))
	var s float32
	if n > 0 {
		s = asm.SumAVX2(x[:n])
	}
	for _, v := range x[n:] {
		s += v
	}
	return s
}

// avx2Max continues MaxAVX2's maximum of the whole vectors (−Inf when
// there are none) over the tail.
func avx2Max(x []float32) float32 {
	n := whole(len(x))
	m := asm.MaxAVX2(x[:n])
	if m != m {
		return m
	}
	for _, v := range x[n:] {
		if v != v {
			return v
		}
		if v > m {
			m = v
		}
	}
	return m
}

// avx2Argmax continues ArgmaxAVX2's index over the whole vectors (−1 when
// there are none) over the tail.
func avx2Argmax(x []float32) int {
	n := whole(len(x))
	best := asm.ArgmaxAVX2(x[:n])
	if best >= 0 && x[best] != x[best] {
		return best
	}
	for i := n; i < len(x); i++ {
		v := x[i]
		if v != v {
			return i
		}
		if best < 0 || v > x[best] {
			best = i
		}
	}
	return best
}

func avx2Exp(dst, x []float32) {
	x = x[:len(dst)]
	n := whole(len(dst))
	if n > 0 {
		asm.ExpAVX2(dst[:n], x[:n])
	}
	for i := n; i < len(dst); i++ {
		dst[i] = expf(x[i])
	}
}

func avx2ExpShifted(dst, x []float32, shift float32) float32 {
	dst = dst[:len(x)]
	n := whole(len(x))
	var s float32
	if n > 0 {
		s = asm.ExpShiftedAVX2(dst[:n], x[:n], shift)
	}
	for i := n; i < len(x); i++ {
		e := expf(x[i] - shift)
		dst[i] = e
		s += e
	}
	return s
}

func avx2ExpSum(x []float32, shift float32) float32 {
	n := whole(len(x))
	var s float32
	if n > 0 {
		s = asm.ExpSumAVX2(x[:n], shift)
	}
	for _, v := range x[n:] {
		s += expf(v - shift)
	}
	return s
}

func avx2Relu(dst, x []float32) {
	x = x[:len(dst)]
	n := whole(len(dst))
	if n > 0 {
		asm.ReluAVX2(dst[:n], x[:n])
	}
	for i := n; i < len(dst); i++ {
		if v := x[i]; v < 0 {
			dst[i] = 0
		} else {
			dst[i] = v
		}
	}
}

func avx2ReluBackward(dst, dy, x []float32) {
	dy, x = dy[:len(dst)], x[:len(dst)]
	n := whole(len(dst))
	if n > 0 {
		asm.ReluBackwardAVX2(dst[:n], dy[:n], x[:n])
	}
	for i := n; i < len(dst); i++ {
		if x[i] > 0 {
			dst[i] = dy[i]
		} else {
			dst[i] = 0
		}
	}
}

// avx2AddRowVector adds v to the whole 8-column vectors of every row in
// assembly and to the remaining 0..7 columns in Go.
func avx2AddRowVector(rows, cols int, a []float32, lda int, v []float32) {
	if rows == 0 || cols == 0 {
		return
	}
	c8 := whole(cols)
	if c8 > 0 {
		asm.AddRowVectorAVX2(rows, c8, a, lda, v)
	}
	if c8 == cols {
		return
	}
	vt := v[c8:cols]
	for i := 0; i < rows; i++ {
		row := a[i*lda+c8 : i*lda+cols]
		for j, vj := range vt {
			row[j] += vj
		}
	}
}

// avx2ColumnSums sums the whole 8-column vectors in assembly and the
// remaining 0..7 columns in Go, all in the reference's order.
func avx2ColumnSums(dst []float32, rows, cols int, a []float32, lda int) {
	if cols == 0 {
		return
	}
	c8 := whole(cols)
	if c8 > 0 {
		asm.ColumnSumsAVX2(dst, rows, c8, a, lda)
	}
	for j := c8; j < cols; j++ {
		var s float32
		for i := 0; i < rows; i++ {
			s += a[i*lda+j]
		}
		dst[j] = s
	}
}

// avx2ArgmaxRows finds the Argmax of the whole 8-column vectors of every
// row in assembly and continues it over the remaining 0..7 columns in Go.
// Rows of 64 columns or more go one by one to ArgmaxAVX2, whose four
// accumulators and 32-column scan pay for the call.
func avx2ArgmaxRows(dst []int, rows, cols int, a []float32, lda int) {
	c8 := whole(cols)
	if c8 == 0 || cols >= 64 {
		for i := 0; i < rows; i++ {
			dst[i] = avx2Argmax(a[i*lda : i*lda+cols])
		}
		return
	}
	asm.ArgmaxRowsAVX2(dst, rows, c8, a, lda)
	if c8 == cols {
		return
	}
	for i := 0; i < rows; i++ {
		row := a[i*lda : i*lda+cols]
		best := dst[i]
		if row[best] != row[best] {
			continue
		}
		for j := c8; j < cols; j++ {
			v := row[j]
			if v != v {
				best = j
				break
			}
			if v > row[best] {
				best = j
			}
		}
		dst[i] = best
	}
}
