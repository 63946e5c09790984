//go:build !purego && (amd64 || arm64)

package kernels

import "math"

// Kernels from routines that take whole vectors.
//
// The AVX2 and NEON routines (internal/asm) handle whole vectors only: a
// length that is a multiple of the vector's lanes (8 on AVX2, 4 on NEON).
// wholeVectors lists one instruction set's routines; its install gives
// each the longest whole prefix of a call and finishes the 0..lanes-1
// remaining elements in Go with the operations of the generic path, in
// the same order. The AVX-512 routines mask their tails and are installed
// as they are (vec_amd64.go).

// simdImpl returns a SIMD path: the generic path with cfg's GEMM (and the
// bf16 GEMM emulated on it with round), and the kernels vec installs over
// the generic ones where assembly exists.
func simdImpl(name string, cfg *gemmConfig, round func(dst, src []float32), vec func(p *impl)) *impl {
	p := genericImpl()
	p.name = name
	p.setGemm(cfg, round)
	vec(p)
	return p
}

// wholeVectors is the set of routines of one instruction set that take
// whole vectors. Each is called only with lengths that are a positive
// multiple of lanes and computes what the kernel of the same name does
// (its declaration in internal/asm shows the loop); an optional one left
// nil is built from the others.
type wholeVectors struct {
	lanes int // a power of two

	axpy          func(alpha float32, x, y []float32)
	scale         func(alpha float32, x []float32)
	dot           func(x, y []float32) float32
	add, sub, mul func(dst, x, y []float32)
	sum           func(x []float32) float32
	max           func(x []float32) float32 // NaN if x holds one
	exp           func(dst, x []float32)
	expShifted    func(dst, x []float32, shift float32) float32
	relu          func(dst, x []float32)
	reluBwd       func(dst, dy, x []float32)

	// argmax returns the first maximum of x, or the first NaN, for a
	// length that is a multiple of argmaxLanes (lanes when 0).
	argmax      func(x []float32) int
	argmaxLanes int

	// expSum takes whole vectors; where an instruction set has no such
	// routine, expSumAny is the whole kernel instead (any length).
	expSum    func(x []float32, shift float32) float32
	expSumAny func(x []float32, shift float32) float32

	// Optional: nil builds them from add and argmax.
	addRowVector func(rows, cols int, a []float32, lda int, v []float32)
	columnSums   func(dst []float32, rows, cols int, a []float32, lda int)
	argmaxRows   func(dst []int, rows, cols int, a []float32, lda int)

	sigmoid, tanh, softplus          func(dst, x []float32)
	sigmoidBwd, tanhBwd, softplusBwd func(dst, dy, y []float32)
	momentum, nesterov               func(lr, mu float32, w, g, vel []float32)
	adam                             func(lr, c1, c2, eps float32, w, g, m, v []float32)
}

// install fills p's vector, row-wise, activation and optimizer entries.
func (r *wholeVectors) install(p *impl) {
	mask := r.lanes - 1
	p.axpy = wholeAxpy(mask, r.axpy)
	p.scale = wholeScale(mask, r.scale)
	p.dot = wholeDot(mask, r.dot)
	p.add = wholeArith(mask, r.add, genAdd)
	p.sub = wholeArith(mask, r.sub, genSub)
	p.mul = wholeArith(mask, r.mul, genMul)
	p.sum = wholeSum(mask, r.sum)
	p.max = wholeMax(mask, r.max)
	amask := mask
	if r.argmaxLanes != 0 {
		amask = r.argmaxLanes - 1
	}
	p.argmax = wholeArgmax(amask, r.argmax)
	p.exp = wholeExp(mask, r.exp)
	p.expShifted = wholeExpShifted(mask, r.expShifted)
	p.expSum = r.expSumAny
	if r.expSum != nil {
		p.expSum = wholeExpSum(mask, r.expSum)
	}
	p.relu = wholeUnary(mask, r.relu, genRelu)
	p.reluBwd = wholeArith(mask, r.reluBwd, genReluBackward)
	axpy := p.axpy
	p.sgd = func(lr float32, w, g []float32) { axpy(-lr, g, w) }
	useRowsFrom(p)
	if r.addRowVector != nil {
		p.addRowVector = wholeAddRowVector(mask, r.addRowVector)
	}
	if r.columnSums != nil {
		p.columnSums = wholeColumnSums(mask, r.columnSums)
	}
	if r.argmaxRows != nil {
		p.argmaxRows = wholeArgmaxRows(mask, r.argmaxRows, p.argmax)
	}
	p.nn = nnImpl{
		sigmoid:     wholeUnary(mask, r.sigmoid, genSigmoid),
		sigmoidBwd:  wholeArith(mask, r.sigmoidBwd, genSigmoidBackward),
		tanh:        wholeUnary(mask, r.tanh, genTanh),
		tanhBwd:     wholeArith(mask, r.tanhBwd, genTanhBackward),
		softplus:    wholeUnary(mask, r.softplus, genSoftplus),
		softplusBwd: wholeArith(mask, r.softplusBwd, genSoftplusBackward),
		momentum:    wholeMomentum(mask, r.momentum, genSGDMomentum),
		nesterov:    wholeMomentum(mask, r.nesterov, genSGDNesterov),
		adam:        wholeAdam(mask, r.adam),
	}
}

