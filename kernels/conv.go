package kernels

import (
	"fmt"
	"math"
)

// Convolution of NHWC images (channels last, as Keras), as a GEMM.
//
// The im2col matrix of a batch has one row per output pixel and one column
// per kernel tap: K = KH·KW·C values in the order (ky, kx, c), which is
// the order of a kernel stored KH×KW×C×F (Keras's HWIO). So
//
//	Y[pixels, F]  = cols[pixels, K] · W[K, F]        (already NHWC)
//	dW[K, F]      = colsᵀ · dY
//	dcols[pix, K] = dY · Wᵀ, then added back onto the input's pixels (col2im)
//
// For one output pixel, each kernel row ky is KW·C contiguous values of
// the input (whatever the stride), so im2col and col2im move whole
// segments. The batch is processed a few images at a time, so that the
// im2col block stays in L2 between being written and being multiplied,
// and the products run on the path's blocked GEMM driver with A read in
// place by the strided microkernel. Images are split among threads in
// fixed slots: each slot accumulates its own weight gradient and the
// slots are summed in a fixed order, so the result depends on the number
// of threads but not on timing.

// ConvShape describes a 2-D convolution of H×W×C images by KH×KW×C×F
// kernels, with strides SH, SW and zero padding PT rows above and PL
// columns left of the input, giving OH×OW×F outputs.
type ConvShape struct {
	H, W, C   int
	KH, KW, F int
	SH, SW    int
	PT, PL    int
	OH, OW    int
}

// NewConvShape returns the shape of a convolution with Keras's padding:
// "valid" (no padding, OH = ⌊(H−KH)/SH⌋+1) or "same" (OH = ⌈H/SH⌉, the
// padding split as evenly as possible, the extra row or column below and
// right).
func NewConvShape(h, w, c, kh, kw, f, sh, sw int, padding string) (ConvShape, error) {
	s := ConvShape{H: h, W: w, C: c, KH: kh, KW: kw, F: f, SH: sh, SW: sw}
	if h < 1 || w < 1 || c < 1 || kh < 1 || kw < 1 || f < 1 || sh < 1 || sw < 1 {
		return s, fmt.Errorf("convolution %dx%dx%d by %dx%d, %d filters, stride %dx%d: sizes must be positive", h, w, c, kh, kw, f, sh, sw)
	}
	switch padding {
	case "valid":
		if kh > h || kw > w {
			return s, fmt.Errorf("kernel %dx%d larger than the %dx%d input with valid padding", kh, kw, h, w)
		}
		s.OH, s.OW = (h-kh)/sh+1, (w-kw)/sw+1
	case "same":
		s.OH, s.OW = (h+sh-1)/sh, (w+sw-1)/sw
		s.PT = max(0, (s.OH-1)*sh+kh-h) / 2
		s.PL = max(0, (s.OW-1)*sw+kw-w) / 2
	default:
		return s, fmt.Errorf("padding %q: want valid or same", padding)
	}
	return s, nil
}

// K is the length of one im2col row: KH·KW·C.
func (s *ConvShape) K() int { return s.KH * s.KW * s.C }

// InSize and OutSize are the values of one input and one output image.
func (s *ConvShape) InSize() int  { return s.H * s.W * s.C }
func (s *ConvShape) OutSize() int { return s.OH * s.OW * s.F }

// Flops is the work of the forward product of one image (2 flops per
// multiply-add, padding taps included); the weight gradient and the input
// gradient cost as much each.
func (s *ConvShape) Flops() float64 {
	return 2 * float64(s.OH*s.OW) * float64(s.K()) * float64(s.F)
}

