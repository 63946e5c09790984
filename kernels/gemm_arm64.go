//go:build !purego

package kernels

import (
	"github.com/gof32/gof32/internal/asm"
	"github.com/gof32/gof32/internal/peak"
)

// The NEON path's GEMM: the shared blocked driver around an 8×12 register
// tile (asm.GemmKernel8x12NEON): 24 of the 32 vector registers hold C, 2 a
// column of A, 3 a row of B.
//
// Cache blocks for the cores this path targets (Neoverse N1/V1: 64 KiB L1d,
// 1 MiB L2; Apple M1/M2 performance cores: 128 KiB L1d, 12-16 MiB shared
// L2): a B micro-panel kc×nr = 256×12 floats is 12 KiB, resident in L1
// while the A micro-panels stream past it; the A block mc×kc = 128×256 is
// 128 KiB, a fraction of L2; the B panel kc×nc = 256×3072 is 3 MiB, in the
// last-level cache. mc is a multiple of mr and nc of nr, so that only the
// matrix's own edges make partial tiles.
var neonGemm = gemmConfig{
	mr: 8, nr: 12,
	mc: 128, kc: 256, nc: 3072,
	kernel: neonKernel8x12,

	transpose8: neonTranspose8,

	peak: peak.Loop{Run: asm.FMAPeakNEON, Flops: asm.FlopsPerIterNEON},
}

const (
	neonMR = 8
	neonNR = 12
	// neonEdgeK is the depth of one pass of an edge tile through the
	// full-tile kernel (the size of the edge buffers below, 21 KiB).
	neonEdgeK = 256
)

// neonKernel8x12 is the NEON microkernel: full tiles go straight to the
// assembly, partial ones (mr < 8 or nr < 12) through neonKernelEdge.
func neonKernel8x12(k int, a []float32, sa int, b []float32, sb int, c []float32, ldc, mr, nr int, alpha, beta float32) {
	if mr != neonMR || nr != neonNR {
		neonKernelEdge(k, a, sa, b, sb, c, ldc, mr, nr, alpha, beta)
		return
	}
	// The assembly reads a[p*sa : p*sa+8] and b[p*sb : p*sb+12] for
	// p < k and rows of 12 of C: make sure they exist.
	if k > 0 {
		_ = a[(k-1)*sa+neonMR-1]
		_ = b[(k-1)*sb+neonNR-1]
	}
	_ = c[(neonMR-1)*ldc+neonNR-1]
	asm.GemmKernel8x12NEON(k, a, sa, b, sb, c, ldc, alpha, beta)
}

// neonTranspose8 is the driver's transpose8 (packing a plain A, a
// transposed B): dst[p*ldd+j] = src[j*lds+p] for j < 8, p < n, n a
// multiple of 8.
func neonTranspose8(n int, src []float32, lds int, dst []float32, ldd int) {
	if n <= 0 {
		return
	}
	if n%4 != 0 {
		panic("kernels: neonTranspose8: n is not a multiple of 4")
	}
	_ = src[7*lds+n-1]
	_ = dst[(n-1)*ldd+7]
	asm.Transpose8NEON(n, src, lds, dst, ldd)
}

// neonEdgeBuf holds an edge tile's operands padded to the full tile, and
// its result.
type neonEdgeBuf struct {
	a [neonEdgeK * neonMR]float32
	b [neonEdgeK * neonNR]float32
	t [neonMR * neonNR]float32
}

// neonEdgeFree holds the edge buffers not in use: at most one per
// goroutine that ever computed an edge tile at the same time as others.
var neonEdgeFree freeList[neonEdgeBuf]

// neonKernelEdge computes a partial tile with the full-tile kernel. NEON
// has no masked loads, and B may be the caller's matrix read in place, so
// the kernel must not load a whole vector past column nr (nor A past row
// mr): the operand that is short is copied into a padded buffer, the tile
// computed into a local 8×12 block, and its mr×nr corner merged into C.
// The padding lanes of the buffers hold whatever they held: they only
// reach the rows and columns of the local block that are thrown away.
func neonKernelEdge(k int, a []float32, sa int, b []float32, sb int, c []float32, ldc, mr, nr int, alpha, beta float32) {
	e := neonEdgeFree.get()
	t := e.t[:]
	// One pass per neonEdgeK steps of k (one pass when k is 0). The first
	// writes t = Σ (alpha 1, beta 0), later ones add to it: t holds the
	// plain sums, scaled once in the merge.
	for p0 := 0; ; {
		kb := min(neonEdgeK, k-p0)
		ap, sap := a[min(p0*sa, len(a)):], sa
		if mr < neonMR {
			for p := 0; p < kb; p++ {
				copy(e.a[p*neonMR:p*neonMR+mr], ap[p*sa:p*sa+mr])
			}
			ap, sap = e.a[:], neonMR
		}
		bp, sbp := b[min(p0*sb, len(b)):], sb
		if nr < neonNR {
			for p := 0; p < kb; p++ {
				copy(e.b[p*neonNR:p*neonNR+nr], bp[p*sb:p*sb+nr])
			}
			bp, sbp = e.b[:], neonNR
		}
		var tb float32
		if p0 > 0 {
			tb = 1
		}
		if kb > 0 {
			_ = ap[(kb-1)*sap+neonMR-1]
			_ = bp[(kb-1)*sbp+neonNR-1]
		}
		asm.GemmKernel8x12NEON(kb, ap, sap, bp, sbp, t, neonNR, 1, tb)
		if p0 += kb; p0 >= k {
			break
		}
	}
	for i := 0; i < mr; i++ {
		ci := c[i*ldc : i*ldc+nr]
		ti := t[i*neonNR : i*neonNR+nr]
		if beta == 0 {
			for j, s := range ti {
				ci[j] = alpha * s
			}
		} else {
			for j, s := range ti {
				ci[j] = alpha*s + beta*ci[j]
			}
		}
	}
	neonEdgeFree.put(e)
}
