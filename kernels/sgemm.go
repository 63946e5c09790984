package kernels

// Sgemm computes C = alpha·op(A)·op(B) + beta·C with BLAS semantics on
// row-major matrices, where op(X) is X or its transpose:
//
//	op(A) is m×k: A is stored m×k (lda ≥ k), or k×m when transA (lda ≥ m)
//	op(B) is k×n: B is stored k×n (ldb ≥ n), or n×k when transB (ldb ≥ k)
//	C is m×n (ldc ≥ n)
//
// When beta is 0, C is overwritten and its previous contents, NaN or
// Inf included, are ignored; when alpha is 0 or k is 0, A and B are not
// read. Slices too short for their shape and leading dimension, negative
// sizes and leading dimensions smaller than a row panic.
func Sgemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if !gemmPrologue("Sgemm", transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) {
		return
	}
	p := current.Load()
	if p.gemm == nil {
		refSgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	g := gemmArgs{transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, beta: beta,
		a: a, b: b, c: c, lda: lda, ldb: ldb, ldc: ldc}
	runGemm(p.gemm, &g)
}

// runGemm computes a checked float32 GEMM (m, n, k > 0, alpha ≠ 0) on
// cfg: on the caller, or split among g.threads() goroutines.
func runGemm(cfg *gemmConfig, g *gemmArgs) {
	if rem := cfg.dotColumns(g); rem > 0 {
		gemmEdgeDot(cfg, g, rem)
		g.n -= rem
	}
	threads := g.threads()
	if threads == 1 {
		if cfg.transposedWins(g) {
			gemmTransposed(cfg, g)
			return
		}
		directA, directB := cfg.inPlace(g, g.m, g.n)
		n := g.n
		if rem := cfg.edgeColumns(g, directB); rem > 0 {
			gemmEdge(cfg, g, rem, cfg.kBlock(directB))
			n -= rem
		}
		gemmBlocked(cfg, g, 0, g.m, 0, n, directA, directB)
		return
	}
	g.pf = nil // the helpers must not touch the caller's queue
	// Shared panels for large products with both operands packed; a
	// product with an epilogue takes the chunked way, which applies it.
	if directA, directB := cfg.inPlace(g, g.m, g.n); g.ep == nil && !directA && !directB && !splitKWins(g.m, g.n, g.k, threads) {
		gemmPanels(cfg, g, threads)
		return
	}
	j := jobFree.get()
	j.cfg = cfg
	j.args = *g
	j.plan(threads)
	j.run()
}

// flops is the work of the product: 2·m·n·k.
func (g *gemmArgs) flops() float64 { return 2 * float64(g.m) * float64(g.n) * float64(g.k) }

// gemmPrologue checks a GEMM call's arguments (panicking with fn's name)
// and does the calls that need no product: m or n zero, or k or alpha zero
// (C = beta·C). It reports whether the product is still to be computed.
func gemmPrologue(fn string, transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) bool {
	if m < 0 || n < 0 || k < 0 {
		panicf("%s: negative size m=%d n=%d k=%d", fn, m, n, k)
	}
	ar, ac := m, k
	if transA {
		ar, ac = k, m
	}
	br, bc := k, n
	if transB {
		br, bc = n, k
	}
	checkMatrix(fn, "A", ar, ac, a, lda)
	checkMatrix(fn, "B", br, bc, b, ldb)
	checkMatrix(fn, "C", m, n, c, ldc)
	if m == 0 || n == 0 {
		return false
	}
	if k == 0 || alpha == 0 {
		scaleMatrix(m, n, beta, c, ldc)
		return false
	}
	return true
}

// scaleMatrix sets C = beta·C, writing zeros when beta is 0.
func scaleMatrix(m, n int, beta float32, c []float32, ldc int) {
	for i := range m {
		row := c[i*ldc : i*ldc+n]
		if beta == 0 {
			clear(row)
		} else if beta != 1 {
			for j := range row {
				row[j] *= beta
			}
		}
	}
}

// gemmJob is one Sgemm call split into a grid of chunks of C, chunksM
// row bands by chunksN column bands, in whole register tiles, which the
// caller and up to parts-1 helpers claim in turn until none is left
// (parallel.go).
type gemmJob struct {
	chunkSet
	cfg              *gemmConfig
	args             gemmArgs
	directA, directB bool
	parts            int
	chunksM, chunksN int
	stepM, stepN     int // rows and columns per chunk, multiples of mr and nr

	// A split along k: chunksM counts the chunks (chunksN is 1), and
	// chunk c computes the product over k in [c·stepK, (c+1)·stepK),
	// chunk 0 into C (with beta), the others into partial[(c-1)·m·n:]
	// (m×n each), which run then adds to C in chunk order.
	splitK  bool
	stepK   int
	partial []float32
}

// jobFree holds the gemmJobs not in use.
var jobFree freeList[gemmJob]

