package kernels

import "sync"

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
	if m < 0 || n < 0 || k < 0 {
		panicf("Sgemm: negative size m=%d n=%d k=%d", m, n, k)
	}
	ar, ac := m, k
	if transA {
		ar, ac = k, m
	}
	br, bc := k, n
	if transB {
		br, bc = n, k
	}
	checkMatrix("Sgemm", "A", ar, ac, a, lda)
	checkMatrix("Sgemm", "B", br, bc, b, ldb)
	checkMatrix("Sgemm", "C", m, n, c, ldc)
	if m == 0 || n == 0 {
		return
	}
	if k == 0 || alpha == 0 {
		scaleMatrix(m, n, beta, c, ldc)
		return
	}
	p := current.Load()
	if p.gemm == nil {
		refSgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	g := gemmArgs{transA, transB, m, n, k, alpha, beta, a, b, c, lda, ldb, ldc}
	if Threads() == 1 || 2*float64(m)*float64(n)*float64(k) < gemmParallelFlops {
		gemmBlocked(p.gemm, &g, 0, m, 0, n)
		return
	}
	j := getJob()
	j.cfg = p.gemm
	j.args = g
	j.plan(Threads())
	runParallel(j.parts, j, &j.wg)
	j.args = gemmArgs{} // drop references to the caller's slices
	putJob(j)
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

// gemmParallelFlops is the work below which a GEMM runs on one goroutine:
// handing a part to another core costs a few microseconds, the time of
// about a million flops at this library's speed.
const gemmParallelFlops = 1 << 21

// gemmJob is one Sgemm call split into parts along M or N.
type gemmJob struct {
	cfg    *gemmConfig
	args   gemmArgs
	parts  int
	alongN bool
	step   int // rows or columns per part, a multiple of mr or nr
	wg     sync.WaitGroup
}

// jobFree holds the gemmJobs not in use: a free list rather than a
// sync.Pool, which the garbage collector empties, so that calls allocate
// nothing in steady state.
var (
	jobMu   sync.Mutex
	jobFree []*gemmJob
)

func getJob() *gemmJob {
	jobMu.Lock()
	defer jobMu.Unlock()
	if n := len(jobFree); n > 0 {
		j := jobFree[n-1]
		jobFree = jobFree[:n-1]
		return j
	}
	return new(gemmJob)
}

func putJob(j *gemmJob) {
	jobMu.Lock()
	jobFree = append(jobFree, j)
	jobMu.Unlock()
}

// plan splits C among up to threads parts, along the dimension with more
// register tiles, in whole tiles.
func (j *gemmJob) plan(threads int) {
	g, cfg := &j.args, j.cfg
	flops := 2 * float64(g.m) * float64(g.n) * float64(g.k)
	parts := min(threads, int(flops/gemmParallelFlops)+1)
	tilesM := (g.m + cfg.mr - 1) / cfg.mr
	tilesN := (g.n + cfg.nr - 1) / cfg.nr
	j.alongN = tilesN >= tilesM
	tiles, unit := tilesM, cfg.mr
	if j.alongN {
		tiles, unit = tilesN, cfg.nr
	}
	parts = max(1, min(parts, tiles))
	j.step = (tiles + parts - 1) / parts * unit
	total := g.m
	if j.alongN {
		total = g.n
	}
	j.parts = (total + j.step - 1) / j.step
}

func (j *gemmJob) runPart(part int) {
	lo := part * j.step
	if j.alongN {
		gemmBlocked(j.cfg, &j.args, 0, j.args.m, lo, min(lo+j.step, j.args.n))
	} else {
		gemmBlocked(j.cfg, &j.args, lo, min(lo+j.step, j.args.m), 0, j.args.n)
	}
}
