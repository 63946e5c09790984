//go:build !purego

package kernels

// useAVX2Gemm installs the AVX2+FMA GEMM microkernel.
func useAVX2Gemm(p *impl) {}

// useAVX512Gemm installs the AVX-512 GEMM microkernel.
func useAVX512Gemm(p *impl) {}
