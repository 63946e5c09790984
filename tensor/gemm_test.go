package tensor

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gof32/gof32/internal/pathtest"
	"github.com/gof32/gof32/kernels"
)

// Tests of Gemm's and GemmBF16's transposition flags: every combination of
// the flags with plain and transposed views of a, b and dst, against a
// float64 reference; the identities that make the flags free; overlap;
// panics naming transposed operands; allocations.

// gemmShapes are m, k, n: small, across the kernels' register tiles, a
// dot product, and empty ones.
var gemmShapes = [][3]int{{2, 3, 4}, {5, 7, 3}, {1, 1, 1}, {17, 33, 9}, {1, 20, 1}, {6, 1, 5}, {0, 3, 2}, {3, 0, 2}, {4, 5, 0}}

// stored returns the shape of an operand whose op is rows×cols: the
// transpose when the flag is set.
func stored(trans bool, rows, cols int) []int {
	if trans {
		return []int{cols, rows}
	}
	return []int{rows, cols}
}

// op returns op(x): x, or the view of its transpose when trans is set.
func op(trans bool, x *Tensor) *Tensor {
	if trans {
		return x.T()
	}
	return x
}

// gemmCase is one product of the flag tests: op(a), m×k, times op(b),
// k×n, with a and b in the layouts ak and bk, stored as the flags need,
// and cv the values dst starts from.
type gemmCase struct {
	sh             [3]int
	m, k, n        int
	transA, transB bool
	ak, bk         string
	a, b           *layout
	cv             []float32
}

func (c gemmCase) String() string {
	return fmt.Sprintf("%v transA=%v transB=%v a=%s b=%s", c.sh, c.transA, c.transB, c.ak, c.bk)
}

// eachGemmCase calls f for every shape of gemmShapes, every pair of flags
// and every pair of operand layouts, with operands drawn from r, and
// then checks that nothing outside the operands' views was written.
func eachGemmCase(t *testing.T, r *rand.Rand, op string, f func(c gemmCase)) {
	t.Helper()
	for _, sh := range gemmShapes {
		m, k, n := sh[0], sh[1], sh[2]
		cv := randVals(r, m*n)
		for _, transA := range []bool{false, true} {
			for _, transB := range []bool{false, true} {
				as, bs := stored(transA, m, k), stored(transB, k, n)
				av, bv := randVals(r, m*k), randVals(r, k*n)
				for _, ak := range layoutNames {
					for _, bk := range operandKinds(layoutNames) {
						a, b := newLayout(ak, as[0], as[1], av), newLayout(bk, bs[0], bs[1], bv)
						f(gemmCase{sh, m, k, n, transA, transB, ak, bk, a, b, cv})
						a.checkOutside(t, op)
						b.checkOutside(t, op)
					}
				}
			}
		}
	}
}

