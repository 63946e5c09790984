//go:build !purego

package kernels

import (
	"unsafe"

	"github.com/gof32/gof32/internal/asm"
	"github.com/klauspost/cpuid/v2"
)

// hasBF16 reports AVX512_BF16 on top of the avx512 path's features, and
// BMI2 (BZHI builds the masks).
var hasBF16 = hasAVX512 && cpuid.CPU.Supports(cpuid.AVX512BF16, cpuid.BMI2)

// roundBF16AVX2 sets dst[i] = RoundBF16(src[i]), 8 at a time in
// asm.RoundBF16AVX2, the tail in Go.
func roundBF16AVX2(dst, src []float32) {
	n := len(src) &^ 7
	asm.RoundBF16AVX2(dst[:n], src[:n])
	roundBF16Go(dst[n:len(src)], src[n:])
}

// The avx512bf16 GEMM: the Goto/BLIS loop nest of gemmBlocked around
// asm.SgemmBF16KernelAVX512, whose register tile is 14 rows × 32 columns
// (28 ZMM accumulators). Both operands are always packed, since packing is
// where they are rounded to bf16. The packed layouts hold pairs along k,
// the operand of VDPBF16PS: a dword of two bf16, the lower k in the low
// half, zero past the end of k.
//
//	B panel   32 columns × kq pairs: pair (q, j) at q*32 + j, where kq is
//	          the block's pairs rounded up to 16; panels follow each other.
//	          PackBF16PairsAVX512 (B row-major) or PackBF16TransAVX512
//	          (B transposed) fills it.
//	A block   A row-major: PackBF16RowsAVX512 converts each row into
//	          pairs of consecutive k, pair (i, q) at i*lda2 + q, lda2 the
//	          pairs rounded up to 16; the kernel reads the tile of rows
//	          ir.. at a[ir*lda2:] with sa = 1, si = lda2, no transpose
//	          needed since it broadcasts A one pair at a time.
//	          A transposed: PackBF16PairsAVX512 interleaves its rows in
//	          pairs, pair (q, i) at q*lda2 + i, lda2 the rows rounded up
//	          to 16; the kernel reads rows ir.. at a[ir:] with sa = lda2,
//	          si = 1.
//	          Either way lda2 is also made an odd number of cache lines,
//	          so that the kernel's strides do not keep to a few L1 sets.
//
// Cache blocks: the kernel needs 128 bytes of B and 56 of A per 28
// VDPBF16PS, little enough to stream both from L2, so kc is long (fewer
// passes over C, whose tiles are read and written once per kc): the A
// block (mc × kc/2 pairs, 252 KiB) and the B micro-panel in use (kc/2 × 32
// pairs, 64 KiB) stay in L2, the B block (kc/2 × nc pairs, 4 MiB) in L3.
// Measured by thread CPU time at 1024³ on Zen 4, every kc from 768 to 2048
// with mc from 126 to 336 runs within 3% of the others, about 92% of the
// VDPBF16PS peak; kc = 256 loses 8%.
const (
	bf16MR = 14
	bf16NR = 32
	bf16MC = 9 * bf16MR
	bf16KC = 1024 // in k, even
	bf16NC = 2048
)

// bf16Regs is the microkernel's k loops for this core (its argument
// regs): the A pairs broadcast from memory inside VDPBF16PS on Zen 4 (AMD
// family 19h), where that measured fastest, and into registers elsewhere:
// on Zen 5 the memory form is bound by its 30 loads a step (1024³: 77-80 %
// of the VDPBF16PS peak against 85 %, 32×784×100: 56 % against 62 %).
// Intel's bf16 cores (Cooper Lake, Sapphire Rapids) are unmeasured; they
// get the form with fewer loads. Both give the same bits.
var bf16Regs = !(cpuid.CPU.VendorID == cpuid.AMD && cpuid.CPU.Family == 0x19)

// bf16Native is the bf16 GEMM of the avx512 path where the CPU has
// AVX512_BF16.
func bf16Native(g gemmArgs) {
	threads := g.threads()
	if threads == 1 {
		bf16Blocked(&g, 0, g.m, 0, g.n)
		return
	}
	j := bf16JobFree.get()
	j.args = g
	j.plan(threads)
	j.chunkSet.run(j, j.parts, j.parts, g.flops())
	j.args = gemmArgs{}
	bf16JobFree.put(j)
}

// bf16Stride returns the stride lda2 of an A block of mb rows and kp
// pairs, and the kernel's sa and si for it.
func bf16Stride(transA bool, mb, kp int) (lda2, sa, si int) {
	if transA {
		lda2 = roundUp(mb, 16)
	} else {
		lda2 = roundUp(kp, 16)
	}
	if lda2/16%2 == 0 {
		lda2 += 16
	}
	if transA {
		return lda2, lda2, 1
	}
	return lda2, 1, lda2
}

