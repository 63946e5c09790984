//go:build !purego

package kernels

// The NEON path starts from the generic path and replaces each entry whose
// assembly exists; the rest stays portable Go.
func neonImpl() *impl {
	p := genericImpl()
	p.name = "neon"
	return p
}
