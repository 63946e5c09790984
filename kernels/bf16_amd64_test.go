//go:build !purego

package kernels

import (
	"math"
	"math/rand/v2"
	"testing"
	"unsafe"

	"github.com/gof32/gof32/internal/asm"
	"github.com/gof32/gof32/internal/guard"
	"github.com/gof32/gof32/internal/peak"
)

func needBF16(t *testing.T) {
	t.Helper()
	if !hasBF16 {
		t.Skip("the CPU lacks AVX512_BF16 (or AVX512F/BW/DQ/VL, BMI2): avx512bf16 cannot run")
	}
}

// pair is the dword of two bf16 the packing routines write.
func pair(lo, hi float32) uint32 { return uint32(bf16Bits(lo)) | uint32(bf16Bits(hi))<<16 }

// bf16Values returns n float32 drawn from the values where a rounding can
// go wrong: specials, every boundary of the rounding (low halves 0x7fff,
// 0x8000, 0x8001 with even and odd bf16), the largest finite values, and
// random bit patterns of every exponent.
func bf16Values(r *rand.Rand, n int) []float32 {
	x := make([]float32, n)
	for i := range x {
		switch r.IntN(4) {
		case 0:
			x[i] = specials[r.IntN(len(specials))]
		case 1:
			lows := []uint32{0x7fff, 0x8000, 0x8001, 0, 0xffff}
			x[i] = math.Float32frombits(r.Uint32()&0xffff0000 | lows[r.IntN(len(lows))])
		case 2:
			x[i] = math.Float32frombits(r.Uint32())
		default:
			x[i] = 2*r.Float32() - 1
		}
	}
	return x
}

// TestBF16RoundingAVX512 feeds every upper half of a float32, with lower
// halves at and around the rounding boundaries, through both packing
// routines (three for the second half of each pair) and checks each bf16
// against bf16Bits bit for bit: the Go
// rounding (used by every other path and the reference) is
// VCVTNE2PS2BF16's, NaN, infinities, denormals and overflow included.
func TestBF16RoundingAVX512(t *testing.T) {
	needBF16(t)
	r := newRand(t)
	lows := []uint32{0, 1, 0x7fff, 0x8000, 0x8001, 0xffff, r.Uint32() & 0xffff, r.Uint32() & 0xffff}
	const n = 1 << 16
	src := make([]float32, 2*n)
	dst := make([]uint32, n)
	for _, lo := range lows {
		for h := range n {
			src[h] = math.Float32frombits(uint32(h)<<16 | lo)
			// The second row: the same values in another order, so
			// that each lands in both halves of a pair.
			src[n+h] = math.Float32frombits(uint32(h*40503%n)<<16 | lo)
		}
		// Two rows of n, interleaved.
		asm.PackBF16PairsAVX512(2, n, src, n, dst, n, 32)
		for j := range n {
			if want := pair(src[j], src[n+j]); dst[j] != want {
				t.Fatalf("PackBF16PairsAVX512: %#08x, %#08x → %#08x, want %#08x",
					math.Float32bits(src[j]), math.Float32bits(src[n+j]), dst[j], want)
			}
		}
		// n/2 rows of 2 converted: row j = src[2j], src[2j+1].
		rw := make([]uint32, n/2*16)
		asm.PackBF16RowsAVX512(2, n/2, src, 2, rw, 16)
		for j := range n / 2 {
			if want := pair(src[2*j], src[2*j+1]); rw[j*16] != want {
				t.Fatalf("PackBF16RowsAVX512: %#08x, %#08x → %#08x, want %#08x",
					math.Float32bits(src[2*j]), math.Float32bits(src[2*j+1]), rw[j*16], want)
			}
		}
		// n/2 rows of 2, transposed: row j = src[2j], src[2j+1].
		tr := make([]uint32, 16*(n/2))
		asm.PackBF16TransAVX512(2, n/2, src, 2, tr, n/2)
		for j := range n / 2 {
			if want := pair(src[2*j], src[2*j+1]); tr[j] != want {
				t.Fatalf("PackBF16TransAVX512: %#08x, %#08x → %#08x, want %#08x",
					math.Float32bits(src[2*j]), math.Float32bits(src[2*j+1]), tr[j], want)
			}
		}
	}
}

