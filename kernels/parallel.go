package kernels

import (
	"runtime"
	"sync/atomic"
	"time"
)

// Multi-core splitting.
//
// A parallel call is a set of chunks (chunkSet) that any goroutine may
// claim, one at a time, from home ranges held in atomic words: the caller
// claims chunks too, so a helper that starts late only does less of the
// work, and the call never waits for a helper that has not begun a chunk.
// Whether a call is split at all is the governor's choice (governor.go).
//
// The helpers are goroutines, up to Threads()-1 of them, shared by every
// goroutine that calls the kernels. A call claims the helpers that are
// free (helper.state), as many as its split wants and the thread budget
// allows (helperTeam.claim), gives each its chunkSet and participant
// number, and wakes those that are parked. Concurrent callers thus each
// get their own helpers or none, never wait for one another, and the
// goroutines busy with split calls (callers and helpers) number at most
// Threads() unless the program itself has more callers than that.
//
// After its last chunk a helper polls its state word for a new call
// before it parks: waking a parked goroutine means waking its OS thread,
// which on a virtual machine whose other vCPU is idle takes up to a
// hundred microseconds (94 µs median measured on a 2-vCPU KVM guest,
// Zen 4), as long as a whole GEMM of the MNIST network, whereas a polling
// helper takes the next call within a few hundred nanoseconds. It polls
// for twice as long as its last call kept it busy, or minSpin if that is
// longer, and no longer than the spin limit (Spin, DefaultSpin): the CPU
// time it burns waiting is bounded by the work it did (or a few
// microseconds), so a program whose calls are far apart pays little for
// them. A parked helper exits after IdleTimeout without
// a call; Release makes idle helpers exit at once.
//
// The polling loop uses no PAUSE instruction (a guest that executes PAUSE
// in a loop triggers pause-loop exits to the hypervisor; the loop is short
// now) and never yields with runtime.Gosched: a yielded goroutine goes to
// the global run queue without waking an idle processor, which can leave
// the caller and a helper taking turns on one processor while the other
// idles. The caller's own wait for the chunks helpers are finishing is
// likewise bounded by the spin limit before it blocks.

// Whether a call splits: one rule for every kernel.
//
// A call's work is counted in flops: 2·m·n·k for a GEMM (Sgemm and
// SgemmBF16 alike), vecWork per element for an optimizer update
// (parallel_vec.go). A call of less than minSplitWork runs on its caller;
// a call of more is split among Threads() goroutines (parallelThreads),
// into parts or chunks of at least minSplitWork each where it can be cut
// that fine. The same work is what the governor (governor.go) divides by
// a call's time to compare split and unsplit calls.

// minSplitWork is the least work, in flops, worth handing to another
// goroutine: about 5 µs at this library's GEMM speed. Handing chunks to
// a polling helper costs well under a microsecond, but the split's other
// costs (a plan, a wait for the last chunk, operands that cross cores) do
// not pay for less. 32×100×200 (1.3 Mflop) gains 1.27× from a second
// thread; 32×200×10 (0.13 Mflop) is not split.
const minSplitWork = 1 << 19

// parallelThreads returns the number of goroutines a call of the given
// work is split into: 1 below minSplitWork or when Threads() is 1, else
// Threads().
func parallelThreads(work float64) int {
	if work < minSplitWork {
		return 1 // before Threads, which may read GOMAXPROCS
	}
	return Threads()
}

// minSpin is the least a helper polls after a call (within the spin
// limit), however short the call: enough for the gaps between the
// products of a training step, which the small vector kernels between
// them (a bias, an activation, a loss on 32 rows) fill for a few
// microseconds.
const minSpin = 20 * time.Microsecond

// chunked is a parallel call's work: chunk(c) computes chunk c of the
// plan set by its last start.
type chunked interface {
	chunk(c int)
}

