package kernels

import (
	"fmt"
	"math"
)

// PoolShape describes a max pooling of H×W×C images (NHWC) over PH×PW
// windows with strides SH, SW and no padding (Keras's "valid"), giving
// OH×OW×C outputs.
type PoolShape struct {
	H, W, C int
	PH, PW  int
	SH, SW  int
	OH, OW  int
}

// NewPoolShape returns the shape of a valid max pooling:
// OH = ⌊(H−PH)/SH⌋+1, OW = ⌊(W−PW)/SW⌋+1.
func NewPoolShape(h, w, c, ph, pw, sh, sw int) (PoolShape, error) {
	s := PoolShape{H: h, W: w, C: c, PH: ph, PW: pw, SH: sh, SW: sw}
	if h < 1 || w < 1 || c < 1 || ph < 1 || pw < 1 || sh < 1 || sw < 1 {
		return s, fmt.Errorf("pooling %dx%dx%d by %dx%d, stride %dx%d: sizes must be positive", h, w, c, ph, pw, sh, sw)
	}
	if ph > h || pw > w {
		return s, fmt.Errorf("pool %dx%d larger than the %dx%d input", ph, pw, h, w)
	}
	s.OH, s.OW = (h-ph)/sh+1, (w-pw)/sw+1
	return s, nil
}

// InSize and OutSize are the values of one input and one output image.
func (s *PoolShape) InSize() int  { return s.H * s.W * s.C }
func (s *PoolShape) OutSize() int { return s.OH * s.OW * s.C }

func (s *PoolShape) check(fn string, n int) {
	if s.H < 1 || s.W < 1 || s.C < 1 || s.PH < 1 || s.PW < 1 || s.SH < 1 || s.SW < 1 ||
		s.OH < 1 || s.OW < 1 || n < 0 || (s.OH-1)*s.SH+s.PH > s.H || (s.OW-1)*s.SW+s.PW > s.W {
		panicf("%s: invalid shape %+v for %d images", fn, *s, n)
	}
	if n*s.InSize() > math.MaxInt32 {
		panicf("%s: %d images of %d values do not fit int32 indices", fn, n, s.InSize())
	}
}

// MaxPool2D sets y[n,oy,ox,c] to the largest of x[n, oy·SH+i, ox·SW+j, c]
// over the window (NaN if the window holds one, as NumPy's max), and
// arg[same index] to the index in x of the value chosen (the first
// largest, or the first NaN), for MaxPool2DBackward. x is n×H×W×C, y and
// arg n×OH×OW×C.
func MaxPool2D(s PoolShape, n int, x, y []float32, arg []int32) {
	s.check("MaxPool2D", n)
	checkVector("MaxPool2D", "x", x, n*s.InSize())
	checkVector("MaxPool2D", "y", y, n*s.OutSize())
	if len(arg) < n*s.OutSize() {
		panicf("MaxPool2D: arg has %d elements, needs %d", len(arg), n*s.OutSize())
	}
	if current.Load().gemm == nil {
		refMaxPool2D(&s, n, x, y, arg)
		return
	}
	if n == 0 {
		return
	}
	j := getPoolJob(&s, n)
	j.x, j.y, j.arg = x, y, arg
	j.start()
}

// MaxPool2DBackward sets dx (n×H×W×C) to the gradient of MaxPool2D from
// dy (n×OH×OW×C): dy of each output added at the input it was taken from,
// zero elsewhere.
func MaxPool2DBackward(s PoolShape, n int, dy []float32, arg []int32, dx []float32) {
	s.check("MaxPool2DBackward", n)
	checkVector("MaxPool2DBackward", "dy", dy, n*s.OutSize())
	checkVector("MaxPool2DBackward", "dx", dx, n*s.InSize())
	if len(arg) < n*s.OutSize() {
		panicf("MaxPool2DBackward: arg has %d elements, needs %d", len(arg), n*s.OutSize())
	}
	if current.Load().gemm == nil {
		refMaxPool2DBackward(&s, n, dy, arg, dx)
		return
	}
	if n == 0 {
		return
	}
	j := getPoolJob(&s, n)
	j.dy, j.arg, j.dx, j.backward = dy, arg, dx, true
	j.start()
}

// poolJob is a pooling split among threads by images.
type poolJob struct {
	chunkSet
	s        PoolShape
	n, parts int
	backward bool
	x, y, dy []float32
	dx       []float32
	arg      []int32
	offs     [maxPoolRowWindow]int
	o        []int // windowOffsets, in offs
}

var poolJobFree freeList[poolJob]

// poolChunkValues is the least input per chunk of a split pooling.
const poolChunkValues = 1 << 15

func getPoolJob(s *PoolShape, n int) *poolJob {
	j := poolJobFree.get()
	j.s, j.n, j.backward = *s, n, false
	j.o = j.s.windowOffsets(j.offs[:])
	j.parts = 1
	if t := Threads(); t > 1 {
		j.parts = max(1, min(n, 4*t, n*s.InSize()/poolChunkValues))
	}
	return j
}

func (j *poolJob) start() {
	// Cost in GEMM flops of about the same time: a pass over the input
	// with a compare per value.
	j.chunkSet.run(j, j.parts, Threads(), 4*float64(j.n*j.s.InSize()))
	j.x, j.y, j.dy, j.dx, j.arg = nil, nil, nil, nil, nil
	poolJobFree.put(j)
}