func (s *ConvShape) check(fn string, n int) {
	if s.H < 1 || s.W < 1 || s.C < 1 || s.KH < 1 || s.KW < 1 || s.F < 1 || s.SH < 1 || s.SW < 1 ||
		s.PT < 0 || s.PL < 0 || s.OH < 1 || s.OW < 1 || n < 0 {
		panicf("%s: invalid shape %+v for %d images", fn, *s, n)
	}
	if (s.OH-1)*s.SH-s.PT >= s.H || (s.OW-1)*s.SW-s.PL >= s.W || s.PT >= s.KH || s.PL >= s.KW {
		panicf("%s: shape %+v has outputs or padding beyond the input", fn, *s)
	}
}

// Conv2D sets y = x ⊛ w + bias for n images, then y = max(y, 0) when relu:
//
//	y[n,oy,ox,f] = bias[f] + Σ_{ky,kx,c} x[n, oy·SH+ky−PT, ox·SW+kx−PL, c]·w[ky,kx,c,f]
//
// (taps outside the input count as zero). x is n×H×W×C, w KH×KW×C×F,
// bias F values or nil, y n×OH×OW×F, all row-major. The sums are
// accumulated in float32 in an order that depends on the path.
func Conv2D(s ConvShape, n int, x, w, bias []float32, relu bool, y []float32) {
	s.check("Conv2D", n)
	checkVector("Conv2D", "x", x, n*s.InSize())
	checkVector("Conv2D", "w", w, s.K()*s.F)
	if bias != nil {
		checkVector("Conv2D", "bias", bias, s.F)
	}
	checkVector("Conv2D", "y", y, n*s.OutSize())
	if n == 0 {
		return
	}
	p := current.Load()
	if p.gemm == nil {
		refConv2D(&s, n, x, w, bias, relu, y)
		return
	}
	j := getConvJob(p, &s, n, false)
	j.x, j.w, j.bias, j.y, j.relu = x, w, bias, y, relu
	j.start()
}

// Conv2DBackward computes the gradients of a Conv2D from dL/dy: it sets
// dw (KH×KW×C×F) to dL/dw, db (F values) to dL/dbias unless db is nil,
// and, unless dx is nil, dx (n×H×W×C) to dL/dx. x and w are the forward
// inputs; when relu is true, dy is the gradient of the rectified output y
// (the forward's y, which must be given), and is taken as zero where
// y ≤ 0. dy is not modified.
func Conv2DBackward(s ConvShape, n int, x, w, y, dy []float32, relu bool, dx, dw, db []float32) {
	s.check("Conv2DBackward", n)
	checkVector("Conv2DBackward", "x", x, n*s.InSize())
	checkVector("Conv2DBackward", "w", w, s.K()*s.F)
	if relu {
		checkVector("Conv2DBackward", "y", y, n*s.OutSize())
	}
	checkVector("Conv2DBackward", "dy", dy, n*s.OutSize())
	if dx != nil {
		checkVector("Conv2DBackward", "dx", dx, n*s.InSize())
	}
	checkVector("Conv2DBackward", "dw", dw, s.K()*s.F)
	if db != nil {
		checkVector("Conv2DBackward", "db", db, s.F)
	}
	if n == 0 {
		clear(dw[:s.K()*s.F])
		if db != nil {
			clear(db[:s.F])
		}
		return
	}
	p := current.Load()
	if p.gemm == nil {
		refConv2DBackward(&s, n, x, w, y, dy, relu, dx, dw, db)
		return
	}
	j := getConvJob(p, &s, n, true)
	j.x, j.w, j.y, j.dy, j.relu = x, w, y, dy, relu
	j.dx, j.dw, j.db = dx, dw, db
	j.transposeW()
	j.start()
}

// transposeW sets j.wt to Wᵀ (F×K), the B operand of dcols = dY·Wᵀ, read
// in place, when the input gradient is wanted.
func (j *convJob) transposeW() {
	if j.dx == nil {
		return
	}
	k, f := j.s.K(), j.s.F
	j.wt = convFloats(j.wt, f*k)
	for r := range k {
		for c, v := range j.w[r*f : r*f+f] {
			j.wt[c*k+r] = v
		}
	}
}

