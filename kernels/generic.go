package kernels

import "math"

// The generic path: portable Go, unrolled by four with independent
// accumulators so that the loops are limited by throughput rather than by
// the latency of one chain of additions.

func genericImpl() *impl {
	p := &impl{
		name:       "generic",
		gemm:       &genericGemm,
		axpy:       genAxpy,
		scale:      genScale,
		dot:        genDot,
		add:        genAdd,
		sub:        genSub,
		mul:        genMul,
		sum:        genSum,
		max:        genMax,
		argmax:     genArgmax,
		exp:        genExp,
		relu:       genRelu,
		reluBwd:    genReluBackward,
		expShifted: genExpShifted,
		expSum:     genExpSum,
		sgd:        genSGD,
		nn:         genericNN(),
	}
	p.setGemm(&genericGemm, roundBF16Go)
	useRowsFrom(p)
	return p
}

// setGemm installs cfg as p's float32 GEMM, and the bf16 GEMM emulated on
// it with round (dst[i] = RoundBF16(src[i])).
func (p *impl) setGemm(cfg *gemmConfig, round func(dst, src []float32)) {
	p.gemm = cfg
	p.bf16 = emulatedBF16(cfg, round)
}

func genAxpy(alpha float32, x, y []float32) {
	y = y[:len(x)]
	i := 0
	for ; i+4 <= len(x); i += 4 {
		xs, ys := x[i:i+4:i+4], y[i:i+4:i+4]
		ys[0] += alpha * xs[0]
		ys[1] += alpha * xs[1]
		ys[2] += alpha * xs[2]
		ys[3] += alpha * xs[3]
	}
	for ; i < len(x); i++ {
		y[i] += alpha * x[i]
	}
}

func genScale(alpha float32, x []float32) {
	i := 0
	for ; i+4 <= len(x); i += 4 {
		xs := x[i : i+4 : i+4]
		xs[0] *= alpha
		xs[1] *= alpha
		xs[2] *= alpha
		xs[3] *= alpha
	}
	for ; i < len(x); i++ {
		x[i] *= alpha
	}
}

func genDot(x, y []float32) float32 {
	y = y[:len(x)]
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+4 <= len(x); i += 4 {
		xs, ys := x[i:i+4:i+4], y[i:i+4:i+4]
		s0 += xs[0] * ys[0]
		s1 += xs[1] * ys[1]
		s2 += xs[2] * ys[2]
		s3 += xs[3] * ys[3]
	}
	for ; i < len(x); i++ {
		s0 += x[i] * y[i]
	}
	return (s0 + s1) + (s2 + s3)
}

func genAdd(dst, x, y []float32) {
	x, y = x[:len(dst)], y[:len(dst)]
	for i := range dst {
		dst[i] = x[i] + y[i]
	}
}

func genSub(dst, x, y []float32) {
	x, y = x[:len(dst)], y[:len(dst)]
	for i := range dst {
		dst[i] = x[i] - y[i]
	}
}

func genMul(dst, x, y []float32) {
	x, y = x[:len(dst)], y[:len(dst)]
	for i := range dst {
		dst[i] = x[i] * y[i]
	}
}

func genSum(x []float32) float32 {
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+4 <= len(x); i += 4 {
		xs := x[i : i+4 : i+4]
		s0 += xs[0]
		s1 += xs[1]
		s2 += xs[2]
		s3 += xs[3]
	}
	for ; i < len(x); i++ {
		s0 += x[i]
	}
	return (s0 + s1) + (s2 + s3)
}

func genMax(x []float32) float32 {
	if len(x) == 0 {
		return float32(math.Inf(-1))
	}
	m := x[0]
	for _, v := range x {
		if v > m {
			m = v
		} else if v != v {
			return v
		}
	}
	return m
}

func genArgmax(x []float32) int {
	if len(x) == 0 {
		return -1
	}
	best, m := 0, x[0]
	if m != m {
		return 0
	}
	for i, v := range x {
		if v > m {
			best, m = i, v
		} else if v != v {
			return i
		}
	}
	return best
}

func genRelu(dst, x []float32) {
	x = x[:len(dst)]
	for i, v := range x {
		if v < 0 {
			v = 0
		}
		dst[i] = v
	}
}

func genReluBackward(dst, dy, x []float32) {
	dy, x = dy[:len(dst)], x[:len(dst)]
	for i := range dst {
		if x[i] > 0 {
			dst[i] = dy[i]
		} else {
			dst[i] = 0
		}
	}
}

func genSGD(lr float32, w, g []float32) { genAxpy(-lr, g, w) }

// useRowsFrom installs the row-wise kernels built from p's vector
// kernels, row by row: a row is a vector.
func useRowsFrom(p *impl) {
	add, max, argmax, scale, expShifted, expSum := p.add, p.max, p.argmax, p.scale, p.expShifted, p.expSum
	p.addRowVector = func(rows, cols int, a []float32, lda int, v []float32) {
		v = v[:cols]
		for i := 0; i < rows; i++ {
			row := a[i*lda : i*lda+cols]
			add(row, row, v)
		}
	}
	p.columnSums = func(dst []float32, rows, cols int, a []float32, lda int) {
		dst = dst[:cols]
		clear(dst)
		for i := 0; i < rows; i++ {
			add(dst, dst, a[i*lda:i*lda+cols])
		}
	}
	p.argmaxRows = func(dst []int, rows, cols int, a []float32, lda int) {
		for i := 0; i < rows; i++ {
			dst[i] = argmax(a[i*lda : i*lda+cols])
		}
	}
	p.softmaxRows = func(rows, cols int, x []float32, ldx int, y []float32, ldy int) {
		for i := 0; i < rows; i++ {
			xr := x[i*ldx : i*ldx+cols]
			yr := y[i*ldy : i*ldy+cols]
			s := expShifted(yr, xr, max(xr))
			scale(1/s, yr)
		}
	}
	p.logSumExpRows = func(dst []float32, rows, cols int, x []float32, ldx int) {
		for i := 0; i < rows; i++ {
			xr := x[i*ldx : i*ldx+cols]
			m := max(xr)
			if math.IsInf(float64(m), 0) {
				dst[i] = m
				continue
			}
			dst[i] = m + float32(math.Log(float64(expSum(xr, m))))
		}
	}
}
