//go:build purego || !amd64

package kernels

// convAddBlock returns the path's block add with overlapping rows for
// col2im: Go on every path of this build.
func convAddBlock(p *impl) func(rows, cols int, src []float32, lds int, dst []float32, ldd int) {
	return addBlockGo
}
