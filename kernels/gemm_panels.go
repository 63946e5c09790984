package kernels

import (
	"runtime"
	"sync/atomic"
	"time"
)

// Large products split BLIS-style: the threads share each packed panel of
// B and divide the rows of C.
//
// When both operands are packed (the products too large to read either
// in place), the caller's loop nest is gemmBlocked's: for each panel of
// nc columns (jc) and each block of kc of the k dimension (pc), one split
// call divides the rows of C into blocks of at most mc rows: each thread
// packs its block of A into its own buffer and multiplies it by the whole
// shared panel of B. The panel is packed by the threads together: before
// its first block, a thread packs parts of the panel (ranges of its
// micro-panels, claimed from a counter) until none is left, then waits
// for the parts the others are packing. (One split call per step, not a
// call to pack and another to multiply: a helper woken for a short pack
// call would still be starting when the caller, having packed alone,
// claims helpers for the long one, and find it done.) So nothing is
// packed twice, every thread reads the panel (from the cache it is shared
// in: L3 on every x86 core of this decade, the panel is sized for it) and
// writes only its own rows of C and its own A block, and the row blocks,
// several per thread, are claimed from home ranges and stolen
// (parallel.go): a thread that starts late, or a core that runs slower
// (another tenant, an SMT sibling, a smaller core), takes fewer blocks
// instead of holding up the others. A split of C into one column band per
// thread instead packs all of A once per thread and cannot rebalance.
//
// The arithmetic of every element is that of gemmBlocked on one thread
// (the same k blocks, the same kernel, the row blocks start on multiples
// of mr): the result does not depend on the number of threads.

// panelJob is one product split into pack and row steps.
type panelJob struct {
	chunkSet
	cfg  *gemmConfig
	args gemmArgs
	bp   []float32 // the shared packed panel of B

	// The current step: the panel's columns jc..jc+nb, k block pc..pc+kb,
	// step rows of C per chunk; the panel packed in packParts parts of
	// packStep micro-panels, the next to claim and the number finished.
	jc, nb, pc, kb      int
	beta                float32
	step                int
	packParts, packStep int
	packNext, packDone  atomic.Int32
}

var panelJobFree freeList[panelJob]

// panelRowChunks is the least number of row blocks per thread: rows are
// split finer than mc when there would be fewer.
const panelRowChunks = 4

// gemmPanels computes a checked product (both operands packed) split among
// threads goroutines.
func gemmPanels(cfg *gemmConfig, g *gemmArgs, threads int) {
	start := time.Since(clock)
	split, mode := team.gov.split(start)
	if !split {
		gemmBlocked(cfg, g, 0, g.m, 0, g.n, false, false)
		end := time.Since(clock)
		team.gov.done(mode, g.flops(), end-start, end, 0, 0)
		return
	}
	j := panelJobFree.get()
	j.own(j)
	j.cfg, j.args = cfg, *g
	mr, nr := cfg.mr, cfg.nr
	if need := min(cfg.kc, g.k) * roundUp(min(cfg.nc, g.n), nr); len(j.bp) < need {
		j.bp = alignedFloats(need)
	}
	rows := min(cfg.mc, max(mr, roundUp((g.m+panelRowChunks*threads-1)/(panelRowChunks*threads), mr)))
	rowChunks := (g.m + rows - 1) / rows
	theirs, fair, full := 0, 0, true
	for jc := 0; jc < g.n; jc += cfg.nc {
		j.jc, j.nb = jc, min(cfg.nc, g.n-jc)
		panels := (j.nb + nr - 1) / nr
		for pc := 0; pc < g.k; pc += cfg.kc {
			j.pc, j.kb = pc, min(cfg.kc, g.k-pc)
			j.beta = g.beta
			if pc > 0 {
				j.beta = 1
			}
			j.step = rows
			j.packStep = max(1, (panels+panelRowChunks*threads-1)/(panelRowChunks*threads))
			j.packParts = (panels + j.packStep - 1) / j.packStep
			j.packNext.Store(0)
			j.packDone.Store(0)
			t, f, ok := j.runSplit(rowChunks, min(threads, rowChunks))
			theirs, fair, full = theirs+t, fair+f, full && ok
		}
	}
	j.args = gemmArgs{}
	panelJobFree.put(j)
	if full {
		end := time.Since(clock)
		team.gov.done(mode, g.flops(), end-start, end, theirs, fair)
	}
}

// chunk computes rows c·step.. of C against the current panel of B,
// after helping to pack the panel.
func (j *panelJob) chunk(c int) {
	cfg, g := j.cfg, &j.args
	mr, nr, kb := cfg.mr, cfg.nr, j.kb
	j.pack()
	ic := c * j.step
	mb := min(j.step, g.m-ic)
	s := getScratch(roundUp(mb, mr)*kb, 0)
	defer putScratch(s)
	cfg.packA(s.a, g.a, g.lda, g.transA, ic, mb, j.pc, kb)
	for jr := 0; jr < j.nb; jr += nr {
		nrr := min(nr, j.nb-jr)
		bpanel := j.bp[jr*kb:]
		cc := g.c[ic*g.ldc+j.jc+jr:]
		for ir := 0; ir < mb; ir += mr {
			mrr := min(mr, mb-ir)
			apanel := s.a[ir*kb:]
			if cfg.strided != nil {
				cfg.strided(kb, apanel, mr, 1, bpanel, nr, cc[ir*g.ldc:], g.ldc, mrr, nrr, g.alpha, j.beta, nil)
			} else {
				cfg.kernel(kb, apanel, mr, bpanel, nr, cc[ir*g.ldc:], g.ldc, mrr, nrr, g.alpha, j.beta)
			}
		}
	}
}

// pack packs parts of the current panel of B until none is left to claim,
// then waits for the parts others are packing.
func (j *panelJob) pack() {
	if int(j.packDone.Load()) == j.packParts {
		return
	}
	cfg, g, nr, kb := j.cfg, &j.args, j.cfg.nr, j.kb
	for {
		p := int(j.packNext.Add(1)) - 1
		if p >= j.packParts {
			break
		}
		j0 := p * j.packStep * nr
		cfg.packB(j.bp[j0*kb:], g.b, g.ldb, g.transB, j.pc, kb, j.jc+j0, min(j.packStep*nr, j.nb-j0))
		j.packDone.Add(1)
	}
	for i := 1; int(j.packDone.Load()) < j.packParts; i++ {
		if i%4096 == 0 {
			runtime.Gosched() // should the packer wait for this processor
		}
	}
}
