package kernels

import (
	"sync"
	"unsafe"
)

// microKernel computes one register tile of C, of mr ≤ MR rows and nr ≤ NR
// columns at c (row stride ldc):
//
//	for i < mr, j < nr:
//	    s := Σ_{p<k} a[p*sa+i] · b[p*sb+j]
//	    c[i*ldc+j] = alpha·s + beta·c[i*ldc+j]     (beta == 0: c is not read)
//
// The A operand is column-interleaved (the mr values for one p are
// contiguous) and the B operand row-interleaved (the nr values for one p
// are contiguous), so the same kernel reads packed panels (sa = MR,
// sb = NR) and, when the caller's layout already has that shape, the
// caller's matrices themselves (sa = lda of a transposed A, sb = ldb of a
// plain B). A kernel reads no element outside the rectangle it is given.
type microKernel func(k int, a []float32, sa int, b []float32, sb int, c []float32, ldc, mr, nr int, alpha, beta float32)

// gemmConfig describes one path's GEMM: its register tile, its cache
// blocks and its microkernel. The driver (gemmDriver) is shared by all
// paths.
type gemmConfig struct {
	mr, nr     int // register tile: rows of A, columns of B
	mc, kc, nc int // cache blocks: A block mc×kc (L2), B panel kc×nc (L3), B micro-panel kc×nr (L1)
	kernel     microKernel
}

// gemmScratch holds the packing buffers of one goroutine. They are kept in
// a pool, so that a steady stream of calls allocates nothing.
type gemmScratch struct {
	a, b []float32
}

var scratchPool sync.Pool

// alignedFloats returns a slice of n float32 whose first element is
// 64-byte aligned (one cache line, one AVX-512 vector).
func alignedFloats(n int) []float32 {
	buf := make([]float32, n+16)
	off := 0
	if r := uintptr(unsafe.Pointer(&buf[0])) & 63; r != 0 {
		off = int((64 - r) / 4)
	}
	return buf[off : off+n : off+n]
}

func getScratch(cfg *gemmConfig) *gemmScratch {
	s, _ := scratchPool.Get().(*gemmScratch)
	if s == nil {
		s = new(gemmScratch)
	}
	na := roundUp(cfg.mc, cfg.mr) * cfg.kc
	nb := cfg.kc * roundUp(cfg.nc, cfg.nr)
	if len(s.a) < na {
		s.a = alignedFloats(na)
	}
	if len(s.b) < nb {
		s.b = alignedFloats(nb)
	}
	return s
}

func roundUp(x, m int) int { return (x + m - 1) / m * m }

// gemmArgs is one GEMM call, already checked. The driver runs it on the
// rows [m0,m1) and columns [n0,n1) of C, so that goroutines can share it.
type gemmArgs struct {
	transA, transB bool
	m, n, k        int
	alpha, beta    float32
	a, b, c        []float32
	lda, ldb, ldc  int
}