func TestGemmFlags(t *testing.T) {
	pathtest.ForEach(t, func(t *testing.T) {
		r := newRand(31)
		eachGemmCase(t, r, "Gemm", func(c gemmCase) {
			transA, transB, a, b, cv, m, n := c.transA, c.transB, c.a, c.b, c.cv, c.m, c.n
			want, tol := refGemm(-0.5, op(transA, a.t), op(transB, b.t), 2, cv)
			want0, tol0 := refGemm(1.5, op(transA, a.t), op(transB, b.t), 0, nil)
			for _, dk := range layoutNames {
				where := c.String() + " dst=" + dk
				dst := newLayout(dk, m, n, cv)
				if Gemm(dst.t, transA, transB, -0.5, a.t, b.t, 2) != dst.t {
					t.Fatal("Gemm did not return dst")
				}
				checkGemm(t, "Gemm "+where, values(dst.t), want, tol)
				dst.checkOutside(t, "Gemm")

				// beta = 0 ignores dst, NaN included.
				dst = newLayout(dk, m, n, nil)
				dst.t.Fill(float32(math.NaN()))
				Gemm(dst.t, transA, transB, 1.5, a.t, b.t, 0)
				checkGemm(t, "Gemm beta=0 "+where, values(dst.t), want0, tol0)
				dst.checkOutside(t, "Gemm")

				// A transposed view with its flag set is the
				// operand itself: the same kernel call, the
				// same bits.
				d1, d2 := newLayout(dk, m, n, cv), newLayout(dk, m, n, cv)
				Gemm(d1.t, transA, transB, -0.5, a.t, b.t, 2)
				Gemm(d2.t, !transA, !transB, -0.5, a.t.T(), b.t.T(), 2)
				compareExact(t, "flags against transposed views "+where, values(d2.t), values(d1.t))

				// dstᵀ = op(b)ᵀ·op(a)ᵀ: a transposed dst is
				// the product of the swapped operands with
				// the flags inverted, bit for bit.
				d1 = newLayout(dk, m, n, cv)
				d2 = newLayout(dk, m, n, cv)
				Gemm(d1.t, transA, transB, -0.5, a.t, b.t, 2)
				Gemm(d2.t.T(), !transB, !transA, -0.5, b.t, a.t, 2)
				compareExact(t, "dstᵀ = op(b)ᵀ·op(a)ᵀ "+where, values(d2.t), values(d1.t))
			}
		})
		// alpha = 0 scales dst by beta and reads neither a nor b.
		nan := Full(float32(math.NaN()), 3, 4)
		c := FromSlice(randVals(r, 6), 3, 2)
		want := Scale(nil, 0.5, c).Values()
		Gemm(c, false, true, 0, nan, Full(float32(math.NaN()), 2, 4), 0.5)
		compareExact(t, "Gemm alpha=0", c.Values(), want)

		// Operands that overlap dst are read as they were: dst = xᵀ·x +
		// ½·x in place, x·xᵀ into its own transpose, and a product into
		// rows of x shifted from those of its operand.
		x := RandN(NewRand(32), 6, 6)
		xc := x.Clone()
		w, tl := refGemm(1, xc.T(), xc, 0.5, xc.Values())
		Gemm(x, true, false, 1, x, x, 0.5)
		checkGemm(t, "Gemm(x, ᵀ, -, x, x)", x.Values(), w, tl)
		x = xc.Clone()
		w, tl = refGemm(1, xc, xc.T(), 0.5, xc.T().Values())
		Gemm(x.T(), false, true, 1, x, x, 0.5)
		checkGemm(t, "Gemm(xᵀ, -, ᵀ, x, x)", x.T().Values(), w, tl)
		y := RandN(NewRand(33), 8, 5)
		yc := y.Clone()
		w, tl = refGemm(2, yc.Slice(0, 5).T(), yc.Slice(3, 8), 0, nil)
		Gemm(y.Slice(2, 7), true, false, 2, y.Slice(0, 5), y.Slice(3, 8), 0)
		checkGemm(t, "Gemm into shifted rows", y.Slice(2, 7).Values(), w, tl)
		compareExact(t, "Gemm into shifted rows, rows outside", y.Slice(0, 2).Values(), yc.Slice(0, 2).Values())
	})
}

// TestGemmFlagsLarge runs the flags on a product large enough for the
// kernels to split it among goroutines (2·m·n·k = 665280 flops, above
// kernels' gemmParallelFlops, 2¹⁹ when this was written), with
// plain and transposed strided a, b and dst; GemmBF16 too, on the bf16
// path that follows Path.
func TestGemmFlagsLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("the float64 reference takes seconds under -race")
	}
	const m, k, n = 70, 72, 66
	kinds := []string{"dense", "transposed-strided"}
	pathtest.ForEach(t, func(t *testing.T) {
		r := newRand(38)
		cv := randVals(r, m*n)
		for _, transA := range []bool{false, true} {
			for _, transB := range []bool{false, true} {
				as, bs := stored(transA, m, k), stored(transB, k, n)
				av, bv := randVals(r, m*k), randVals(r, k*n)
				for _, ak := range kinds {
					for _, bk := range kinds {
						a, b := newLayout(ak, as[0], as[1], av), newLayout(bk, bs[0], bs[1], bv)
						oa, ob := FromSlice(values(op(transA, a.t)), m, k), FromSlice(values(op(transB, b.t)), k, n)
						want, tol := refGemmFast(0.75, oa, ob, -1, cv)
						rw, rt, _, _ := refGemmBF16(0.75, oa, ob, -1, cv)
						for _, dk := range kinds {
							where := fmt.Sprintf("transA=%v transB=%v a=%s b=%s dst=%s", transA, transB, ak, bk, dk)
							dst := newLayout(dk, m, n, cv)
							Gemm(dst.t, transA, transB, 0.75, a.t, b.t, -1)
							checkGemm(t, "Gemm "+where, values(dst.t), want, tol)
							dst.checkOutside(t, "Gemm")
							dst = newLayout(dk, m, n, cv)
							GemmBF16(dst.t, transA, transB, 0.75, a.t, b.t, -1)
							checkGemm(t, "GemmBF16 "+where, values(dst.t), rw, rt)
							dst.checkOutside(t, "GemmBF16")
						}
					}
				}
			}
		}
	})
}

