//go:build !purego

package kernels

// The amd64 SIMD paths start from the generic path and replace each entry
// whose assembly exists (gemm_amd64.go, vec_amd64.go); the rest stays
// portable Go.

func avx2Impl() *impl {
	p := genericImpl()
	p.name = "avx2"
	useAVX2Gemm(p)
	useAVX2Vec(p)
	return p
}

func avx512Impl() *impl {
	p := genericImpl()
	p.name = "avx512"
	useAVX512Gemm(p)
	useAVX512Vec(p)
	return p
}
