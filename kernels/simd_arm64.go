//go:build !purego

package kernels

// The NEON path starts from the generic path and replaces each entry whose
// assembly exists (gemm_arm64.go, vec_arm64.go); nothing stays portable Go.
func neonImpl() *impl {
	p := genericImpl()
	p.name = "neon"
	p.gemm = &neonGemm
	useNEONVec(p)
	return p
}
