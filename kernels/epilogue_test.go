package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gof32/gof32/internal/asm"
	"github.com/gof32/gof32/internal/guard"
)

// epilogueRef returns what ep makes of want, the exact (float64) value of
// C[i,j] before it, and the tolerance of the result, given tol, that of
// want: adding the bias costs one rounding more (u of the sum); ReLU and
// the mask are exact and do not widen it (max(·, 0) moves no two values
// further apart).
func epilogueRef(ep *Epilogue, i, j int, want, tol float64) (float64, float64) {
	if ep.Bias != nil {
		want += float64(ep.Bias[j])
		tol += u*math.Abs(want) + u*math.Abs(float64(ep.Bias[j]))
	}
	if ep.Relu && !(want > 0) && want == want {
		want = 0
	}
	if ep.Mask != nil && !(ep.Mask[i*ep.LDMask+j] > 0) {
		want, tol = 0, 0
	}
	return want, tol
}

// epiSpecials are the bias and mask values besides uniform ones: NaN, the
// infinities, signed zeros, denormals.
var epiSpecials = specials[:9]

// TestSgemmKernelEpilogue holds the microkernels' fused epilogues (bias;
// bias and ReLU; mask) to epilogueRef, for every tile size, k around the
// unrolling, A packed and row-major in place, ldc and the mask's leading
// dimension at the tile's width and wider, beta 0 (C NaN) and not, with
// NaN, infinities, signed zeros and denormals in the bias and the mask,
// and C, the bias and the mask each exactly as long as the tile needs and
// against a guard page.
func TestSgemmKernelEpilogue(t *testing.T) {
	forEachGemm(t, func(t *testing.T, cfg *gemmConfig) {
		if cfg.strided == nil {
			t.Skip("the path applies epilogues after its kernel (TestSgemmEpilogue)")
		}
		r := newRand(t)
		maxK := 19
		ga := guard.NewArena(t, (maxK+cfg.mr+4)*(maxK+cfg.mr+4))
		gb := guard.NewArena(t, (maxK+1)*(cfg.nr+8))
		gc := guard.NewArena(t, (cfg.mr+1)*(cfg.nr+8))
		gbias := guard.NewArena(t, cfg.nr)
		gmask := guard.NewArena(t, (cfg.mr+1)*(cfg.nr+8))
		n := 0
		for mr := 1; mr <= cfg.mr; mr++ {
			for nr := 1; nr <= cfg.nr; nr++ {
				for _, k := range []int{0, 1, 5, maxK} {
					for _, kind := range []int{asm.EpiBias, asm.EpiBiasRelu, asm.EpiMask} {
						n++
						side := guard.Sides[n%2]
						sa, si := cfg.mr, 1
						if n/2%2 == 1 {
							sa, si = 1, k+2
						}
						sb := []int{cfg.nr, nr + 5}[n/3%2]
						ldc := []int{nr, nr + 3}[n/5%2]
						ldm := []int{nr, nr + 2}[n/7%2]
						alpha, beta := []float32{1, -0.5}[n%2], betas[n/3%3]
						var a, b []float32
						if k > 0 {
							a = ga.Slice((k-1)*sa+(mr-1)*si+1, side)
							b = gb.Slice((k-1)*sb+nr, side)
						} else {
							a, b = ga.Slice(0, side), gb.Slice(0, side)
						}
						c := gc.Slice((mr-1)*ldc+nr, side)
						fillTile(r, beta, a, b, c)
						c0 := append([]float32(nil), c...)
						ep := &Epilogue{Relu: kind == asm.EpiBiasRelu}
						aep := asm.Epilogue{Kind: kind}
						if kind == asm.EpiMask {
							ep.Mask, ep.LDMask = gmask.Slice((mr-1)*ldm+nr, side), ldm
							fillUniform(r, ep.Mask)
							sprinkle(r, ep.Mask, epiSpecials)
							aep.Mask, aep.LDMask = &ep.Mask[0], ldm
						} else {
							ep.Bias = gbias.Slice(nr, side)
							fillUniform(r, ep.Bias)
							sprinkle(r, ep.Bias, epiSpecials)
							aep.Bias = &ep.Bias[0]
						}
						cfg.strided(k, a, sa, si, b, sb, c, ldc, mr, nr, alpha, beta, &aep)
						what := fmt.Sprintf("%s mr=%d nr=%d k=%d sa=%d sb=%d ldc=%d ldm=%d alpha=%v beta=%v %s", epiName(kind), mr, nr, k, sa, sb, ldc, ldm, alpha, beta, side)
						for i := 0; i < mr; i++ {
							for j := 0; j < ldc && i*ldc+j < len(c); j++ {
								got := c[i*ldc+j]
								if j >= nr {
									if ulpDiff(got, c0[i*ldc+j]) != 0 {
										t.Fatalf("%s: C[%d,%d] outside the tile changed", what, i, j)
									}
									continue
								}
								var s, mag float64
								for p := 0; p < k; p++ {
									ab := float64(a[p*sa+i*si]) * float64(b[p*sb+j])
									s += ab
									mag += math.Abs(ab)
								}
								want := float64(alpha) * s
								mag *= math.Abs(float64(alpha))
								if beta != 0 {
									want += float64(beta) * float64(c0[i*ldc+j])
									mag += math.Abs(float64(beta) * float64(c0[i*ldc+j]))
								}
								want, tol := epilogueRef(ep, i, j, want, 2*gamma(k+2)*mag+1e-37)
								if !near(got, float32(want), tol) || want == 0 && tol == 0 && math.Float32bits(got) != 0 {
									t.Fatalf("%s: C[%d,%d] = %v, want %v ± %g", what, i, j, got, want, tol)
								}
							}
						}
					}
				}
			}
		}
	})
}