// Conv2DPool is Conv2D followed by MaxPool2D on its output, without the
// convolution's output ever leaving the cache: each few images are
// convolved into a scratch block and pooled from there. ps is the pooling
// of the convolution's output (ps.H, ps.W, ps.C = s.OH, s.OW, s.F); y
// (n×ps.OH×ps.OW×F) and arg are MaxPool2D's results, arg indexing the
// convolution's output as if it were stored n×OH×OW×F. The results are
// those of Conv2D and MaxPool2D, bit for bit.
func Conv2DPool(s ConvShape, ps PoolShape, n int, x, w, bias []float32, relu bool, y []float32, arg []int32) {
	s.check("Conv2DPool", n)
	checkPoolOf("Conv2DPool", &s, &ps, n)
	checkVector("Conv2DPool", "x", x, n*s.InSize())
	checkVector("Conv2DPool", "w", w, s.K()*s.F)
	if bias != nil {
		checkVector("Conv2DPool", "bias", bias, s.F)
	}
	checkVector("Conv2DPool", "y", y, n*ps.OutSize())
	if len(arg) < n*ps.OutSize() {
		panicf("Conv2DPool: arg has %d elements, needs %d", len(arg), n*ps.OutSize())
	}
	if n == 0 {
		return
	}
	p := current.Load()
	if p.gemm == nil {
		full := make([]float32, n*s.OutSize())
		refConv2D(&s, n, x, w, bias, relu, full)
		refMaxPool2D(&ps, n, full, y, arg)
		return
	}
	j := getConvJob(p, &s, n, false)
	j.pool, j.ps = true, ps
	j.po = j.ps.windowOffsets(j.offs[:])
	j.x, j.w, j.bias, j.y, j.arg, j.relu = x, w, bias, y, arg, relu
	j.start()
}

// Conv2DPoolBackward computes the gradients of a Conv2DPool from dL/dy
// of its pooled output: dw, db and, unless dx is nil, dx, as
// Conv2DBackward and MaxPool2DBackward would, bit for bit. y and arg are
// the forward's results. With relu, the ReLU's mask is applied to the
// pooled gradient (a gradient reaches only the input a window took, whose
// value is the window's output).
func Conv2DPoolBackward(s ConvShape, ps PoolShape, n int, x, w, y, dy []float32, arg []int32, relu bool, dx, dw, db []float32) {
	s.check("Conv2DPoolBackward", n)
	checkPoolOf("Conv2DPoolBackward", &s, &ps, n)
	checkVector("Conv2DPoolBackward", "x", x, n*s.InSize())
	checkVector("Conv2DPoolBackward", "w", w, s.K()*s.F)
	if relu {
		checkVector("Conv2DPoolBackward", "y", y, n*ps.OutSize())
	}
	checkVector("Conv2DPoolBackward", "dy", dy, n*ps.OutSize())
	if len(arg) < n*ps.OutSize() {
		panicf("Conv2DPoolBackward: arg has %d elements, needs %d", len(arg), n*ps.OutSize())
	}
	if dx != nil {
		checkVector("Conv2DPoolBackward", "dx", dx, n*s.InSize())
	}
	checkVector("Conv2DPoolBackward", "dw", dw, s.K()*s.F)
	if db != nil {
		checkVector("Conv2DPoolBackward", "db", db, s.F)
	}
	p := current.Load()
	if n == 0 || p.gemm == nil {
		g := make([]float32, n*ps.OutSize())
		copy(g, dy)
		if relu {
			refReluBackward(g, dy[:len(g)], y[:len(g)])
		}
		full := make([]float32, n*s.OutSize())
		refMaxPool2DBackward(&ps, n, g, arg, full)
		refConv2DBackward(&s, n, x, w, nil, full, false, dx, dw, db)
		return
	}
	j := getConvJob(p, &s, n, true)
	j.pool, j.ps = true, ps
	j.po = j.ps.windowOffsets(j.offs[:])
	j.x, j.w, j.y, j.dy, j.arg, j.relu = x, w, y, dy, arg, relu
	j.dx, j.dw, j.db = dx, dw, db
	j.transposeW()
	j.start()
}

