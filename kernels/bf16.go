package kernels

import "math"

// The bf16 GEMM: SgemmBF16 (documented below for users), its emulation on
// the float32 GEMMs, and the error analysis behind its bound, which
// kernels/bf16_test.go tests.
//
// bf16 has 8 significant bits, so its unit roundoff is 2⁻⁸: each operand x
// becomes x̂ with |x̂ − x| ≤ 2⁻⁸·|x| (a normal x: half a unit in the last
// place) or |x̂ − x| < 2⁻¹²⁶ (a denormal x, flushed). A product of two bf16
// is exact in float32 (8-bit significands make a 16-bit one), so for one
// element of C, with S = Σ_p |a_p|·|b_p|:
//
//	|â·b̂ − a·b| ≤ (2·2⁻⁸ + 2⁻¹⁶)·|a|·|b| + 2⁻¹²⁶·(|a| + |b|)·(1 + 2⁻⁸) + 2⁻²⁵²
//
// and summing the k exact products â·b̂ in float32, in any order, adds at
// most γ_k·Σ|â·b̂| ≤ γ_k·(1+2⁻⁸)²·S, γ_k = k·2⁻²⁴/(1 − k·2⁻²⁴) (Higham,
// §3.1), plus, on avx512bf16, at most 2⁻¹²⁶ for each partial sum that
// VDPBF16PS flushes from denormal to zero. The scaling by alpha and the
// addition of beta·C round twice more (γ_2). Relative to S the error is
// thus at most about 2⁻⁷ + k·2⁻²⁴. Two paths, which sum the same exact
// products in different orders, differ by at most 2·γ_{k+2} times
// |alpha|·Σ|â·b̂| + |beta·c|, plus the flushed partial sums.

// SgemmBF16 computes C = alpha·op(A)·op(B) + beta·C as Sgemm does (the same
// shapes, leading dimensions, checks and BLAS semantics: beta = 0 ignores
// C, NaN included; alpha = 0 or k = 0 reads neither A nor B), except that
// every element of A and B is first rounded to bfloat16 (bf16: the sign,
// the 8 exponent bits and the top 7 fraction bits of a float32) and the
// products, exact in float32, are accumulated in float32. On CPUs with
// AVX512_BF16 it runs on VDPBF16PS, which does 32 products per instruction,
// twice as many as a float32 fused multiply-add.
//
// The rounding is that of the instruction VCVTNE2PS2BF16, on every path
// (RoundBF16 applies it to one value):
//
//	to nearest, ties to even   1.00390625 → 1, 1.01171875 → 1.015625
//	NaN                        stays NaN, made quiet, sign and top payload kept
//	±Inf                       stays; a finite value past the largest bf16 becomes ±Inf
//	denormals                  become zero of the same sign (the instruction's
//	                           DAZ), so that Inf times a denormal is NaN here
//	                           where Sgemm gives ±Inf
//
// Precision: each element of C is within
//
//	|alpha|·((2⁻⁷ + 2⁻¹⁶)·S + γ_{k+2}·Ŝ + 2⁻¹²⁵·(A1 + k + 1)) + γ_2·|beta·c|
//
// of the exact alpha·Σ_p a_ip·b_pj + beta·c, where S = Σ_p |a_ip|·|b_pj|,
// Ŝ ≈ S is the same sum over the rounded operands, A1 = Σ_p (|a_ip| +
// |b_pj|) and γ_n = n·2⁻²⁴/(1 − n·2⁻²⁴): bf16's rounding (relative 2⁻⁸ per
// operand) dominates, the float32 accumulation adds what Sgemm's does, and
// the last term, tiny, covers flushed denormals. So C keeps 2 to 3
// significant decimal digits relative to S.
//
// Paths: SgemmBF16 runs on the path in use (Path, SetPath, GOF32_PATH).
// naive runs the reference loop; generic, avx2, avx512 and neon round A
// and B into float32 copies and run the path's float32 GEMM (the same
// products summed in another order), except that where the CPU has
// AVX512_BF16 (with AVX512F/BW/DQ/VL and BMI2) the avx512 path rounds
// while packing and multiplies with VDPBF16PS. All paths round alike;
// VDPBF16PS also flushes denormal partial sums to zero (FTZ), which the
// bound above allows for.
func SgemmBF16(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if !gemmPrologue("SgemmBF16", transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) {
		return
	}
	g := gemmArgs{transA, transB, m, n, k, alpha, beta, a, b, c, lda, ldb, ldc}
	current.Load().bf16(g)
}