func epiName(kind int) string {
	return map[int]string{asm.EpiBias: "bias", asm.EpiBiasRelu: "bias+relu", asm.EpiMask: "mask"}[kind]
}

// TestSgemmEpilogue holds SgemmEpilogue to the reference on every path
// (naive included: its product and the path's row kernels), one and two
// threads (products split by rows, columns and along k), every
// combination of bias, ReLU and mask, both transpositions, leading
// dimensions at the width and wider, alpha 0 and k 0 (the epilogue
// still applies), beta 0 with NaN in C, specials in the bias and the
// mask, and C, the bias and the mask against guard pages.
func TestSgemmEpilogue(t *testing.T) {
	defer SetThreads(SetThreads(1))
	type shape struct{ m, n, k int }
	shapes := []shape{{0, 5, 3}, {4, 0, 3}, {3, 4, 0}, {1, 1, 1}, {7, 15, 3}, {8, 16, 9}, {9, 17, 64},
		{13, 33, 5}, {32, 100, 50}, {32, 10, 200}, {17, 70, 31}, {64, 200, 40}, {40, 64, 600}}
	if testing.Short() {
		shapes = shapes[:10]
	}
	forEachPath(t, func(t *testing.T) {
		r := newRand(t)
		n := 0
		for _, threads := range []int{1, 2} {
			SetThreads(threads)
			for _, sh := range shapes {
				for combo := 1; combo < 8; combo++ {
					n++
					m, nn, k := sh.m, sh.n, sh.k
					transA, transB := n%2 == 1, n/2%2 == 1
					pad := n / 3 % 2 * 3
					alpha := []float32{1, -0.25, 0}[n%5%3]
					beta := betas[n/4%3]
					side := guard.Sides[n/7%2]
					ar, ac := m, k
					if transA {
						ar, ac = k, m
					}
					br, bc := k, nn
					if transB {
						br, bc = nn, k
					}
					lda, ldb, ldc, ldm := max(ac, 1)+pad, max(bc, 1)+pad, max(nn, 1)+pad, max(nn, 1)+(n%2)*2
					a := make([]float32, size(ar, ac, lda))
					b := make([]float32, size(br, bc, ldb))
					c := guard.Floats(t, size(m, nn, ldc), side)
					fillTile(r, beta, a, b, c)
					c0 := append([]float32(nil), c...)
					ep := &Epilogue{Relu: combo&2 != 0}
					if combo&1 != 0 {
						ep.Bias = guard.Floats(t, nn, side)
						fillUniform(r, ep.Bias)
						sprinkle(r, ep.Bias, epiSpecials)
					}
					if combo&4 != 0 {
						ep.Mask, ep.LDMask = guard.Floats(t, size(m, nn, ldm), side), ldm
						fillUniform(r, ep.Mask)
						sprinkle(r, ep.Mask, epiSpecials)
					}
					SgemmEpilogue(transA, transB, m, nn, k, alpha, a, lda, b, ldb, beta, c, ldc, ep)
					what := fmt.Sprintf("threads=%d %dx%dx%d tA=%v tB=%v pad=%d alpha=%v beta=%v bias=%v relu=%v mask=%v %s",
						threads, m, nn, k, transA, transB, pad, alpha, beta, ep.Bias != nil, ep.Relu, ep.Mask != nil, side)
					for i := range m {
						for j := range ldc {
							if i*ldc+j >= len(c) {
								break
							}
							got := c[i*ldc+j]
							if j >= nn {
								if ulpDiff(got, c0[i*ldc+j]) != 0 {
									t.Fatalf("%s: C[%d,%d] outside C changed", what, i, j)
								}
								continue
							}
							var s, mag float64
							if alpha != 0 {
								for p := range k {
									var av, bv float32
									if transA {
										av = a[p*lda+i]
									} else {
										av = a[i*lda+p]
									}
									if transB {
										bv = b[j*ldb+p]
									} else {
										bv = b[p*ldb+j]
									}
									s += float64(av) * float64(bv)
									mag += math.Abs(float64(av) * float64(bv))
								}
							}
							want := float64(alpha) * s
							mag *= math.Abs(float64(alpha))
							if beta != 0 {
								want += float64(beta) * float64(c0[i*ldc+j])
								mag += math.Abs(float64(beta) * float64(c0[i*ldc+j]))
							}
							// Split along k, the parts are added: one rounding
							// more per part.
							want, tol := epilogueRef(ep, i, j, want, 2*gamma(k+4)*mag+1e-37)
							if !near(got, float32(want), tol) || want == 0 && tol == 0 && math.Float32bits(got) != 0 {
								t.Fatalf("%s: C[%d,%d] = %v, want %v ± %g", what, i, j, got, want, tol)
							}
						}
					}
				}
			}
		}
	})
}

