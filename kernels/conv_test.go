package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gof32/gof32/internal/guard"
)

// convCases are the shapes every path is held to: the MNIST convnet's two
// layers, odd sizes, 1×1 and non-square kernels, strides 1 to 3 and both
// paddings.
func convCases(t *testing.T) []ConvShape {
	type c struct {
		h, w, ch, kh, kw, f, sh, sw int
		pad                         string
	}
	cs := []c{
		{28, 28, 1, 3, 3, 32, 1, 1, "valid"}, // the MNIST convnet
		{13, 13, 32, 3, 3, 64, 1, 1, "valid"},
		{5, 7, 3, 3, 3, 5, 1, 1, "valid"},
		{5, 7, 3, 3, 3, 5, 1, 1, "same"},
		{6, 6, 2, 3, 3, 4, 2, 2, "same"},
		{7, 9, 5, 2, 4, 33, 2, 3, "valid"},
		{7, 9, 5, 5, 3, 7, 1, 2, "same"},
		{8, 8, 16, 1, 1, 8, 1, 1, "valid"},
		{9, 5, 4, 3, 1, 3, 3, 1, "same"},
		{4, 4, 1, 4, 4, 1, 1, 1, "valid"},
		{3, 3, 9, 3, 3, 17, 2, 2, "same"},
		{11, 10, 3, 4, 2, 40, 2, 2, "same"},
	}
	var shapes []ConvShape
	for _, c := range cs {
		s, err := NewConvShape(c.h, c.w, c.ch, c.kh, c.kw, c.f, c.sh, c.sw, c.pad)
		if err != nil {
			t.Fatal(err)
		}
		shapes = append(shapes, s)
	}
	return shapes
}

func TestConvShape(t *testing.T) {
	s, _ := NewConvShape(28, 28, 1, 3, 3, 32, 1, 1, "valid")
	if s.OH != 26 || s.OW != 26 || s.K() != 9 {
		t.Errorf("valid 28x28 by 3x3: %+v", s)
	}
	// Keras (TensorFlow) "same": out = ceil(in/stride), padding
	// max((out-1)·stride + k − in, 0), the smaller half before.
	s, _ = NewConvShape(6, 7, 1, 3, 4, 1, 2, 2, "same")
	if s.OH != 3 || s.OW != 4 || s.PT != 0 || s.PL != 1 {
		t.Errorf("same 6x7 by 3x4 stride 2: %+v", s)
	}
	for _, bad := range [][8]int{{0, 1, 1, 1, 1, 1, 1, 1}, {2, 2, 1, 3, 1, 1, 1, 1}, {2, 2, 1, 1, 1, 1, 0, 1}} {
		if _, err := NewConvShape(bad[0], bad[1], bad[2], bad[3], bad[4], bad[5], bad[6], bad[7], "valid"); err == nil {
			t.Errorf("%v: no error", bad)
		}
	}
	if _, err := NewConvShape(5, 5, 1, 3, 3, 1, 1, 1, "full"); err == nil {
		t.Error("padding full: no error")
	}
}

// exactConv returns the forward outputs in float64 and, per output, the
// sum of the absolute values of its terms (bias included), the scale of
// its rounding error.
func exactConv(s *ConvShape, n int, x, w, bias []float32) (y, mag []float64) {
	y = make([]float64, n*s.OutSize())
	mag = make([]float64, len(y))
	for b := range n {
		for oy := range s.OH {
			for ox := range s.OW {
				for f := range s.F {
					var sum, m float64
					for ky := range s.KH {
						iy := oy*s.SH + ky - s.PT
						for kx := range s.KW {
							ix := ox*s.SW + kx - s.PL
							if iy < 0 || iy >= s.H || ix < 0 || ix >= s.W {
								continue
							}
							for c := range s.C {
								t := float64(x[((b*s.H+iy)*s.W+ix)*s.C+c]) * float64(w[((ky*s.KW+kx)*s.C+c)*s.F+f])
								sum += t
								m += math.Abs(t)
							}
						}
					}
					if bias != nil {
						sum += float64(bias[f])
						m += math.Abs(float64(bias[f]))
					}
					o := ((b*s.OH+oy)*s.OW+ox)*s.F + f
					y[o], mag[o] = sum, m
				}
			}
		}
	}
	return y, mag
}

