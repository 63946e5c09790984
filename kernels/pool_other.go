//go:build purego || !amd64

package kernels

// poolAcc returns the path's fold of one pooling-window element into a
// row of maxima: Go on every path of this build.
func poolAcc(p *impl) func(rows, cols int, x []float32, ldx int, m []float32, arg []int32, ldm, base, first int) {
	return poolAccGo
}

// poolBack returns the path's backward of one pooling-window element over
// a row of windows: Go on every path of this build.
func poolBack(p *impl) func(rows, cols int, dy []float32, arg []int32, ldm int, dx []float32, ldx, base int) {
	return poolBackGo
}