// bf16Blocked computes the block C[m0:m1, n0:n1] on one goroutine.
func bf16Blocked(g *gemmArgs, m0, m1, n0, n1 int) {
	kqMax := roundUp((min(bf16KC, g.k)+1)/2, 16)
	mbMax := min(bf16MC, m1-m0)
	s := bf16Free.get()
	defer bf16Free.put(s)
	// The A block: kq rows of lda2 (A transposed) or mb rows of lda2 ≤ kq+16
	// (A row-major).
	s.pa = growPairs(s.pa, max(kqMax*(roundUp(mbMax, 16)+16), mbMax*(kqMax+16)))
	s.pb = growPairs(s.pb, kqMax*roundUp(min(bf16NC, n1-n0), bf16NR))
	for jc := n0; jc < n1; jc += bf16NC {
		nb := min(bf16NC, n1-jc)
		for pc := 0; pc < g.k; pc += bf16KC {
			kb := min(bf16KC, g.k-pc)
			kp := (kb + 1) / 2
			kq := roundUp(kp, 16)
			beta := g.beta
			if pc > 0 {
				beta = 1
			}
			panel := kq * bf16NR
			bf16PackB(s.pb[:roundUp(nb, bf16NR)/bf16NR*panel], panel, g, pc, kb, jc, nb)
			for ic := m0; ic < m1; ic += bf16MC {
				mb := min(bf16MC, m1-ic)
				lda2, sa, si := bf16Stride(g.transA, mb, kp)
				rows := mb // of the packed block
				if g.transA {
					rows = kq
				}
				pa := s.pa[:rows*lda2]
				bf16PackA(pa, lda2, g, ic, mb, pc, kb)
				tiles := (mb + bf16MR - 1) / bf16MR
				for jr := 0; jr < nb; jr += bf16NR {
					nr := min(bf16NR, nb-jr)
					pb := s.pb[jr/bf16NR*panel:][:panel]
					// Tiles of equal height (to one row): a short
					// last tile would have too few accumulators to
					// cover the latency of VDPBF16PS.
					for t := range tiles {
						ir := t * mb / tiles
						mr := (t+1)*mb/tiles - ir
						c := g.c[(ic+ir)*g.ldc+jc+jr:]
						asm.SgemmBF16KernelAVX512(kp, pa[ir*si:], sa, si, pb, bf16NR, c[:(mr-1)*g.ldc+nr], g.ldc, mr, nr, g.alpha, beta, bf16Regs)
					}
				}
			}
		}
	}
}

// bf16PackB packs op(B)[p0:p0+kb, j0:j0+nb] into panels of 32 columns,
// panel apart; in the last panel the columns past nb up to a multiple of
// 16 are zero, and with nb%32 in 1..16 the kernel, given nr ≤ 16, reads
// no others.
func bf16PackB(dst []uint32, panel int, g *gemmArgs, p0, kb, j0, nb int) {
	if !g.transB {
		asm.PackBF16PairsAVX512(kb, nb, g.b[p0*g.ldb+j0:][:size2(kb, nb, g.ldb)], g.ldb, dst, bf16NR, panel)
		return
	}
	for jr := 0; jr < nb; jr += bf16NR {
		cols := min(bf16NR, nb-jr)
		asm.PackBF16TransAVX512(kb, cols, g.b[(j0+jr)*g.ldb+p0:][:size2(cols, kb, g.ldb)], g.ldb, dst[jr/bf16NR*panel:][:panel], bf16NR)
	}
}

// bf16PackA packs op(A)[i0:i0+mb, p0:p0+kb] into an A block of stride
// lda2 (see bf16Stride).
func bf16PackA(dst []uint32, lda2 int, g *gemmArgs, i0, mb, p0, kb int) {
	if g.transA {
		asm.PackBF16PairsAVX512(kb, mb, g.a[p0*g.lda+i0:][:size2(kb, mb, g.lda)], g.lda, dst, lda2, bf16NR)
	} else {
		asm.PackBF16RowsAVX512(kb, mb, g.a[i0*g.lda+p0:][:size2(mb, kb, g.lda)], g.lda, dst, lda2)
	}
}

// size2 is the length of a rows×cols block with leading dimension ld.
func size2(rows, cols, ld int) int { return (rows-1)*ld + cols }

// growPairs returns x if it holds n pairs, else a new 64-byte aligned
// slice of n.
func growPairs(x []uint32, n int) []uint32 {
	if len(x) >= n {
		return x
	}
	f := alignedFloats(n)
	return unsafe.Slice((*uint32)(unsafe.Pointer(unsafe.SliceData(f))), n)
}

// bf16Job is one SgemmBF16 call split into parts along M or N, which the
// caller and helpers claim as they claim the chunks of a gemmJob.
type bf16Job struct {
	chunkSet
	args   gemmArgs
	parts  int
	alongN bool
	step   int
}

var bf16JobFree freeList[bf16Job]

// plan splits C among up to threads parts, along the dimension with more
// register tiles, in whole tiles, each of about minSplitWork or more.
func (j *bf16Job) plan(threads int) {
	g := &j.args
	parts := min(threads, int(g.flops()/minSplitWork)+1)
	tilesM := (g.m + bf16MR - 1) / bf16MR
	tilesN := (g.n + bf16NR - 1) / bf16NR
	j.alongN = tilesN >= tilesM
	tiles, unit, total := tilesM, bf16MR, g.m
	if j.alongN {
		tiles, unit, total = tilesN, bf16NR, g.n
	}
	parts = max(1, min(parts, tiles))
	j.step = (tiles + parts - 1) / parts * unit
	j.parts = (total + j.step - 1) / j.step
}

// chunk computes part part of C.
func (j *bf16Job) chunk(part int) {
	lo := part * j.step
	if j.alongN {
		bf16Blocked(&j.args, 0, j.args.m, lo, min(lo+j.step, j.args.n))
	} else {
		bf16Blocked(&j.args, lo, min(lo+j.step, j.args.m), 0, j.args.n)
	}
}
