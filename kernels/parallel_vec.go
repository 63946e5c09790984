package kernels

// Optimizer updates split among threads.
//
// An update reads and writes every weight once, a few flops each: on one
// core it runs at the speed of the cache that holds the weights. Its split
// matters less for that speed than for where the weights end up. The
// gradient of a large weight matrix comes from a GEMM split by rows into
// home ranges (parallel.go), so each core holds the gradient rows it
// computed; an update split the same way, into contiguous ranges dealt in
// the same order, reads them there instead of pulling them across cores.

// vecWork is the work of an update per element, in GEMM flops of about
// the same time (see minSplitWork): an update streams 12 to 20 bytes per
// element through the cache, some 0.3 ns at the 50-60 GB/s one core gets
// from its L2, as long as about 32 flops of a GEMM at 100 GFLOPS. So an
// update is split from minSplitWork/vecWork = 16,384 weights: below that
// its gradient comes from a GEMM too small to be split itself, or the
// update is too short to repay the hand-off.
const vecWork = 32

// vecChunksPerPart is the chunks of each participant's home range.
const vecChunksPerPart = 4

// vecJob is one optimizer update split into chunks of step elements.
type vecJob struct {
	chunkSet
	run4    func(j *vecJob, lo, hi int) // the update of elements lo..hi-1
	n       int
	step    int
	threads int
	f       [4]float32
	s       [4][]float32
	a       adamArgs
	p       *impl
}

var vecJobFree freeList[vecJob]

// parallelVec reports whether an update of n elements is to be split, and
// if so returns a job planned for it, which the caller fills and runs with
// runVec.
func parallelVec(n int) *vecJob {
	t := parallelThreads(vecWork * float64(n))
	if t == 1 {
		return nil
	}
	j := vecJobFree.get()
	j.n, j.threads = n, t
	j.p = current.Load()
	// Chunks of whole cache lines (16 float32), so that no line is
	// written from two cores.
	chunks := t * vecChunksPerPart
	j.step = (n + chunks - 1) / chunks
	j.step = (j.step + 15) &^ 15
	return j
}

// runVec runs the job and puts it back.
func runVec(j *vecJob, update func(j *vecJob, lo, hi int)) {
	j.run4 = update
	j.chunkSet.run(j, (j.n+j.step-1)/j.step, j.threads, vecWork*float64(j.n))
	j.run4, j.p = nil, nil
	clear(j.s[:])
	vecJobFree.put(j)
}

func (j *vecJob) chunk(c int) {
	lo := c * j.step
	j.run4(j, lo, min(lo+j.step, j.n))
}

// The updates as vecJob functions: top-level functions, so that passing
// one allocates nothing.

func sgdPart(j *vecJob, lo, hi int) {
	j.p.sgd(j.f[0], j.s[0][lo:hi], j.s[1][lo:hi])
}

func momentumPart(j *vecJob, lo, hi int) {
	j.p.nn.momentum(j.f[0], j.f[1], j.s[0][lo:hi], j.s[1][lo:hi], j.s[2][lo:hi])
}

func nesterovPart(j *vecJob, lo, hi int) {
	j.p.nn.nesterov(j.f[0], j.f[1], j.s[0][lo:hi], j.s[1][lo:hi], j.s[2][lo:hi])
}

func adamPart(j *vecJob, lo, hi int) {
	j.p.nn.adam(j.a, j.s[0][lo:hi], j.s[1][lo:hi], j.s[2][lo:hi], j.s[3][lo:hi])
}