// exactConvBackward returns dx, dw, db in float64 with the magnitudes of
// their terms, g being the gradient at the outputs (after the ReLU mask).
func exactConvBackward(s *ConvShape, n int, x, w []float32, g []float64) (dx, mdx, dw, mdw, db, mdb []float64) {
	dx, mdx = make([]float64, n*s.InSize()), make([]float64, n*s.InSize())
	dw, mdw = make([]float64, s.K()*s.F), make([]float64, s.K()*s.F)
	db, mdb = make([]float64, s.F), make([]float64, s.F)
	for b := range n {
		for oy := range s.OH {
			for ox := range s.OW {
				for f := range s.F {
					gv := g[((b*s.OH+oy)*s.OW+ox)*s.F+f]
					db[f] += gv
					mdb[f] += math.Abs(gv)
					for ky := range s.KH {
						iy := oy*s.SH + ky - s.PT
						for kx := range s.KW {
							ix := ox*s.SW + kx - s.PL
							if iy < 0 || iy >= s.H || ix < 0 || ix >= s.W {
								continue
							}
							for c := range s.C {
								xi := ((b*s.H+iy)*s.W+ix)*s.C + c
								wi := ((ky*s.KW+kx)*s.C+c)*s.F + f
								dw[wi] += float64(x[xi]) * gv
								mdw[wi] += math.Abs(float64(x[xi]) * gv)
								dx[xi] += float64(w[wi]) * gv
								mdx[xi] += math.Abs(float64(w[wi]) * gv)
							}
						}
					}
				}
			}
		}
	}
	return
}

// checkClose holds got to want within 2·γ_{terms+2}·mag (two float32
// summations of terms values in any order) plus a denormal's worth.
func checkClose(t *testing.T, what string, got []float32, want, mag []float64, terms int) {
	t.Helper()
	bad := 0
	for i, w := range want {
		tol := 2*gamma(terms+2)*mag[i] + 1e-38
		g := float64(got[i])
		ok := math.Abs(g-w) <= tol
		if math.IsNaN(w) {
			ok = math.IsNaN(g)
		}
		if !ok {
			if bad++; bad <= 5 {
				t.Errorf("%s[%d] = %g, want %g ± %g", what, i, g, w, tol)
			}
		}
	}
	if bad > 5 {
		t.Errorf("%s: %d of %d wrong", what, bad, len(want))
	}
}

// convOperands returns x, w, bias, dy for n images of s, uniform in
// [-1, 1), in guarded windows against the given side.
type convOperands struct {
	x, w, bias, y, dy, dx, dw, db []float32
}

func newConvOperands(t *testing.T, r *rand.Rand, s *ConvShape, n int, side guard.Side) *convOperands {
	g := func(size int) []float32 {
		x := guard.Floats(t, size, side)
		fillUniform(r, x)
		return x
	}
	return &convOperands{
		x: g(n * s.InSize()), w: g(s.K() * s.F), bias: g(s.F),
		y: g(n * s.OutSize()), dy: g(n * s.OutSize()),
		dx: g(n * s.InSize()), dw: g(s.K() * s.F), db: g(s.F),
	}
}

func TestConv2D(t *testing.T) {
	shapes := convCases(t)
	forEachPath(t, func(t *testing.T) {
		r := newRand(t)
		for _, threads := range []int{1, 2} {
			saved := SetThreads(threads)
			for _, s := range shapes {
				for _, n := range []int{1, 3} {
					if testing.Short() && n > 1 {
						continue // quick under emulation
					}
					for _, side := range guard.Sides {
						for _, relu := range []bool{false, true} {
							name := fmt.Sprintf("%+v/n=%d/threads=%d/%s/relu=%v", s, n, threads, side, relu)
							o := newConvOperands(t, r, &s, n, side)
							bias := o.bias
							if !relu {
								bias = nil
							}
							Conv2D(s, n, o.x, o.w, bias, relu, o.y)
							want, mag := exactConv(&s, n, o.x, o.w, bias)
							if relu {
								for i := range want {
									if want[i] <= 0 {
										want[i] = 0
									}
								}
							}
							checkClose(t, name+"/y", o.y, want, mag, s.K()+1)

							g := make([]float64, len(o.dy))
							for i := range g {
								g[i] = float64(o.dy[i])
								if relu && !(o.y[i] > 0) {
									g[i] = 0
								}
							}
							dxWant, mdx, dwWant, mdw, dbWant, mdb := exactConvBackward(&s, n, o.x, o.w, g)
							for _, needDX := range []bool{true, false} {
								dx := o.dx
								if !needDX {
									dx = nil
								}
								fillUniform(r, o.dw)
								Conv2DBackward(s, n, o.x, o.w, o.y, o.dy, relu, dx, o.dw, o.db)
								checkClose(t, name+"/dw", o.dw, dwWant, mdw, n*s.OH*s.OW)
								checkClose(t, name+"/db", o.db, dbWant, mdb, n*s.OH*s.OW)
								if needDX {
									checkClose(t, name+"/dx", o.dx, dxWant, mdx, s.KH*s.KW*s.F)
								}
							}
						}
					}
				}
			}
			SetThreads(saved)
		}
	})
}

