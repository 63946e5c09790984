package kernels

// Prefetch hints that x is about to be read: on amd64 it asks the CPU to
// bring every cache line of x into its caches (PREFETCHT0) and returns
// without waiting for them; elsewhere, and with the purego tag, it does
// nothing. It changes no result on any path and never faults. A training
// loop prefetches the rows of its next shuffled batch while it computes
// the current one, so that gathering them reads the cache, not memory.
func Prefetch(x []float32) {
	if len(x) > 0 {
		prefetch(x)
	}
}