func checkPoolOf(fn string, s *ConvShape, ps *PoolShape, n int) {
	ps.check(fn, n)
	if ps.H != s.OH || ps.W != s.OW || ps.C != s.F {
		panicf("%s: pooling %+v does not take the convolution's %dx%dx%d output", fn, *ps, s.OH, s.OW, s.F)
	}
	if n*s.OutSize() > math.MaxInt32 {
		panicf("%s: %d images of %d outputs do not fit int32 indices", fn, n, s.OutSize())
	}
}

// convStepFloats is the size, in float32, that the im2col block of one
// step aims at (at least one image): 96 KiB, which with the operands of
// its products stays in L2. Measured on a training step of Keras's MNIST
// convnet (one thread, best of 12 interleaved runs): 48, 96 and 192 KiB
// within 1 % of each other, 384 KiB 4 % slower.
var convStepFloats = 24 << 10

// convSlotsPerThread is the slots a batch is split into per thread: more
// let a thread that finishes early take over work from a late one, and
// each costs a sum of the weight gradient in the backward pass.
const convSlotsPerThread = 4

// convJob is one Conv2D or Conv2DBackward call split into slots of
// images.
type convJob struct {
	chunkSet
	p        *impl
	s        ConvShape
	n        int
	backward bool
	slots    int
	step     int // images per step within a slot

	x, w, bias, y, dy, dx, dw, db []float32
	relu                          bool

	// A Conv2DPool: y and dy are the pooled output and its gradient.
	pool bool
	ps   PoolShape
	arg  []int32
	offs [maxPoolRowWindow]int
	po   []int // the pooling's windowOffsets, in offs

	wt   []float32 // Wᵀ, F×K
	part []float32 // the weight and bias gradients of slots 1.., (K+1)·F each
}

var convJobFree freeList[convJob]

func getConvJob(p *impl, s *ConvShape, n int, backward bool) *convJob {
	j := convJobFree.get()
	j.p, j.s, j.n, j.backward = p, *s, n, backward
	j.step = max(1, convStepFloats/(s.OH*s.OW*s.K()))
	j.slots = 1
	if t := Threads(); t > 1 {
		j.slots = min(n, convSlotsPerThread*t)
	}
	return j
}

// start runs the job and puts it back.
func (j *convJob) start() {
	s := &j.s
	cost := float64(j.n) * s.Flops()
	if j.backward {
		if j.slots > 1 {
			j.part = convFloats(j.part, (j.slots-1)*(s.K()+1)*s.F)
		}
		cost *= 2
		if j.dx == nil {
			cost /= 2
		}
	}
	j.chunkSet.run(j, j.slots, Threads(), cost)
	if j.backward && j.slots > 1 {
		kf := s.K() * s.F
		for c := 1; c < j.slots; c++ {
			part := j.part[(c-1)*(kf+s.F):]
			j.p.add(j.dw[:kf], j.dw[:kf], part[:kf])
			if j.db != nil {
				j.p.add(j.db[:s.F], j.db[:s.F], part[kf:kf+s.F])
			}
		}
	}
	j.x, j.w, j.bias, j.y, j.dy, j.dx, j.dw, j.db = nil, nil, nil, nil, nil, nil, nil, nil
	j.p, j.arg, j.pool = nil, nil, false
	convJobFree.put(j)
}

// convFloats returns buf[:n] if buf has room for n values, else a new
// 64-byte aligned slice of n.
func convFloats(buf []float32, n int) []float32 {
	if cap(buf) >= n {
		return buf[:n]
	}
	return alignedFloats(n)
}

