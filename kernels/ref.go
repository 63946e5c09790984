package kernels

import "math"

// The naive path: each kernel written as the plainest loop that computes
// it. Tests and benchmarks measure the other paths against these.

func naiveImpl() *impl {
	return &impl{
		name:          "naive",
		bf16:          refSgemmBF16Args,
		axpy:          refAxpy,
		scale:         refScale,
		dot:           refDot,
		add:           refAdd,
		sub:           refSub,
		mul:           refMul,
		sum:           refSum,
		max:           refMax,
		argmax:        refArgmax,
		exp:           refExp,
		relu:          refRelu,
		reluBwd:       refReluBackward,
		sgd:           refSGD,
		addRowVector:  refAddRowVector,
		columnSums:    refColumnSums,
		argmaxRows:    refArgmaxRows,
		softmaxRows:   refSoftmaxRows,
		logSumExpRows: refLogSumExpRows,
		nn:            naiveNN(),
	}
}

func refSgemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	refGemm(false, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// refGemm is the reference GEMM, with the operands rounded to bf16 as
// they are read when bf16 is set (refSgemmBF16).
func refGemm(bf16, transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			var s float32
			for p := 0; p < k; p++ {
				var av, bv float32
				if transA {
					av = a[p*lda+i]
				} else {
					av = a[i*lda+p]
				}
				if transB {
					bv = b[j*ldb+p]
				} else {
					bv = b[p*ldb+j]
				}
				if bf16 {
					av, bv = RoundBF16(av), RoundBF16(bv)
				}
				s += av * bv
			}
			if beta == 0 {
				c[i*ldc+j] = alpha * s
			} else {
				c[i*ldc+j] = alpha*s + beta*c[i*ldc+j]
			}
		}
	}
}

func refAxpy(alpha float32, x, y []float32) {
	for i := range x {
		y[i] += alpha * x[i]
	}
}

func refScale(alpha float32, x []float32) {
	for i := range x {
		x[i] *= alpha
	}
}

func refDot(x, y []float32) float32 {
	var s float32
	for i := range x {
		s += x[i] * y[i]
	}
	return s
}

func refAdd(dst, x, y []float32) {
	for i := range dst {
		dst[i] = x[i] + y[i]
	}
}

func refSub(dst, x, y []float32) {
	for i := range dst {
		dst[i] = x[i] - y[i]
	}
}

func refMul(dst, x, y []float32) {
	for i := range dst {
		dst[i] = x[i] * y[i]
	}
}

func refSum(x []float32) float32 {
	var s float32
	for _, v := range x {
		s += v
	}
	return s
}

func refMax(x []float32) float32 {
	if i := refArgmax(x); i >= 0 {
		return x[i]
	}
	return float32(math.Inf(-1))
}

func refArgmax(x []float32) int {
	best := -1
	for i, v := range x {
		if v != v {
			return i
		}
		if best < 0 || v > x[best] {
			best = i
		}
	}
	return best
}

func refExp(dst, x []float32) {
	for i, v := range x {
		dst[i] = float32(math.Exp(float64(v)))
	}
}

func refRelu(dst, x []float32) {
	for i, v := range x {
		if v > 0 || v != v {
			dst[i] = v
		} else {
			dst[i] = 0
		}
	}
}

func refReluBackward(dst, dy, x []float32) {
	for i := range dst {
		if x[i] > 0 {
			dst[i] = dy[i]
		} else {
			dst[i] = 0
		}
	}
}

func refSGD(lr float32, w, g []float32) {
	for i := range w {
		w[i] -= lr * g[i]
	}
}

func refAddRowVector(rows, cols int, a []float32, lda int, v []float32) {
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			a[i*lda+j] += v[j]
		}
	}
}

func refColumnSums(dst []float32, rows, cols int, a []float32, lda int) {
	for j := 0; j < cols; j++ {
		var s float32
		for i := 0; i < rows; i++ {
			s += a[i*lda+j]
		}
		dst[j] = s
	}
}

func refArgmaxRows(dst []int, rows, cols int, a []float32, lda int) {
	for i := 0; i < rows; i++ {
		dst[i] = refArgmax(rowOf(a, i, lda, cols))
	}
}

func refSoftmaxRows(rows, cols int, x []float32, ldx int, y []float32, ldy int) {
	for i := 0; i < rows; i++ {
		xr := rowOf(x, i, ldx, cols)
		yr := rowOf(y, i, ldy, cols)
		m := refMax(xr)
		var s float64
		for j, v := range xr {
			e := math.Exp(float64(v - m))
			yr[j] = float32(e)
			s += e
		}
		for j := range yr {
			yr[j] = float32(float64(yr[j]) / s)
		}
	}
}

func refLogSumExpRows(dst []float32, rows, cols int, x []float32, ldx int) {
	for i := 0; i < rows; i++ {
		xr := rowOf(x, i, ldx, cols)
		m := refMax(xr)
		if math.IsInf(float64(m), 0) {
			dst[i] = m
			continue
		}
		var s float64
		for _, v := range xr {
			s += math.Exp(float64(v - m))
		}
		dst[i] = float32(float64(m) + math.Log(s))
	}
}

// rowOf returns row i of a rows×cols block with leading dimension ld; a
// block of zero width has empty rows wherever its slice ends.
func rowOf(x []float32, i, ld, cols int) []float32 {
	if cols == 0 {
		return nil
	}
	return x[i*ld : i*ld+cols]
}
