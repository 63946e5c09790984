package kernels

import (
	"fmt"
	"math"
	"os"
	"os/exec"
	"runtime"
	"sync"
	"testing"
	"time"
)

// The embedding controls and the cost of the helpers to the host program:
// this file holds the tests that need no CPU clock; embed_unix_test.go
// those that read the process's CPU time.

// helpersGone waits up to d for every helper goroutine to have exited
// and reports whether they have.
func helpersGone(d time.Duration) bool {
	deadline := time.Now().Add(d)
	for {
		gone := true
		for i := range team.helpers {
			if team.helpers[i].state.Load() != helperGone {
				gone = false
				break
			}
		}
		if gone || time.Now().After(deadline) {
			return gone
		}
		time.Sleep(time.Millisecond)
	}
}

// goroutinesBack waits up to d for the number of goroutines to come down
// to n, and returns the number last seen.
func goroutinesBack(n int, d time.Duration) int {
	deadline := time.Now().Add(d)
	for {
		g := runtime.NumGoroutine()
		if g <= n || time.Now().After(deadline) {
			return g
		}
		time.Sleep(time.Millisecond)
	}
}

// burstShapes are split products: the first layer's forward product
// (split along k), its weight gradient and a square one.
var burstShapes = []gemmCase{
	{m: 32, n: 100, k: 784}, {tA: true, m: 784, n: 100, k: 32}, {m: 256, n: 256, k: 256},
}

// burst makes split calls of burstShapes for d (at least one of each).
func burst(d time.Duration) {
	var ops [3][3][]float32
	for i, c := range burstShapes {
		ar, ac, lda, br, bc, ldb, ldc := c.dims()
		ops[i] = [3][]float32{make([]float32, size(ar, ac, lda)), make([]float32, size(br, bc, ldb)), make([]float32, size(c.m, c.n, ldc))}
	}
	start := time.Now()
	for first := true; first || time.Since(start) < d; first = false {
		for i, c := range burstShapes {
			_, _, lda, _, _, ldb, ldc := c.dims()
			Sgemm(c.tA, c.tB, c.m, c.n, c.k, 1, ops[i][0], lda, ops[i][1], ldb, 0, ops[i][2], ldc)
		}
	}
}

// TestHelpersExitWhenIdle: after a burst of split calls the helper
// goroutines exit within IdleTimeout (plus the spin limit and some
// scheduling slack), the goroutine count returns to its value before the
// burst, and the free lists of buffers are emptied within two
// IdleTimeouts.
func TestHelpersExitWhenIdle(t *testing.T) {
	defer SetThreads(SetThreads(2))
	Release()
	if !helpersGone(time.Second) {
		t.Fatal("helpers still running a second after Release")
	}
	base := goroutinesBack(0, 0)
	burst(20 * time.Millisecond)
	if helpersGone(0) {
		t.Fatal("no helper ran during a burst of split calls on 2 threads")
	}
	end := time.Now()
	// Slack for a loaded machine: a parked helper's timer fires, then its
	// goroutine must be scheduled to exit.
	const slack = 500 * time.Millisecond
	if g := goroutinesBack(base, IdleTimeout+Spin()+slack); g > base {
		t.Fatalf("%d goroutines %v after the burst, %d before", g, time.Since(end), base)
	}
	if !helpersGone(end.Add(IdleTimeout + Spin() + slack).Sub(time.Now())) {
		t.Fatalf("helpers still running %v after the burst", time.Since(end))
	}
	t.Logf("goroutines back to %d and helpers gone after %v (IdleTimeout %v)", base, time.Since(end), IdleTimeout)
	deadline := end.Add(2*IdleTimeout + slack)
	for !listsEmpty() {
		if time.Now().After(deadline) {
			t.Fatalf("free lists still hold buffers %v after the burst", time.Since(end))
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Logf("free lists empty after %v", time.Since(end))
}

// listsEmpty reports whether the free lists of the GEMM hold nothing.
func listsEmpty() bool {
	jobFree.mu.Lock()
	nj := len(jobFree.free)
	jobFree.mu.Unlock()
	scratchFree.mu.Lock()
	ns := len(scratchFree.free)
	scratchFree.mu.Unlock()
	return nj == 0 && ns == 0
}

// TestRelease: Release makes idle helpers exit and empties the free lists
// at once; the next split call starts them again.
func TestRelease(t *testing.T) {
	defer SetThreads(SetThreads(2))
	Release()
	helpersGone(time.Second)
	base := goroutinesBack(0, 0)
	for range 2 {
		burst(5 * time.Millisecond)
		Release()
		if !listsEmpty() {
			t.Fatal("free lists hold buffers after Release")
		}
		if !helpersGone(time.Second) {
			t.Fatal("helpers still running a second after Release")
		}
		released := time.Now()
		if g := goroutinesBack(base, time.Second); g > base {
			t.Fatalf("%d goroutines a second after Release, %d before", g, base)
		}
		t.Logf("goroutines back to %d %v after Release", base, time.Since(released))
	}
}

// TestSpinOff: with spinning off, split calls still complete and helpers
// park at once; SetSpin returns the previous limit.
func TestSpinOff(t *testing.T) {
	defer SetThreads(SetThreads(2))
	saved := SetSpin(0)
	defer SetSpin(saved)
	if saved != DefaultSpin {
		t.Errorf("spin limit %v, want the default %v", saved, DefaultSpin)
	}
	burst(5 * time.Millisecond)
	if prev := SetSpin(-time.Second); prev != 0 || Spin() != 0 {
		t.Errorf("SetSpin(-1s) after SetSpin(0): previous %v, now %v", prev, Spin())
	}
}

// TestParseSpin: the values GOF32_SPIN accepts.
func TestParseSpin(t *testing.T) {
	for _, c := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"0", 0, true}, {"off", 0, true}, {"OFF", 0, true}, {"50us", 50 * time.Microsecond, true},
		{"1ms", time.Millisecond, true}, {"-1ms", 0, false}, {"fast", 0, false}, {"100", 0, false},
	} {
		got, err := parseSpin(c.in)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("parseSpin(%q) = %v, %v; want %v, ok %v", c.in, got, err, c.want, c.ok)
		}
	}
}