// chunkSet is the claimable chunks of one call, embedded in a job that is
// reused call after call.
//
// The chunks are dealt in contiguous home ranges, one per participant: the
// caller is participant 0 and helper i of the team participant i+1. Each
// takes the chunks of its own range from the front, then steals from the
// back of the others'. When every participant is on time, chunk c is thus
// computed by the same thread in every call of the same shape, and
// successive kernels that split their data alike (a weight gradient by
// rows, then the optimizer's update of the same rows) find their operands
// in that core's cache rather than in the other core's: on the 2-vCPU
// guest this was measured on, moving a 300 KB gradient across cores costs
// more than the update itself.
type chunkSet struct {
	// owner is the job, set once by its first run (own).
	owner chunked

	// total is the number of chunks of the current call, written before
	// the ranges are published and read only after a successful claim.
	total uint32

	// parts is the number of home ranges, ranges[p] is participant p's:
	// the next chunk to take from the front (low 32 bits) and the end
	// (high 32 bits). A claim is a compare-and-swap that moves one end;
	// since the word is the whole state of the range, a claim that
	// succeeds is valid for the call under way, whichever call the
	// claimer meant.
	parts  atomic.Int32
	ranges [maxHelpers + 1]homeRange

	// gen numbers the calls; completed counts the finished chunks of the
	// current call. waiter holds the call's gen while the caller blocks
	// on done, which the goroutine that finishes the last chunk of that
	// call then signals (a goroutine finishing the last chunk of an
	// earlier call, whose caller has moved on, holds another gen).
	gen       atomic.Uint32
	completed atomic.Uint32
	waiter    atomic.Uint32
	done      chan struct{}
}

type homeRange struct {
	w atomic.Uint64
	_ [56]byte // one range per cache line
}

// maxChunks bounds the chunks of one call.
const maxChunks = 1 << 20

// own makes owner the job of s, on its first call (a job's first run,
// before any helper can see it).
func (s *chunkSet) own(owner chunked) {
	if s.owner == nil {
		s.owner, s.done = owner, make(chan struct{}, 1)
	}
}

// run runs chunks 0..total-1 of owner's current plan (owner is the job
// that embeds s, always the same), dealt among parts
// participants (the caller and parts-1 helpers of the team), and returns
// once all have finished. work is the call's work in flops (see
// minSplitWork), which the governor uses to compare split and unsplit
// calls.
func (s *chunkSet) run(owner chunked, total, parts int, work float64) {
	s.own(owner)
	if total > maxChunks {
		panicf("kernels: %d chunks in one call", total)
	}
	parts = max(1, min(parts, total, maxHelpers+1))
	if parts == 1 {
		s.runAlone(total)
		return
	}
	start := time.Since(clock)
	split, mode := team.gov.split(start)
	if !split {
		s.runAlone(total)
		end := time.Since(clock)
		team.gov.done(mode, work, end-start, end, 0, 0)
		return
	}
	theirs, fair, full := s.runSplit(total, parts)
	if full {
		end := time.Since(clock)
		team.gov.done(mode, work, end-start, end, theirs, fair)
	}
}

// runSplit runs chunks 0..total-1 split among up to parts participants:
// the caller and the helpers it can claim (none when other callers hold
// the thread budget). It returns the chunks the helpers ran, their fair
// share, and whether the call had all the helpers it asked for, all of
// them polling: the governor judges the helpers by the calls they could
// join at once, not by those that had to wake or start them (a call
// shorter than a wake-up finishes before a parked helper arrives, and
// the first calls after start-up would otherwise make it back off).
func (s *chunkSet) runSplit(total, parts int) (theirs, fair int, full bool) {
	var ids [maxHelpers]uint8
	helpers := team.claim(&ids, parts-1)
	if helpers == 0 {
		// Other callers hold the thread budget.
		s.runAlone(total)
		team.budget.Add(-1)
		return 0, 0, false
	}
	s.deal(total, helpers+1)
	polling := team.start(s, ids[:helpers])
	theirs = total - s.work(0)
	fair = total * helpers / (helpers + 1)
	s.wait(uint32(total))
	team.budget.Add(-int32(helpers + 1))
	return theirs, fair, helpers == parts-1 && polling
}

// runAlone runs all the chunks on the caller.
func (s *chunkSet) runAlone(total int) {
	s.deal(total, 1)
	s.work(0)
	// A helper still holding this job from an earlier post may steal a
	// chunk: wait for it too.
	s.wait(uint32(total))
}