// RoundBF16 returns x rounded to bfloat16 as SgemmBF16 rounds its
// operands (to nearest even; NaN stays NaN, made quiet; denormals become
// zero of the same sign), widened back to float32 exactly.
func RoundBF16(x float32) float32 { return math.Float32frombits(uint32(bf16Bits(x)) << 16) }

// bf16Bits is the bf16 rounding of x, bit for bit VCVTNE2PS2BF16's.
func bf16Bits(x float32) uint16 {
	b := math.Float32bits(x)
	switch {
	case b&0x7f800000 == 0: // zero or denormal: a zero of the same sign
		return uint16(b>>16) & 0x8000
	case b&0x7fffffff > 0x7f800000: // NaN: quiet, sign and top payload kept
		return uint16(b>>16) | 0x40
	}
	// To nearest, ties to even: add just under half a unit of bf16, plus
	// one when the bf16 would be odd; the carry rounds up. Infinities
	// stay, the largest finite values overflow to infinity.
	return uint16((b + 0x7fff + (b>>16)&1) >> 16)
}

// refSgemmBF16 is the naive bf16 path: refSgemm on operands rounded as they
// are read.
func refSgemmBF16(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	refGemm(true, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

func refSgemmBF16Args(g gemmArgs) {
	refSgemmBF16(g.transA, g.transB, g.m, g.n, g.k, g.alpha, g.a, g.lda, g.b, g.ldb, g.beta, g.c, g.ldc)
}

// emulatedBF16 is the bf16 GEMM of a path without bf16 instructions:
// round (dst[i] = RoundBF16(src[i])) copies A and B rounded, and cfg's
// float32 GEMM multiplies the copies (bf16Rounded).
func emulatedBF16(cfg *gemmConfig, round func(dst, src []float32)) func(g gemmArgs) {
	return func(g gemmArgs) { bf16Rounded(cfg, round, &g) }
}

// bf16Rounded runs a bf16 GEMM on a float32 path: it rounds A and B into
// dense float32 copies with round (dst[i] = RoundBF16(src[i])) and hands
// them to the path's GEMM. The products are those of refSgemmBF16, exact
// in float32; only their summation order differs.
func bf16Rounded(cfg *gemmConfig, round func(dst, src []float32), g *gemmArgs) {
	ar, ac := g.m, g.k
	if g.transA {
		ar, ac = g.k, g.m
	}
	br, bc := g.k, g.n
	if g.transB {
		br, bc = g.n, g.k
	}
	s := bf16Free.get()
	s.fa = growFloats(s.fa, ar*ac)
	s.fb = growFloats(s.fb, br*bc)
	for i := 0; i < ar; i++ {
		round(s.fa[i*ac:i*ac+ac], g.a[i*g.lda:i*g.lda+ac])
	}
	for i := 0; i < br; i++ {
		round(s.fb[i*bc:i*bc+bc], g.b[i*g.ldb:i*g.ldb+bc])
	}
	r := *g
	r.a, r.lda = s.fa[:ar*ac], ac
	r.b, r.ldb = s.fb[:br*bc], bc
	runGemm(cfg, &r)
	bf16Free.put(s)
}

// roundBF16Go sets dst[i] = RoundBF16(src[i]).
func roundBF16Go(dst, src []float32) {
	dst = dst[:len(src)]
	for i, v := range src {
		dst[i] = RoundBF16(v)
	}
}

// bf16Scratch holds the buffers of one bf16 call (the rounded copies of a
// fallback path) or of one goroutine's part of it (the packed pairs of
// avx512bf16).
type bf16Scratch struct {
	fa, fb []float32
	pa, pb []uint32
}

var bf16Free freeList[bf16Scratch]

// growFloats returns x if it holds n values, else a new 64-byte aligned
// slice of n.
func growFloats(x []float32, n int) []float32 {
	if len(x) >= n {
		return x
	}
	return alignedFloats(n)
}