// TestRoundBF16AVX2 checks roundBF16AVX2 (asm.RoundBF16AVX2 and the Go
// tail) against bf16Bits bit for bit: every upper half of a float32 with
// lower halves at and around the rounding boundaries, then every length
// 0..70 and some larger, at unaligned starts, against guard pages.
func TestRoundBF16AVX2(t *testing.T) {
	if !hasAVX2 {
		t.Skip("the CPU lacks AVX2")
	}
	r := newRand(t)
	const n = 1 << 16
	src := make([]float32, n)
	dst := make([]float32, n)
	for _, lo := range []uint32{0, 1, 0x7fff, 0x8000, 0x8001, 0xffff, r.Uint32() & 0xffff} {
		for h := range n {
			src[h] = math.Float32frombits(uint32(h)<<16 | lo)
		}
		roundBF16AVX2(dst, src)
		for i, x := range src {
			if got, want := math.Float32bits(dst[i]), uint32(bf16Bits(x))<<16; got != want {
				t.Fatalf("RoundBF16AVX2(%#08x) = %#08x, want %#08x", math.Float32bits(x), got, want)
			}
		}
	}
	as := newArenas(t, 2, 6000)
	for _, c := range vecCases(r) {
		x := as.get(0, c, bf16Values(r, c.n))
		y := as.get(1, c, nil)
		roundBF16AVX2(y, x)
		for i := range x {
			if got, want := math.Float32bits(y[i]), uint32(bf16Bits(x[i]))<<16; got != want {
				t.Fatalf("%v: dst[%d] = %#08x, want %#08x (src %#08x)", c, i, got, want, math.Float32bits(x[i]))
			}
		}
	}
}

// sentinel marks dst elements a packing routine must not write.
const sentinel = 0xdeadbeef

// packCase is one call of a packing routine: run calls it, and out lists
// every dst element it must write with the src elements of the pair's
// halves (-1: zero).
type packCase struct {
	name string
	// srcShape is the shape of src for k, n.
	srcShape func(k, n int) (rows, cols int)
	run      func(k, n int, src []float32, lds int, dst []uint32)
	out      func(k, n, lds int, visit func(d, lo, hi int))
}

// visitPairs visits the pairs PackBF16PairsAVX512 writes for a k×n
// source of stride lds: pair (q, j), at dst(q, j), holds rows 2q and
// 2q+1 of column j (−1: zero, past n or k), for j up to n rounded to 16.
func visitPairs(k, n, lds int, dst func(q, j int) int, visit func(d, lo, hi int)) {
	for q := 0; 2*q < k; q++ {
		for j := 0; j < roundUp(n, 16); j++ {
			lo, hi := 2*q*lds+j, (2*q+1)*lds+j
			if j >= n {
				lo = -1
			}
			if j >= n || 2*q+1 >= k {
				hi = -1
			}
			visit(dst(q, j), lo, hi)
		}
	}
}