// TestEnvThreads starts the test binary again with GOF32_THREADS and
// GOF32_SPIN set and checks that the child uses them, or refuses a bad
// value with a message and keeps the default.
func TestEnvThreads(t *testing.T) {
	if want := os.Getenv("GOF32_TEST_WANT"); want != "" {
		if got := fmt.Sprintf("%d %v", Threads(), Spin()); got != want {
			t.Fatalf("%s=%q %s=%q: threads and spin %q, want %q", EnvThreads, os.Getenv(EnvThreads), EnvSpin, os.Getenv(EnvSpin), got, want)
		}
		return
	}
	procs := runtime.GOMAXPROCS(0)
	for _, c := range []struct{ threads, spin, want string }{
		{"3", "20us", "3 20µs"},
		{"0", "off", fmt.Sprintf("%d 0s", procs)},
		{"many", "soon", fmt.Sprintf("%d %v", procs, DefaultSpin)},
	} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestEnvThreads$", "-test.v")
		cmd.Env = append(os.Environ(), EnvThreads+"="+c.threads, EnvSpin+"="+c.spin, "GOF32_TEST_WANT="+c.want)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Errorf("%s=%s %s=%s: %v\n%s", EnvThreads, c.threads, EnvSpin, c.spin, err, out)
		}
	}
}

// concurrentShapes are the MNIST products (forward and backward), 256³
// and odd sizes, some split along k, one packing both operands (the last
// two are left out with -short).
var concurrentShapes = []gemmCase{
	{m: 32, n: 100, k: 784}, {tA: true, m: 784, n: 100, k: 32}, {tB: true, m: 32, n: 784, k: 100},
	{m: 32, n: 200, k: 100}, {m: 32, n: 10, k: 200, beta: 1},
	{m: 256, n: 256, k: 256},
	{m: 97, n: 131, k: 67, pad: 3}, {tA: true, m: 5, n: 37, k: 3001},
	{tA: true, tB: true, m: 129, n: 70, k: 1030, beta: 2}, {m: 200, n: 300, k: 450, pad: 1},
}