// The wrappers: n = len &^ mask elements go to the routine, the rest to
// Go.

func wholeAxpy(mask int, f func(alpha float32, x, y []float32)) func(alpha float32, x, y []float32) {
	return func(alpha float32, x, y []float32) {
		y = y[:len(x)]
		n := len(x) &^ mask
		if n > 0 {
			f(alpha, x[:n], y[:n])
		}
		for i := n; i < len(x); i++ {
			y[i] += alpha * x[i]
		}
	}
}

func wholeScale(mask int, f func(alpha float32, x []float32)) func(alpha float32, x []float32) {
	return func(alpha float32, x []float32) {
		n := len(x) &^ mask
		if n > 0 {
			f(alpha, x[:n])
		}
		for i := n; i < len(x); i++ {
			x[i] *= alpha
		}
	}
}

func wholeDot(mask int, f func(x, y []float32) float32) func(x, y []float32) float32 {
	return func(x, y []float32) float32 {
		y = y[:len(x)]
		n := len(x) &^ mask
		var s float32
		if n > 0 {
			s = f(x[:n], y[:n])
		}
		for i := n; i < len(x); i++ {
			s += x[i] * y[i]
		}
		return s
	}
}

func wholeSum(mask int, f func(x []float32) float32) func(x []float32) float32 {
	return func(x []float32) float32 {
		n := len(x) &^ mask
		var s float32
		if n > 0 {
			s = f(x[:n])
		}
		for _, v := range x[n:] {
			s += v
		}
		return s
	}
}

