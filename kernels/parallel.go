package kernels

import (
	"sync"
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
// The helpers form a team of long-lived goroutines, one per extra thread.
// A call posts its chunkSet in a single atomic slot; a helper that finds a
// new post joins in claiming. After its last chunk a helper keeps polling
// the slot for helperSpin before it parks: waking a parked goroutine means
// waking its OS thread, which on a virtual machine whose other vCPU is
// idle takes up to a hundred microseconds (94 µs median measured on a
// 2-vCPU KVM guest, Zen 4), as long as a whole GEMM of the MNIST network,
// whereas a polling helper takes the next post within a few hundred
// nanoseconds. The GEMMs of a training step follow each other within tens
// of microseconds, so the helpers stay awake through training and an idle
// program pays helperSpin of one core after its last parallel call, as
// OpenMP runtimes do (their spin-wait "blocktime" is 200 ms by default).
//
// The polling loop uses no PAUSE instruction (a guest that executes PAUSE
// in a loop triggers pause-loop exits to the hypervisor) and never yields
// with runtime.Gosched: a yielded goroutine goes to the global run queue
// without waking an idle processor, which can leave the caller and a helper
// taking turns on one processor while the other idles. A helper that has
// to share a processor with the caller costs it at most helperSpin before
// the helper parks, and the caller's own wait for the chunks helpers are
// finishing is likewise bounded by callerSpin before it blocks.

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
	t := Threads()
	if t == 1 || work < minSplitWork {
		return 1
	}
	return t
}

// helperSpin is how long a helper polls for a new post after its last
// chunk before it parks.
const helperSpin = 500 * time.Microsecond

// callerSpin is how long a caller polls for the chunks helpers are still
// running (each a few to some tens of microseconds) before it blocks.
const callerSpin = 200 * time.Microsecond

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
	theirs, fair := 0, 0 // chunks the helpers ran, and their share
	if !split {
		s.runAlone(total)
	} else {
		s.deal(total, parts)
		team.post(s, parts-1)
		theirs = total - s.work(0)
		fair = total * (parts - 1) / parts
		s.wait(uint32(total))
	}
	end := time.Since(clock)
	team.gov.done(mode, work, end-start, end, theirs, fair)
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
// it polls for callerSpin, then blocks.
func (s *chunkSet) wait(total uint32) {
	if s.completed.Load() == total {
		return
	}
	start := time.Now()
	for i := 1; ; i++ {
		if s.completed.Load() == total {
			return
		}
		if i%64 == 0 && time.Since(start) > callerSpin {
			break
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

// helperTeam is the helper goroutines and the slot through which calls
// reach them.
type helperTeam struct {
	seq atomic.Uint64            // the number of posts so far
	cur atomic.Pointer[chunkSet] // the last post

	gov governor

	mu      sync.Mutex // held while the team grows
	n       atomic.Int32
	helpers [maxHelpers]helper
}

var team helperTeam

// maxHelpers bounds the team; calls split among more threads than
// maxHelpers+1 leave the extra chunks to the goroutines there are.
const maxHelpers = 63

type helper struct {
	_ [64]byte // keep each helper's flag on its own cache line
	// parked is true while the helper is blocked, or about to block, on
	// wake; whoever turns it from true to false owns the wake-up.
	parked atomic.Bool
	wake   chan struct{}
}

// post offers s to the team, growing it to at least helpers goroutines,
// and wakes those of the first helpers that are parked (the others join
// only if they are polling).
func (t *helperTeam) post(s *chunkSet, helpers int) {
	helpers = min(helpers, maxHelpers)
	if int(t.n.Load()) < helpers {
		t.grow(helpers)
	}
	t.cur.Store(s)
	t.seq.Add(1)
	for i := range helpers {
		h := &t.helpers[i]
		if h.parked.Load() && h.parked.CompareAndSwap(true, false) {
			h.wake <- struct{}{}
		}
	}
}

// grow starts helpers until there are n. A new helper counts the post
// that is about to be made as new, and joins it when its goroutine first
// runs.
func (t *helperTeam) grow(n int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for i := int(t.n.Load()); i < n; i++ {
		h := &t.helpers[i]
		h.wake = make(chan struct{}, 1)
		go h.loop(t, i+1, t.seq.Load())
		t.n.Store(int32(i + 1))
	}
}

// loop is the life of the helper that is participant id of every post:
// run posts as they come, polling for the next
// one for up to helperSpin before parking until a post wakes it.
func (h *helper) loop(t *helperTeam, id int, seen uint64) {
	for {
		if s := t.seq.Load(); s != seen {
			seen = s
			t.cur.Load().work(id)
			continue
		}
		if h.poll(t, seen) {
			continue
		}
		// Park, unless a post came in meanwhile.
		h.parked.Store(true)
		if t.seq.Load() != seen && h.parked.CompareAndSwap(true, false) {
			continue
		}
		<-h.wake
	}
}

// poll reports whether a post after seen arrives within helperSpin.
func (h *helper) poll(t *helperTeam, seen uint64) bool {
	start := time.Now()
	for i := 1; ; i++ {
		if t.seq.Load() != seen {
			return true
		}
		if i%256 == 0 && time.Since(start) > helperSpin {
			return false
		}
	}
}
