//go:build !purego

package kernels

import (
	"math"
	"math/rand/v2"
	"testing"
	"unsafe"

	"github.com/gof32/gof32/asm"
	"github.com/gof32/gof32/internal/guard"
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
// routines and checks each bf16 against bf16Bits bit for bit: the Go
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
		asm.PackBF16PairsAVX512(2, n, src, n, dst, n)
		for j := range n {
			if want := pair(src[j], src[n+j]); dst[j] != want {
				t.Fatalf("PackBF16PairsAVX512: %#08x, %#08x → %#08x, want %#08x",
					math.Float32bits(src[j]), math.Float32bits(src[n+j]), dst[j], want)
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

// sentinel marks dst elements a packing routine must not write.
const sentinel = 0xdeadbeef

// TestPackBF16AVX512 holds both packing routines to their Go loops (in
// asm/bf16_amd64.go) for every k in 0..70 and n in 0..40 and some larger,
// with padded leading dimensions, the source exactly as long as the
// elements named and the destination exactly as long as the elements
// written, each against a guard page; dst elements outside the written
// rows and columns must keep their sentinel.
func TestPackBF16AVX512(t *testing.T) {
	needBF16(t)
	r := newRand(t)
	type dims struct{ k, n int }
	var ds []dims
	for k := 0; k <= 70; k++ {
		for n := 0; n <= 40; n++ {
			ds = append(ds, dims{k, n})
		}
	}
	for range 10 {
		ds = append(ds, dims{1 + r.IntN(600), 1 + r.IntN(300)})
	}
	gs := guard.NewArena(t, 700*320)
	gd := guard.NewArena(t, 700*320)
	for _, trans := range []bool{false, true} {
		name := "PackBF16PairsAVX512"
		if trans {
			name = "PackBF16TransAVX512"
		}
		t.Run(name, func(t *testing.T) {
			for i, d := range ds {
				side := guard.Sides[i%2]
				w := roundUp(d.n, 16)
				rows := (d.k + 1) / 2 // rows of dst written
				if trans {
					rows = roundUp(d.k, 32) / 2
				}
				sr, sc := d.k, d.n // src shape
				if trans {
					sr, sc = d.n, d.k
				}
				lds := max(1, sc) + i%3*5
				ldd := w + i%2*16 + i%3
				var src []float32
				if sr > 0 && sc > 0 {
					src = gs.Slice(size2(sr, sc, lds), side)
				} else {
					src = gs.Slice(0, side)
				}
				copy(src, bf16Values(r, len(src)))
				var dst []uint32
				dlen := 0
				if rows > 0 && w > 0 {
					dlen = (rows-1)*ldd + w
				}
				// The window ends at the guard after the last
				// element written, or starts at the one before.
				f := gd.Slice(dlen+ldd, side)
				if side == guard.After {
					f = f[ldd:]
				} else {
					f = f[:dlen]
				}
				dst = asUint32(f)
				for j := range dst {
					dst[j] = sentinel
				}
				if trans {
					asm.PackBF16TransAVX512(d.k, d.n, src, lds, dst, ldd)
				} else {
					asm.PackBF16PairsAVX512(d.k, d.n, src, lds, dst, ldd)
				}
				for q := 0; q < rows; q++ {
					for j := 0; j < ldd && q*ldd+j < len(dst); j++ {
						got := dst[q*ldd+j]
						if j >= w {
							if got != sentinel {
								t.Fatalf("k=%d n=%d lds=%d ldd=%d %s: dst[%d,%d] = %#x outside the written columns", d.k, d.n, lds, ldd, side, q, j, got)
							}
							continue
						}
						var lo, hi float32
						if j < d.n {
							if trans {
								if 2*q < d.k {
									lo = src[j*lds+2*q]
								}
								if 2*q+1 < d.k {
									hi = src[j*lds+2*q+1]
								}
							} else {
								lo = src[2*q*lds+j]
								if 2*q+1 < d.k {
									hi = src[(2*q+1)*lds+j]
								}
							}
						}
						if want := pair(lo, hi); got != want {
							t.Fatalf("k=%d n=%d lds=%d ldd=%d %s: dst[%d,%d] = %#08x, want %#08x (%#08x, %#08x)",
								d.k, d.n, lds, ldd, side, q, j, got, want, math.Float32bits(lo), math.Float32bits(hi))
						}
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

// TestSgemmBF16KernelAVX512 holds the microkernel to its contract
// directly: every tile size up to 14×32, k pairs around the unrolling, A
// with padded strides, B packed (sb = 32) and padded, each operand exactly
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
	ga := guard.NewArena(t, maxKP*(bf16MR+8)+8)
	gb := guard.NewArena(t, maxKP*(bf16NR+8)+8)
	gc := guard.NewArena(t, (bf16MR+1)*(bf16NR+8))
	widen := func(h uint32) float64 { return float64(math.Float32frombits(h << 16)) }
	n := 0
	for mr := 1; mr <= bf16MR; mr++ {
		for nr := 1; nr <= bf16NR; nr++ {
			for _, kp := range []int{0, 1, 2, 5, maxKP} {
				n++
				side := guard.Sides[n%2]
				sa := []int{mr, mr + 3, 16}[n%3]
				sb := []int{bf16NR, nr + 5}[n/2%2]
				ldc := []int{nr, nr + 3}[n/3%2]
				alpha, beta := alphas[n%3], betas[n/3%3]
				if alpha == 0 {
					alpha = 1.5
				}
				var a, b []uint32
				if kp > 0 {
					a = asUint32(ga.Slice((kp-1)*sa+mr, side))
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
				asm.SgemmBF16KernelAVX512(kp, a, sa, b, sb, c, ldc, mr, nr, alpha, beta)
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
							pa, pb := a[q*sa+i], b[q*sb+j]
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
							t.Fatalf("mr=%d nr=%d kp=%d sa=%d sb=%d ldc=%d alpha=%v beta=%v %s: C[%d,%d] = %v, want %v",
								mr, nr, kp, sa, sb, ldc, alpha, beta, side, i, j, got, want)
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
	bf16Setup()
	saved := bf16Pinned.Load()
	defer bf16Pinned.Store(saved)
	for _, tc := range []struct {
		path string
		want float32
	}{{"avx512bf16", 0}, {"naive", float32(math.Ldexp(1, -130))}} {
		if err := SetBF16Path(tc.path); err != nil {
			t.Fatal(err)
		}
		SgemmBF16(false, false, 1, 1, 1, 1, a, 1, b, 1, 0, c, 1)
		if c[0] != tc.want {
			t.Errorf("%s: 2⁻¹⁰⁰·2⁻³⁰ = %g, want %g", tc.path, c[0], tc.want)
		}
	}
}
