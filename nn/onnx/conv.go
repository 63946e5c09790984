package onnx

import (
	"fmt"
	"math"

	"github.com/gof32/gof32/kernels"
)

// window holds the attributes Conv and MaxPool share, for two spatial
// dimensions (NCHW).
type window struct {
	autoPad   string
	kernel    []int // nil: from the weights (Conv)
	strides   []int
	dilations []int
	pads      []int // top, left, bottom, right
	ceil      bool
}

func readWindow(at attrs, pool bool) (*window, error) {
	w := &window{}
	var err error
	if w.autoPad, err = at.str("auto_pad", "NOTSET"); err != nil {
		return nil, err
	}
	switch w.autoPad {
	case "NOTSET", "VALID", "SAME_UPPER", "SAME_LOWER":
	default:
		return nil, fmt.Errorf("attribute auto_pad=%q is not one of NOTSET, VALID, SAME_UPPER, SAME_LOWER", w.autoPad)
	}
	if w.kernel, err = at.ints("kernel_shape", 2); err != nil {
		return nil, fmt.Errorf("%v (only 2-D windows are supported)", err)
	}
	if pool && w.kernel == nil {
		return nil, fmt.Errorf("attribute kernel_shape is required")
	}
	if w.strides, err = at.ints("strides", 2); err != nil {
		return nil, err
	}
	if w.dilations, err = at.ints("dilations", 2); err != nil {
		return nil, err
	}
	if w.pads, err = at.ints("pads", 4); err != nil {
		return nil, err
	}
	if w.strides == nil {
		w.strides = []int{1, 1}
	}
	if w.dilations == nil {
		w.dilations = []int{1, 1}
	}
	if w.pads == nil {
		w.pads = []int{0, 0, 0, 0}
	} else if w.autoPad != "NOTSET" {
		return nil, fmt.Errorf("attributes pads and auto_pad=%s are both given", w.autoPad)
	}
	for i := range 2 {
		if w.strides[i] < 1 || w.dilations[i] < 1 || (w.kernel != nil && w.kernel[i] < 1) {
			return nil, fmt.Errorf("kernel_shape %v, strides %v and dilations %v must be positive", w.kernel, w.strides, w.dilations)
		}
	}
	for _, p := range w.pads {
		if p < 0 {
			return nil, fmt.Errorf("attribute pads=%v is negative", w.pads)
		}
	}
	if pool {
		c, err := at.int("ceil_mode", 0)
		if err != nil {
			return nil, err
		}
		w.ceil = c != 0
	}
	return w, nil
}

// dims2 is dim for both dimensions of a 2-D window over an h×wd input
// with a kh×kw kernel: the output size and the padding before the first
// row and column.
func (w *window) dims2(h, wd, kh, kw int) (oh, ow, top, left int, err error) {
	if oh, top, err = w.dim(0, h, kh); err != nil {
		return
	}
	ow, left, err = w.dim(1, wd, kw)
	return
}

// dim returns the output size along spatial dimension i for an input of
// size n and a kernel of size k, and the padding before the first element.
func (w *window) dim(i, n, k int) (out, before int, err error) {
	s, d := w.strides[i], w.dilations[i]
	ek := (k-1)*d + 1 // the extent of a dilated kernel
	if ek > math.MaxInt32 {
		return 0, 0, fmt.Errorf("dilated kernel too large")
	}
	switch w.autoPad {
	case "SAME_UPPER", "SAME_LOWER":
		out = (n + s - 1) / s
		total := max(0, (out-1)*s+ek-n)
		before = total / 2
		if w.autoPad == "SAME_LOWER" {
			before = total - total/2
		}
		return out, before, nil
	case "VALID":
		if n < ek {
			return 0, 0, fmt.Errorf("input size %d is smaller than the kernel's extent %d", n, ek)
		}
		return (n-ek)/s + 1, 0, nil
	}
	if w.pads[i] >= ek || w.pads[i+2] >= ek {
		return 0, 0, fmt.Errorf("pads %v: a pad as large as the kernel's extent %d makes windows of padding alone", w.pads, ek)
	}
	before = w.pads[i]
	span := n + w.pads[i] + w.pads[i+2] - ek
	if span < 0 {
		return 0, 0, fmt.Errorf("padded input size %d is smaller than the kernel's extent %d", n+w.pads[i]+w.pads[i+2], ek)
	}
	out = span/s + 1
	if w.ceil && span%s != 0 {
		out++
		// A window that would start in the padding after the input is dropped.
		if (out-1)*s >= n+before {
			out--
		}
	}
	return out, before, nil
}

