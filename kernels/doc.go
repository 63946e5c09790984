// Package kernels is the float32 numerical core of gof32: a BLAS-style GEMM,
// elementwise and reduction kernels, row-wise kernels for neural-network
// layers (bias, softmax, log-sum-exp, argmax), activations and optimizer
// updates.
//
// All matrices are row-major. A matrix argument is passed as a slice, its
// shape and a leading dimension (the distance, in elements, between the
// starts of two consecutive rows), as in CBLAS with CblasRowMajor. Every
// kernel writes into slices the caller owns:
//
//	// C (m×n) = A (m×k) · B (k×n)
//	kernels.Sgemm(false, false, m, n, k, 1, a, k, b, n, 0, c, n)
//	kernels.AddRowVector(m, n, c, n, bias) // c[i,j] += bias[j]
//	kernels.Relu(c, c)
//
// # Paths
//
// Every kernel has several implementations, called paths:
//
//	naive    the reference: plain loops, kept deliberately simple
//	generic  portable Go, blocked and unrolled
//	avx2     amd64 with AVX2 and FMA3
//	avx512   amd64 with AVX-512 F/BW/DQ/VL
//	neon     arm64 with Advanced SIMD
//
// At start-up the best path that both the CPU and the operating system
// support is selected (github.com/klauspost/cpuid/v2 reads the CPU once).
// The environment variable GOF32_PATH forces a lower one, for example
// GOF32_PATH=avx2 or GOF32_PATH=generic; a path the CPU lacks is refused
// with a message on standard error and the best path is kept. SetPath does
// the same at run time and is safe to call concurrently with running
// kernels: each call sees either the old or the new path, never a mixture.
// The path decides SgemmBF16 too: on the avx512 path of a CPU with
// AVX512_BF16 it multiplies with VDPBF16PS, on every other path it rounds
// its operands and runs the path's float32 GEMM.
//
// Built with the purego tag, the package contains no assembly at all and
// offers the naive and generic paths only.
//
// # Cost
//
// A kernel call allocates nothing once the buffers its shape needs exist
// (packing buffers and jobs are kept in free lists and reused). On the
// SIMD paths a large GEMM runs at about 90% of a core's fused
// multiply-add peak, the MNIST shapes at 45 to 90%; the vector kernels
// run at the speed of the cache that holds their operands.
//
// A call splits among goroutines (up to Threads, by default GOMAXPROCS)
// when its work reaches about half a million flops: a GEMM of
// 2·m·n·k ≥ 2¹⁹, an optimizer update of 16,384 weights or more; smaller
// calls run on the caller. The helper goroutines are started on the
// first split call and poll for 500 µs after each before they park, so
// that calls in quick succession do not pay for waking them; a governor
// runs calls unsplit while timing shows that the other CPU does not help.
// The results of a GEMM split along k depend on the number of threads,
// never on timing; all other results depend on the path only.
//
// # Errors
//
// Arguments are checked before any work is done: a slice shorter than its
// shape and leading dimension require, a leading dimension smaller than the
// row width, or mismatched vector lengths panic with a message naming the
// kernel, the argument and the sizes involved.
package kernels
