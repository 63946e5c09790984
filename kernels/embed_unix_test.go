//go:build unix

package kernels

import (
	"math/rand/v2"
	"syscall"
	"testing"
	"time"
)

// cpuTime returns the CPU time (user and system) the process has used.
func cpuTime(t *testing.T) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestIdleCPUAfterBurst: in the 100 ms after a burst of split calls the
// process uses less than 5 ms of CPU: helpers poll for at most the spin
// limit (100 µs by default), then park. One retry: a garbage collection
// or another test's leftover goroutine may run in the window once.
func TestIdleCPUAfterBurst(t *testing.T) {
	defer SetThreads(SetThreads(2))
	var used time.Duration
	for attempt := range 2 {
		burst(30 * time.Millisecond)
		c0 := cpuTime(t)
		time.Sleep(100 * time.Millisecond)
		used = cpuTime(t) - c0
		t.Logf("attempt %d: %v of CPU in the 100 ms after a burst", attempt+1, used)
		if used < 5*time.Millisecond {
			return
		}
	}
	t.Fatalf("%v of CPU in the 100 ms after a burst, want < 5 ms", used)
}

// TestLightLoadCPU is a server's use of the library: one 32×784×100
// product (split along k on 2 threads) after every 300 µs of the
// program's own work. On 2 threads the process may use at most 0.3 CPU
// more than on 1, where it uses one: the CPU time (getrusage) per
// product and its 300 µs of work may grow by at most 30 %. (CPU time per
// iteration, not per second: on a loaded machine the run with two
// threads gets more of the CPUs, and does more iterations per second.)
// A helper polls for at most twice the time its part of a call took, so
// its waiting costs about as much as the work it takes over; descheduled
// on a loaded machine, it polls less, so the bound gets easier, not
// flaky. One retry, for a burst of load that hits one run and not the
// other.
func TestLightLoadCPU(t *testing.T) {
	d := time.Second
	if testing.Short() {
		d = 200 * time.Millisecond
	}
	saved := SetSpin(DefaultSpin)
	defer SetSpin(saved)
	defer SetThreads(SetThreads(1))
	const m, n, k = 32, 100, 784
	r := rand.New(rand.NewPCG(1, 2))
	a, b, c := make([]float32, m*k), make([]float32, k*n), make([]float32, m*n)
	fillUniform(r, a)
	fillUniform(r, b)
	work := ownWork(300 * time.Microsecond)
	// run returns the CPU time per iteration, and the CPUs used.
	run := func(threads int) (perCall time.Duration, cpus float64) {
		SetThreads(threads)
		Sgemm(false, false, m, n, k, 1, a, k, b, n, 0, c, n)
		c0, start := cpuTime(t), time.Now()
		calls := 0
		for time.Since(start) < d {
			work()
			Sgemm(false, false, m, n, k, 1, a, k, b, n, 0, c, n)
			calls++
		}
		used := cpuTime(t) - c0
		return used / time.Duration(calls), float64(used) / float64(time.Since(start))
	}
	var extra float64
	for attempt := range 2 {
		one, cpus1 := run(1)
		two, cpus2 := run(2)
		extra = float64(two)/float64(one) - 1
		t.Logf("attempt %d: CPU time per product and its work: %v on 1 thread (%.2f CPUs used), %v on 2 (%.2f CPUs): %.2f CPU more",
			attempt+1, one, cpus1, two, cpus2, extra)
		if extra <= 0.3 {
			return
		}
	}
	t.Fatalf("2 threads used %.2f CPU more than 1 under light load, want ≤ 0.3", extra)
}

// ownWork returns a function that computes for about d of one core
// (calibrated on the fastest of a few runs, so that a loaded machine makes
// it shorter, not longer).
func ownWork(d time.Duration) func() {
	var sink float64
	loop := func(n int) {
		x := 1.0
		for i := 0; i < n; i++ {
			x = x*1.0000001 + 1e-9
		}
		sink += x
	}
	const probe = 100000
	best := time.Duration(1 << 62)
	for range 5 {
		start := time.Now()
		loop(probe)
		best = min(best, time.Since(start))
	}
	n := int(float64(probe) * float64(d) / float64(max(best, 1)))
	return func() { loop(n) }
}