// packCases returns the routines with the strides of case i: the pairs
// packer into one wide block and into panels of 32 columns, the
// transposing and the row packer.
func packCases(i int) []packCase {
	pad := i % 3
	return []packCase{
		{"PackBF16PairsAVX512/wide",
			func(k, n int) (int, int) { return k, n },
			func(k, n int, src []float32, lds int, dst []uint32) {
				asm.PackBF16PairsAVX512(k, n, src, lds, dst, roundUp(n, 16)+16*pad+pad, 32)
			},
			func(k, n, lds int, visit func(d, lo, hi int)) {
				ldd := roundUp(n, 16) + 16*pad + pad
				visitPairs(k, n, lds, func(q, j int) int { return q*ldd + j }, visit)
			}},
		{"PackBF16PairsAVX512/panels",
			func(k, n int) (int, int) { return k, n },
			func(k, n int, src []float32, lds int, dst []uint32) {
				asm.PackBF16PairsAVX512(k, n, src, lds, dst, 32+pad, (k+1)/2*(32+pad)+pad)
			},
			func(k, n, lds int, visit func(d, lo, hi int)) {
				ldd, ps := 32+pad, (k+1)/2*(32+pad)+pad
				visitPairs(k, n, lds, func(q, j int) int { return j/32*ps + q*ldd + j%32 }, visit)
			}},
		{"PackBF16TransAVX512",
			func(k, n int) (int, int) { return n, k },
			func(k, n int, src []float32, lds int, dst []uint32) {
				asm.PackBF16TransAVX512(k, n, src, lds, dst, roundUp(n, 16)+16*pad+pad)
			},
			func(k, n, lds int, visit func(d, lo, hi int)) {
				ldd := roundUp(n, 16) + 16*pad + pad
				for q := 0; 2*q < roundUp(k, 32); q++ {
					for j := 0; j < roundUp(n, 16); j++ {
						lo, hi := j*lds+2*q, j*lds+2*q+1
						if j >= n || 2*q >= k {
							lo = -1
						}
						if j >= n || 2*q+1 >= k {
							hi = -1
						}
						visit(q*ldd+j, lo, hi)
					}
				}
			}},
		{"PackBF16RowsAVX512",
			func(k, n int) (int, int) { return n, k },
			func(k, n int, src []float32, lds int, dst []uint32) {
				asm.PackBF16RowsAVX512(k, n, src, lds, dst, roundUp(k, 32)/2+16*pad+pad)
			},
			func(k, n, lds int, visit func(d, lo, hi int)) {
				ldd := roundUp(k, 32)/2 + 16*pad + pad
				for r := 0; r < n; r++ {
					for q := 0; 2*q < roundUp(k, 32); q++ {
						lo, hi := r*lds+2*q, r*lds+2*q+1
						if 2*q >= k {
							lo = -1
						}
						if 2*q+1 >= k {
							hi = -1
						}
						visit(r*ldd+q, lo, hi)
					}
				}
			}},
	}
}

// TestPackBF16AVX512 holds the packing routines to their Go loops (in
// internal/asm/bf16_amd64.go) for every k in 0..70 and n in 0..40 (with -short
// n up to 17 and around 32) and some larger,
// with padded strides, the source exactly as long as the elements named
// and the destination exactly as long as the elements written, each
// against a guard page; dst elements not written must keep their
// sentinel.
func TestPackBF16AVX512(t *testing.T) {
	needBF16(t)
	r := newRand(t)
	type dims struct{ k, n int }
	var ds []dims
	for k := 0; k <= 70; k++ {
		for n := 0; n <= 40; n++ {
			if testing.Short() && n > 17 && n != 31 && n != 32 && n != 33 && n != 40 {
				continue
			}
			ds = append(ds, dims{k, n})
		}
	}
	for range 10 {
		ds = append(ds, dims{1 + r.IntN(600), 1 + r.IntN(300)})
	}
	gs := guard.NewArena(t, 700*320)
	gd := guard.NewArena(t, 700*320)
	for ci := range packCases(0) {
		t.Run(packCases(0)[ci].name, func(t *testing.T) {
			for i, d := range ds {
				pc := packCases(i)[ci]
				side := guard.Sides[i%2]
				sr, sc := pc.srcShape(d.k, d.n)
				lds := max(1, sc) + i%3*5
				var src []float32
				if sr > 0 && sc > 0 {
					src = gs.Slice(size2(sr, sc, lds), side)
				} else {
					src = gs.Slice(0, side)
				}
				copy(src, bf16Values(r, len(src)))
				dlen := 0
				pc.out(d.k, d.n, lds, func(di, lo, hi int) { dlen = max(dlen, di+1) })
				dst := asUint32(gd.Slice(dlen, side))
				for j := range dst {
					dst[j] = sentinel
				}
				pc.run(d.k, d.n, src, lds, dst)
				written := make([]bool, dlen)
				pc.out(d.k, d.n, lds, func(di, lo, hi int) {
					written[di] = true
					var x, y float32
					if lo >= 0 {
						x = src[lo]
					}
					if hi >= 0 {
						y = src[hi]
					}
					if want := pair(x, y); dst[di] != want {
						t.Fatalf("k=%d n=%d lds=%d %s: dst[%d] = %#08x, want %#08x (%#08x, %#08x)",
							d.k, d.n, lds, side, di, dst[di], want, math.Float32bits(x), math.Float32bits(y))
					}
				})
				for di, w := range written {
					if !w && dst[di] != sentinel {
						t.Fatalf("k=%d n=%d lds=%d %s: dst[%d] = %#x was written", d.k, d.n, lds, side, di, dst[di])
					}
				}
			}
		})
	}
}