// gemmBlocked is the Goto/BLIS loop nest around a microkernel, for the
// block C[m0:m1, n0:n1]:
//
//	jc: columns of B and C in panels of nc
//	  pc: the k dimension in blocks of kc (beta applies to the first only)
//	    pack B[pc:pc+kc, jc:jc+nc] into nr-wide micro-panels (unless B can be read in place)
//	    ic: rows of A and C in blocks of mc
//	      pack A[ic:ic+mc, pc:pc+kc] into mr-high micro-panels (unless A can be read in place)
//	      jr, ir: the microkernel on each mr×nr tile
//
// B is read in place when it is not transposed and the panel is not reused
// over many row blocks (the row-major layout is then exactly what the
// microkernel reads, at stride ldb); A likewise when it is transposed.
func gemmBlocked(cfg *gemmConfig, g *gemmArgs, m0, m1, n0, n1 int, s *gemmScratch) {
	mr, nr := cfg.mr, cfg.nr
	m := m1 - m0
	directB := !g.transB && m <= 2*cfg.mc
	directA := g.transA && n1-n0 <= 2*cfg.nc
	for jc := n0; jc < n1; jc += cfg.nc {
		nb := min(cfg.nc, n1-jc)
		for pc := 0; pc < g.k; pc += cfg.kc {
			kb := min(cfg.kc, g.k-pc)
			beta := g.beta
			if pc > 0 {
				beta = 1
			}
			var bp []float32
			sb := nr
			if directB {
				bp = g.b[pc*g.ldb+jc:]
				sb = g.ldb
			} else {
				packB(s.b, g.b, g.ldb, g.transB, pc, kb, jc, nb, nr)
				bp = s.b
			}
			for ic := m0; ic < m1; ic += cfg.mc {
				mb := min(cfg.mc, m1-ic)
				var ap []float32
				sa := mr
				if directA {
					ap = g.a[pc*g.lda+ic:]
					sa = g.lda
				} else {
					packA(s.a, g.a, g.lda, g.transA, ic, mb, pc, kb, mr)
					ap = s.a
				}
				for jr := 0; jr < nb; jr += nr {
					nrr := min(nr, nb-jr)
					var bpanel []float32
					if directB {
						bpanel = bp[jr:]
					} else {
						bpanel = bp[jr*kb:]
					}
					for ir := 0; ir < mb; ir += mr {
						mrr := min(mr, mb-ir)
						var apanel []float32
						if directA {
							apanel = ap[ir:]
						} else {
							apanel = ap[ir*kb:]
						}
						cfg.kernel(kb, apanel, sa, bpanel, sb, g.c[(ic+ir)*g.ldc+jc+jr:], g.ldc, mrr, nrr, g.alpha, beta)
					}
				}
			}
		}
	}
}

// packA copies op(A)[i0:i0+mb, p0:p0+kb] into dst as ceil(mb/mr) panels of
// kb×mr values, panel after panel; within a panel the mr values of one p
// are contiguous. Rows past mb in the last panel are zero.
func packA(dst, a []float32, lda int, trans bool, i0, mb, p0, kb, mr int) {
	for ir := 0; ir < mb; ir += mr {
		rows := min(mr, mb-ir)
		panel := dst[ir*kb : ir*kb+kb*mr]
		if trans {
			// op(A)[i,p] = a[p*lda+i]: rows of the panel are contiguous in a.
			for p := 0; p < kb; p++ {
				src := a[(p0+p)*lda+i0+ir:]
				d := panel[p*mr : p*mr+mr]
				copy(d, src[:rows])
				clear(d[rows:])
			}
			continue
		}
		for i := 0; i < rows; i++ {
			src := a[(i0+ir+i)*lda+p0:]
			src = src[:kb]
			for p, v := range src {
				panel[p*mr+i] = v
			}
		}
		for i := rows; i < mr; i++ {
			for p := 0; p < kb; p++ {
				panel[p*mr+i] = 0
			}
		}
	}
}

// packB copies op(B)[p0:p0+kb, j0:j0+nb] into dst as ceil(nb/nr) panels of
// kb×nr values; within a panel the nr values of one p are contiguous.
// Columns past nb in the last panel are zero.
func packB(dst, b []float32, ldb int, trans bool, p0, kb, j0, nb, nr int) {
	for jr := 0; jr < nb; jr += nr {
		cols := min(nr, nb-jr)
		panel := dst[jr*kb : jr*kb+kb*nr]
		if !trans {
			for p := 0; p < kb; p++ {
				d := panel[p*nr : p*nr+nr]
				copy(d, b[(p0+p)*ldb+j0+jr:][:cols])
				clear(d[cols:])
			}
			continue
		}
		// op(B)[p,j] = b[j*ldb+p]
		for j := 0; j < cols; j++ {
			src := b[(j0+jr+j)*ldb+p0:]
			src = src[:kb]
			for p, v := range src {
				panel[p*nr+j] = v
			}
		}
		for j := cols; j < nr; j++ {
			for p := 0; p < kb; p++ {
				panel[p*nr+j] = 0
			}
		}
	}
}
