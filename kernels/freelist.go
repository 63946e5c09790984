package kernels

import (
	"sync"
	"time"
)

// freeList is a stack of values not in use (jobs, packing buffers) for
// calls to reuse. Unlike a sync.Pool it is not emptied by the garbage
// collector, so that a steady stream of calls allocates nothing: it holds
// as many values as were in use at the same time, each as large as the
// largest call that used it made it. A list that no call has used for
// IdleTimeout is emptied (and Release empties them all), so that a
// program that stops calling the kernels gets its memory back.
type freeList[T any] struct {
	mu   sync.Mutex
	free []*T

	// used records a get or put since the last sweep; the sweep timer
	// runs while the list holds values (armed).
	used       bool
	armed      bool
	registered bool
	timer      *time.Timer
}

// get returns a value not in use, or a new zero one when there is none.
func (f *freeList[T]) get() *T {
	f.mu.Lock()
	f.used = true
	if n := len(f.free); n > 0 {
		x := f.free[n-1]
		f.free[n-1] = nil
		f.free = f.free[:n-1]
		f.mu.Unlock()
		return x
	}
	f.mu.Unlock()
	return new(T)
}

// put hands x back.
func (f *freeList[T]) put(x *T) {
	f.mu.Lock()
	f.free = append(f.free, x)
	f.used = true
	if !f.armed {
		f.armed = true
		if f.timer == nil {
			f.timer = time.AfterFunc(IdleTimeout, f.sweep)
		} else {
			f.timer.Reset(IdleTimeout)
		}
		if !f.registered {
			f.registered = true
			registerList(f)
		}
	}
	f.mu.Unlock()
}

// sweep runs every IdleTimeout while the list holds values: it empties a
// list unused since the last sweep.
func (f *freeList[T]) sweep() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.used {
		f.used = false
		f.timer.Reset(IdleTimeout)
		return
	}
	f.drop()
}

// release empties the list now.
func (f *freeList[T]) release() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.armed {
		f.timer.Stop()
	}
	f.drop()
}

// drop empties the list; f.mu is held.
func (f *freeList[T]) drop() {
	clear(f.free)
	f.free = f.free[:0]
	f.used, f.armed = false, false
}

// lists is every free list that ever held a value, for releaseLists.
var lists struct {
	mu  sync.Mutex
	all []interface{ release() }
}

func registerList(f interface{ release() }) {
	lists.mu.Lock()
	lists.all = append(lists.all, f)
	lists.mu.Unlock()
}

// releaseLists empties every free list.
func releaseLists() {
	lists.mu.Lock()
	all := lists.all
	lists.mu.Unlock()
	for _, f := range all {
		f.release()
	}
}