// convScratch is the buffers of one goroutine working on a convolution.
type convScratch struct {
	cols, dcols, dy []float32
	db              []float32
	y, gp           []float32 // a Conv2DPool's unpooled output, its masked pooled gradient
}

var convScratchFree freeList[convScratch]

// chunk runs slot c: the images [c·n/slots, (c+1)·n/slots), step by step.
func (j *convJob) chunk(c int) {
	s := &j.s
	i0, i1 := c*j.n/j.slots, (c+1)*j.n/j.slots
	sc := convScratchFree.get()
	defer convScratchFree.put(sc)
	k, pix := s.K(), s.OH*s.OW
	sc.cols = convFloats(sc.cols, j.step*pix*k)
	if !j.backward {
		if j.pool {
			sc.y = convFloats(sc.y, j.step*pix*s.F)
		}
		for i := i0; i < i1; i += j.step {
			j.forwardStep(sc, i, min(j.step, i1-i))
		}
		return
	}
	// This slot's gradients: slot 0 writes the caller's, the others
	// their part, which start adds.
	dw, db := j.dw, j.db
	if c > 0 {
		part := j.part[(c-1)*(k+1)*s.F:]
		dw, db = part[:k*s.F], part[k*s.F:(k+1)*s.F]
	}
	if j.relu || j.pool {
		sc.dy = convFloats(sc.dy, j.step*pix*s.F)
	}
	if j.pool && j.relu {
		sc.gp = convFloats(sc.gp, j.step*j.ps.OutSize())
	}
	if j.dx != nil {
		sc.dcols = convFloats(sc.dcols, j.step*pix*k)
	}
	sc.db = convFloats(sc.db, s.F)
	for i := i0; i < i1; i += j.step {
		j.backwardStep(sc, i, min(j.step, i1-i), i > i0, dw, db)
	}
}

// gemm runs C = A·B + beta·C (op as given) on the path's blocked driver,
// single-threaded (the convolution splits among threads by images). A is
// read in place when the path has a strided kernel: it is a block this
// goroutine has just written.
func (j *convJob) gemm(transA bool, m, n, k int, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	g := gemmArgs{transA: transA, m: m, n: n, k: k, alpha: 1, beta: beta, a: a, b: b, c: c, lda: lda, ldb: ldb, ldc: ldc}
	cfg := j.p.gemm
	directA, directB := cfg.inPlace(&g, m, n)
	if !gemmForcePack {
		directA = transA || cfg.strided != nil
	}
	gemmBlocked(cfg, &g, 0, m, 0, n, directA, directB)
}

func (j *convJob) forwardStep(sc *convScratch, i0, imgs int) {
	s := &j.s
	k, pix := s.K(), s.OH*s.OW
	rows := imgs * pix
	cols := sc.cols[:rows*k]
	s.im2col(j.p, j.x[i0*s.InSize():], imgs, cols)
	var y []float32
	if j.pool {
		y = sc.y[:imgs*s.OutSize()]
	} else {
		y = j.y[i0*s.OutSize() : (i0+imgs)*s.OutSize()]
	}
	j.gemm(false, rows, s.F, k, cols, k, j.w, s.F, 0, y, s.F)
	if j.bias != nil {
		j.p.addRowVector(rows, s.F, y, s.F, j.bias)
	}
	if j.relu {
		j.p.relu(y, y)
	}
	if j.pool {
		po := j.ps.OutSize()
		maxPool(&j.ps, imgs, y, j.y[i0*po:(i0+imgs)*po], j.arg[i0*po:(i0+imgs)*po], int32(i0*s.OutSize()))
	}
}