// refGemmFast is refGemm for contiguous a and b, read from their storage.
func refGemmFast(alpha float32, a, b *Tensor, beta float32, c []float32) (want, tol []float64) {
	m, k, n := a.Dim(0), a.Dim(1), b.Dim(1)
	ad, bd := a.Data(), b.Data()
	want, tol = make([]float64, m*n), make([]float64, m*n)
	s, mag := make([]float64, n), make([]float64, n)
	for i := range m {
		clear(s)
		clear(mag)
		for p := range k {
			x := float64(ad[i*k+p])
			for j, y := range bd[p*n : p*n+n] {
				s[j] += x * float64(y)
				mag[j] += math.Abs(x * float64(y))
			}
		}
		for j := range n {
			e := i*n + j
			want[e] = float64(alpha)*s[j] + float64(beta)*float64(c[e])
			tol[e] = pathtest.Gamma(k+2)*(math.Abs(float64(alpha))*mag[j]+math.Abs(float64(beta)*float64(c[e]))) + 1e-30
		}
	}
	return want, tol
}

// refGemmBF16 returns, for GemmBF16(alpha, a, b, beta, c) with a and b
// the logical operands (op applied), two references and their bounds:
//
//   - the product of the operands rounded to bf16 (kernels.RoundBF16), in
//     float64, within Sgemm's bound γ_{k+2}·(|alpha|·Ŝ + |beta·c|) (the
//     rounded products are exact in float32, so only the float32 sums,
//     the scaling and the addition round), plus |alpha|·2⁻¹²⁵·(k+1) for
//     the partial sums avx512bf16 flushes from denormal to zero;
//   - the exact product of the unrounded operands, within the bound of
//     kernels.SgemmBF16's documentation:
//     |alpha|·((2⁻⁷ + 2⁻¹⁶)·S + γ_{k+2}·Ŝ + 2⁻¹²⁵·(A1 + k + 1)) + γ_2·|beta·c|.
//
// The first is the sharper: it fails if an operand is not rounded, or
// rounded otherwise.
func refGemmBF16(alpha float32, a, b *Tensor, beta float32, c []float32) (rounded, rtol, exact, etol []float64) {
	m, k, n := a.Dim(0), a.Dim(1), b.Dim(1)
	rounded, rtol = make([]float64, m*n), make([]float64, m*n)
	exact, etol = make([]float64, m*n), make([]float64, m*n)
	al := math.Abs(float64(alpha))
	for i := range m {
		for j := range n {
			var s, sHat, mag, magHat, a1 float64
			for p := range k {
				x, y := a.At(i, p), b.At(p, j)
				xr, yr := float64(kernels.RoundBF16(x)), float64(kernels.RoundBF16(y))
				s += float64(x) * float64(y)
				mag += math.Abs(float64(x) * float64(y))
				sHat += xr * yr
				magHat += math.Abs(xr * yr)
				a1 += math.Abs(float64(x)) + math.Abs(float64(y))
			}
			e := i*n + j
			rounded[e] = float64(alpha) * sHat
			rtol[e] = pathtest.Gamma(k+2)*al*magHat + al*0x1p-125*float64(k+1) + 1e-30
			exact[e] = float64(alpha) * s
			etol[e] = al*((0x1p-7+0x1p-16)*mag+pathtest.Gamma(k+2)*magHat+0x1p-125*(a1+float64(k)+1)) + 1e-30
			if beta != 0 {
				bc := float64(beta) * float64(c[e])
				rounded[e] += bc
				exact[e] += bc
				rtol[e] += pathtest.Gamma(k+2) * math.Abs(bc)
				etol[e] += pathtest.Gamma(2) * math.Abs(bc)
			}
		}
	}
	return rounded, rtol, exact, etol
}

func TestGemmBF16Flags(t *testing.T) {
	pathtest.ForEach(t, func(t *testing.T) {
		r := newRand(34)
		eachGemmCase(t, r, "GemmBF16", func(c gemmCase) {
			transA, transB, a, b, cv, m, n := c.transA, c.transB, c.a, c.b, c.cv, c.m, c.n
			rw, rt, ew, et := refGemmBF16(-0.5, op(transA, a.t), op(transB, b.t), 2, cv)
			for _, dk := range layoutNames {
				where := c.String() + " dst=" + dk
				dst := newLayout(dk, m, n, cv)
				if GemmBF16(dst.t, transA, transB, -0.5, a.t, b.t, 2) != dst.t {
					t.Fatal("GemmBF16 did not return dst")
				}
				got := values(dst.t)
				checkGemm(t, "GemmBF16 (rounded operands) "+where, got, rw, rt)
				checkGemm(t, "GemmBF16 (documented bound) "+where, got, ew, et)
				dst.checkOutside(t, "GemmBF16")
			}
		})
		// The operands are rounded: 1 + 2⁻¹⁰ is 1 in bf16.
		c := Full(float32(math.NaN()), 1, 1)
		GemmBF16(c, true, true, 1, Full(1+0x1p-10, 1, 1), Full(1, 1, 1), 0)
		if c.Item() != 1 {
			t.Fatalf("GemmBF16 of (1+2⁻¹⁰)·1 = %v, want 1 (bf16 rounding)", c.Item())
		}
	})
}