func compileConv(p *nodeProto, _ int64) (runFunc, error) {
	if err := arity(p, 2, 3, 1, 1); err != nil {
		return nil, err
	}
	at, err := newAttrs(p, "auto_pad", "dilations", "group", "kernel_shape", "pads", "strides")
	if err != nil {
		return nil, err
	}
	w, err := readWindow(at, false)
	if err != nil {
		return nil, err
	}
	group, err := at.int("group", 1)
	if err != nil {
		return nil, err
	}
	if group < 1 || group > math.MaxInt32 {
		return nil, fmt.Errorf("attribute group=%d must be positive", group)
	}
	g := int(group)
	return func(in []*array) ([]*array, error) {
		x, wt := in[0], in[1]
		if len(x.shape) != 4 || len(wt.shape) != 4 {
			return nil, fmt.Errorf("X %v and W %v: only 2-D convolutions (4-D NCHW inputs) are supported", x.shape, wt.shape)
		}
		n, c, h, wd := x.shape[0], x.shape[1], x.shape[2], x.shape[3]
		m, cg, kh, kw := wt.shape[0], wt.shape[1], wt.shape[2], wt.shape[3]
		if c%g != 0 || m%g != 0 || cg != c/g {
			return nil, fmt.Errorf("X %v and W %v do not fit group=%d", x.shape, wt.shape, g)
		}
		if w.kernel != nil && (w.kernel[0] != kh || w.kernel[1] != kw) {
			return nil, fmt.Errorf("kernel_shape %v disagrees with W %v", w.kernel, wt.shape)
		}
		if kh < 1 || kw < 1 {
			return nil, fmt.Errorf("W %v has an empty kernel", wt.shape)
		}
		var b *array
		if len(in) > 2 && in[2] != nil {
			b = in[2]
			if len(b.shape) != 1 || b.shape[0] != m {
				return nil, fmt.Errorf("B %v must have shape [%d]", b.shape, m)
			}
		}
		oh, ow, pt, pl, err := w.dims2(h, wd, kh, kw)
		if err != nil {
			return nil, err
		}
		if err := checkSize([]int{n, m, oh, ow}); err != nil {
			return nil, err
		}
		kk := cg * kh * kw
		if err := checkSize([]int{kk, oh, ow}); err != nil {
			return nil, err
		}
		out := newArray(n, m, oh, ow)
		mg, ohw := m/g, oh*ow
		cols := make([]float32, kk*ohw)
		sh, sw, dh, dw := w.strides[0], w.strides[1], w.dilations[0], w.dilations[1]
		for ni := range n {
			for gi := range g {
				// im2col: row (ci, i, j) of cols holds the input under
				// kernel tap (i, j) of channel ci, for every output position.
				for ci := range cg {
					plane := x.data[((ni*c)+gi*cg+ci)*h*wd:][:h*wd]
					for i := range kh {
						for j := range kw {
							row := cols[((ci*kh+i)*kw+j)*ohw:][:ohw]
							for y := range oh {
								iy := y*sh - pt + i*dh
								for xx := range ow {
									ix := xx*sw - pl + j*dw
									v := float32(0)
									if iy >= 0 && iy < h && ix >= 0 && ix < wd {
										v = plane[iy*wd+ix]
									}
									row[y*ow+xx] = v
								}
							}
						}
					}
				}
				dst := out.data[(ni*m+gi*mg)*ohw:][:mg*ohw]
				if mg > 0 && ohw > 0 {
					kernels.Sgemm(false, false, mg, ohw, kk, 1, wt.data[gi*mg*kk:][:mg*kk], kk, cols, ohw, 0, dst, ohw)
				}
				if b != nil {
					for mi := range mg {
						bv := b.data[gi*mg+mi]
						ch := dst[mi*ohw:][:ohw]
						for i := range ch {
							ch[i] += bv
						}
					}
				}
			}
		}
		return []*array{out}, nil
	}, nil
}

func compileMaxPool(p *nodeProto, _ int64) (runFunc, error) {
	if err := arity(p, 1, 1, 1, 2); err != nil {
		return nil, err
	}
	if len(p.outputs) > 1 && p.outputs[1] != "" {
		return nil, fmt.Errorf("output Indices is not supported")
	}
	at, err := newAttrs(p, "auto_pad", "ceil_mode", "dilations", "kernel_shape", "pads", "storage_order", "strides")
	if err != nil {
		return nil, err
	}
	w, err := readWindow(at, true)
	if err != nil {
		return nil, err
	}
	if _, err := at.int("storage_order", 0); err != nil {
		return nil, err
	}
	return func(in []*array) ([]*array, error) {
		x := in[0]
		if len(x.shape) != 4 {
			return nil, fmt.Errorf("X %v: only 2-D pooling (4-D NCHW inputs) is supported", x.shape)
		}
		n, c, h, wd := x.shape[0], x.shape[1], x.shape[2], x.shape[3]
		kh, kw := w.kernel[0], w.kernel[1]
		oh, ow, pt, pl, err := w.dims2(h, wd, kh, kw)
		if err != nil {
			return nil, err
		}
		if err := checkSize([]int{n, c, oh, ow}); err != nil {
			return nil, err
		}
		if work := float64(n*c*oh*ow) * float64(min(kh, h)) * float64(min(kw, wd)); work > float64(maxWork) {
			return nil, fmt.Errorf("%.3g window positions are too many", work)
		}
		out := newArray(n, c, oh, ow)
		sh, sw, dh, dw := w.strides[0], w.strides[1], w.dilations[0], w.dilations[1]
		// The taps i of a window at y that fall inside the input.
		taps := func(y, s, p, d, k, n int) (lo, hi int) {
			start := y*s - p
			lo = 0
			if start < 0 {
				lo = (-start + d - 1) / d
			}
			hi = k
			if last := n - 1 - start; last < (k-1)*d {
				if last < 0 {
					return 0, 0
				}
				hi = last/d + 1
			}
			return lo, hi
		}
		for pi := range n * c {
			plane := x.data[pi*h*wd:][:h*wd]
			dst := out.data[pi*oh*ow:][:oh*ow]
			for y := range oh {
				for xx := range ow {
					v := float32(math.Inf(-1))
					ilo, ihi := taps(y, sh, pt, dh, kh, h)
					jlo, jhi := taps(xx, sw, pl, dw, kw, wd)
					for i := ilo; i < ihi; i++ {
						iy := y*sh - pt + i*dh
						for j := jlo; j < jhi; j++ {
							ix := xx*sw - pl + j*dw
							if e := plane[iy*wd+ix]; e > v || e != e {
								v = e
							}
						}
					}
					dst[y*ow+xx] = v
				}
			}
		}
		return []*array{out}, nil
	}, nil
}