func (j *convJob) backwardStep(sc *convScratch, i0, imgs int, accumulate bool, dw, db []float32) {
	s := &j.s
	k, pix, f := s.K(), s.OH*s.OW, s.F
	rows := imgs * pix
	var dy []float32
	switch {
	case j.pool:
		// The pooled gradient, masked by the ReLU at the pooled
		// outputs, back onto the convolution's outputs.
		po := j.ps.OutSize()
		gp := j.dy[i0*po : (i0+imgs)*po]
		if j.relu {
			g := sc.gp[:imgs*po]
			j.p.reluBwd(g, gp, j.y[i0*po:(i0+imgs)*po])
			gp = g
		}
		dy = sc.dy[:rows*f]
		maxPoolBackward(&j.ps, imgs, gp, j.arg[i0*po:(i0+imgs)*po], dy, int32(i0*s.OutSize()), j.po)
	case j.relu:
		dy = j.dy[i0*s.OutSize() : (i0+imgs)*s.OutSize()]
		y := j.y[i0*s.OutSize() : (i0+imgs)*s.OutSize()]
		g := sc.dy[:rows*f]
		j.p.reluBwd(g, dy, y)
		dy = g
	default:
		dy = j.dy[i0*s.OutSize() : (i0+imgs)*s.OutSize()]
	}
	beta := float32(0)
	if accumulate {
		beta = 1
	}
	if db != nil {
		if accumulate {
			j.p.columnSums(sc.db, rows, f, dy, f)
			j.p.add(db[:f], db[:f], sc.db[:f])
		} else {
			j.p.columnSums(db, rows, f, dy, f)
		}
	}
	cols := sc.cols[:rows*k]
	s.im2col(j.p, j.x[i0*s.InSize():], imgs, cols)
	j.gemm(true, k, f, rows, cols, k, dy, f, beta, dw, f)
	if j.dx != nil {
		dcols := sc.dcols[:rows*k]
		j.gemm(false, rows, k, f, dy, f, j.wt, k, 0, dcols, k)
		s.col2im(j.p, dcols, imgs, j.dx[i0*s.InSize():(i0+imgs)*s.InSize()])
	}
}

// window returns the output columns [lo, hi) whose whole kernel row lies
// inside the input: ox·SW−PL ≥ 0 and ox·SW−PL+KW ≤ W.
func (s *ConvShape) window() (lo, hi int) {
	lo = min(s.OW, (s.PL+s.SW-1)/s.SW)
	if s.W-s.KW+s.PL < 0 {
		return lo, lo
	}
	hi = min(s.OW, (s.W-s.KW+s.PL)/s.SW+1)
	return lo, max(lo, hi)
}

// im2col writes the im2col rows of imgs images of x into cols (imgs·OH·OW
// rows of K).
func (s *ConvShape) im2col(p *impl, x []float32, imgs int, cols []float32) {
	k, seg, c := s.K(), s.KW*s.C, s.C
	lo, hi := s.window()
	var c8 func(rows, cols int, src []float32, lds int, dst []float32, ldd int)
	if p.gemm != nil {
		c8 = p.gemm.copy8
	}
	for n := range imgs {
		xi := x[n*s.InSize() : (n+1)*s.InSize()]
		for oy := range s.OH {
			row := cols[(n*s.OH+oy)*s.OW*k:]
			if s.C == 1 && s.KH == 3 && s.KW == 3 && s.SW == 1 && s.PL == 0 && s.W-s.OW == 2 {
				// A first layer's 3×3 kernel on one channel: the nine
				// values of a pixel at once.
				iy := oy*s.SH - s.PT
				if iy >= 0 && iy+3 <= s.H {
					im2col3x3(row, xi[iy*s.W:(iy+3)*s.W], s.W, s.OW)
					continue
				}
			}
			for ky := range s.KH {
				iy := oy*s.SH + ky - s.PT
				dst := row[ky*seg:]
				if iy < 0 || iy >= s.H {
					for ox := range s.OW {
						clear(dst[ox*k : ox*k+seg])
					}
					continue
				}
				xr := xi[iy*s.W*c : (iy+1)*s.W*c]
				for ox := 0; ox < s.OW; ox++ {
					if ox == lo && hi > lo {
						// The interior: whole segments.
						src := xr[(lo*s.SW-s.PL)*c:]
						if seg >= 8 {
							copyInto(c8, dst[lo*k:], k, src, s.SW*c, hi-lo, seg)
						} else {
							// Short segments (a first layer's few
							// channels): element by element, not a
							// memmove call each.
							ls := s.SW * c
							for r := range hi - lo {
								d := dst[(lo+r)*k : (lo+r)*k+seg : (lo+r)*k+seg]
								for q, v := range src[r*ls : r*ls+seg] {
									d[q] = v
								}
							}
						}
						ox = hi - 1
						continue
					}
					d := dst[ox*k : ox*k+seg]
					for kx := range s.KW {
						ix := ox*s.SW + kx - s.PL
						if ix < 0 || ix >= s.W {
							clear(d[kx*c : kx*c+c])
						} else {
							copy(d[kx*c:kx*c+c], xr[ix*c:ix*c+c])
						}
					}
				}
			}
		}
	}
}

