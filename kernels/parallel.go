package kernels

import (
	"sync"
	"sync/atomic"
)

// A task is work split into parts that may run concurrently.
type task interface {
	runPart(part int)
}

type workItem struct {
	t    task
	part int
	wg   *sync.WaitGroup
}

// The worker pool: long-lived goroutines fed through a channel, so that a
// parallel kernel call costs two channel operations per extra part and
// allocates nothing (a new goroutine per call would allocate its closure).
// The pool grows to the most extra parts a call has had (Threads()−1), no
// further: each worker costs its stack and, when it first waits on the
// channel, a runtime wait record, which an idle pool of maxWorkers would
// allocate while the program runs.
var (
	workCh   = make(chan workItem)
	workMu   sync.Mutex
	nWorkers atomic.Int32
)

// ensureWorkers starts workers until there are at least n (at most
// maxWorkers).
func ensureWorkers(n int) {
	n = min(n, maxWorkers)
	if int(nWorkers.Load()) >= n {
		return
	}
	workMu.Lock()
	defer workMu.Unlock()
	for int(nWorkers.Load()) < n {
		go worker()
		nWorkers.Add(1)
	}
}

func worker() {
	for w := range workCh {
		w.t.runPart(w.part)
		w.wg.Done()
	}
}

// maxWorkers bounds the helper goroutines; more parts than this run
// partly on the caller.
const maxWorkers = 64

// runParallel runs t.runPart(0..parts-1), part 0 on the calling goroutine,
// and returns when all have finished. wg must not be in use.
func runParallel(parts int, t task, wg *sync.WaitGroup) {
	if parts <= 1 {
		t.runPart(0)
		return
	}
	ensureWorkers(parts - 1)
	wg.Add(parts - 1)
	for p := 1; p < parts; p++ {
		workCh <- workItem{t, p, wg}
	}
	t.runPart(0)
	wg.Wait()
}
