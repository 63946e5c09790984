package kernels

// Prefetch hints that x is about to be read: on amd64 it asks the CPU to
// bring every cache line of x into its caches (PREFETCHT0) and returns
// without waiting for them; elsewhere, and with the purego tag, it does
// nothing. It changes no result on any path and never faults.
//
// Hinting many lines at once fills the core's queue of outstanding
// misses, and the hints then wait in the pipeline as long as loads would:
// to overlap a large read with arithmetic, queue it on a Prefetcher.
func Prefetch(x []float32) {
	if len(x) > 0 {
		prefetch(x)
	}
}

// A Prefetcher spreads prefetch hints over matrix products: memory its
// owner reads soon (a training loop's next shuffled batch, rows far apart
// in a large data set) is queued with Add, and the products that get the
// Prefetcher in their Epilogue hint the queued lines a few at a time
// between their register tiles, in proportion to the tiles' work, so that
// the lines arrive while the products compute and the read that follows
// finds them in the caches.
//
// The lines go out at the rate Spread sets: all of them over the given
// number of flops of product work. Flush hints what is left at once. Only
// products computed on the goroutine that runs them drain the queue (not
// those split among threads: see SetThreads), so a Prefetcher belongs to
// one goroutine at a time; its zero value is an empty queue. It holds the
// slices it is given until Flush, and reuses its own memory: after the
// first calls, Add, Spread and Flush allocate nothing.
//
// Queued lines change no result and are never read by the hints beyond
// the slices given; with the purego tag, or where Prefetch does nothing,
// neither do the hints.
type Prefetcher struct {
	spans  [][]float32 // queued; spans[head] trimmed as its lines go out
	head   int
	lines  int     // lines queued and not hinted (16 floats a line)
	rate   float64 // lines per flop (Spread)
	credit float64 // lines earned by the work done, not yet hinted
}

// Add queues x. Its first line is hinted at once, so that the address
// translation and the first access start early; the rest waits for the
// products.
func (p *Prefetcher) Add(x []float32) {
	if len(x) == 0 {
		return
	}
	prefetch(x[:1])
	p.spans = append(p.spans, x)
	p.lines += (len(x) + 15) / 16
}

// Spread sets the rate at which the products hint the queued lines: all
// of those queued now over the next flops of product work (2·m·n·k per
// product), evenly. With flops ≤ 0 it is Flush.
func (p *Prefetcher) Spread(flops float64) {
	if flops <= 0 {
		p.Flush()
		return
	}
	p.rate = float64(p.lines) / flops
	p.credit = 0
}

// Flush hints every queued line now and empties the queue.
func (p *Prefetcher) Flush() {
	p.issue(p.lines)
	clear(p.spans)
	p.spans = p.spans[:0]
	p.head, p.lines, p.rate, p.credit = 0, 0, 0, 0
}

// Pending returns the number of queued cache lines not yet hinted.
func (p *Prefetcher) Pending() int { return p.lines }

// drain hints the lines that flops of product work have earned, at most
// maxTileLines.
func (p *Prefetcher) drain(flops int) {
	if p.lines == 0 {
		return
	}
	p.credit += float64(flops) * p.rate
	if p.credit >= 1 {
		n := min(int(p.credit), maxTileLines)
		p.credit -= float64(n)
		p.issue(n)
	}
}

// issue hints the next n queued lines (or all, if fewer).
func (p *Prefetcher) issue(n int) {
	for n > 0 && p.head < len(p.spans) {
		x := p.spans[p.head]
		k := min(16*n, len(x))
		prefetch(x[:k])
		sent := (k + 15) / 16
		n -= sent
		p.lines -= sent
		if k == len(x) {
			p.spans[p.head] = nil
			p.head++
		} else {
			p.spans[p.head] = x[k:]
		}
	}
	if p.head == len(p.spans) {
		p.spans, p.head, p.lines = p.spans[:0], 0, 0
	}
}

// maxTileLines bounds the lines hinted between two register tiles, the
// rest of the credit carried to the next: each line hinted takes one of
// the core's few buffers of outstanding L1 misses until it arrives (16
// on Intel's recent cores, 24 on AMD's Zen 4 and 5), and hints beyond
// them wait in the pipeline as loads would, holding up the tile's
// arithmetic behind them.
const maxTileLines = 16
