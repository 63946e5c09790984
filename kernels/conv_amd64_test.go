//go:build !purego

package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/gof32/gof32/internal/asm"
	"github.com/gof32/gof32/internal/guard"
)

// The convolution's AVX-512 routines against the Go loops their
// declarations give, on every column count 1..40 (whole vectors and every
// tail), several rows and strides, each operand's end against a guard
// page and its start after one.

func needAVX512(t *testing.T) {
	if !slices.Contains(Paths(), "avx512") {
		t.Skip("the avx512 path is not available on this CPU")
	}
}

func TestAddBlockAVX512(t *testing.T) {
	needAVX512(t)
	r := rand.New(rand.NewPCG(5, 6))
	for cols := 1; cols <= 40; cols++ {
		for _, rows := range []int{1, 3} {
			for _, ldd := range []int{cols, cols + 3, max(1, cols/3)} { // the last overlaps
				for _, side := range guard.Sides {
					lds := cols + 5
					src := guard.Floats(t, (rows-1)*lds+cols, side)
					dst := guard.Floats(t, (rows-1)*ldd+cols, side)
					fillUniform(r, src)
					fillUniform(r, dst)
					want := append([]float32(nil), dst...)
					addBlockGo(rows, cols, src, lds, want, ldd)
					asm.AddBlockAVX512(rows, cols, src, lds, dst, ldd)
					for i := range want {
						if dst[i] != want[i] {
							t.Fatalf("rows=%d cols=%d ldd=%d %s: dst[%d] = %g, want %g", rows, cols, ldd, side, i, dst[i], want[i])
						}
					}
				}
			}
		}
	}
}

func TestMaxPoolAccAVX512(t *testing.T) {
	needAVX512(t)
	r := rand.New(rand.NewPCG(7, 8))
	nan := float32(math.NaN())
	for cols := 1; cols <= 40; cols++ {
		for _, rows := range []int{1, 3} {
			for _, side := range guard.Sides {
				ldx, ldm := cols+2, cols+1
				x := guard.Floats(t, (rows-1)*ldx+cols, side)
				m := guard.Floats(t, (rows-1)*ldm+cols, side)
				fillUniform(r, x)
				sprinkle(r, x, []float32{nan, 0, float32(math.Inf(-1))})
				arg := make([]int32, len(m))
				wm, wa := make([]float32, len(m)), make([]int32, len(m))
				for first := 1; first >= 0; first-- {
					asm.MaxPoolAccAVX512(rows, cols, x, ldx, m, arg, ldm, 100, first)
					poolAccGo(rows, cols, x, ldx, wm, wa, ldm, 100, first)
					for i := range m {
						if ulpDiff(m[i], wm[i]) != 0 || arg[i] != wa[i] {
							t.Fatalf("rows=%d cols=%d %s first=%d: %g at %d, want %g at %d", rows, cols, side, first, m[i], arg[i], wm[i], wa[i])
						}
					}
					fillUniform(r, x) // the next element of the window
					sprinkle(r, x, []float32{nan, 0})
				}
			}
		}
	}
}

func TestMaxPoolBackRowAVX512(t *testing.T) {
	needAVX512(t)
	r := rand.New(rand.NewPCG(9, 10))
	for cols := 1; cols <= 40; cols++ {
		// A 2×2 window of pixels of cols channels in rows of 7 pixels;
		// successive windows (ldx) overlap, as the loop allows.
		o := []int{0, cols, 7 * cols, 8 * cols}
		for _, rows := range []int{1, 3} {
			for _, side := range guard.Sides {
				ldy, ldx := cols+3, 2*cols
				dy := guard.Floats(t, (rows-1)*ldy+cols, side)
				fillUniform(r, dy)
				arg := make([]int32, len(dy))
				for i := range rows {
					for j := range cols {
						e := o[r.IntN(4)]
						if r.IntN(9) == 0 {
							e = -1 // no element: nothing gets dy
						}
						arg[i*ldy+j] = int32(50 + i*ldx + e + j)
					}
				}
				n := (rows-1)*ldx + 8*cols + cols
				dx := guard.Floats(t, n, side)
				fillUniform(r, dx)
				want := append([]float32(nil), dx...)
				for i := range rows {
					for j := range cols {
						for _, e := range o {
							q := i*ldx + e + j
							if int(arg[i*ldy+j]) == 50+q {
								want[q] = dy[i*ldy+j]
							} else {
								want[q] = 0
							}
						}
					}
				}
				asm.MaxPoolBackRowAVX512(rows, cols, dy, arg, ldy, o, dx, ldx, 50)
				for i := range want {
					if math.Float32bits(dx[i]) != math.Float32bits(want[i]) {
						t.Fatalf("%s: rows=%d cols=%d: dx[%d] = %g, want %g", fmt.Sprint(side), rows, cols, i, dx[i], want[i])
					}
				}
			}
		}
	}
}