// deal publishes a call of total chunks in parts home ranges: the plan,
// written by the caller before, happens before the range words, which
// every claim reads.
func (s *chunkSet) deal(total, parts int) {
	s.total = uint32(total)
	if s.gen.Add(1) == 0 {
		s.gen.Store(1) // 0 is no waiter
	}
	s.completed.Store(0)
	old := int(s.parts.Load())
	for p := parts; p < old; p++ {
		s.ranges[p].w.Store(0)
	}
	s.parts.Store(int32(parts))
	for p := range parts {
		lo, hi := p*total/parts, (p+1)*total/parts
		s.ranges[p].w.Store(uint64(hi)<<32 | uint64(lo))
	}
}

// work runs chunks of participant p's home range, then steals from the
// others' until none of the current call is left. It returns the number
// of chunks it ran.
func (s *chunkSet) work(p int) int {
	ran := 0
	n := int(s.parts.Load())
	if p < n {
		for s.take(p, true) {
			ran++
		}
	}
	for i := 1; i <= n; i++ {
		q := (p + i) % n
		for s.take(q, false) {
			ran++
		}
	}
	return ran
}

// take claims and runs one chunk of range q, from its front or its back,
// and reports whether there was one.
func (s *chunkSet) take(q int, front bool) bool {
	r := &s.ranges[q].w
	for {
		v := r.Load()
		lo, hi := uint32(v), uint32(v>>32)
		if lo >= hi {
			return false
		}
		c, nv := lo, v+1
		if !front {
			c, nv = hi-1, v-1<<32
		}
		if !r.CompareAndSwap(v, nv) {
			continue
		}
		// Chunk c is ours: the call cannot end, nor the job be reused,
		// before it is finished, so the plan that s.owner reads, the
		// total and the gen are this call's.
		total, gen := s.total, s.gen.Load()
		s.owner.chunk(int(c))
		if s.completed.Add(1) == total && s.waiter.CompareAndSwap(gen, 0) {
			s.done <- struct{}{}
		}
		return true
	}
}

// wait returns when all total chunks of the current call have finished:
// it polls for up to the spin limit, then blocks.
func (s *chunkSet) wait(total uint32) {
	if s.completed.Load() == total {
		return
	}
	if limit := Spin(); limit > 0 {
		start := time.Now()
		for i := 1; ; i++ {
			if s.completed.Load() == total {
				return
			}
			if i%64 == 0 && time.Since(start) > limit {
				break
			}
		}
	}
	gen := s.gen.Load()
	s.waiter.Store(gen)
	if s.completed.Load() == total && s.waiter.CompareAndSwap(gen, 0) {
		return // the last chunk finished before it could see waiter
	}
	<-s.done
}

// clock is the zero of the team's monotonic times.
var clock = time.Now()

// helperTeam is the helper goroutines and the thread budget of the calls
// that use them.
type helperTeam struct {
	// budget counts the callers in split calls and the helpers they
	// hold; a call takes helpers only while it stays within Threads().
	budget atomic.Int32

	gov governor

	helpers [maxHelpers]helper
}

var team helperTeam

// maxHelpers bounds the team; calls split among more threads than
// maxHelpers+1 leave the extra chunks to the goroutines there are.
const maxHelpers = 63

// The states of a helper. A caller claims a helper that is idle
// (polling), parked or gone by turning its state to claimed, gives it its
// call, and sets it busy; it then wakes the helper if it was parked, or
// starts its goroutine if it was gone. Release turns idle and parked
// helpers to quitting, and the helper then exits.
const (
	helperGone    = iota // no goroutine
	helperIdle           // polling its state for a call
	helperParked         // blocked on wake, or about to be
	helperClaimed        // a caller is handing it a call
	helperBusy           // working on job
	helperQuit           // to exit
)

type helper struct {
	_ [64]byte // keep each helper's state on its own cache line

	state atomic.Int32

	// job and id, the call and the participant number in it, are
	// written by the claiming caller before it sets the state busy;
	// prev, the state it claimed the helper from, is the caller's.
	job  *chunkSet
	id   int
	prev int32

	// wake is sent one value to unpark the helper (by the caller that
	// claimed it parked, or by release).
	wake chan struct{}

	_ [64]byte
}

