//go:build race

package kernels

// raceEnabled: built with -race. The race runtime allocates when
// goroutines hand work to each other, so the allocation counts of
// multi-threaded calls are checked only without it (make test runs both).
const raceEnabled = true