// TestConv2DBatch runs a batch large enough for several slots and steps
// per slot on 1 and 2 threads, against the naive path.
func TestConv2DBatch(t *testing.T) {
	s, _ := NewConvShape(13, 13, 32, 3, 3, 64, 1, 1, "valid")
	n := 37
	if testing.Short() {
		n = 13
	}
	r := rand.New(rand.NewPCG(1, 2))
	o := newConvOperands(t, r, &s, n, guard.After)
	want, mag := exactConv(&s, n, o.x, o.w, o.bias)
	g := make([]float64, len(o.dy))
	for i := range g {
		g[i] = float64(o.dy[i])
	}
	dxWant, mdx, dwWant, mdw, dbWant, mdb := exactConvBackward(&s, n, o.x, o.w, g)
	forEachFastPath(t, func(t *testing.T) {
		for _, threads := range []int{1, 2, 3} {
			saved := SetThreads(threads)
			Conv2D(s, n, o.x, o.w, o.bias, false, o.y)
			checkClose(t, "y", o.y, want, mag, s.K()+1)
			Conv2DBackward(s, n, o.x, o.w, nil, o.dy, false, o.dx, o.dw, o.db)
			checkClose(t, "dw", o.dw, dwWant, mdw, n*s.OH*s.OW)
			checkClose(t, "db", o.db, dbWant, mdb, n*s.OH*s.OW)
			checkClose(t, "dx", o.dx, dxWant, mdx, s.KH*s.KW*s.F)
			SetThreads(saved)
		}
	})
}

// TestConv2DNaN: a NaN in the input reaches exactly the outputs whose
// window holds it, on every path (and an Inf makes Inf or NaN there).
func TestConv2DNaN(t *testing.T) {
	s, _ := NewConvShape(7, 8, 3, 3, 3, 5, 1, 1, "same")
	const n = 2
	r := rand.New(rand.NewPCG(3, 4))
	o := newConvOperands(t, r, &s, n, guard.After)
	sprinkle(r, o.x[:s.InSize()/8], sumSpecials[:1])
	o.x[n*s.InSize()-1] = float32(math.NaN())
	want, mag := exactConv(&s, n, o.x, o.w, o.bias)
	forEachPath(t, func(t *testing.T) {
		clear(o.y)
		Conv2D(s, n, o.x, o.w, o.bias, true, o.y)
		for i := range want {
			if want[i] <= 0 {
				want[i] = 0
			}
		}
		checkClose(t, "y", o.y, want, mag, s.K()+1)
	})
}

func TestConv2DArgs(t *testing.T) {
	s, _ := NewConvShape(5, 5, 2, 3, 3, 4, 1, 1, "valid")
	x, w, y := make([]float32, 2*50), make([]float32, 72), make([]float32, 2*36)
	for _, f := range []func(){
		func() { Conv2D(s, 2, x[:99], w, nil, false, y) },
		func() { Conv2D(s, 2, x, w[:71], nil, false, y) },
		func() { Conv2D(s, 2, x, w, make([]float32, 3), false, y) },
		func() { Conv2D(s, 2, x, w, nil, false, y[:71]) },
		func() { Conv2D(ConvShape{}, 1, x, w, nil, false, y) },
		func() { Conv2DBackward(s, 2, x, w, nil, y, true, nil, w, nil) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Error("no panic")
				}
			}()
			f()
		}()
	}
}

