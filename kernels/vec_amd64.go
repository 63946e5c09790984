//go:build !purego

package kernels

// useAVX2Vec installs the AVX2 vector, row-wise and activation kernels.
func useAVX2Vec(p *impl) {}

// useAVX512Vec installs the AVX-512 vector, row-wise and activation kernels.
func useAVX512Vec(p *impl) {}
