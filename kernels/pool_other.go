//go:build purego || !amd64

package kernels

// poolAcc returns the path's fold of one pooling-window element into a
// row of maxima: Go on every path of this build.
func poolAcc(p *impl) func(rows, cols int, x []float32, ldx int, m []float32, arg []int32, ldm, base, first int) {
	return poolAccGo
}

// poolBackRow returns the path's kernel that takes a row of pooling
// windows backward over all their elements at once (dy and arg read once
// a window), or nil: AVX-512 only. (The same for the forward pass, with
// the running maximum in a register, measured slower than folding one
// element at a time: its compares form one dependency chain.)
func poolBackRow(p *impl) func(rows, cols int, dy []float32, arg []int32, ldy int, offs []int, dx []float32, ldx, base int) {
	return nil
}
