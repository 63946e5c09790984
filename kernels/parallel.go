package kernels

import (
	"sync"
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
var (
	workOnce sync.Once
	workCh   chan workItem
)

// startWorkers starts the pool and returns once every worker is running,
// so that their first waits on the channel (which allocate a runtime wait
// record each) happen now, not during the calls that follow.
func startWorkers() {
	workCh = make(chan workItem)
	var started sync.WaitGroup
	started.Add(maxWorkers)
	for range maxWorkers {
		go func() {
			started.Done()
			for w := range workCh {
				w.t.runPart(w.part)
				w.wg.Done()
			}
		}()
	}
	started.Wait()
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
	workOnce.Do(startWorkers)
	wg.Add(parts - 1)
	for p := 1; p < parts; p++ {
		workCh <- workItem{t, p, wg}
	}
	t.runPart(0)
	wg.Wait()
}
