//go:build !purego

package kernels

import (
	"fmt"
	"math"
	"testing"

	"github.com/gof32/gof32/internal/guard"
	"github.com/gof32/gof32/internal/peak"
)

// TestNEONMicroKernel holds the NEON microkernel to the microKernel
// contract on every tile shape mr ≤ 8, nr ≤ 12: A and B packed (sa = 8,
// sb = 12) or read in place with a tight stride, each operand, and C,
// exactly as long as the rectangle needs and against a guard page, so a
// vector loaded past row mr or column nr faults; depths across the edge
// path's passes (neonEdgeK); alpha and beta with NaN in C when beta is 0.
func TestNEONMicroKernel(t *testing.T) {
	if !hasNEON {
		t.Skip("the CPU has no NEON")
	}
	ks := []int{0, 1, 2, 3, 4, 5, 7, 8, 9, 31}
	deep := []int{neonEdgeK - 1, neonEdgeK, neonEdgeK + 1, 2*neonEdgeK + 3}
	if testing.Short() {
		deep = deep[1:3]
	}
	r := newRand(t)
	maxK := deep[len(deep)-1]
	ar := newArenas(t, 3, (maxK+1)*24+64)
	ref := make([]float32, 16*24)
	n := 0
	for mr := 1; mr <= neonMR; mr++ {
		for nr := 1; nr <= neonNR; nr++ {
			kk := ks
			if mr == neonMR || nr == neonNR || mr == 1 || nr == 1 {
				kk = append(kk[:len(kk):len(kk)], deep...)
			}
			for _, k := range kk {
				for layout := range 4 {
					sa, sb := neonMR, neonNR
					if layout&1 != 0 {
						sa = mr + n%3 // A in place, as a transposed A with lda ≥ mr
					}
					if layout&2 != 0 {
						sb = nr + n%2 // B in place, as a plain B with ldb ≥ nr
					}
					ldc := nr + n%4
					alpha, beta := alphas[n%3], betas[(n/3)%3]
					if alpha == 0 {
						alpha = 0.25 // the driver never calls a kernel with alpha 0
					}
					side := guard.Sides[n%2]
					n++

					// The shortest slices the contract allows.
					na, nb := size(k, mr, sa), size(k, nr, sb)
					a := ar.get(0, vecCase{n: na, side: side}, nil)
					b := ar.get(1, vecCase{n: nb, side: side}, nil)
					c := ar.get(2, vecCase{n: size(mr, nr, ldc), side: side}, nil)
					fillTile(r, beta, a, b, c)
					want := ref[:len(c)]
					copy(want, c)
					genKernelEdge(k, a, sa, b, sb, want, ldc, mr, nr, alpha, beta)
					c0 := append([]float32(nil), c...)
					neonKernel8x12(k, a, sa, b, sb, c, ldc, mr, nr, alpha, beta)

					name := fmt.Sprintf("mr=%d nr=%d k=%d sa=%d sb=%d ldc=%d alpha=%v beta=%v %s", mr, nr, k, sa, sb, ldc, alpha, beta, side)
					for i := 0; i < mr; i++ {
						for j := 0; j < ldc && i*ldc+j < len(c); j++ {
							got := c[i*ldc+j]
							if j >= nr {
								if ulpDiff(got, c0[i*ldc+j]) != 0 {
									t.Fatalf("%s: C[%d,%d] outside the tile changed from %v to %v", name, i, j, c0[i*ldc+j], got)
								}
								continue
							}
							// Two summation orders of k products, then
							// alpha·s + beta·c: within 2γ_{k+2} of
							// the magnitudes (sgemm_test.go).
							var mag float64
							for p := 0; p < k; p++ {
								mag += math.Abs(float64(a[p*sa+i]) * float64(b[p*sb+j]))
							}
							mag *= math.Abs(float64(alpha))
							if beta != 0 {
								mag += math.Abs(float64(beta) * float64(c0[i*ldc+j]))
							}
							if tol := 2*gamma(k+2)*mag + 1e-37; !near(got, want[i*ldc+j], tol) {
								t.Fatalf("%s: C[%d,%d] = %v, want %v (tolerance %g)", name, i, j, got, want[i*ldc+j], tol)
							}
						}
					}
				}
			}
		}
	}
	t.Logf("%d tiles", n)
}

// TestNEONTranspose8 checks the packing transpose on every multiple of 4
// up to 68 and a long one, with strides larger than the block, source and
// destination exactly as long as the block needs, against a guard page.
func TestNEONTranspose8(t *testing.T) {
	if !hasNEON {
		t.Skip("the CPU has no NEON")
	}
	r := newRand(t)
	ar := newArenas(t, 2, 8*(1030+3)+1030*11)
	for i, n := range []int{0, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 44, 48, 52, 56, 60, 64, 68, 1028} {
		lds, ldd := n+i%3, 8+i%4
		side := guard.Sides[i%2]
		src := ar.get(0, vecCase{n: size(8, n, lds), side: side}, nil)
		dst := ar.get(1, vecCase{n: size(n, 8, ldd), side: side}, nil)
		fillUniform(r, src)
		sprinkle(r, src, specials)
		for j := range dst {
			dst[j] = float32(j)
		}
		d0 := append([]float32(nil), dst...)
		neonTranspose8(n, src, lds, dst, ldd)
		for p := 0; p < n; p++ {
			for j := 0; j < ldd && p*ldd+j < len(dst); j++ {
				want := d0[p*ldd+j] // the padding between rows stays
				if j < 8 {
					want = src[j*lds+p]
				}
				if ulpDiff(dst[p*ldd+j], want) != 0 {
					t.Fatalf("n=%d lds=%d ldd=%d %s: dst[%d,%d] = %v, want %v", n, lds, ldd, side, p, j, dst[p*ldd+j], want)
				}
			}
		}
	}
}

// TestNEONPeakLoop checks that the NEON path offers its FMA peak loop to
// the benchmarks (internal/peak), with the flops of one iteration of asm.FMAPeakNEON (24
// FMLA on 4 lanes), and that the loop runs and returns for any count.
func TestNEONPeakLoop(t *testing.T) {
	if !hasNEON {
		t.Skip("the CPU has no NEON")
	}
	l, ok := peak.Get("neon")
	if !ok || l.Flops != 24*4*2 {
		t.Fatalf("peak.Get(neon) = %v, %d flops, want a loop of %d", ok, l.Flops, 24*4*2)
	}
	for _, n := range []int{-1, 0, 1, 1000} {
		l.Run(n)
	}
}