func (j *poolJob) chunk(c int) {
	i0, i1 := c*j.n/j.parts, (c+1)*j.n/j.parts
	s := &j.s
	in, out := s.InSize(), s.OutSize()
	if j.backward {
		maxPoolBackward(s, i1-i0, j.dy[i0*out:i1*out], j.arg[i0*out:i1*out], j.dx[i0*in:i1*in], int32(i0*in), j.o)
		return
	}
	maxPool(s, i1-i0, j.x[i0*in:i1*in], j.y[i0*out:i1*out], j.arg[i0*out:i1*out], int32(i0*in))
}

// maxPool is MaxPool2D on imgs images, with arg offset by base: for each
// row of output windows, each element of the window is folded into the
// row's maxima by the path's poolAcc.
func maxPool(s *PoolShape, imgs int, x, y []float32, arg []int32, base int32) {
	p := current.Load()
	c := s.C
	acc := poolAcc(p)
	for n := range imgs {
		xo := n * s.InSize()
		for oy := range s.OH {
			o := (n*s.OH + oy) * s.OW * c
			yr, ar := y[o:o+s.OW*c], arg[o:o+s.OW*c]
			first := 1
			for i := range s.PH {
				for jj := range s.PW {
					q := xo + ((oy*s.SH+i)*s.W+jj)*c
					acc(s.OW, c, x[q:], s.SW*c, yr, ar, c, int(base)+q, first)
					first = 0
				}
			}
		}
	}
}

// poolAccGo is asm.MaxPoolAccAVX512's loop in Go.
func poolAccGo(rows, cols int, x []float32, ldx int, m []float32, arg []int32, ldm, base, first int) {
	for r := range rows {
		xr := x[r*ldx : r*ldx+cols]
		mr := m[r*ldm : r*ldm+cols]
		ar := arg[r*ldm : r*ldm+cols]
		for i, v := range xr {
			if first != 0 || v > mr[i] || v != v && mr[i] == mr[i] {
				mr[i] = v
				ar[i] = int32(base + r*ldx + i)
			}
		}
	}
}

// maxPoolBackward is MaxPool2DBackward on imgs images whose arg values
// are offset by base. Windows that do not overlap (stride = window, as
// Keras's default) write each input once, whole windows at once on
// AVX-512 (poolBackRow, 3.4 µs against 4.4 element by element for three
// images of the MNIST convnet's first pooling) and element by element
// elsewhere, and clear the inputs no window covers; others clear dx and
// add dy at each arg.
func maxPoolBackward(s *PoolShape, imgs int, dy []float32, arg []int32, dx []float32, base int32, o []int) {
	if s.SH != s.PH || s.SW != s.PW {
		clear(dx)
		n := imgs * s.OutSize()
		dy, arg = dy[:n], arg[:n]
		for o, g := range dy {
			dx[arg[o]-base] += g
		}
		return
	}
	p := current.Load()
	c := s.C
	covW := s.OW * s.SW * c // values of an input row that windows cover
	if row := poolBackRow(p); row != nil && len(o) > 0 {
		for n := range imgs {
			xo := n * s.InSize()
			for oy := range s.OH {
				q := xo + oy*s.SH*s.W*c
				r := (n*s.OH + oy) * s.OW * c
				row(s.OW, c, dy[r:], arg[r:], c, o, dx[q:], s.SW*c, int(base)+q)
				for i := range s.PH {
					clear(dx[q+i*s.W*c+covW : q+(i+1)*s.W*c])
				}
			}
			clear(dx[xo+s.OH*s.SH*s.W*c : xo+s.InSize()])
		}
		return
	}
	for n := range imgs {
		xo := n * s.InSize()
		for oy := range s.OH {
			o := (n*s.OH + oy) * s.OW * c
			dyr, ar := dy[o:o+s.OW*c], arg[o:o+s.OW*c]
			for i := range s.PH {
				row := xo + (oy*s.SH+i)*s.W*c
				for jj := range s.PW {
					q := row + jj*c
					poolBackGo(s.OW, c, dyr, ar, c, dx[q:], s.SW*c, int(base)+q)
				}
				clear(dx[row+covW : row+s.W*c])
			}
		}
		clear(dx[xo+s.OH*s.SH*s.W*c : xo+s.InSize()])
	}
}

// poolBackGo takes one element of a row of windows backward: dx gets dy
// where arg says the window took that element, 0 elsewhere.
func poolBackGo(rows, cols int, dy []float32, arg []int32, ldm int, dx []float32, ldx, base int) {
	for r := range rows {
		g := dy[r*ldm : r*ldm+cols]
		a := arg[r*ldm : r*ldm+cols]
		d := dx[r*ldx : r*ldx+cols]
		for i := range d {
			if int(a[i]) == base+r*ldx+i {
				d[i] = g[i]
			} else {
				d[i] = 0
			}
		}
	}
}

// maxPoolRowWindow is the most elements of a window the row kernels take
// (their offsets live in an array on the stack).
const maxPoolRowWindow = 16

// windowOffsets fills offs with the offsets of a window's elements from
// its first, in row-major order, and returns them; nil when the window
// has more elements than offs holds (the row kernels are then not used).
func (s *PoolShape) windowOffsets(offs []int) []int {
	if s.PH*s.PW > len(offs) {
		return nil
	}
	k := 0
	for i := range s.PH {
		for j := range s.PW {
			offs[k] = (i*s.W + j) * s.C
			k++
		}
	}
	return offs[:k]
}