// TestSgemmEpilogueSgemm: with a nil or zero epilogue SgemmEpilogue is
// Sgemm, bit for bit, and with one it gives Sgemm's result with the
// path's own AddRowVector, Relu and ReluBackward applied (one thread,
// no split along k), bit for bit: the fused store does the same
// operations in the same order.
func TestSgemmEpilogueSgemm(t *testing.T) {
	defer SetThreads(SetThreads(1))
	forEachPath(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(3, 4))
		for _, sh := range [][3]int{{32, 100, 784}, {32, 200, 100}, {32, 10, 200}, {32, 100, 200}, {9, 33, 7}, {130, 70, 1100}} {
			m, n, k := sh[0], sh[1], sh[2]
			a, b := make([]float32, m*k), make([]float32, k*n)
			fillUniform(r, a)
			fillUniform(r, b)
			bias, mask := make([]float32, n), make([]float32, m*n)
			fillUniform(r, bias)
			fillUniform(r, mask)
			for _, ep := range []*Epilogue{nil, {}, {Bias: bias}, {Bias: bias, Relu: true}, {Mask: mask, LDMask: n}, {Relu: true}, {Bias: bias, Mask: mask, LDMask: n}} {
				want, got := make([]float32, m*n), make([]float32, m*n)
				Sgemm(false, false, m, n, k, 1, a, k, b, n, 0, want, n)
				if ep != nil {
					if ep.Bias != nil {
						AddRowVector(m, n, want, n, ep.Bias)
					}
					if ep.Relu {
						Relu(want, want)
					}
					if ep.Mask != nil {
						ReluBackward(want, want, ep.Mask)
					}
				}
				SgemmEpilogue(false, false, m, n, k, 1, a, k, b, n, 0, got, n, ep)
				for i := range got {
					if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
						t.Fatalf("%dx%dx%d %+v: element %d = %v, unfused %v", m, n, k, ep != nil, i, got[i], want[i])
					}
				}
			}
		}
	})
}

func TestSgemmEpilogueArgs(t *testing.T) {
	a, b, c := make([]float32, 6), make([]float32, 6), make([]float32, 4)
	for _, tc := range []struct {
		ep   *Epilogue
		want string
	}{
		{&Epilogue{Bias: make([]float32, 1)}, "kernels.SgemmEpilogue: Bias has 1 elements, needs 2"},
		{&Epilogue{Mask: make([]float32, 3), LDMask: 2}, "kernels.SgemmEpilogue: Mask is 2×2 with leading dimension 2 and needs 4 elements, has 3"},
		{&Epilogue{Mask: make([]float32, 4), LDMask: 1}, "kernels.SgemmEpilogue: leading dimension of Mask is 1, less than its 2 columns"},
	} {
		func() {
			defer func() {
				if got := fmt.Sprint(recover()); got != tc.want {
					t.Errorf("panic %q, want %q", got, tc.want)
				}
			}()
			SgemmEpilogue(false, false, 2, 2, 3, 1, a, 3, b, 2, 0, c, 2, tc.ep)
		}()
	}
}

// TestSgemmEpilogueAllocs: SgemmEpilogue allocates nothing once its
// buffers exist, with one and two threads.
func TestSgemmEpilogueAllocs(t *testing.T) {
	defer SetThreads(SetThreads(1))
	m, n, k := 32, 100, 200
	a, b, c := make([]float32, m*k), make([]float32, k*n), make([]float32, m*n)
	ep := &Epilogue{Bias: make([]float32, n), Relu: true}
	forEachPath(t, func(t *testing.T) {
		for _, threads := range []int{1, 2} {
			SetThreads(threads)
			SgemmEpilogue(false, false, m, n, k, 1, a, k, b, n, 0, c, n, ep)
			if got := testing.AllocsPerRun(20, func() { SgemmEpilogue(false, false, m, n, k, 1, a, k, b, n, 0, c, n, ep) }); got != 0 {
				t.Errorf("threads=%d: %v allocations per call", threads, got)
			}
		}
	})
}
