//go:build !purego

package kernels

import (
	"sync"
	"unsafe"

	"github.com/gof32/gof32/asm"
	"github.com/klauspost/cpuid/v2"
)

// hasBF16 reports AVX512_BF16 on top of the avx512 path's features, and
// BMI2 (BZHI builds the masks).
var hasBF16 = hasAVX512 && cpuid.CPU.Supports(cpuid.AVX512BF16, cpuid.BMI2)

// bf16ArchImpls returns avx512bf16 where the CPU has it; it stands for
// the avx512 path when the bf16 path follows Path.
func bf16ArchImpls() []*bf16Impl {
	if !hasBF16 {
		return nil
	}
	return []*bf16Impl{{name: "avx512bf16", base: "avx512", run: bf16Native}}
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
//	A block   all mb rows × kq pairs: pair (q, i) at q*lda2 + i, lda2 the
//	          rows rounded up to 16 and to an odd number of cache lines
//	          (so that the kernel's stride over q does not keep to a few
//	          L1 sets). PackBF16TransAVX512 (A row-major) or
//	          PackBF16PairsAVX512 (A transposed) fills it; the kernel reads
//	          the tile of rows ir.. at a[ir:] with sa = lda2.
//
// Cache blocks: a B micro-panel of kc/2 pairs × 32 (16 KiB) stays in L1
// while the kernel runs down the A block (mc×kc/2 pairs, about 90 KiB, in
// L2); the B block (kc/2 × nc pairs) lives in L3.
const (
	bf16MR = 14
	bf16NR = 32
	bf16MC = 12 * bf16MR
	bf16KC = 256 // in k, even
	bf16NC = 2048
)

// bf16Native is the avx512bf16 path's run.
func bf16Native(g gemmArgs) {
	if Threads() == 1 || 2*float64(g.m)*float64(g.n)*float64(g.k) < gemmParallelFlops {
		bf16Blocked(&g, 0, g.m, 0, g.n)
		return
	}
	j := getBF16Job()
	j.args = g
	j.plan(Threads())
	runParallel(j.parts, j, &j.wg)
	j.args = gemmArgs{}
	putBF16Job(j)
}

// bf16Stride returns lda2 for an A block of mb rows.
func bf16Stride(mb int) int {
	s := roundUp(mb, 16)
	if s/16%2 == 0 {
		s += 16
	}
	return s
}

// bf16Blocked computes the block C[m0:m1, n0:n1] on one goroutine.
func bf16Blocked(g *gemmArgs, m0, m1, n0, n1 int) {
	kqMax := roundUp((min(bf16KC, g.k)+1)/2, 16)
	s := getBF16Scratch()
	defer putBF16Scratch(s)
	s.pa = growPairs(s.pa, kqMax*bf16Stride(min(bf16MC, m1-m0)))
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
			for jr := 0; jr < nb; jr += bf16NR {
				bf16PackB(s.pb[jr/bf16NR*panel:][:panel], g, pc, kb, jc+jr, min(bf16NR, nb-jr))
			}
			for ic := m0; ic < m1; ic += bf16MC {
				mb := min(bf16MC, m1-ic)
				lda2 := bf16Stride(mb)
				pa := s.pa[:kq*lda2]
				bf16PackA(pa, lda2, g, ic, mb, pc, kb)
				for jr := 0; jr < nb; jr += bf16NR {
					nr := min(bf16NR, nb-jr)
					pb := s.pb[jr/bf16NR*panel:][:panel]
					for ir := 0; ir < mb; ir += bf16MR {
						mr := min(bf16MR, mb-ir)
						c := g.c[(ic+ir)*g.ldc+jc+jr:]
						asm.SgemmBF16KernelAVX512(kp, pa[ir:], lda2, pb, bf16NR, c[:(mr-1)*g.ldc+nr], g.ldc, mr, nr, g.alpha, beta)
					}
				}
			}
		}
	}
}

// bf16PackB packs op(B)[p0:p0+kb, j0:j0+cols] into one panel of 32
// columns, the columns past cols zero.
func bf16PackB(dst []uint32, g *gemmArgs, p0, kb, j0, cols int) {
	if g.transB {
		asm.PackBF16TransAVX512(kb, cols, g.b[j0*g.ldb+p0:][:size2(cols, kb, g.ldb)], g.ldb, dst, bf16NR)
	} else {
		asm.PackBF16PairsAVX512(kb, cols, g.b[p0*g.ldb+j0:][:size2(kb, cols, g.ldb)], g.ldb, dst, bf16NR)
	}
	if cols <= 16 {
		for q := 0; q < (kb+1)/2; q++ {
			clear(dst[q*bf16NR+16 : q*bf16NR+32])
		}
	}
}

// bf16PackA packs op(A)[i0:i0+mb, p0:p0+kb] into an A block of stride
// lda2.
func bf16PackA(dst []uint32, lda2 int, g *gemmArgs, i0, mb, p0, kb int) {
	if g.transA {
		asm.PackBF16PairsAVX512(kb, mb, g.a[p0*g.lda+i0:][:size2(kb, mb, g.lda)], g.lda, dst, lda2)
	} else {
		asm.PackBF16TransAVX512(kb, mb, g.a[i0*g.lda+p0:][:size2(mb, kb, g.lda)], g.lda, dst, lda2)
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

// bf16Job is one SgemmBF16 call split into parts along M or N, as
// gemmJob splits Sgemm.
type bf16Job struct {
	args   gemmArgs
	parts  int
	alongN bool
	step   int
	wg     sync.WaitGroup
}

var (
	bf16JobMu   sync.Mutex
	bf16JobFree []*bf16Job
)

func getBF16Job() *bf16Job {
	bf16JobMu.Lock()
	defer bf16JobMu.Unlock()
	if n := len(bf16JobFree); n > 0 {
		j := bf16JobFree[n-1]
		bf16JobFree = bf16JobFree[:n-1]
		return j
	}
	return new(bf16Job)
}

func putBF16Job(j *bf16Job) {
	bf16JobMu.Lock()
	bf16JobFree = append(bf16JobFree, j)
	bf16JobMu.Unlock()
}

// plan splits C among up to threads parts, along the dimension with more
// register tiles, in whole tiles.
func (j *bf16Job) plan(threads int) {
	g := &j.args
	flops := 2 * float64(g.m) * float64(g.n) * float64(g.k)
	parts := min(threads, int(flops/gemmParallelFlops)+1)
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

func (j *bf16Job) runPart(part int) {
	lo := part * j.step
	if j.alongN {
		bf16Blocked(&j.args, 0, j.args.m, lo, min(lo+j.step, j.args.n))
	} else {
		bf16Blocked(&j.args, lo, min(lo+j.step, j.args.m), 0, j.args.n)
	}
}
