//go:build race

package nn

// raceEnabled: the race detector makes sync.Pool drop objects at random,
// so the kernels' pooled GEMM scratch buffers are reallocated now and then
// and allocation counts mean nothing.
const raceEnabled = true