// claim claims up to want helpers for a split call, within the thread
// budget: this call's caller and the helpers it takes count against
// Threads(), with the other callers in split calls and their helpers. It
// records the caller in the budget, writes the claimed helpers' indices
// to ids and returns their number; the caller gives the budget back
// (helpers+1) when the call is over.
func (t *helperTeam) claim(ids *[maxHelpers]uint8, want int) int {
	limit := Threads()
	used := t.budget.Add(1)
	// Reserve up to want slots of the budget.
	n := 0
	for {
		n = min(want, limit-int(used), maxHelpers)
		if n <= 0 {
			return 0
		}
		if t.budget.CompareAndSwap(used, used+int32(n)) {
			break
		}
		used = t.budget.Load()
	}
	// Claim free helpers among the first limit-1.
	k := 0
	for i := 0; i < min(limit-1, maxHelpers) && k < n; i++ {
		h := &t.helpers[i]
		st := h.state.Load()
		// A helper still busy may be finishing this caller's previous
		// call (the caller saw its last chunk complete before the
		// helper, out of chunks, went idle): wait a little for it.
		for spin := 0; st == helperBusy && spin < claimSpin; spin++ {
			st = h.state.Load()
		}
		if (st == helperIdle || st == helperParked || st == helperGone) && h.state.CompareAndSwap(st, helperClaimed) {
			h.prev = st
			ids[k] = uint8(i)
			k++
		}
	}
	if k < n {
		t.budget.Add(-int32(n - k))
	}
	return k
}

// claimSpin bounds the wait of claim for a busy helper to turn idle: a
// few microseconds of loads of a cache line that stays in the caller's L1
// while the helper does not write it.
const claimSpin = 4096

// start hands s to the claimed helpers ids, as participants 1, 2, …,
// and reports whether all of them were polling (none to wake or start).
func (t *helperTeam) start(s *chunkSet, ids []uint8) (polling bool) {
	polling = true
	for p, i := range ids {
		h := &t.helpers[i]
		h.job, h.id = s, p+1
		prev := h.prev
		if prev == helperGone && h.wake == nil {
			h.wake = make(chan struct{}, 1)
		}
		h.state.Store(helperBusy)
		switch prev {
		case helperParked:
			h.wake <- struct{}{}
		case helperGone:
			go h.loop()
		}
		polling = polling && prev == helperIdle
	}
	return polling
}

// release makes the idle and parked helpers exit.
func (t *helperTeam) release() {
	for i := range t.helpers {
		h := &t.helpers[i]
		for {
			st := h.state.Load()
			if st == helperIdle && h.state.CompareAndSwap(st, helperQuit) {
				break
			}
			if st == helperParked && h.state.CompareAndSwap(st, helperQuit) {
				h.wake <- struct{}{}
				break
			}
			if st != helperIdle && st != helperParked {
				break
			}
		}
	}
}

// loop is the life of a helper, started busy: run the calls it is given,
// polling for the next one after each (poll), parking when none comes,
// and exiting after IdleTimeout parked or when told to quit.
func (h *helper) loop() {
	var timer *time.Timer
	for {
		start := time.Now()
		h.job.work(h.id)
		h.job = nil
		busy := time.Since(start)
		h.state.Store(helperIdle)
		st := h.poll(min(Spin(), max(2*busy, minSpin)))
		for st == helperIdle {
			if !h.state.CompareAndSwap(helperIdle, helperParked) {
				st = h.poll(0)
				continue
			}
			if timer == nil {
				timer = time.NewTimer(IdleTimeout)
			} else {
				timer.Reset(IdleTimeout)
			}
			select {
			case <-h.wake:
				timer.Stop()
			case <-timer.C:
				if h.state.CompareAndSwap(helperParked, helperGone) {
					return
				}
				<-h.wake // claimed (or told to quit) as the timer fired
			}
			st = h.state.Load()
		}
		if st == helperQuit {
			h.state.Store(helperGone)
			return
		}
	}
}

// poll waits for the helper's state to leave idle, for up to limit, and
// returns it: busy, quit, or still idle after limit. A claimed helper is
// about to be busy: poll waits for that.
func (h *helper) poll(limit time.Duration) int32 {
	var start time.Time
	for i := 0; ; i++ {
		st := h.state.Load()
		switch st {
		case helperIdle:
			if i == 0 {
				if limit <= 0 {
					return st
				}
				start = time.Now()
			} else if i%256 == 0 && time.Since(start) > limit {
				return st
			}
		case helperClaimed:
			// The claiming caller writes two words and sets busy;
			// should it be descheduled meanwhile, let it run.
			if i%4096 == 4095 {
				runtime.Gosched()
			}
		default:
			return st
		}
	}
}