func poolCases(t *testing.T) []PoolShape {
	var ps []PoolShape
	for _, c := range [][7]int{
		{26, 26, 32, 2, 2, 2, 2}, {11, 11, 64, 2, 2, 2, 2}, // the MNIST convnet (11 → 5: the last row and column dropped)
		{5, 7, 3, 3, 3, 1, 1}, {6, 6, 1, 3, 2, 3, 2}, {7, 5, 17, 2, 3, 2, 1}, {1, 1, 5, 1, 1, 1, 1},
	} {
		s, err := NewPoolShape(c[0], c[1], c[2], c[3], c[4], c[5], c[6])
		if err != nil {
			t.Fatal(err)
		}
		ps = append(ps, s)
	}
	return ps
}

func TestMaxPool2D(t *testing.T) {
	shapes := poolCases(t)
	forEachPath(t, func(t *testing.T) {
		r := newRand(t)
		for _, threads := range []int{1, 2} {
			saved := SetThreads(threads)
			for _, s := range shapes {
				for _, n := range []int{1, 4} {
					for _, side := range guard.Sides {
						name := fmt.Sprintf("%+v/n=%d/threads=%d/%s", s, n, threads, side)
						x := guard.Floats(t, n*s.InSize(), side)
						fillUniform(r, x)
						// Ties and specials: NaN first wins, then stays.
						for i := range x {
							if r.IntN(5) == 0 {
								x[i] = float32(r.IntN(3))
							}
						}
						sprinkle(r, x[:len(x)/4], specials)
						y := guard.Floats(t, n*s.OutSize(), side)
						arg := make([]int32, n*s.OutSize())
						MaxPool2D(s, n, x, y, arg)
						yw := make([]float32, len(y))
						aw := make([]int32, len(arg))
						refMaxPool2D(&s, n, x, yw, aw)
						for i := range yw {
							if ulpDiff(y[i], yw[i]) != 0 || arg[i] != aw[i] {
								t.Fatalf("%s: y[%d] = %g at %d, want %g at %d", name, i, y[i], arg[i], yw[i], aw[i])
							}
						}
						dy := guard.Floats(t, n*s.OutSize(), side)
						fillUniform(r, dy)
						dx := guard.Floats(t, n*s.InSize(), side)
						fillUniform(r, dx)
						MaxPool2DBackward(s, n, dy, arg, dx)
						dxw := make([]float32, len(dx))
						refMaxPool2DBackward(&s, n, dy, aw, dxw)
						for i := range dxw {
							if dx[i] != dxw[i] {
								t.Fatalf("%s: dx[%d] = %g, want %g", name, i, dx[i], dxw[i])
							}
						}
					}
				}
			}
			SetThreads(saved)
		}
	})
}

func TestMaxPoolNaNFirst(t *testing.T) {
	s, _ := NewPoolShape(2, 2, 1, 2, 2, 2, 2)
	nan := float32(math.NaN())
	for _, x := range [][]float32{{1, nan, 3, nan}, {nan, 5, 6, 7}, {1, 2, 3, nan}} {
		forEachPath(t, func(t *testing.T) {
			y, arg := make([]float32, 1), make([]int32, 1)
			MaxPool2D(s, 1, x, y, arg)
			want := int32(-1)
			for i, v := range x {
				if v != v && want < 0 {
					want = int32(i)
				}
			}
			if y[0] == y[0] || arg[0] != want {
				t.Errorf("%v: %g at %d, want NaN at %d", x, y[0], arg[0], want)
			}
		})
	}
}

// TestConvAllocs: a convolution and a pooling, forward and backward,
// allocate nothing once their buffers exist (on one thread: a blocked
// channel receive of a split call may allocate a runtime wait record,
// which BenchmarkTrainStepCNN measures over many steps).
func TestConvAllocs(t *testing.T) {
	s, _ := NewConvShape(13, 13, 32, 3, 3, 64, 1, 1, "valid")
	ps, _ := NewPoolShape(11, 11, 64, 2, 2, 2, 2)
	const n = 7
	x, w, b := make([]float32, n*s.InSize()), make([]float32, s.K()*s.F), make([]float32, s.F)
	y, dy, dx := make([]float32, n*s.OutSize()), make([]float32, n*s.OutSize()), make([]float32, n*s.InSize())
	dw, db := make([]float32, len(w)), make([]float32, len(b))
	py, arg := make([]float32, n*ps.OutSize()), make([]int32, n*ps.OutSize())
	pdx := make([]float32, n*ps.InSize())
	forEachFastPath(t, func(t *testing.T) {
		for _, threads := range []int{1} {
			saved := SetThreads(threads)
			step := func() {
				Conv2D(s, n, x, w, b, true, y)
				MaxPool2D(ps, n, y, py, arg)
				MaxPool2DBackward(ps, n, py, arg, pdx)
				Conv2DBackward(s, n, x, w, y, dy, true, dx, dw, db)
				Conv2DPool(s, ps, n, x, w, b, true, py, arg)
				Conv2DPoolBackward(s, ps, n, x, w, py, py, arg, true, dx, dw, db)
			}
			step()
			if a := testing.AllocsPerRun(20, step); a != 0 {
				t.Errorf("threads=%d: %v allocs per step", threads, a)
			}
			SetThreads(saved)
		}
	})
}