// wholeMax continues f's maximum of the whole vectors (−Inf when there
// are none) over the tail; the first NaN wins.
func wholeMax(mask int, f func(x []float32) float32) func(x []float32) float32 {
	return func(x []float32) float32 {
		n := len(x) &^ mask
		m := float32(math.Inf(-1))
		if n > 0 {
			m = f(x[:n])
			if m != m {
				return m
			}
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
}

// wholeArgmax continues f's index over the whole vectors (−1 when there
// are none) over the tail.
func wholeArgmax(mask int, f func(x []float32) int) func(x []float32) int {
	return func(x []float32) int {
		n := len(x) &^ mask
		best := -1
		if n > 0 {
			best = f(x[:n])
			if x[best] != x[best] {
				return best
			}
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
}

func wholeExp(mask int, f func(dst, x []float32)) func(dst, x []float32) {
	return func(dst, x []float32) {
		x = x[:len(dst)]
		n := len(dst) &^ mask
		if n > 0 {
			f(dst[:n], x[:n])
		}
		for i := n; i < len(dst); i++ {
			dst[i] = expf(x[i])
		}
	}
}

func wholeExpShifted(mask int, f func(dst, x []float32, shift float32) float32) func(dst, x []float32, shift float32) float32 {
	return func(dst, x []float32, shift float32) float32 {
		dst = dst[:len(x)]
		n := len(x) &^ mask
		var s float32
		if n > 0 {
			s = f(dst[:n], x[:n], shift)
		}
		return expShiftedTail(dst, x, n, shift, s)
	}
}

// expShiftedTail continues an expShifted whose first n elements are done
// and sum to s over the rest of x.
func expShiftedTail(dst, x []float32, n int, shift, s float32) float32 {
	for i := n; i < len(x); i++ {
		e := expf(x[i] - shift)
		dst[i] = e
		s += e
	}
	return s
}

func wholeExpSum(mask int, f func(x []float32, shift float32) float32) func(x []float32, shift float32) float32 {
	return func(x []float32, shift float32) float32 {
		n := len(x) &^ mask
		var s float32
		if n > 0 {
			s = f(x[:n], shift)
		}
		for _, v := range x[n:] {
			s += expf(v - shift)
		}
		return s
	}
}

// wholeUnary runs f on the whole vectors and tail on the rest.
func wholeUnary(mask int, f, tail func(dst, x []float32)) func(dst, x []float32) {
	return func(dst, x []float32) {
		x = x[:len(dst)]
		n := len(dst) &^ mask
		if n > 0 {
			f(dst[:n], x[:n])
		}
		if n < len(dst) {
			tail(dst[n:], x[n:])
		}
	}
}

// wholeArith runs f on the whole vectors and tail on the rest.
func wholeArith(mask int, f, tail func(dst, a, b []float32)) func(dst, a, b []float32) {
	return func(dst, a, b []float32) {
		a, b = a[:len(dst)], b[:len(dst)]
		n := len(dst) &^ mask
		if n > 0 {
			f(dst[:n], a[:n], b[:n])
		}
		if n < len(dst) {
			tail(dst[n:], a[n:], b[n:])
		}
	}
}

// wholeMomentum runs f on the whole vectors and tail on the rest.
func wholeMomentum(mask int, f, tail func(lr, mu float32, w, g, vel []float32)) func(lr, mu float32, w, g, vel []float32) {
	return func(lr, mu float32, w, g, vel []float32) {
		g, vel = g[:len(w)], vel[:len(w)]
		n := len(w) &^ mask
		if n > 0 {
			f(lr, mu, w[:n], g[:n], vel[:n])
		}
		if n < len(w) {
			tail(lr, mu, w[n:], g[n:], vel[n:])
		}
	}
}

func wholeAdam(mask int, f func(lr, c1, c2, eps float32, w, g, m, v []float32)) func(a adamArgs, w, g, m, v []float32) {
	return func(a adamArgs, w, g, m, v []float32) {
		g, m, v = g[:len(w)], m[:len(w)], v[:len(w)]
		n := len(w) &^ mask
		if n > 0 {
			f(a.lr, a.c1, a.c2, a.eps, w[:n], g[:n], m[:n], v[:n])
		}
		if n < len(w) {
			genAdam(a, w[n:], g[n:], m[n:], v[n:])
		}
	}
}

// wholeAddRowVector adds v to the whole vectors of every row with f and to
// the remaining columns in Go.
func wholeAddRowVector(mask int, f func(rows, cols int, a []float32, lda int, v []float32)) func(rows, cols int, a []float32, lda int, v []float32) {
	return func(rows, cols int, a []float32, lda int, v []float32) {
		if rows == 0 || cols == 0 {
			return
		}
		cw := cols &^ mask
		if cw > 0 {
			f(rows, cw, a, lda, v)
		}
		if cw == cols {
			return
		}
		vt := v[cw:cols]
		for i := 0; i < rows; i++ {
			row := a[i*lda+cw : i*lda+cols]
			for j, vj := range vt {
				row[j] += vj
			}
		}
	}
}

// wholeColumnSums sums the whole vectors of columns with f and the
// remaining columns in Go, all in the reference's order.
func wholeColumnSums(mask int, f func(dst []float32, rows, cols int, a []float32, lda int)) func(dst []float32, rows, cols int, a []float32, lda int) {
	return func(dst []float32, rows, cols int, a []float32, lda int) {
		if cols == 0 {
			return
		}
		cw := cols &^ mask
		if cw > 0 {
			f(dst, rows, cw, a, lda)
		}
		for j := cw; j < cols; j++ {
			var s float32
			for i := 0; i < rows; i++ {
				s += a[i*lda+j]
			}
			dst[j] = s
		}
	}
}

// wholeArgmaxRows finds the Argmax of the whole vectors of every row with
// f and continues it over the remaining columns in Go. Rows of 64 columns
// or more go one by one to argmax, whose scan of whole rows pays for the
// call.
func wholeArgmaxRows(mask int, f func(dst []int, rows, cols int, a []float32, lda int), argmax func(x []float32) int) func(dst []int, rows, cols int, a []float32, lda int) {
	return func(dst []int, rows, cols int, a []float32, lda int) {
		cw := cols &^ mask
		if cw == 0 || cols >= 64 {
			for i := 0; i < rows; i++ {
				dst[i] = argmax(a[i*lda : i*lda+cols])
			}
			return
		}
		f(dst, rows, cw, a, lda)
		if cw == cols {
			return
		}
		for i := 0; i < rows; i++ {
			row := a[i*lda : i*lda+cols]
			best := dst[i]
			if row[best] != row[best] {
				continue
			}
			for j := cw; j < cols; j++ {
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
}
