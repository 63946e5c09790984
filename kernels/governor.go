package kernels

import (
	"sync"
	"time"
)

// The governor: whether splitting pays on this machine now.
//
// On a virtual machine the host may run both vCPUs on one physical core, or
// on the two SMT threads of one, for seconds at a time. With both vCPUs
// busy each then runs at half speed or less, while a single busy vCPU gets
// the core to itself: seen on the 2-vCPU guest this was tuned on, where for
// stretches of many seconds two-thread training epochs took 0.36-0.41 s
// while one-thread epochs in between took 0.29 s, the helpers running
// their full share of the chunks all along. Only timing tells: the
// governor measures the work done per second by the calls of a window
// (windowCalls calls or windowTime, each call of the work its job gives:
// see minSplitWork),
// split and not split, and runs calls on their callers alone while that
// is faster.
//
// Helpers may also be starved outright, when another tenant or process
// holds their CPU: they then run a chunk now and then, and the data of
// their home range moves between the cores at every such chunk (with a
// busy loop pinned to the second CPU of the guest, helpers ran 10-15 % of
// the chunks and two-thread epochs took 0.34-0.41 s against 0.29 s on one
// thread). A window of split calls whose helpers ran less than half their
// share backs off too, whatever its rate.
//
// Calls are split by default; every probeEvery a window of calls runs
// unsplit to measure. When unsplit calls do the work faster than split
// ones, by more than a twentieth, the team backs off (backOff) and the
// calls of the back-off, unsplit, keep measuring. When the back-off ends,
// a window of split calls is measured and compared again. The workloads
// this is for repeat themselves (a training loop calls the same kernels
// step after step), so the windows compare like with like; a program
// whose calls change from window to window may be misjudged for a
// back-off's length.

// probeEvery is the time between two windows of unsplit calls while
// splitting pays.
const probeEvery = 500 * time.Millisecond

// A window ends after windowCalls calls, or sooner once its calls have
// taken windowTime: a probe of large products (a 1024³ GEMM takes some
// milliseconds) then costs a call or two every probeEvery, not 32.
const (
	windowCalls = 32
	windowTime  = 10 * time.Millisecond
)

// Backing off: the first back-off lasts backOffBase; one that follows the
// end of the previous one within that one's length doubles it, up to
// backOffMax, so that a machine that stays contended pays for a trial of
// the helpers only every few hundred milliseconds.
const (
	backOffBase = 20 * time.Millisecond
	backOffMax  = 640 * time.Millisecond
)

// governor modes: the calls of the current window are split (measuring
// the split rate), unsplit to measure (a probe), or unsplit because the
// team backs off.
const (
	govSplit = iota
	govProbe
	govBack
)

type governor struct {
	mu           sync.Mutex
	mode         int
	backUntil    time.Duration // end of the current or last back-off
	backLen      time.Duration // its length
	nextProbe    time.Duration
	n            int     // calls in the current window
	work, time   float64 // their work (flops) and time (ns)
	theirs, fair int     // the chunks their helpers ran, and their share

	// splitRate and aloneRate are the work per ns of the last complete
	// windows of split and of unsplit calls; 0 before the first.
	splitRate, aloneRate float64

	never bool // set by this package's tests: always split
}

// split reports whether a call at now (since clock) is to be split, and
// the mode to give done.
func (g *governor) split(now time.Duration) (bool, int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.never {
		return true, govSplit
	}
	switch {
	case g.mode == govBack && now >= g.backUntil:
		g.start(govSplit)
	case g.mode == govSplit && now >= g.nextProbe && g.splitRate > 0:
		g.start(govProbe)
	}
	return g.mode == govSplit, g.mode
}

// start begins a window of mode.
func (g *governor) start(mode int) {
	g.mode, g.n, g.work, g.time, g.theirs, g.fair = mode, 0, 0, 0, 0, 0
}

// done records a call made in mode, of the given work, which took d,
// ending at now, whose helpers (if it was split) ran theirs of the chunks,
// their share being fair.
func (g *governor) done(mode int, work float64, d, now time.Duration, theirs, fair int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.never || mode != g.mode {
		return // a call of a window that has ended
	}
	g.n++
	g.work += work
	g.time += float64(d)
	g.theirs += theirs
	g.fair += fair
	if g.n < windowCalls && g.time < float64(windowTime) || g.time <= 0 {
		return
	}
	rate := g.work / g.time
	switch mode {
	case govSplit:
		g.splitRate = rate
		if g.aloneRate > 1.05*rate || 2*g.theirs < g.fair {
			g.backOff(now)
			return
		}
		if g.nextProbe <= now {
			g.nextProbe = now + probeEvery
		}
	case govProbe:
		g.aloneRate = rate
		if rate > 1.05*g.splitRate {
			g.backOff(now)
			return
		}
		g.nextProbe = now + probeEvery
		g.start(govSplit)
		return
	case govBack:
		g.aloneRate = rate
	}
	g.start(g.mode)
}

// backOff makes calls run on their callers for a while: backOffBase, or
// twice the last back-off if this one follows its end within its length,
// up to backOffMax.
func (g *governor) backOff(now time.Duration) {
	d := g.backLen
	if d == 0 || now-g.backUntil > d {
		d = backOffBase
	} else {
		d = min(2*d, backOffMax)
	}
	g.backLen, g.backUntil = d, now+d
	// The split window after the back-off compares with the unsplit
	// calls of the back-off; no probe before another probeEvery.
	g.nextProbe = g.backUntil + probeEvery
	g.start(govBack)
}
