package kernels

// The naive references of the convolution and pooling kernels: the
// definitions as plain loops, which the naive path runs and the tests
// hold the other paths to.

func refConv2D(s *ConvShape, n int, x, w, bias []float32, relu bool, y []float32) {
	for b := range n {
		for oy := range s.OH {
			for ox := range s.OW {
				for f := range s.F {
					var sum float32
					for ky := range s.KH {
						iy := oy*s.SH + ky - s.PT
						if iy < 0 || iy >= s.H {
							continue
						}
						for kx := range s.KW {
							ix := ox*s.SW + kx - s.PL
							if ix < 0 || ix >= s.W {
								continue
							}
							for c := range s.C {
								sum += x[((b*s.H+iy)*s.W+ix)*s.C+c] * w[((ky*s.KW+kx)*s.C+c)*s.F+f]
							}
						}
					}
					if bias != nil {
						sum += bias[f]
					}
					if relu && !(sum > 0) && sum == sum {
						sum = 0
					}
					y[((b*s.OH+oy)*s.OW+ox)*s.F+f] = sum
				}
			}
		}
	}
}

func refConv2DBackward(s *ConvShape, n int, x, w, y, dy []float32, relu bool, dx, dw, db []float32) {
	g := func(o int) float32 {
		if relu && !(y[o] > 0) {
			return 0
		}
		return dy[o]
	}
	clear(dw[:s.K()*s.F])
	if db != nil {
		clear(db[:s.F])
	}
	if dx != nil {
		clear(dx[:n*s.InSize()])
	}
	for b := range n {
		for oy := range s.OH {
			for ox := range s.OW {
				for f := range s.F {
					o := ((b*s.OH+oy)*s.OW+ox)*s.F + f
					gv := g(o)
					if db != nil {
						db[f] += gv
					}
					for ky := range s.KH {
						iy := oy*s.SH + ky - s.PT
						if iy < 0 || iy >= s.H {
							continue
						}
						for kx := range s.KW {
							ix := ox*s.SW + kx - s.PL
							if ix < 0 || ix >= s.W {
								continue
							}
							for c := range s.C {
								xi := ((b*s.H+iy)*s.W+ix)*s.C + c
								wi := ((ky*s.KW+kx)*s.C+c)*s.F + f
								dw[wi] += x[xi] * gv
								if dx != nil {
									dx[xi] += w[wi] * gv
								}
							}
						}
					}
				}
			}
		}
	}
}

func refMaxPool2D(s *PoolShape, n int, x, y []float32, arg []int32) {
	for b := range n {
		for oy := range s.OH {
			for ox := range s.OW {
				for c := range s.C {
					best := -1
					for i := range s.PH {
						for j := range s.PW {
							q := ((b*s.H+oy*s.SH+i)*s.W+ox*s.SW+j)*s.C + c
							if best < 0 || x[q] > x[best] || (x[q] != x[q] && x[best] == x[best]) {
								best = q
							}
						}
					}
					o := ((b*s.OH+oy)*s.OW+ox)*s.C + c
					y[o], arg[o] = x[best], int32(best)
				}
			}
		}
	}
}

func refMaxPool2DBackward(s *PoolShape, n int, dy []float32, arg []int32, dx []float32) {
	clear(dx[:n*s.InSize()])
	for o, g := range dy[:n*s.OutSize()] {
		dx[arg[o]] += g
	}
}