// TestConcurrentCallers: 8 goroutines call Sgemm at once with mixed
// shapes, on every path and on 2 and 3 threads. Every result is exactly
// the one the same call gives made alone (results depend on the path and
// the thread count, not on the timing nor on which goroutines ran the
// chunks), and that one is within the error bound of the naive
// reference; meanwhile at most Threads()-1 helper goroutines exist.
func TestConcurrentCallers(t *testing.T) {
	const callers = 8
	// With -short, each caller makes every other call of a round: every
	// shape still meets others.
	rounds, threads, every, shapes := 3, []int{2, 3}, 1, len(concurrentShapes)
	if testing.Short() {
		rounds, threads, every, shapes = 1, []int{2}, 2, len(concurrentShapes)-2
	}
	forEachPath(t, func(t *testing.T) {
		r := newRand(t)
		type operands struct{ a, b, c0, want []float32 }
		ops := make([]operands, shapes)
		for i, c := range concurrentShapes[:shapes] {
			c.alpha = 1
			ar, ac, lda, br, bc, ldb, ldc := c.dims()
			o := operands{a: make([]float32, size(ar, ac, lda)), b: make([]float32, size(br, bc, ldb)), c0: make([]float32, size(c.m, c.n, ldc))}
			fillUniform(r, o.a)
			fillUniform(r, o.b)
			fillUniform(r, o.c0)
			ops[i] = o
		}
		for _, th := range threads {
			Release()
			helpersGone(time.Second)
			saved := SetThreads(th)
			// The result of each call made alone.
			for i, c := range concurrentShapes[:shapes] {
				_, _, lda, _, _, ldb, ldc := c.dims()
				o := &ops[i]
				o.want = append([]float32(nil), o.c0...)
				Sgemm(c.tA, c.tB, c.m, c.n, c.k, 1, o.a, lda, o.b, ldb, c.beta, o.want, ldc)
				checkNear(t, c, o.a, o.b, o.c0, o.want)
			}
			var wg sync.WaitGroup
			errs := make(chan error, callers)
			for g := range callers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					out := make([]float32, 0, 300*260)
					for round := range rounds {
						for s := g % every; s < shapes; s += every {
							i := (s + g + round) % shapes
							c, o := concurrentShapes[i], &ops[i]
							_, _, lda, _, _, ldb, ldc := c.dims()
							out = append(out[:0], o.c0...)
							Sgemm(c.tA, c.tB, c.m, c.n, c.k, 1, o.a, lda, o.b, ldb, c.beta, out, ldc)
							for e := range out {
								if math.Float32bits(out[e]) != math.Float32bits(o.want[e]) {
									errs <- fmt.Errorf("threads=%d caller %d: %v: C element %d = %v, alone %v", th, g, c, e, out[e], o.want[e])
									return
								}
							}
						}
					}
				}()
			}
			// Watch the helpers while the callers run: never more than
			// th-1 of them (the callers' budget shares these).
			stop := make(chan struct{})
			watched := make(chan int)
			go func() {
				most := 0
				for {
					select {
					case <-stop:
						watched <- most
						return
					default:
					}
					n := 0
					for i := range team.helpers {
						if team.helpers[i].state.Load() != helperGone {
							n++
						}
					}
					most = max(most, n)
					time.Sleep(50 * time.Microsecond)
				}
			}()
			wg.Wait()
			close(stop)
			if most := <-watched; most > th-1 {
				t.Errorf("threads=%d: %d helper goroutines ran at once", th, most)
			}
			SetThreads(saved)
			close(errs)
			for err := range errs {
				t.Fatal(err)
			}
		}
	})
}

// checkNear checks got (C after the product of case c, alpha 1, on a, b
// and C = c0) against want, the naive reference, within twice the bound
// of a dot product of k+2 terms in any order.
func checkNear(t *testing.T, c gemmCase, a, b, c0, got []float32) {
	t.Helper()
	want := refResult(gemmCase{tA: c.tA, tB: c.tB, m: c.m, n: c.n, k: c.k, pad: c.pad, alpha: 1, beta: c.beta}, a, b, c0)
	_, _, lda, _, _, ldb, ldc := c.dims()
	for i := range c.m {
		for j := range c.n {
			mag := math.Abs(float64(c.beta) * float64(c0[i*ldc+j]))
			for p := range c.k {
				var av, bv float32
				if c.tA {
					av = a[p*lda+i]
				} else {
					av = a[i*lda+p]
				}
				if c.tB {
					bv = b[j*ldb+p]
				} else {
					bv = b[p*ldb+j]
				}
				mag += math.Abs(float64(av) * float64(bv))
			}
			tol := 2*gamma(c.k+2)*mag + 1e-37
			if g, w := got[i*ldc+j], want[i*ldc+j]; !near(g, w, tol) {
				t.Fatalf("%s: %v: C[%d,%d] = %v, naive %v (tolerance %g)", Path(), c, i, j, g, w, tol)
			}
		}
	}
}

// TestPanelsMatchOneThread: products split BLIS-style (gemmPanels: both
// operands packed, the panel of B shared, rows of C divided) give the
// one-thread result bit for bit, on 2 and 3 threads.
func TestPanelsMatchOneThread(t *testing.T) {
	shapes := []gemmCase{
		{tB: true, m: 170, n: 100, k: 400}, {m: 300, n: 257, k: 600, pad: 1},
		{tA: true, tB: true, m: 200, n: 300, k: 1100, beta: 2},
	}
	if testing.Short() {
		shapes = shapes[:1]
	}
	forEachFastPath(t, func(t *testing.T) {
		r := newRand(t)
		for _, c := range shapes {
			ar, ac, lda, br, bc, ldb, ldc := c.dims()
			a, b, c0 := make([]float32, size(ar, ac, lda)), make([]float32, size(br, bc, ldb)), make([]float32, size(c.m, c.n, ldc))
			fillUniform(r, a)
			fillUniform(r, b)
			fillUniform(r, c0)
			var want []float32
			for _, th := range []int{1, 2, 3} {
				saved := SetThreads(th)
				got := append([]float32(nil), c0...)
				Sgemm(c.tA, c.tB, c.m, c.n, c.k, 1, a, lda, b, ldb, c.beta, got, ldc)
				SetThreads(saved)
				if th == 1 {
					checkNear(t, c, a, b, c0, got)
					want = got
					continue
				}
				for e := range got {
					if math.Float32bits(got[e]) != math.Float32bits(want[e]) {
						t.Fatalf("%v threads=%d: C element %d = %v, one thread %v", c, th, e, got[e], want[e])
					}
				}
			}
		}
	})
}