func TestGemmPanics(t *testing.T) {
	x23, x32, x22, x33 := Zeros(2, 3), Zeros(3, 2), Zeros(2, 2), Zeros(3, 3)
	cases := []panicCase{
		{"tensor: Gemm: shapes [2 3]ᵀ and [3 2] do not match", func() { Gemm(x22, true, false, 1, x23, x32, 0) }},
		{"tensor: Gemm: shapes [2 3] and [3 2]ᵀ do not match", func() { Gemm(x22, false, true, 1, x23, x32, 0) }},
		{"tensor: Gemm: shapes [2 3]ᵀ and [2 3]ᵀ do not match", func() { Gemm(x33, true, true, 1, x23, x23, 0) }},
		{"tensor: Gemm: shapes [3 2]ᵀ and [2 3] do not match", func() { Gemm(x22, true, false, 1, x23.T(), x23, 0) }},
		{"tensor: Gemm: dst has shape [2 2], want [3 3]", func() { Gemm(x22, true, false, 1, x23, x23, 0) }},
		{"tensor: Gemm: dst has shape [3 3], want [2 2]", func() { Gemm(x33, false, true, 1, x23, x23, 0) }},
		{"tensor: Gemm: dst has shape [3 2], want [2 3]", func() { Gemm(x32, true, true, 1, x32, x33, 0) }},
		{"tensor: Gemm: dst is nil; use MatMul to allocate the result", func() { Gemm(nil, true, false, 1, x23, x23, 0) }},
		{"tensor: Gemm: a has shape [6]; Gemm needs a 2-D tensor", func() { Gemm(x22, true, false, 1, Zeros(6), x23, 0) }},
		{"tensor: Gemm: b has shape [1 2 3]; Gemm needs a 2-D tensor", func() { Gemm(x22, false, true, 1, x23, Zeros(1, 2, 3), 0) }},
		{"tensor: GemmBF16: shapes [2 3]ᵀ and [3 2] do not match", func() { GemmBF16(x22, true, false, 1, x23, x32, 0) }},
		{"tensor: GemmBF16: shapes [2 3] and [2 3] do not match", func() { GemmBF16(x22, false, false, 1, x23, x23, 0) }},
		{"tensor: GemmBF16: dst has shape [2 2], want [3 3]", func() { GemmBF16(x22, true, false, 1, x23, x23, 0) }},
		{"tensor: GemmBF16: dst is nil; use MatMul to allocate the result", func() { GemmBF16(nil, false, false, 1, x23, x32, 0) }},
	}
	checkPanics(t, cases)
}

// TestGemmFlagsNoAllocs checks that the flags, like transposed views, cost
// no copy.
func TestGemmFlagsNoAllocs(t *testing.T) {
	x := RandN(NewRand(35), 64, 48)
	dy := RandN(NewRand(36), 64, 32)
	w := RandN(NewRand(37), 48, 32)
	dw := Zeros(48, 32)
	dx := Zeros(64, 48)
	view := Zeros(70, 60).Slice(3, 67).SliceCols(5, 53) // 64×48, strided
	// Views are made beforehand: making one allocates its header.
	dwT, xTT, dyT := Zeros(32, 48).T(), x.T().T(), dy.T()
	viewT := Zeros(60, 70).Slice(5, 53).SliceCols(3, 67).T() // 64×48, transposed and strided
	cases := map[string]func(){
		"dW = xᵀ·dy":            func() { Gemm(dw, true, false, 1, x, dy, 0) },
		"dX = dy·wᵀ into view":  func() { Gemm(view, false, true, 1, dy, w, 0) },
		"dX += dy·wᵀ":           func() { Gemm(dx, false, true, 1, dy, w, 1) },
		"dWᵀ transposed dst":    func() { Gemm(dwT, true, false, 1, x, dy, 0.5) },
		"flag on a view":        func() { Gemm(dw, true, false, 1, xTT, dy, 0) },
		"both flags, dst viewᵀ": func() { Gemm(viewT, true, true, 1, dyT, w, 0) },
	}
	for name, f := range cases {
		if n := testing.AllocsPerRun(20, f); n != 0 {
			t.Errorf("%s: %v allocations per run, want 0", name, n)
		}
	}
}