// TestConv2DPool: the fused convolution and pooling give Conv2D and
// MaxPool2D's results bit for bit, forward and backward, on every path.
func TestConv2DPool(t *testing.T) {
	type c struct {
		conv [8]int // h, w, c, kh, kw, f, sh, sw (valid)
		pool [4]int // ph, pw, sh, sw
		relu bool
	}
	cases := []c{
		{[8]int{28, 28, 1, 3, 3, 32, 1, 1}, [4]int{2, 2, 2, 2}, true},
		{[8]int{13, 13, 32, 3, 3, 64, 1, 1}, [4]int{2, 2, 2, 2}, true},
		{[8]int{9, 8, 3, 2, 3, 5, 1, 1}, [4]int{3, 2, 1, 2}, false},
		{[8]int{9, 9, 2, 3, 3, 17, 2, 1}, [4]int{2, 3, 2, 3}, true},
	}
	forEachPath(t, func(t *testing.T) {
		r := newRand(t)
		for _, threads := range []int{1, 2} {
			saved := SetThreads(threads)
			for _, cs := range cases {
				v := cs.conv
				s, err := NewConvShape(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], "valid")
				if err != nil {
					t.Fatal(err)
				}
				ps, err := NewPoolShape(s.OH, s.OW, s.F, cs.pool[0], cs.pool[1], cs.pool[2], cs.pool[3])
				if err != nil {
					t.Fatal(err)
				}
				n := 5
				if Path() == "naive" || testing.Short() {
					n = 2
				}
				o := newConvOperands(t, r, &s, n, guard.After)
				// The unfused reference on this path.
				Conv2D(s, n, o.x, o.w, o.bias, cs.relu, o.y)
				py, parg := make([]float32, n*ps.OutSize()), make([]int32, n*ps.OutSize())
				MaxPool2D(ps, n, o.y, py, parg)
				dpy := make([]float32, len(py))
				fillUniform(r, dpy)
				dfull := make([]float32, n*s.OutSize())
				MaxPool2DBackward(ps, n, dpy, parg, dfull)
				dx, dw, db := make([]float32, len(o.x)), make([]float32, len(o.w)), make([]float32, len(o.bias))
				Conv2DBackward(s, n, o.x, o.w, o.y, dfull, cs.relu, dx, dw, db)

				y := guard.Floats(t, n*ps.OutSize(), guard.After)
				arg := make([]int32, n*ps.OutSize())
				Conv2DPool(s, ps, n, o.x, o.w, o.bias, cs.relu, y, arg)
				name := fmt.Sprintf("%+v/%+v/threads=%d", s, ps, threads)
				for i := range y {
					if math.Float32bits(y[i]) != math.Float32bits(py[i]) || arg[i] != parg[i] {
						t.Fatalf("%s: y[%d] = %g at %d, unfused %g at %d", name, i, y[i], arg[i], py[i], parg[i])
					}
				}
				Conv2DPoolBackward(s, ps, n, o.x, o.w, y, dpy, arg, cs.relu, o.dx, o.dw, o.db)
				for _, c := range []struct {
					what      string
					got, want []float32
				}{{"dx", o.dx, dx}, {"dw", o.dw, dw}, {"db", o.db, db}} {
					for i := range c.want {
						if math.Float32bits(c.got[i]) != math.Float32bits(c.want[i]) {
							t.Fatalf("%s: %s[%d] = %g, unfused %g", name, c.what, i, c.got[i], c.want[i])
						}
					}
				}
			}
			SetThreads(saved)
		}
	})
}
