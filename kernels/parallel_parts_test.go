package kernels

import (
	"math"
	"sync/atomic"
	"testing"
)

// partsCount counts the runs of each part and notes whether two ran at
// the same time.
type partsCount struct {
	runs    []atomic.Int32
	running atomic.Int32
	overlap atomic.Bool
}

func (c *partsCount) Part(p int) {
	if c.running.Add(1) > 1 {
		c.overlap.Store(true)
	}
	for i := 0; i < 20000; i++ { // long enough for a helper to join
		if c.overlap.Load() {
			break
		}
	}
	c.runs[p].Add(1)
	c.running.Add(-1)
}

// TestParallel: every part runs once, before Parallel returns, on one
// thread or several. (Below a split call's work the caller runs the
// parts, but a helper still polling the job from an earlier call may take
// one: only one thread is sure to run them one at a time.)
func TestParallel(t *testing.T) {
	defer SetThreads(SetThreads(2))
	for _, tc := range []struct {
		threads, parts int
		work           float64
	}{{1, 5, 1 << 30}, {2, 2, 1 << 30}, {2, 7, 1 << 30}, {2, 3, 1}, {4, 1, 1 << 30}, {2, 0, 1 << 30}} {
		SetThreads(tc.threads)
		c := &partsCount{runs: make([]atomic.Int32, tc.parts)}
		overlapped := false
		for range 50 {
			Parallel(tc.parts, tc.work, c)
			overlapped = overlapped || c.overlap.Load()
		}
		for p := range c.runs {
			if got := c.runs[p].Load(); got != 50 {
				t.Errorf("%+v: part %d ran %d times in 50 calls", tc, p, got)
			}
		}
		if overlapped && tc.threads == 1 {
			t.Errorf("%+v: parts ran at the same time", tc)
		}
		t.Logf("%+v: parts ran at the same time: %v", tc, overlapped)
	}
	if a := testing.AllocsPerRun(20, func() { Parallel(2, 1<<30, &partsCount{runs: make([]atomic.Int32, 2)}) }); a > 2 {
		t.Errorf("Parallel: %v allocations a call (the job's own: 2)", a)
	}
}

// TestSgemmEpilogueSerial: the product of a serial call is the one
// SgemmEpilogue computes on one thread, bit for bit, on every path, for a
// product that two threads split along k (which rounds otherwise).
func TestSgemmEpilogueSerial(t *testing.T) {
	defer SetThreads(SetThreads(2))
	forEachPath(t, func(t *testing.T) {
		const m, n, k = 16, 100, 784
		r := newRand(t)
		a, b, bias := make([]float32, m*k), make([]float32, k*n), make([]float32, n)
		fillUniform(r, a)
		fillUniform(r, b)
		fillUniform(r, bias)
		want, got := make([]float32, m*n), make([]float32, m*n)
		SetThreads(1)
		SgemmEpilogue(false, false, m, n, k, 1, a, k, b, n, 0, want, n, &Epilogue{Bias: bias, Relu: true})
		SetThreads(2)
		if !splitKWins(m, n, k, 2) {
			t.Fatalf("%d×%d×%d is not split along k on two threads", m, n, k)
		}
		SgemmEpilogueSerial(false, false, m, n, k, 1, a, k, b, n, 0, got, n, &Epilogue{Bias: bias, Relu: true})
		for i := range want {
			if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
				t.Fatalf("C[%d] = %v, one thread %v", i, got[i], want[i])
			}
		}
	})
}
