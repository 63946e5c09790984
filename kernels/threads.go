package kernels

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// The controls a program that embeds the library has over its goroutines
// and memory (see the package doc, "Goroutines and memory").

// EnvThreads is the environment variable read once at start-up to set
// the number of threads (SetThreads): a whole number, 0 or empty for the
// default, which follows GOMAXPROCS.
const EnvThreads = "GOF32_THREADS"

// EnvSpin is the environment variable read once at start-up to set the
// spin limit (SetSpin): a duration such as "50us", "0" or "off".
const EnvSpin = "GOF32_SPIN"

// DefaultSpin is the default spin limit: how long, at most, a helper
// polls for its next call before it parks, and a caller polls for the
// chunks helpers are finishing before it blocks.
//
// A helper polls for twice as long as its last call kept it busy (at
// least 20 µs), and never longer than the limit, so the CPU it burns
// waiting is at most twice the work it did, or a few microseconds: a program that makes a product now and then pays
// little for the helpers, while the products of a training step, which
// follow each other within microseconds, find them still polling. The
// limit covers the gaps within a training step (the unsplit vector
// kernels between its products) without keeping a core busy through the
// gaps of a program that does other work between its calls.
const DefaultSpin = 100 * time.Microsecond

// IdleTimeout is how long a parked helper waits for a call before its
// goroutine exits, and how long a free list of buffers (packing buffers,
// jobs, partial sums) stays unused before it is emptied for the garbage
// collector: a list is checked every IdleTimeout, so buffers go between
// one and two IdleTimeouts after their last use.
const IdleTimeout = 500 * time.Millisecond

// threads is the number of goroutines a kernel may split its work into;
// 0 follows GOMAXPROCS.
var threads atomic.Int32

// spinLimit is the spin limit in nanoseconds.
var spinLimit atomic.Int64

// Threads returns the number of goroutines a single kernel call may use:
// the value given to SetThreads (or GOF32_THREADS), or by default the
// current GOMAXPROCS.
func Threads() int {
	if n := threads.Load(); n > 0 {
		return int(n)
	}
	return runtime.GOMAXPROCS(0)
}

// SetThreads sets the number of goroutines a single kernel call may use,
// and returns the previous setting. n ≤ 0 restores the default, which
// follows GOMAXPROCS as it changes (the previous setting is then 0, so
// that defer SetThreads(SetThreads(n)) restores whatever was there).
// Calls from several goroutines share the helpers: at any moment the
// goroutines in split calls and the helpers working for them number at
// most Threads, unless more goroutines than that call kernels at once
// (each then runs its call alone). Safe to call while kernels run.
func SetThreads(n int) int {
	n = max(0, min(n, 1<<20))
	return int(threads.Swap(int32(n)))
}

// Spin returns the spin limit (see DefaultSpin).
func Spin() time.Duration { return time.Duration(spinLimit.Load()) }

// SetSpin sets the spin limit (see DefaultSpin) and returns the previous
// one. 0 turns spinning off: helpers park as soon as they run out of
// chunks and callers block at once, at the cost of a wake-up (some tens
// of microseconds on a virtual machine) for each split call. Negative
// durations count as 0. Safe to call while kernels run.
func SetSpin(d time.Duration) time.Duration {
	return time.Duration(spinLimit.Swap(int64(max(0, d))))
}

// Release makes the helper goroutines that are idle exit now, rather than
// after IdleTimeout, and empties the free lists of buffers and jobs that
// no call is using, so that the garbage collector can reclaim them. The
// next split call starts helpers again and allocates what it needs. Calls
// running meanwhile are not disturbed (their helpers exit once idle).
func Release() {
	team.release()
	releaseLists()
}

func init() {
	spinLimit.Store(int64(DefaultSpin))
	if v := strings.TrimSpace(os.Getenv(EnvThreads)); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			fmt.Fprintf(os.Stderr, "gof32: %s=%q ignored: not a whole number ≥ 0; following GOMAXPROCS\n", EnvThreads, v)
		} else {
			SetThreads(n)
		}
	}
	if v := strings.TrimSpace(os.Getenv(EnvSpin)); v != "" {
		d, err := parseSpin(v)
		if err != nil {
			fmt.Fprintf(os.Stderr, "gof32: %s=%q ignored: %v; spinning up to %v\n", EnvSpin, v, err, DefaultSpin)
		} else {
			SetSpin(d)
		}
	}
}

// parseSpin reads GOF32_SPIN: a Go duration ("50us", "1ms"), "0" or
// "off".
func parseSpin(v string) (time.Duration, error) {
	if strings.EqualFold(v, "off") {
		return 0, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		return 0, fmt.Errorf("not a duration such as 50us, 0 or off")
	}
	if d < 0 {
		return 0, fmt.Errorf("negative")
	}
	return d, nil
}