// im2col3x3 writes the im2col rows of ow pixels of a 3×3 kernel on one
// channel, from the three input rows x (row stride w).
func im2col3x3(dst, x []float32, w, ow int) {
	r0, r1, r2 := x[:w:w], x[w:2*w:2*w], x[2*w:3*w:3*w]
	for ox := range ow {
		d := dst[ox*9 : ox*9+9 : ox*9+9]
		a, b, c := r0[ox:ox+3:ox+3], r1[ox:ox+3:ox+3], r2[ox:ox+3:ox+3]
		d[0], d[1], d[2] = a[0], a[1], a[2]
		d[3], d[4], d[5] = b[0], b[1], b[2]
		d[6], d[7], d[8] = c[0], c[1], c[2]
	}
}

// col2im sets dx (imgs images) to the sum of the im2col rows of dcols
// over the input values they were copied from. For each output row and
// kernel row, the output pixels whose window lies inside the input add
// their KW·C values as one block with overlapping rows (addBlock); the
// others tap by tap.
func (s *ConvShape) col2im(p *impl, dcols []float32, imgs int, dx []float32) {
	k, seg, c := s.K(), s.KW*s.C, s.C
	lo, hi := s.window()
	addBlock := convAddBlock(p)
	clear(dx)
	for n := range imgs {
		xi := dx[n*s.InSize() : (n+1)*s.InSize()]
		for oy := range s.OH {
			row := dcols[(n*s.OH+oy)*s.OW*k:]
			for ky := range s.KH {
				iy := oy*s.SH + ky - s.PT
				if iy < 0 || iy >= s.H {
					continue
				}
				src := row[ky*seg:]
				xr := xi[iy*s.W*c : (iy+1)*s.W*c]
				if hi > lo {
					addBlock(hi-lo, seg, src[lo*k:], k, xr[(lo*s.SW-s.PL)*c:], s.SW*c)
				}
				for ox := range s.OW {
					if ox >= lo && ox < hi {
						continue
					}
					sv := src[ox*k : ox*k+seg]
					for kx := range s.KW {
						ix := ox*s.SW + kx - s.PL
						if ix < 0 || ix >= s.W {
							continue
						}
						d := xr[ix*c : ix*c+c]
						for q, v := range sv[kx*c : kx*c+c] {
							d[q] += v
						}
					}
				}
			}
		}
	}
}

// addBlockGo is asm.AddBlockAVX512's loop in Go: dst[i*ldd+j] +=
// src[i*lds+j], row after row (rows of dst may overlap).
func addBlockGo(rows, cols int, src []float32, lds int, dst []float32, ldd int) {
	for i := range rows {
		d := dst[i*ldd : i*ldd+cols]
		for j, v := range src[i*lds : i*lds+cols] {
			d[j] += v
		}
	}
}
