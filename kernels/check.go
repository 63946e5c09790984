package kernels

import "fmt"

func panicf(format string, args ...any) {
	panic("kernels." + fmt.Sprintf(format, args...))
}

// checkMatrix panics unless a holds a rows×cols row-major matrix with
// leading dimension ld.
func checkMatrix(fn, name string, rows, cols int, a []float32, ld int) {
	if rows < 0 || cols < 0 {
		panicf("%s: %s has negative shape %d×%d", fn, name, rows, cols)
	}
	if ld < max(1, cols) {
		panicf("%s: leading dimension of %s is %d, less than its %d columns", fn, name, ld, cols)
	}
	if rows == 0 || cols == 0 {
		return
	}
	if need := (rows-1)*ld + cols; len(a) < need {
		panicf("%s: %s is %d×%d with leading dimension %d and needs %d elements, has %d", fn, name, rows, cols, ld, need, len(a))
	}
}

// checkSame panics unless every slice has the length of the first.
func checkSame(fn string, names string, xs ...[]float32) {
	for _, x := range xs[1:] {
		if len(x) != len(xs[0]) {
			lens := make([]int, len(xs))
			for i, y := range xs {
				lens[i] = len(y)
			}
			panicf("%s: lengths of %s differ: %v", fn, names, lens)
		}
	}
}

func checkVector(fn, name string, v []float32, n int) {
	if len(v) < n {
		panicf("%s: %s has %d elements, needs %d", fn, name, len(v), n)
	}
}
