// Package peak holds the floating-point peak loops of the kernels' paths,
// for the benchmarks, which report each GEMM as a share of its path's peak.
// It is no API of gof32: package kernels fills it, the root package's
// benchmarks read it.
//
// A peak loop runs a given number of iterations of independent fused
// multiply-adds (or, for avx512bf16, bf16 dot products) on one core, so
// that only the throughput of the floating-point units limits it. The
// loops are registered by the name of the path whose instructions they
// use: avx2, avx512 and neon (the FMA loops of the float32 GEMMs), and
// avx512bf16 (VDPBF16PS), which is registered exactly when the avx512
// path's SgemmBF16 runs on VDPBF16PS. Only the paths this CPU and build
// can run have one.
package peak

// Loop is a peak loop.
type Loop struct {
	Run   func(iters int) // runs iters iterations; iters ≤ 0 runs none
	Flops int             // floating-point operations of one iteration
}

// loops is written during package kernels' initialisation and only read
// afterwards.
var loops = map[string]Loop{}

// Register records the peak loop of the named path. Package kernels calls
// it while it initialises.
func Register(name string, l Loop) { loops[name] = l }

// Get returns the named path's peak loop; ok is false when it has none or
// this CPU and build cannot run it.
func Get(name string) (l Loop, ok bool) {
	l, ok = loops[name]
	return l, ok
}
