package kernels

// Parts is work made of independent parts, which Parallel runs.
type Parts interface {
	// Part computes part p.
	Part(p int)
}

// partsJob is one Parallel call.
type partsJob struct {
	chunkSet
	job Parts
}

var partsJobFree freeList[partsJob]

// Parallel calls job.Part(p) for p = 0, …, parts-1 and returns when all
// have returned. The parts are the chunks of a split kernel call, under
// the same rule and governor: when work (the flops of all the parts,
// counted as a GEMM's 2·m·n·k) is enough for a call to split, they are
// dealt among up to Threads() goroutines, the caller and the helpers that
// every split call shares (see the package doc, "Goroutines and memory"),
// in contiguous ranges, part p to participant p when there are as many;
// otherwise, or when the governor backs off, the caller runs them.
//
// Which goroutine runs a part depends on timing (one that finds its range
// done takes parts from the others', and a helper still polling from an
// earlier call may take one), so a part's results must not depend on it:
// each part writes its own outputs, and a part must never wait for
// another (one goroutine may run them all). Inside a part, products are
// to be computed with SgemmEpilogueSerial: the parts are the split.
// Parallel allocates nothing in the steady state when job is a pointer.
func Parallel(parts int, work float64, job Parts) {
	if parts <= 0 {
		return
	}
	j := partsJobFree.get()
	j.job = job
	j.chunkSet.run(j, parts, parallelThreads(work), work)
	j.job = nil
	partsJobFree.put(j)
}

func (j *partsJob) chunk(c int) { j.job.Part(c) }