// plan splits C among up to threads parts.
//
// A chunk packs the operands it does not read in place, so chunks that
// share a band of rows each pack the same block of A, and chunks that
// share a band of columns the same panel of B. When both operands are
// packed (large products) C is therefore split into one chunk per part,
// along the dimension with more tiles, and the other operand is packed
// once per part. Otherwise it is split finely (up to eight chunks per
// part, none under minSplitWork) along the dimensions whose split
// packs nothing twice: any when both operands are read in place, only
// rows when only A is packed, only columns when only B is.
func (j *gemmJob) plan(threads int) {
	g, cfg := &j.args, j.cfg
	j.splitK = false
	if threads > 1 && splitKWins(g.m, g.n, g.k, threads) {
		parts := min(threads, g.k/minSplitK)
		j.splitK = true
		j.stepK = (g.k + parts - 1) / parts
		j.chunksM, j.chunksN = (g.k+j.stepK-1)/j.stepK, 1
		j.parts = j.chunksM
		if need := (j.parts - 1) * g.m * g.n; len(j.partial) < need {
			j.partial = alignedFloats(need)
		}
		return
	}
	j.directA, j.directB = cfg.inPlace(g, g.m, g.n)
	tilesM := (g.m + cfg.mr - 1) / cfg.mr
	tilesN := (g.n + cfg.nr - 1) / cfg.nr
	threads = min(threads, maxChunks/4)
	chunksM, chunksN := 1, 1
	switch {
	case !j.directA && !j.directB:
		if tilesN >= tilesM {
			chunksN = min(threads, tilesN)
		} else {
			chunksM = min(threads, tilesM)
		}
	default:
		// A multiple of threads, so that the home ranges of the
		// participants (parallel.go) are equal.
		want := max(1, min(8*threads, int(g.flops()/minSplitWork)))
		want = max(threads, want/threads*threads)
		splitM := !j.directA || j.directB && tilesM >= tilesN
		splitN := !j.directB || j.directA && tilesN > tilesM
		if splitM {
			chunksM = min(tilesM, want)
		}
		if splitN {
			chunksN = min(tilesN, want)
		}
		// Both read in place: the larger dimension first, the other
		// for the chunks still wanted.
		if j.directA && j.directB {
			if tilesM >= tilesN {
				chunksN = min(tilesN, (want+chunksM-1)/chunksM)
			} else {
				chunksM = min(tilesM, (want+chunksN-1)/chunksN)
			}
		}
	}
	j.stepM = (tilesM + chunksM - 1) / chunksM * cfg.mr
	j.stepN = (tilesN + chunksN - 1) / chunksN * cfg.nr
	j.chunksM = (g.m + j.stepM - 1) / j.stepM
	j.chunksN = (g.n + j.stepN - 1) / j.stepN
	total := j.chunksM * j.chunksN
	j.parts = min(threads, total)
}

// chunk computes chunk c of C.
func (j *gemmJob) chunk(c int) {
	if j.splitK {
		j.chunkK(c)
		return
	}
	m0 := c / j.chunksN * j.stepM
	n0 := c % j.chunksN * j.stepN
	gemmBlocked(j.cfg, &j.args, m0, min(m0+j.stepM, j.args.m), n0, min(n0+j.stepN, j.args.n), j.directA, j.directB)
}

// run runs the planned job, returns it to the free list and drops its
// references to the caller's slices.
func (j *gemmJob) run() {
	j.chunkSet.run(j, j.chunksM*j.chunksN, j.parts, j.args.flops())
	if j.splitK {
		g := &j.args
		add := current.Load().add
		for c := 1; c < j.chunksM; c++ {
			part := j.partial[(c-1)*g.m*g.n:]
			for i := range g.m {
				row := g.c[i*g.ldc : i*g.ldc+g.n]
				add(row, row, part[i*g.n:i*g.n+g.n])
			}
		}
		if g.ep != nil {
			applyEpilogue(g.ep, g.m, g.n, g.c, g.ldc, 0, 0)
		}
	}
	j.args = gemmArgs{}
	jobFree.put(j)
}

// Splitting along k. A product whose C is small and whose k is long, such
// as the first layer of a network on a minibatch (32×100 from k = 784),
// splits best along k: each core then reads only its share of both
// operands. Split by rows or columns of C instead, every core reads the
// whole of the large operand, the weights; when the weights were just
// updated by the cores in row bands (the optimizer update, see
// parallel_vec.go), every core first pulls the other cores' bands out of
// their caches. The partial products cost a summation of C per extra
// part, and make the rounding depend on the number of threads (not on
// the timing: the k ranges and the order of the sums are fixed).

// minSplitK is the least k of one part of a split along k.
const minSplitK = 64

// splitKWins reports whether an m×n×k product is to be split along k:
// when the partial sums (2·m·n moved per extra part) cost well under
// the operand every core must read whole in a split of C by rows (B, k·n)
// or by columns (A, m·k, and C's rows then split among cores).
func splitKWins(m, n, k, threads int) bool {
	if k < 2*minSplitK {
		return false
	}
	cost := 2 * m * n
	return 4*cost <= k*n && 4*cost <= m*k+m*n
}

// chunkK computes chunk c of a split along k.
func (j *gemmJob) chunkK(c int) {
	sub := j.args
	k0 := c * j.stepK
	sub.k = min(j.stepK, sub.k-k0)
	if sub.transA {
		sub.a = sub.a[k0*sub.lda:]
	} else {
		sub.a = sub.a[k0:]
	}
	if sub.transB {
		sub.b = sub.b[k0:]
	} else {
		sub.b = sub.b[k0*sub.ldb:]
	}
	sub.ep = nil // applied by run, once the parts are summed
	if c > 0 {
		sub.c = j.partial[(c-1)*sub.m*sub.n : c*sub.m*sub.n]
		sub.ldc = sub.n
		sub.beta = 0
	}
	directA, directB := j.cfg.inPlace(&sub, sub.m, sub.n)
	gemmBlocked(j.cfg, &sub, 0, sub.m, 0, sub.n, directA, directB)
}
