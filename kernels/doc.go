// Package kernels is the float32 numerical core of gof32: a BLAS-style GEMM,
// elementwise and reduction kernels, row-wise kernels for neural-network
// layers (bias, softmax, log-sum-exp, argmax), activations and optimizer
// updates.
//
// All matrices are row-major. A matrix argument is passed as a slice, its
// shape and a leading dimension (the distance, in elements, between the
// starts of two consecutive rows), as in CBLAS with CblasRowMajor.
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
// # Errors
//
// Arguments are checked before any work is done: a slice shorter than its
// shape and leading dimension require, a leading dimension smaller than the
// row width, or mismatched vector lengths panic with a message naming the
// kernel, the argument and the sizes involved.
package kernels
