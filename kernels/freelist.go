package kernels

import "sync"

// freeList is a stack of values not in use (jobs, packing buffers) for
// calls to reuse. Unlike a sync.Pool it is not emptied by the garbage
// collector, so that a steady stream of calls allocates nothing: it holds
// as many values as were ever in use at the same time, each as large as
// the largest call that used it made it.
type freeList[T any] struct {
	mu   sync.Mutex
	free []*T
}

// get returns a value not in use, or a new zero one when there is none.
func (f *freeList[T]) get() *T {
	f.mu.Lock()
	if n := len(f.free); n > 0 {
		x := f.free[n-1]
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
	f.mu.Unlock()
}