// asUint32 reinterprets a guarded float32 window as uint32.
func asUint32(f []float32) []uint32 {
	return unsafe.Slice((*uint32)(unsafe.Pointer(unsafe.SliceData(f))), len(f))
}

// TestSgemmBF16KernelAVX512 holds the microkernel, in both its forms
// (regs true must give the same bits as false), to its contract
// directly: every tile size up to 14×32, k pairs 0 to 19, A as pairs of
// rows and as rows of pairs with padded strides, B packed (sb = 32) and padded, each operand exactly
// as long as the elements the tile names and against a guard page; C
// outside the tile must be untouched. The expected value is the float64
// sum of the exact products of the bf16 operands; the kernel's float32
// sums (2·kp additions, each perhaps flushed from a denormal) and the
// scaling are within 2·γ_{2kp+2}·(|α|·Σ|products| + |β·c0|) +
// |α|·2⁻¹²⁵·(2kp+1).
func TestSgemmBF16KernelAVX512(t *testing.T) {
	needBF16(t)
	r := newRand(t)
	const maxKP = 19
	ga := guard.NewArena(t, (maxKP+3)*(bf16MR+8)+8)
	gb := guard.NewArena(t, maxKP*(bf16NR+8)+8)
	gc := guard.NewArena(t, (bf16MR+1)*(bf16NR+8))
	widen := func(h uint32) float64 { return float64(math.Float32frombits(h << 16)) }
	n := 0
	for mr := 1; mr <= bf16MR; mr++ {
		for nr := 1; nr <= bf16NR; nr++ {
			for _, kp := range []int{0, 1, 2, 5, maxKP} {
				n++
				side := guard.Sides[n%2]
				// Pairs of rows (sa = stride, si = 1) or rows of
				// pairs (sa = 1, si = stride).
				sa, si := []int{mr, mr + 3, 16}[n%3], 1
				if n%2 == 1 {
					sa, si = 1, max(kp, 1)+n%3
				}
				sb := []int{bf16NR, nr + 5}[n/2%2]
				ldc := []int{nr, nr + 3}[n/3%2]
				alpha, beta := alphas[n%3], betas[n/3%3]
				if alpha == 0 {
					alpha = 1.5
				}
				var a, b []uint32
				if kp > 0 {
					a = asUint32(ga.Slice((kp-1)*sa+(mr-1)*si+1, side))
					b = asUint32(gb.Slice((kp-1)*sb+nr, side))
				}
				for i := range a {
					a[i] = pair(2*r.Float32()-1, 2*r.Float32()-1)
				}
				for i := range b {
					b[i] = pair(2*r.Float32()-1, 2*r.Float32()-1)
				}
				c := gc.Slice((mr-1)*ldc+nr, side)
				fillUniform(r, c)
				if beta == 0 {
					for i := range c {
						c[i] = float32(math.NaN())
					}
				}
				c0 := append([]float32(nil), c...)
				// The register-broadcast form first, on the same
				// guarded operands; it must give the same bits.
				asm.SgemmBF16KernelAVX512(kp, a, sa, si, b, sb, c, ldc, mr, nr, alpha, beta, true)
				cr := append([]float32(nil), c...)
				copy(c, c0)
				asm.SgemmBF16KernelAVX512(kp, a, sa, si, b, sb, c, ldc, mr, nr, alpha, beta, false)
				for i := range c {
					if math.Float32bits(c[i]) != math.Float32bits(cr[i]) {
						t.Fatalf("mr=%d nr=%d kp=%d: C[%d] = %v, the register-broadcast kernel gives %v", mr, nr, kp, i, c[i], cr[i])
					}
				}
				for i := 0; i < mr; i++ {
					for j := 0; j < ldc && i*ldc+j < len(c); j++ {
						got := c[i*ldc+j]
						if j >= nr {
							if ulpDiff(got, c0[i*ldc+j]) != 0 {
								t.Fatalf("mr=%d nr=%d kp=%d: C[%d,%d] outside the tile changed", mr, nr, kp, i, j)
							}
							continue
						}
						var s, mag float64
						for q := 0; q < kp; q++ {
							pa, pb := a[q*sa+i*si], b[q*sb+j]
							lo := widen(pa&0xffff) * widen(pb&0xffff)
							hi := widen(pa>>16) * widen(pb>>16)
							s += lo + hi
							mag += math.Abs(lo) + math.Abs(hi)
						}
						want := float64(alpha) * s
						mag *= math.Abs(float64(alpha))
						if beta != 0 {
							want += float64(beta) * float64(c0[i*ldc+j])
							mag += math.Abs(float64(beta) * float64(c0[i*ldc+j]))
						}
						tol := 2*gamma(2*kp+2)*mag + math.Abs(float64(alpha))*tiny125*float64(2*kp+1) + tiny148
						if !near(got, float32(want), tol) {
							t.Fatalf("mr=%d nr=%d kp=%d sa=%d si=%d sb=%d ldc=%d alpha=%v beta=%v %s: C[%d,%d] = %v, want %v",
								mr, nr, kp, sa, si, sb, ldc, alpha, beta, side, i, j, got, want)
						}
					}
				}
			}
		}
	}
}

