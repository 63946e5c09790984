package kernels

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
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

// The worker pool: long-lived goroutines fed through a buffered channel,
// so that a parallel kernel call costs a channel send per extra part,
// never waits for a worker to take it, and allocates nothing (a new
// goroutine per call would allocate its closure). The pool holds as many
// workers as the largest call so far had extra parts (Threads()−1 once
// the first big product ran), and no more: a worker parked in a receive
// would take a part straight from the sender, ahead of a spinning one.
//
// A worker that finishes a part keeps polling the channel for spinTime
// before it blocks. Waking a blocked worker means waking its OS thread,
// which takes from a few to a hundred microseconds (measured on a 2-vCPU
// KVM guest: 94 µs median), as long as a whole GEMM of the MNIST network;
// a worker still spinning takes the next part at once. Calls that follow
// each other closely, as the GEMMs of a training step do, thus keep the
// helpers awake; an idle program pays spinTime of one core after its last
// parallel call. The spin yields the processor (runtime.Gosched) every few
// polls, so other goroutines are not held up.
var (
	workCh   = make(chan workItem, maxWorkers)
	workMu   sync.Mutex
	nWorkers atomic.Int32
)

// spinTime is how long an idle worker polls for more work before it
// blocks.
const spinTime = 200 * time.Microsecond

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
		for ok := true; ok; w, ok = spinRecv() {
			w.t.runPart(w.part)
			w.wg.Done()
		}
	}
}

// spinRecv polls workCh for up to spinTime.
func spinRecv() (workItem, bool) {
	start := time.Now()
	for i := 0; ; i++ {
		select {
		case w := <-workCh:
			return w, true
		default:
		}
		if i%16 == 15 {
			if time.Since(start) > spinTime {
				return workItem{}, false
			}
			// Let other goroutines run (with GOMAXPROCS 1, the
			// caller itself).
			runtime.Gosched()
		}
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

// awaitSpinning receives from done, polling for up to spinTime before it
// blocks. The caller of a parallel kernel waits this way for the parts
// that helpers are finishing, which take a few microseconds: parking its
// goroutine instead would let its processor go idle and the wake-up, on
// whichever processor, would cost as much as the part itself.
func awaitSpinning(done <-chan struct{}) {
	start := time.Now()
	for i := 0; ; i++ {
		select {
		case <-done:
			return
		default:
		}
		if i%64 == 63 && time.Since(start) > spinTime {
			<-done
			return
		}
	}
}
