package kernels

import (
	"fmt"
	"math"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestMain keeps the team from backing off (governor.go), so that the tests
// that split calls among threads run them split even on a loaded machine,
// under the race detector or under emulation, where helpers are slow.
// (Which goroutine runs a chunk never changes a result.)
func TestMain(m *testing.M) {
	team.gov.mu.Lock()
	team.gov.never = true
	team.gov.mu.Unlock()
	os.Exit(m.Run())
}

// countJob records, per call, how many times each chunk ran and which
// participant ran it; a chunk may sleep to shuffle the timing.
type countJob struct {
	chunkSet
	runs  []atomic.Int32
	sleep func(c int) time.Duration
}

func newCountJob(total int) *countJob {
	j := &countJob{runs: make([]atomic.Int32, total)}
	j.own(j)
	return j
}

func (j *countJob) chunk(c int) {
	if j.sleep != nil {
		time.Sleep(j.sleep(c))
	}
	j.runs[c].Add(1)
}

// TestChunkSetRunsEachChunkOnce: every chunk of every call runs exactly
// once and before run returns, whatever the number of participants and
// chunks, with chunks of uneven length, and with several callers posting
// to the one team at once (a helper follows the latest post; the earlier
// calls finish on their own).
func TestChunkSetRunsEachChunkOnce(t *testing.T) {
	callers := 4
	calls := 300
	if testing.Short() {
		calls = 60
	}
	var wg sync.WaitGroup
	errs := make(chan error, callers)
	for g := range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			j := newCountJob(64)
			for i := range calls {
				total := 1 + (i*7+g)%64
				parts := 1 + (i+g)%5
				if i%3 == 0 {
					j.sleep = func(c int) time.Duration { return time.Duration(c%4) * 20 * time.Microsecond }
				} else {
					j.sleep = nil
				}
				for c := range j.runs {
					j.runs[c].Store(0)
				}
				j.run(j, total, parts, float64(total))
				for c := range j.runs {
					want := int32(0)
					if c < total {
						want = 1
					}
					if got := j.runs[c].Load(); got != want {
						errs <- fmt.Errorf("caller %d call %d (total %d, parts %d): chunk %d ran %d times, want %d", g, i, total, parts, c, got, want)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestChunkSetDeal: the chunks are dealt in contiguous home ranges; a
// participant takes its own from the front, then steals the others' from
// the back, starting with the next participant's.
func TestChunkSetDeal(t *testing.T) {
	var order []int
	j := &orderJob{order: &order}
	j.own(j)
	j.deal(10, 3) // ranges [0,3) [3,6) [6,10)
	j.work(1)
	want := []int{3, 4, 5, 9, 8, 7, 6, 2, 1, 0}
	if fmt.Sprint(order) != fmt.Sprint(want) {
		t.Fatalf("participant 1 alone ran chunks %v, want %v", order, want)
	}
	if got := j.completed.Load(); got != 10 {
		t.Fatalf("completed = %d, want 10", got)
	}
	// A participant beyond the ranges only steals.
	order = order[:0]
	j.deal(4, 2)
	j.work(5)
	if want := []int{1, 0, 3, 2}; fmt.Sprint(order) != fmt.Sprint(want) {
		t.Fatalf("participant 5 of 2 ran chunks %v, want %v", order, want)
	}
	// A call with fewer parts than the last one leaves no stale range.
	order = order[:0]
	j.deal(10, 3)
	j.deal(2, 1)
	j.work(0)
	if want := []int{0, 1}; fmt.Sprint(order) != fmt.Sprint(want) {
		t.Fatalf("after a 3-part call, a 1-part call of 2 chunks ran %v, want %v", order, want)
	}
}

type orderJob struct {
	chunkSet
	order *[]int
}

func (j *orderJob) chunk(c int) { *j.order = append(*j.order, c) }

// TestParallelUpdates: the optimizer updates split among threads (from
// minSplitWork/vecWork elements) give every element within the bound of its
// update, on every path, for lengths around the split threshold and
// chunk size and for more threads than cores.
func TestParallelUpdates(t *testing.T) {
	sgd := update{"SGD", 0,
		func(w, g []float32, _ ...[]float32) { SGD(testLR, w, g) },
		func(w, g float64, _ []float64) (out, tol [3]float64) {
			lr := float64(float32(testLR))
			out[0] = w - lr*g
			tol[0] = 1.01*u*(math.Abs(lr*g)+math.Abs(out[0])) + denormSlack
			return
		}}
	const split = minSplitWork / vecWork
	lens := []int{split - 1, split, split + 17, 784*100 + 5}
	if testing.Short() {
		lens = lens[1:3]
	}
	for _, up := range append([]update{sgd}, updates...) {
		t.Run(up.name, func(t *testing.T) {
			forEachPath(t, func(t *testing.T) {
				r := newRand(t)
				for _, threads := range []int{1, 2, 3, 5} {
					saved := SetThreads(threads)
					for _, n := range lens {
						in := make([][]float32, 2+up.states)
						src := make([][]float32, len(in))
						for j := range in {
							src[j] = make([]float32, n)
							fillUniform(r, src[j])
							if j == 3 {
								for i, x := range src[j] {
									src[j][i] = absf(x)
								}
							}
							in[j] = append([]float32(nil), src[j]...)
						}
						up.run(in[0], in[1], in[2:]...)
						outs := append([][]float32{in[0]}, in[2:]...)
						for i := range n {
							s := make([]float64, up.states)
							for j := range s {
								s[j] = float64(src[2+j][i])
							}
							want, tol := up.truth(float64(src[0][i]), float64(src[1][i]), s)
							for j, o := range outs {
								if d := math.Abs(float64(o[i]) - want[j]); !(d <= tol[j]) {
									SetThreads(saved)
									t.Fatalf("threads=%d n=%d: element %d output %d = %v, want %v (error %g, bound %g)",
										threads, n, i, j, o[i], want[j], d, tol[j])
								}
							}
						}
					}
					SetThreads(saved)
				}
			})
		})
	}
}

// TestSplitKPlan: the products the k split is for are planned that way,
// and the others are not.
func TestSplitKPlan(t *testing.T) {
	for _, c := range []struct {
		m, n, k, threads int
		want             bool
	}{
		{32, 100, 784, 2, true}, // the first layer's forward product
		{8, 8, 4096, 3, true},
		{32, 100, 784, 1, false},
		{784, 100, 32, 2, false}, // its weight gradient: C is the large one
		{32, 200, 100, 2, false},
		{1024, 1024, 1024, 2, false},
		{4, 4, 100, 2, false}, // k too short for two parts of minSplitK
	} {
		j := &gemmJob{cfg: &gemmConfig{mr: 8, nr: 32, mc: 64, kc: 256, nc: 1024}}
		j.args = gemmArgs{m: c.m, n: c.n, k: c.k}
		j.plan(c.threads)
		if j.splitK != c.want {
			t.Errorf("%dx%dx%d on %d threads: splitK = %v, want %v", c.m, c.n, c.k, c.threads, j.splitK, c.want)
		}
		if j.splitK && (j.parts != c.threads || j.stepK*j.parts < c.k) {
			t.Errorf("%dx%dx%d on %d threads: %d parts of k %d", c.m, c.n, c.k, c.threads, j.parts, j.stepK)
		}
	}
}

// TestStarvedHelpers: split calls whose helpers run less than half their
// share of the chunks over a window back off, at the window's end, even
// when the split calls are as fast as unsplit ones.
func TestStarvedHelpers(t *testing.T) {
	var g governor
	now := 10 * time.Millisecond
	g.aloneRate = 1
	for i := 1; i <= windowCalls; i++ {
		// Their share is 8 chunks of 16; they run 4: exactly half.
		_, mode := g.split(now)
		g.done(mode, 100, 100, now, 4, 8)
		if g.mode != govSplit {
			t.Fatalf("call %d: helpers that ran half their share judged slow", i)
		}
	}
	for i := 1; i <= windowCalls; i++ {
		_, mode := g.split(now)
		g.done(mode, 100, 100, now, 3, 8)
		if got, want := g.mode == govBack, i == windowCalls; got != want {
			t.Fatalf("call %d of a window where helpers ran 3 of 8: backing off = %v, want %v", i, got, want)
		}
	}
}

// window feeds the governor a window of calls of cost 100 that took d each,
// made in the mode it gives, the last ending at now.
func window(t *testing.T, g *governor, now, d time.Duration) {
	t.Helper()
	for range windowCalls {
		_, mode := g.split(now)
		g.done(mode, 100, d, now, 1, 1)
	}
}

// TestGovernor: calls are split until a probe finds unsplit calls faster;
// the team then backs off, measures unsplit calls, and when the back-off
// ends tries split calls again; back-offs that follow each other double up
// to backOffMax, and one long after the last starts at backOffBase.
func TestGovernor(t *testing.T) {
	var g governor
	ms := time.Millisecond
	now := 10 * ms
	split, mode := g.split(now)
	if !split || mode != govSplit {
		t.Fatalf("a new governor: split %v mode %d, want split", split, mode)
	}
	window(t, &g, now, 100) // split rate 1 per ns
	if g.splitRate != 1 || g.nextProbe != now+probeEvery {
		t.Fatalf("after a split window: rate %v, next probe %v", g.splitRate, g.nextProbe)
	}
	if split, _ := g.split(now + probeEvery - 1); !split {
		t.Fatal("a call before the probe is due is not split")
	}
	// A probe that finds unsplit calls slower: back to splitting.
	now += probeEvery
	if split, mode := g.split(now); split || mode != govProbe {
		t.Fatalf("probe due: split %v mode %d, want a probe", split, mode)
	}
	window(t, &g, now, 101) // a bit slower alone
	if g.mode != govSplit || g.nextProbe != now+probeEvery {
		t.Fatalf("after a probe that found splitting faster: mode %d, next probe %v", g.mode, g.nextProbe)
	}
	// A probe that finds unsplit calls faster: back off.
	now += probeEvery
	window(t, &g, now, 50)
	if g.mode != govBack || g.backLen != backOffBase || g.backUntil != now+backOffBase {
		t.Fatalf("after a probe that found unsplit calls faster: mode %d, back-off %v until %v", g.mode, g.backLen, g.backUntil)
	}
	if split, mode := g.split(now + ms); split || mode != govBack {
		t.Fatalf("during a back-off: split %v mode %d", split, mode)
	}
	// A call of the window that ended is not counted.
	g.done(govProbe, 1e9, 1, now+ms, 0, 0)
	if g.n != 0 {
		t.Fatalf("a call of an ended window was counted: n = %d", g.n)
	}
	// The back-off ends; a split window is as slow as before: back off
	// again, twice as long, and so on up to backOffMax.
	for want := 2 * backOffBase; want <= 2*backOffMax; want *= 2 {
		now = g.backUntil
		if split, _ := g.split(now); !split {
			t.Fatal("the first call after a back-off is not split")
		}
		window(t, &g, now, 100)
		if w := min(want, backOffMax); g.mode != govBack || g.backLen != w {
			t.Fatalf("split slower again right after a back-off: mode %d, back-off %v, want %v", g.mode, g.backLen, w)
		}
	}
	// Long after: a back-off starts at backOffBase.
	now = g.backUntil + 2*backOffMax
	g.backOff(now)
	if g.mode != govBack || g.backLen != backOffBase {
		t.Fatalf("a back-off long after the last: mode %d, back-off %v", g.mode, g.backLen)
	}
	// Splitting faster again after the back-off: stays split.
	now = g.backUntil
	g.split(now)
	window(t, &g, now, 10)
	if g.mode != govSplit {
		t.Fatalf("split faster after a back-off: mode %d", g.mode)
	}
}