// TestSgemmBF16FlushAVX512 pins down what VDPBF16PS does with denormals,
// which the precision notes rely on: a denormal partial sum is flushed
// to zero (FTZ), where the float32 paths keep it.
func TestSgemmBF16FlushAVX512(t *testing.T) {
	needBF16(t)
	// 2⁻¹⁰⁰ · 2⁻³⁰ = 2⁻¹³⁰, a denormal product.
	a := []float32{float32(math.Ldexp(1, -100))}
	b := []float32{float32(math.Ldexp(1, -30))}
	c := []float32{1}
	saved := current.Load()
	defer current.Store(saved)
	for _, tc := range []struct {
		p    *impl
		want float32
	}{{avx512Impl(true), 0}, {avx512Impl(false), float32(math.Ldexp(1, -130))}, {naiveImpl(), float32(math.Ldexp(1, -130))}} {
		current.Store(tc.p)
		SgemmBF16(false, false, 1, 1, 1, 1, a, 1, b, 1, 0, c, 1)
		if c[0] != tc.want {
			t.Errorf("%s (bf16 peak loop %v): 2⁻¹⁰⁰·2⁻³⁰ = %g, want %g", tc.p.name, tc.p.bf16Peak.Run != nil, c[0], tc.want)
		}
	}
	// SetPath("avx512") selects the native route.
	if err := SetPath("avx512"); err != nil {
		t.Fatal(err)
	}
	SgemmBF16(false, false, 1, 1, 1, 1, a, 1, b, 1, 0, c, 1)
	if c[0] != 0 {
		t.Errorf("SetPath(avx512): 2⁻¹⁰⁰·2⁻³⁰ = %g, want 0 (VDPBF16PS)", c[0])
	}
}

// TestBF16PeakLoop checks that avx512bf16 offers its VDPBF16PS peak loop
// to the benchmarks (internal/peak), with the flops of one iteration (24
// instructions of 16 lanes × 2 products), that the loop runs and returns
// for any count, that avx512 offers its FMA loop and naive none.
func TestBF16PeakLoop(t *testing.T) {
	if _, ok := peak.Get("naive"); ok {
		t.Errorf("peak.Get(naive) offers a loop")
	}
	if _, ok := peak.Get("naivebf16"); ok {
		t.Errorf("peak.Get(naivebf16) offers a loop")
	}
	if l, ok := peak.Get("avx512"); hasAVX512 && (!ok || l.Flops != asm.FlopsPerIterAVX512) {
		t.Errorf("peak.Get(avx512) = %v, %d flops, want the FMA loop", ok, l.Flops)
	}
	l, ok := peak.Get("avx512bf16")
	if ok != hasBF16 {
		t.Fatalf("peak.Get(avx512bf16): ok = %v on a CPU with AVX512_BF16 %v", ok, hasBF16)
	}
	needBF16(t)
	if l.Flops != 24*16*2*2 {
		t.Fatalf("peak.Get(avx512bf16) = %d flops, want a loop of %d", l.Flops, 24*16*2*2)
	}
	for _, n := range []int{-1, 0, 1, 1000} {
		l.Run(n)
	}
}

// The avx512 path with its bf16 GEMM emulated on the float32 one, the
// route SgemmBF16 takes on an AVX-512 CPU without AVX512_BF16, tested here
// beside the native one.
func init() {
	if hasBF16 {
		p := avx512Impl(false)
		p.name = "avx512-emulated"
		bf16Extra = append(bf16Extra, p)
	}
}
