package kernels

import (
	"unsafe"

	"github.com/gof32/gof32/internal/asm"
	"github.com/gof32/gof32/internal/peak"
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

// stridedKernel is a microKernel that also takes the distance si between
// two rows of A: it reads A at a[p*sa+i*si]. With si = 1 it is a
// microKernel; with sa = 1 and si = lda it reads a plain row-major A in
// place, which the driver then need not pack. When ep is not nil it
// applies ep to the tile as it stores it (asm.Epilogue).
type stridedKernel func(k int, a []float32, sa, si int, b []float32, sb int, c []float32, ldc, mr, nr int, alpha, beta float32, ep *asm.Epilogue)

// gemmConfig describes one path's GEMM: its register tile, its cache
// blocks and its microkernel. The driver (gemmBlocked) is shared by all
// paths.
type gemmConfig struct {
	mr, nr     int           // register tile: rows of A, columns of B
	mc, kc, nc int           // cache blocks: A block mc×kc (L2), B panel kc×nc (L3), B micro-panel kc×nr (L1 or, prefetched, L2); on amd64 derived from the core (blocking.go)
	kernel     microKernel   // nil when strided is set
	strided    stridedKernel // nil, or the kernel with a row stride for A, which the driver then uses

	// kcDirect, when not 0, is the k block of a product whose B is read
	// in place, instead of kc: a constant of the path, never derived from
	// the caches, so that such products (the small ones, the MNIST
	// network's) sum in the same order on every CPU (blocking.go).
	kcDirect int

	// transpose8, when not nil, copies the transpose of an 8×n block
	// (n a multiple of 8, or any n when transpose8AnyN):
	// dst[p*ldd+j] = src[j*lds+p]. Packing a plain A or a transposed B
	// is such a copy.
	transpose8     func(n int, src []float32, lds int, dst []float32, ldd int)
	transpose8AnyN bool

	// dot4, when not nil, computes sixteen dot products of length k, 4
	// rows of a against 4 rows of b (asm.DotTile4AVX512,
	// asm.DotTile4AVX2): the edge's way with a row-major A (gemmEdgeDot).
	dot4 func(k int, a []float32, lda int, b []float32, ldb int, rows, cols int, out *[16]float32)

	// copy8, when not nil, copies a rows×cols block (cols a multiple of
	// 8): dst[i*ldd+j] = src[i*lds+j]. Packing a plain B or a transposed
	// A is such a copy.
	copy8 func(rows, cols int, src []float32, lds int, dst []float32, ldd int)

	// peak, when its Run is not nil, is a loop of independent fused
	// multiply-adds on the path's vector registers: the path's
	// floating-point peak, which benchmarks measure GEMM against
	// (internal/peak).
	peak peak.Loop
}

// gemmScratch holds the packing buffers of one goroutine, and the
// transposed C of gemmTransposed, and the epilogue its tiles pass to a
// stridedKernel and the tile of dot products of gemmEdgeDot's dot4
// (there, not on the stack: the kernels are called through func values,
// so their pointers would escape).
type gemmScratch struct {
	a, b, t []float32
	ep      asm.Epilogue
	dot     [16]float32
}

// scratchFree holds the packing buffers not in use: one per goroutine that
// ever ran a GEMM part at the same time as others.
var scratchFree freeList[gemmScratch]

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

// getScratch returns packing buffers of at least na and nb float32.
func getScratch(na, nb int) *gemmScratch {
	s := scratchFree.get()
	if len(s.a) < na {
		s.a = alignedFloats(na)
	}
	if len(s.b) < nb {
		s.b = alignedFloats(nb)
	}
	return s
}

func putScratch(s *gemmScratch) { scratchFree.put(s) }

func roundUp(x, m int) int { return (x + m - 1) / m * m }

// gemmArgs is one GEMM call, already checked. The driver runs it on the
// rows [m0,m1) and columns [n0,n1) of C, so that goroutines can share it.
type gemmArgs struct {
	transA, transB bool
	m, n, k        int
	alpha, beta    float32
	a, b, c        []float32
	lda, ldb, ldc  int

	// ep, when not nil, is applied to C once its sums are complete: by
	// the stridedKernel's store (epKind, an asm.Epilogue kind) or, when
	// epKind is 0 or the path has no stridedKernel, by
	// applyEpilogue on each block of C after its last k block.
	ep     *Epilogue
	epKind int

	// kc, when not 0, is the k block instead of the one gemmBlocked
	// would choose: gemmEdge's product takes the direct way's, so that
	// its sums are split (and rounded) as the direct way's are.
	kc int

	// serial keeps the call on its caller (SgemmEpilogueSerial).
	serial bool

	// pf, when not nil, is drained between the register tiles
	// (Epilogue.Prefetch); only on the caller's goroutine.
	pf *Prefetcher
}

// threads is the number of goroutines the product is split into: 1 for a
// serial call, else the rule of every kernel (parallelThreads).
func (g *gemmArgs) threads() int {
	if g.serial {
		return 1
	}
	return parallelThreads(g.flops())
}

// kBlock is the k block of a product whose B is read in place (directB)
// or packed: the path's fixed kcDirect for the former (see blocking.go),
// the core's kc for the latter.
func (cfg *gemmConfig) kBlock(directB bool) int {
	if directB && cfg.kcDirect > 0 {
		return cfg.kcDirect
	}
	return cfg.kc
}

// gemmBlocked is the Goto/BLIS loop nest around a microkernel, for the
// block C[m0:m1, n0:n1]:
//
//	jc: columns of B and C in panels of nc
//	  pc: the k dimension in blocks of kc (beta applies to the first only)
//	    pack B[pc:pc+kc, jc:jc+nc] into nr-wide micro-panels (unless B is read in place)
//	    ic: rows of A and C in blocks of mc
//	      pack A[ic:ic+mc, pc:pc+kc] into mr-high micro-panels (unless A is read in place)
//	      jr, ir: the microkernel on each mr×nr tile
//
// directA and directB say which operands are read in place (inPlace,
// decided once for the whole product).
func gemmBlocked(cfg *gemmConfig, g *gemmArgs, m0, m1, n0, n1 int, directA, directB bool) {
	mr, nr := cfg.mr, cfg.nr
	kc := cfg.kBlock(directB)
	if g.kc > 0 {
		kc = g.kc
	}
	var na, nb int
	if !directA {
		na = roundUp(min(cfg.mc, m1-m0), mr) * min(kc, g.k)
	}
	if !directB {
		nb = min(kc, g.k) * roundUp(min(cfg.nc, n1-n0), nr)
	}
	var s *gemmScratch
	fusedEp := g.ep != nil && g.epKind != 0 && cfg.strided != nil
	if na+nb > 0 || fusedEp {
		s = getScratch(na, nb)
		defer putScratch(s)
	}
	for jc := n0; jc < n1; jc += cfg.nc {
		nb := min(cfg.nc, n1-jc)
		for pc := 0; pc < g.k; pc += kc {
			kb := min(kc, g.k-pc)
			beta := g.beta
			if pc > 0 {
				beta = 1
			}
			// bp[jr*bstep:] is the micro-panel of columns jr.., read at
			// stride sb.
			var bp []float32
			sb, bstep := nr, kb
			if directB {
				bp = g.b[pc*g.ldb+jc:]
				sb, bstep = g.ldb, 1
			} else {
				cfg.packB(s.b, g.b, g.ldb, g.transB, pc, kb, jc, nb)
				bp = s.b
			}
			for ic := m0; ic < m1; ic += cfg.mc {
				mb := min(cfg.mc, m1-ic)
				// ap[ir*astep:] is the micro-panel of rows ir.., read
				// at a[p*sa+i*si].
				var ap []float32
				sa, si, astep := mr, 1, kb
				switch {
				case directA && g.transA:
					ap = g.a[pc*g.lda+ic:]
					sa, astep = g.lda, 1
				case directA:
					ap = g.a[ic*g.lda+pc:]
					sa, si, astep = 1, g.lda, g.lda
				default:
					cfg.packA(s.a, g.a, g.lda, g.transA, ic, mb, pc, kb)
					ap = s.a
				}
				// The epilogue goes with the last k block: by the
				// kernel's store, or over the block afterwards.
				var ep *asm.Epilogue
				lastK := pc+kb == g.k
				if lastK && fusedEp {
					ep = &s.ep
					ep.Kind, ep.LDMask = g.epKind, g.ep.LDMask
				}
				for jr := 0; jr < nb; jr += nr {
					nrr := min(nr, nb-jr)
					bpanel := bp[jr*bstep:]
					c := g.c[ic*g.ldc+jc+jr:]
					if ep != nil && g.ep.Bias != nil {
						ep.Bias = &g.ep.Bias[jc+jr]
					}
					for ir := 0; ir < mb; ir += mr {
						mrr := min(mr, mb-ir)
						apanel := ap[ir*astep:]
						if g.pf != nil {
							g.pf.drain(2 * kb * mrr * nrr)
						}
						if cfg.strided != nil {
							if ep != nil && g.ep.Mask != nil {
								ep.Mask = &g.ep.Mask[(ic+ir)*g.ep.LDMask+jc+jr]
							}
							cfg.strided(kb, apanel, sa, si, bpanel, sb, c[ir*g.ldc:], g.ldc, mrr, nrr, g.alpha, beta, ep)
						} else {
							cfg.kernel(kb, apanel, sa, bpanel, sb, c[ir*g.ldc:], g.ldc, mrr, nrr, g.alpha, beta)
						}
					}
				}
				if ep != nil {
					*ep = asm.Epilogue{} // no pointers kept past the call
				} else if lastK && g.ep != nil {
					applyEpilogue(g.ep, mb, nb, g.c[ic*g.ldc+jc:], g.ldc, ic, jc)
				}
			}
		}
	}
}

// gemmForcePack, set by tests only, makes every GEMM pack both operands,
// so that small shapes exercise the packing code too.
var gemmForcePack bool

// inPlace decides which operands of a block of m×n of C the microkernel
// reads where they are, instead of from packed copies.
//
// Packing an operand costs a pass over it, and the packed panels let the
// kernels take their unrolled loop; reading in place costs little while
// the operand stays in L2 between its reuses (an A micro-panel is reused
// by every column tile, a B micro-panel by every row tile), and much once
// its rows, far apart in memory, miss in L1, L2 and the TLB. Measured on
// Zen 4, reading in place wins up to about a quarter of L2 for A and half
// of it for B, and for a B reused by few row tiles. A plain row-major A
// needs a strided kernel (sa = 1, si = lda).
func (cfg *gemmConfig) inPlace(g *gemmArgs, m, n int) (directA, directB bool) {
	if gemmForcePack {
		return false, false
	}
	directA = m*g.k <= 1<<16 && (g.transA || cfg.strided != nil)
	directB = !g.transB && (g.k*n <= 1<<17 || m <= 8*cfg.mr)
	return directA, directB
}

// transposedWins reports whether a product A·Bᵀ (B stored n×k) with few
// rows is computed as (B·Aᵀ)ᵀ by gemmTransposed: the direct way packs B,
// a transpose of k·n values, which with m ≤ 2·nr rows to reuse them is
// a third of the work (G·Wᵀ of the MNIST network, 32×100×784: packing
// measured 30 % of the call on Zen 5); the transposed way reads B in
// place as the strided kernel's A, packs Aᵀ (m·k values) and transposes
// C (m·n) once, and twice when beta ≠ 0 (C is read). An epilogue is
// applied to C after the transpose (applyEpilogue), as the direct way
// applies the kinds its kernel has no store for.
func (cfg *gemmConfig) transposedWins(g *gemmArgs) bool {
	return !gemmForcePack && g.transB && !g.transA && cfg.strided != nil &&
		g.m <= 2*cfg.nr && g.m < g.k && g.n >= 4*cfg.mr && g.m*g.n <= maxTransposedC
}

// maxTransposedC bounds the scratch block of gemmTransposed and gemmEdge
// (floats; 1 MiB).
const maxTransposedC = 1 << 18

// gemmTransposed computes C = alpha·A·Bᵀ + beta·C as Cᵀ = alpha·B·Aᵀ +
// beta·Cᵀ into a scratch n×m block (C transposed into it first when
// beta ≠ 0), B (n×k row-major) read in place by the strided kernel and
// Aᵀ packed, then transposes the block into C and applies the epilogue.
// Every element of C is the same sum in the same order as on the direct
// way (gemmBlocked with B packed, the same kc), scaled and added to
// beta·C by the same kernel store, and the epilogue's steps are
// correctly rounded float32 operations wherever they run, so the results
// are equal bit for bit.
func gemmTransposed(cfg *gemmConfig, g *gemmArgs) {
	s := scratchFree.get()
	if len(s.t) < g.m*g.n {
		s.t = alignedFloats(g.m * g.n)
	}
	t := gemmArgs{
		transA: false, transB: true,
		m: g.n, n: g.m, k: g.k,
		alpha: g.alpha, beta: g.beta,
		a: g.b, lda: g.ldb,
		b: g.a, ldb: g.lda,
		c: s.t[:g.m*g.n], ldc: g.m,
		pf: g.pf,
	}
	if g.beta != 0 {
		cfg.transposeInto(t.c, g.m, g.c, g.ldc, g.m, g.n)
	}
	gemmBlocked(cfg, &t, 0, g.n, 0, g.m, true, false)
	cfg.transposeInto(g.c, g.ldc, t.c, g.m, g.n, g.m)
	scratchFree.put(s)
	if g.ep != nil {
		applyEpilogue(g.ep, g.m, g.n, g.c, g.ldc, 0, 0)
	}
}

// edgeColumns returns how many columns at the right of C gemmEdge
// computes apart, 0 when none: the n%nr ≤ mr columns of a product with
// at least one full tile of columns. In the direct way those columns make
// a tile of one vector per row of A, mostly idle lanes (4 of 16 in the
// MNIST network's products with n = 100): one FMA per row of C and step
// of k. Computed as Cᵀ = op(B)ᵀ·op(A)ᵀ they take one tile of rem rows
// and full vectors: rem FMAs per 16 rows (nr/2 on AVX2: 8) and step of k.
// When A is stored k×m (Aᵀ·B, the weight gradient Xᵀ·G) it is read in
// place as that product's B; otherwise (A·B, A·Bᵀ) Aᵀ is packed, a
// transpose of m·k values, which needs m ≥ 4·mr rows to pay.
//
// A C narrower than a tile (n < nr) of the weight-gradient form is all
// edge when that takes fewer vector FMAs, by a quarter at least (which
// pays for moving C through the scratch block): n rows of ⌈m/L⌉ vectors
// against m rows of ⌈n/L⌉, L lanes a vector (nr/2: the tiles of both
// paths with a strided kernel are two vectors wide). MNIST's last layer,
// 200×10 with k = 32 on AVX-512, goes from 1.76 to 1.26 µs on Zen 5 (130
// vectors a step of k instead of 200); at n = 16 (no idle lane) the edge
// would be 13 % slower, and the rule does not take it.
func (cfg *gemmConfig) edgeColumns(g *gemmArgs, directB bool) int {
	if gemmForcePack || cfg.strided == nil || g.m < 4*cfg.mr {
		return 0
	}
	if g.n < cfg.nr {
		lanes := cfg.nr / 2
		edge, direct := g.n*((g.m+lanes-1)/lanes), g.m*((g.n+lanes-1)/lanes)
		if g.transA && directB && !g.transB && 4*edge <= 3*direct && g.n*g.m <= maxTransposedC {
			return g.n
		}
		return 0
	}
	if g.transA && !(directB && !g.transB) || !g.transA && (g.m*g.k < minEdgePack || g.n%cfg.nr > maxEdgePack) {
		return 0
	}
	if rem := g.n % cfg.nr; rem <= cfg.mr && rem*g.m <= maxTransposedC {
		return rem
	}
	return 0
}

// minEdgePack is the least m·k of a product whose edge columns gemmEdge
// computes with Aᵀ packed. Measured on Zen 5 (AVX-512, rem = 4 or 8):
// 32×784 (the MNIST network's first layer) gains 6 %, 32×100 nothing,
// 32×10 loses 12 %.
//
// maxEdgePack is the most columns gemmEdge computes with Aᵀ packed.
// Measured on Zen 5 (AVX-512), 4 columns gain (32×784 by 100: 6 %,
// 256×256 by 260: 1.4 %, 64×2000 by 100: 3 %) and 8 lose (32×784 by 264:
// 15 %, 64×784 by 200 and 256×256 by 264: 4.5 %).
//
// Both weigh a copy of m·k floats (loads and stores) against the vector
// FMAs that idle lanes waste, (1 − rem/lanes) of one per row of C and
// step of k: a ratio of load/store to FMA throughput, not a clock or a
// cache size. On the cores this runs on it moves only in the edge's
// favour: Zen 4 and AVX2 anywhere issue half the FMA work per cycle with
// the same copy bandwidth, so the FMAs saved weigh twice as much (on
// AVX2 the Zen 5 measurements at rem = 4, 32×784×100, gained 2.6 %), and
// Intel's two-FMA-port cores match Zen 5. The thresholds are therefore
// conservative there, not tuned to one core.
const (
	minEdgePack = 1 << 13
	maxEdgePack = 4
)

// gemmEdge computes the last rem columns of C = alpha·op(A)·op(B) +
// beta·C as their transpose, alpha·op(B)[:, n-rem:]ᵀ·op(A)ᵀ + beta·Cᵀ,
// into a scratch rem×m block (C's columns transposed into it first when
// beta ≠ 0): B's columns are the strided kernel's A, read in place (B's
// rows when transB), op(A)ᵀ its B, read in place when A is stored k×m,
// packed otherwise; then it transposes the block into C and applies the
// epilogue. The k blocks are those of the direct way (kc, given by the
// caller) and every element is the same sum of the same products in the
// same order, scaled and added to beta·C by the same kernel store, and
// the epilogue's steps are correctly rounded float32 operations wherever
// they run, so the results are equal bit for bit.
func gemmEdge(cfg *gemmConfig, g *gemmArgs, rem, kc int) {
	s := scratchFree.get()
	if len(s.t) < rem*g.m {
		s.t = alignedFloats(rem * g.m)
	}
	n0 := g.n - rem
	e := gemmArgs{
		transA: !g.transB, transB: !g.transA,
		m: rem, n: g.m, k: g.k,
		alpha: g.alpha, beta: g.beta,
		a: g.b[n0:], lda: g.ldb,
		b: g.a, ldb: g.lda,
		c: s.t[:rem*g.m], ldc: g.m,
		kc: kc, pf: g.pf,
	}
	if g.transB {
		e.a = g.b[n0*g.ldb:]
	}
	directA, directB := cfg.inPlace(&e, e.m, e.n)
	if rem >= 8 {
		// The path's transpose8 moves the block in and out.
		if g.beta != 0 {
			cfg.transposeInto(e.c, g.m, g.c[n0:], g.ldc, g.m, rem)
		}
		gemmBlocked(cfg, &e, 0, rem, 0, g.m, directA, directB)
		cfg.transposeInto(g.c[n0:], g.ldc, e.c, g.m, rem, g.m)
		if g.ep != nil {
			applyEpilogue(g.ep, g.m, rem, g.c[n0:], g.ldc, 0, n0)
		}
		scratchFree.put(s)
		return
	}
	// Fewer than 8 columns: moved in Go, one loop (edgeOut) that also
	// applies the epilogue. With beta = 1 and one k block the block is
	// alpha·acc (beta 0) and edgeOut adds C to it as the kernel's store
	// would (an FMA by 1 is an addition): C's columns need not be
	// transposed in.
	add := g.beta == 1 && g.k <= kc
	if add {
		e.beta = 0
	} else if g.beta != 0 {
		cfg.transposeInto(e.c, g.m, g.c[n0:], g.ldc, g.m, rem)
	}
	gemmBlocked(cfg, &e, 0, rem, 0, g.m, directA, directB)
	edgeOut(g.c[n0:], g.ldc, e.c, g.m, rem, add, g.ep, n0)
	scratchFree.put(s)
}

// dotColumns returns how many columns at the right of C gemmEdgeDot
// computes, 0 when none: on a path with a dot4 kernel, the n%nr ≤
// maxEdgePack columns past the last whole tile of a product with a
// row-major A (A·B, A·Bᵀ), beta 0 or 1, at least mr rows and m·k ≥
// minEdgePack, unless the whole product is computed transposed
// (transposedWins, which has no idle lanes). It takes fewer rows than
// gemmEdge's way, which packs Aᵀ (m·k values) and needs 4·mr rows to pay:
// it copies rem·k values of B and saves (1 − rem/L) of a vector FMA per
// row of C and step of k (L lanes), so at rem = 4 it pays from about 8
// rows (the data-parallel step's parts of 16: TrainEpoch/avx512/threads=2
// 76.8 → 75.6 ms on Zen 5, 10 rounds). It depends on the product alone,
// not on the threads: runGemm computes those columns this way before it
// runs the rest on one thread or many, so that the results do not depend
// on how the rest is split.
func (cfg *gemmConfig) dotColumns(g *gemmArgs) int {
	if cfg.dot4 == nil || gemmForcePack || g.transA || g.beta != 0 && g.beta != 1 || cfg.transposedWins(g) {
		return 0
	}
	if g.n < cfg.nr || g.m < cfg.mr || g.m*g.k < minEdgePack {
		return 0
	}
	if rem := g.n % cfg.nr; rem <= maxEdgePack {
		return rem
	}
	return 0
}

// gemmEdgeDot computes the last rem columns of C = alpha·op(A)·op(B) +
// beta·C (dotColumns) on the caller: each element is a dot product of a
// row of A, contiguous in k, with a column of op(B), which for a plain B
// is first copied into a row of a scratch strip (a transpose of rem·k
// values instead of gemmEdge's m·k). The dot products keep every lane
// busy; their sums are taken in another order than the microkernel's
// (a partial sum a lane, added at the end), so the edge columns round
// differently from the direct way, within the same bound γ_k·Σ|a||b|.
// MNIST's first layer, 32×784 by 784×100 with its bias and ReLU on
// AVX-512, takes 21.1 µs this way against 22.2 through gemmEdge's
// transposes on Zen 5. C = alpha·dot + beta·C, then the epilogue, as the
// kernel's store (edgeOut).
func gemmEdgeDot(cfg *gemmConfig, g *gemmArgs, rem int) {
	s := scratchFree.get()
	n0 := g.n - rem
	need := rem*g.m + rem*g.k
	if len(s.t) < need {
		s.t = alignedFloats(need)
	}
	t := s.t[:rem*g.m]
	// op(B)'s last columns as rows of k values: rows of B when transB,
	// else its columns copied into the strip.
	b, ldb := s.t[rem*g.m:need], g.k
	if g.transB {
		b, ldb = g.b[n0*g.ldb:], g.ldb
	} else {
		cfg.transposeInto(b, ldb, g.b[n0:], g.ldb, g.k, rem)
	}
	out := &s.dot
	for i0 := 0; i0 < g.m; i0 += 4 {
		rows := min(4, g.m-i0)
		for j0 := 0; j0 < rem; j0 += 4 {
			cols := min(4, rem-j0)
			if g.pf != nil {
				g.pf.drain(2 * g.k * rows * cols)
			}
			cfg.dot4(g.k, g.a[i0*g.lda:], g.lda, b[j0*ldb:], ldb, rows, cols, out)
			for j := range cols {
				tj := t[(j0+j)*g.m+i0:]
				for i := range rows {
					tj[i] = g.alpha * out[4*j+i]
				}
			}
		}
	}
	edgeOut(g.c[n0:], g.ldc, t, g.m, rem, g.beta == 1, g.ep, n0)
	scratchFree.put(s)
}

// edgeOut sets C[i, j] = T[j, i] for i < m, j < rem (c at column n0 of
// C, t the rem×m block of gemmEdge), with add C[i, j] + T[j, i], then
// applies ep (C's columns n0..n0+rem of it) in Epilogue's order: the
// bias, the ReLU, the mask. Each step is one correctly rounded float32
// operation or a selection, as in the kernels' store and the path's row
// kernels (an addition; max(c, 0) keeping NaN and −0, as VMAXPS with c
// second; +0 unless the mask is > 0), so the results are theirs bit for
// bit.
func edgeOut(c []float32, ldc int, t []float32, m, rem int, add bool, ep *Epilogue, n0 int) {
	t = t[:rem*m]
	if ep == nil {
		// Row by row of C: each row's rem elements share a cache line or
		// two, which a column at a time would visit rem times. Four
		// columns (n = 100 on both x86 paths) unrolled: the MNIST weight
		// update's 784×4 takes 0.85 µs so on Zen 5, 1.70 through the
		// loop for any rem below, 1.56 a column at a time.
		if rem == 4 {
			t0, t1, t2, t3 := t[:m], t[m:2*m], t[2*m:3*m], t[3*m:4*m]
			for i := range m {
				r := c[i*ldc : i*ldc+4 : i*ldc+4]
				if add {
					r[0] += t0[i]
					r[1] += t1[i]
					r[2] += t2[i]
					r[3] += t3[i]
				} else {
					r[0], r[1], r[2], r[3] = t0[i], t1[i], t2[i], t3[i]
				}
			}
			return
		}
		for i := range m {
			r := c[i*ldc : i*ldc+rem]
			if add {
				for j := range r {
					r[j] += t[j*m+i]
				}
			} else {
				for j := range r {
					r[j] = t[j*m+i]
				}
			}
		}
		return
	}
	var bias, mask []float32
	if ep.Bias != nil {
		bias = ep.Bias[n0 : n0+rem]
	}
	if ep.Mask != nil {
		mask = ep.Mask[n0:]
	}
	for i := range m {
		row := c[i*ldc : i*ldc+rem]
		for j := range row {
			v := t[j*m+i]
			if add {
				v = row[j] + v
			}
			if bias != nil {
				v += bias[j]
			}
			if ep.Relu && v < 0 {
				v = 0
			}
			if mask != nil && !(mask[i*ep.LDMask+j] > 0) {
				v = 0
			}
			row[j] = v
		}
	}
}

// packA copies op(A)[i0:i0+mb, p0:p0+kb] into dst as ceil(mb/mr) panels of
// kb×mr values, panel after panel; within a panel the mr values of one p
// are contiguous. Rows past mb in the last panel are not written: a
// microkernel reads no element outside its tile.
func (cfg *gemmConfig) packA(dst, a []float32, lda int, trans bool, i0, mb, p0, kb int) {
	mr := cfg.mr
	for ir := 0; ir < mb; ir += mr {
		rows := min(mr, mb-ir)
		panel := dst[ir*kb : ir*kb+kb*mr]
		if trans {
			// op(A)[i,p] = a[p*lda+i]: rows of the panel are contiguous in a.
			copyInto(cfg.copy8, panel, mr, a[p0*lda+i0+ir:], lda, kb, rows)
			continue
		}
		// op(A)[i,p] = a[i*lda+p]: the panel is the transpose of rows
		// rows of a.
		cfg.transposeInto(panel, mr, a[(i0+ir)*lda+p0:], lda, rows, kb)
	}
}

// packB copies op(B)[p0:p0+kb, j0:j0+nb] into dst as ceil(nb/nr) panels of
// kb×nr values; within a panel the nr values of one p are contiguous.
// Columns past nb in the last panel are not written.
func (cfg *gemmConfig) packB(dst, b []float32, ldb int, trans bool, p0, kb, j0, nb int) {
	nr := cfg.nr
	if !trans {
		// A few rows of B at a time across all the panels: each row of
		// B is read front to back, as the hardware prefetchers like,
		// rather than a panel's narrow column down kb rows far apart.
		for p := 0; p < kb; p += packRowsB {
			rows := min(packRowsB, kb-p)
			for jr := 0; jr < nb; jr += nr {
				cols := min(nr, nb-jr)
				copyInto(cfg.copy8, dst[jr*kb+p*nr:], nr, b[(p0+p)*ldb+j0+jr:], ldb, rows, cols)
			}
		}
		return
	}
	for jr := 0; jr < nb; jr += nr {
		cols := min(nr, nb-jr)
		panel := dst[jr*kb : jr*kb+kb*nr]
		// op(B)[p,j] = b[j*ldb+p]: the panel is the transpose of cols
		// rows of b.
		cfg.transposeInto(panel, nr, b[(j0+jr)*ldb+p0:], ldb, cols, kb)
	}
}

// packRowsB is the number of rows of a plain B that packB copies into
// all the panels before it moves on.
var packRowsB = 8

// copyInto sets dst[i*ldd+j] = src[i*lds+j] for i < rows, j < cols, the
// multiple of 8 of the columns through c8 when the path has one.
func copyInto(c8 func(rows, cols int, src []float32, lds int, dst []float32, ldd int), dst []float32, ldd int, src []float32, lds, rows, cols int) {
	j := 0
	if c8 != nil && cols >= 8 {
		j = cols &^ 7
		c8(rows, j, src, lds, dst, ldd)
	}
	if j == cols {
		return
	}
	if cols == 6 && ldd == 6 {
		// The AVX2 path's panels of a transposed A: 24-byte copies,
		// which the compiler inlines, rather than a call to memmove each.
		for i := 0; i < rows; i++ {
			*(*[6]float32)(dst[i*6:]) = [6]float32(src[i*lds:])
		}
		return
	}
	for i := 0; i < rows; i++ {
		copy(dst[i*ldd+j:i*ldd+cols], src[i*lds+j:i*lds+cols])
	}
}

// transposeInto sets dst[p*ldd+j] = src[j*lds+p] for j < rows, p < n:
// groups of 8 rows through the path's transpose8 when it has one, the
// rest in Go.
func (cfg *gemmConfig) transposeInto(dst []float32, ldd int, src []float32, lds, rows, n int) {
	j := 0
	n8 := n &^ 7
	if cfg.transpose8AnyN {
		n8 = n
	}
	if t8 := cfg.transpose8; t8 != nil && n8 > 0 {
		// A chunk of columns at a time through all the groups of 8
		// rows. Each group writes 8 floats, half a cache line, of each
		// of the chunk's rows of dst, and the next group the other
		// half: a chunk of 128 columns touches 128 lines (8 KiB, a
		// quarter of the smallest L1d of the cores this runs on, 32
		// KiB) between the two, so the second half finds its line in
		// L1. Group after group over all n instead, the panel of 32
		// rows and 784 columns of MNIST's first layer took 2.25 µs
		// rather than 1.65 on Zen 5, its lines gone from L1 between
		// halves.
		const chunk = 128
		groups := rows / 8
		for p0 := 0; p0 < n8; p0 += chunk {
			w := min(chunk, n8-p0)
			for g := range groups {
				t8(w, src[g*8*lds+p0:], lds, dst[p0*ldd+g*8:], ldd)
			}
		}
		j = groups * 8
		for jj := 0; jj < j && n8 < n; jj++ {
			row := src[jj*lds+n8 : jj*lds+n]
			for p, v := range row {
				dst[(n8+p)*ldd+jj] = v
			}
		}
	}
	if rows-j == 6 && ldd == 6 {
		// The AVX2 path's panels, six rows at a time.
		r0 := src[j*lds:][:n]
		r1 := src[(j+1)*lds:][:n]
		r2 := src[(j+2)*lds:][:n]
		r3 := src[(j+3)*lds:][:n]
		r4 := src[(j+4)*lds:][:n]
		r5 := src[(j+5)*lds:][:n]
		d := dst[j:]
		for p := range r0 {
			q := d[6*p : 6*p+6 : 6*p+6]
			q[0], q[1], q[2], q[3], q[4], q[5] = r0[p], r1[p], r2[p], r3[p], r4[p], r5[p]
		}
		return
	}
	for ; j < rows; j++ {
		row := src[j*lds : j*lds+n]
		d := dst[j:]
		for p, v := range row {
			d[p*ldd] = v
		}
	}
}
