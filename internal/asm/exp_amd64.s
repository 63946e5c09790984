//go:build !purego

#include "textflag.h"

// Vectorised e^x: the algorithm of kernels/exp.go (expf), lane by lane.
//
//  1. Range: x is clamped to [−104, expHi] with VMINPS/VMAXPS given x as
//     their second source, which they return when x is NaN, so a NaN
//     passes through every later step and comes out NaN. The clamp
//     reproduces expf's range checks: at expHi the steps below give
//     +Inf (r > 0 there, so p·2¹²⁸ > MaxFloat32), which is what expf
//     returns above expHi; on [−104, expLo) they give n = −150 and
//     r < 0, so p·2⁻¹⁵⁰ < 2⁻¹⁵⁰ rounds to 0, which is what expf returns
//     below expLo. Inside [expLo, expHi] nothing changes.
//  2. Reduction: t = x·log2e + magic (fused) holds n = round(x·log2e) in
//     its low mantissa bits; n = t − magic; r = x − n·ln2Hi (exact: the
//     product is exact and the fused subtraction rounds once),
//     r −= n·ln2Lo, fused.
//  3. p = 1 + r + r²·P(r), P of degree 5 by Horner's rule in fused
//     multiply-adds, then fma(P, r², r) + 1.
//  4. Scaling by 2ⁿ, rounded once. AVX2: two exact powers of two,
//     2^⌊n/2⌋ and 2^(n−⌊n/2⌋), built in the exponent field from the
//     integer n = bits(t) − bits(magic), each normal for n in [−150, 128];
//     p·2^⌊n/2⌋ is exact and the second product rounds once, also for
//     denormal results. AVX-512: VSCALEFPS computes p·2ⁿ with one
//     rounding (denormals included), the same value.
//
// Constants: one 32-byte row each, the value in all 8 lanes, so that the
// AVX2 code can use a row as a memory operand and the AVX-512 code can
// broadcast its first lane.
#define EXP_HI 0
#define EXP_LO 32
#define EXP_LOG2E 64
#define EXP_MAGIC 96
#define EXP_LN2HI 128
#define EXP_LN2LO 160
#define EXP_P0 192
#define EXP_P1 224
#define EXP_P2 256
#define EXP_P3 288
#define EXP_P4 320
#define EXP_P5 352
#define EXP_ONE 384

// expHi = 88.72283935546875: above it e^x overflows (the algorithm gives +Inf at expHi itself)
DATA expTab<>+0(SB)/8, $0x42b1721842b17218
DATA expTab<>+8(SB)/8, $0x42b1721842b17218
DATA expTab<>+16(SB)/8, $0x42b1721842b17218
DATA expTab<>+24(SB)/8, $0x42b1721842b17218
// −104: the lower clamp; from there up to expLo the algorithm gives 0 (see ExpAVX2)
DATA expTab<>+32(SB)/8, $0xc2d00000c2d00000
DATA expTab<>+40(SB)/8, $0xc2d00000c2d00000
DATA expTab<>+48(SB)/8, $0xc2d00000c2d00000
DATA expTab<>+56(SB)/8, $0xc2d00000c2d00000
// log2(e)
DATA expTab<>+64(SB)/8, $0x3fb8aa3b3fb8aa3b
DATA expTab<>+72(SB)/8, $0x3fb8aa3b3fb8aa3b
DATA expTab<>+80(SB)/8, $0x3fb8aa3b3fb8aa3b
DATA expTab<>+88(SB)/8, $0x3fb8aa3b3fb8aa3b
// 1.5·2²³: x + magic rounds x to an integer, which lands in the low mantissa bits
DATA expTab<>+96(SB)/8, $0x4b4000004b400000
DATA expTab<>+104(SB)/8, $0x4b4000004b400000
DATA expTab<>+112(SB)/8, $0x4b4000004b400000
DATA expTab<>+120(SB)/8, $0x4b4000004b400000
// ln2Hi = 0.693359375, 9 significant bits: n·ln2Hi is exact for |n| ≤ 2¹⁵
DATA expTab<>+128(SB)/8, $0x3f3180003f318000
DATA expTab<>+136(SB)/8, $0x3f3180003f318000
DATA expTab<>+144(SB)/8, $0x3f3180003f318000
DATA expTab<>+152(SB)/8, $0x3f3180003f318000
// ln2Lo = −2.12194440e−4 = ln 2 − ln2Hi, rounded
DATA expTab<>+160(SB)/8, $0xb95e8083b95e8083
DATA expTab<>+168(SB)/8, $0xb95e8083b95e8083
DATA expTab<>+176(SB)/8, $0xb95e8083b95e8083
DATA expTab<>+184(SB)/8, $0xb95e8083b95e8083
// P0 = 1.9875691500e−4
DATA expTab<>+192(SB)/8, $0x3950696739506967
DATA expTab<>+200(SB)/8, $0x3950696739506967
DATA expTab<>+208(SB)/8, $0x3950696739506967
DATA expTab<>+216(SB)/8, $0x3950696739506967
// P1 = 1.3981999507e−3
DATA expTab<>+224(SB)/8, $0x3ab743ce3ab743ce
DATA expTab<>+232(SB)/8, $0x3ab743ce3ab743ce
DATA expTab<>+240(SB)/8, $0x3ab743ce3ab743ce
DATA expTab<>+248(SB)/8, $0x3ab743ce3ab743ce
// P2 = 8.3334519073e−3
DATA expTab<>+256(SB)/8, $0x3c0889083c088908
DATA expTab<>+264(SB)/8, $0x3c0889083c088908
DATA expTab<>+272(SB)/8, $0x3c0889083c088908
DATA expTab<>+280(SB)/8, $0x3c0889083c088908
// P3 = 4.1665795894e−2
DATA expTab<>+288(SB)/8, $0x3d2aa9c13d2aa9c1
DATA expTab<>+296(SB)/8, $0x3d2aa9c13d2aa9c1
DATA expTab<>+304(SB)/8, $0x3d2aa9c13d2aa9c1
DATA expTab<>+312(SB)/8, $0x3d2aa9c13d2aa9c1
// P4 = 1.6666665459e−1
DATA expTab<>+320(SB)/8, $0x3e2aaaaa3e2aaaaa
DATA expTab<>+328(SB)/8, $0x3e2aaaaa3e2aaaaa
DATA expTab<>+336(SB)/8, $0x3e2aaaaa3e2aaaaa
DATA expTab<>+344(SB)/8, $0x3e2aaaaa3e2aaaaa
// P5 = 5.0000001201e−1 (0.5 in float32)
DATA expTab<>+352(SB)/8, $0x3f0000003f000000
DATA expTab<>+360(SB)/8, $0x3f0000003f000000
DATA expTab<>+368(SB)/8, $0x3f0000003f000000
DATA expTab<>+376(SB)/8, $0x3f0000003f000000
// 1, whose bits are also the exponent bias 127<<23
DATA expTab<>+384(SB)/8, $0x3f8000003f800000
DATA expTab<>+392(SB)/8, $0x3f8000003f800000
DATA expTab<>+400(SB)/8, $0x3f8000003f800000
DATA expTab<>+408(SB)/8, $0x3f8000003f800000
GLOBL expTab<>(SB), RODATA|NOPTR, $416

// EXP_AVX2_INIT loads the AVX2 register constants: Y11 = 1, Y12 = magic,
// Y14 = −104, Y15 = expHi. The others are memory operands.
#define EXP_AVX2_INIT \
	VMOVUPS expTab<>+EXP_HI(SB), Y15; \
	VMOVUPS expTab<>+EXP_LO(SB), Y14; \
	VMOVUPS expTab<>+EXP_MAGIC(SB), Y12; \
	VMOVUPS expTab<>+EXP_ONE(SB), Y11

// EXP_AVX2(X, T, N, P, E) sets P = e^X for 8 lanes, clobbering X, T, N
// and E. Step by step:
//	x = min(expHi, x), NaN kept
//	x = max(−104, x), NaN kept
//	t = magic
//	t = x·log2e + magic
//	n = t − magic = round(x·log2e)
//	r = x − n·ln2Hi
//	r = r − n·ln2Lo
//	p = P0
//	p = p·r + P1
//	p = p·r + P2
//	p = p·r + P3
//	p = p·r + P4
//	p = p·r + P5
//	r²
//	p = p·r² + r
//	p = p + 1 ≈ e^r
//	n as an integer: bits(t) − bits(magic)
//	n1 = n>>1 (arithmetic: ⌊n/2⌋)
//	n2 = n − n1
//	2^n1 = (n1+127)<<23
//	2^n2 = (n2+127)<<23
//	p·2^n1, exact
//	p·2^n1·2^n2, rounded once
// (the VPSLLD/VPADDD pairs build the exponent fields of 2^n1 and 2^n2).
#define EXP_AVX2(X, T, N, P, E) \
	VMINPS       X, Y15, X; \
	VMAXPS       X, Y14, X; \
	VMOVAPS      Y12, T; \
	VFMADD231PS  expTab<>+EXP_LOG2E(SB), X, T; \
	VSUBPS       Y12, T, N; \
	VFNMADD231PS expTab<>+EXP_LN2HI(SB), N, X; \
	VFNMADD231PS expTab<>+EXP_LN2LO(SB), N, X; \
	VMOVUPS      expTab<>+EXP_P0(SB), P; \
	VFMADD213PS  expTab<>+EXP_P1(SB), X, P; \
	VFMADD213PS  expTab<>+EXP_P2(SB), X, P; \
	VFMADD213PS  expTab<>+EXP_P3(SB), X, P; \
	VFMADD213PS  expTab<>+EXP_P4(SB), X, P; \
	VFMADD213PS  expTab<>+EXP_P5(SB), X, P; \
	VMULPS       X, X, N; \
	VFMADD213PS  X, N, P; \
	VADDPS       Y11, P, P; \
	VPSUBD       Y12, T, T; \
	VPSRAD       $1, T, E; \
	VPSUBD       E, T, T; \
	VPSLLD       $23, E, E; \
	VPADDD       Y11, E, E; \
	VPSLLD       $23, T, T; \
	VPADDD       Y11, T, T; \
	VMULPS       E, P, P; \
	VMULPS       T, P, P

// EXP_AVX512_INIT loads the AVX-512 constants into Z16..Z28.
#define EXP_AVX512_INIT \
	VBROADCASTSS expTab<>+EXP_HI(SB), Z16; \
	VBROADCASTSS expTab<>+EXP_LO(SB), Z17; \
	VBROADCASTSS expTab<>+EXP_LOG2E(SB), Z18; \
	VBROADCASTSS expTab<>+EXP_MAGIC(SB), Z19; \
	VBROADCASTSS expTab<>+EXP_LN2HI(SB), Z20; \
	VBROADCASTSS expTab<>+EXP_LN2LO(SB), Z21; \
	VBROADCASTSS expTab<>+EXP_P0(SB), Z22; \
	VBROADCASTSS expTab<>+EXP_P1(SB), Z23; \
	VBROADCASTSS expTab<>+EXP_P2(SB), Z24; \
	VBROADCASTSS expTab<>+EXP_P3(SB), Z25; \
	VBROADCASTSS expTab<>+EXP_P4(SB), Z26; \
	VBROADCASTSS expTab<>+EXP_P5(SB), Z27; \
	VBROADCASTSS expTab<>+EXP_ONE(SB), Z28

// EXP_AVX512(X, N, P, R2) sets P = e^X for 16 lanes, clobbering X, N and
// R2. Step by step:
//	x = min(expHi, x), NaN kept
//	x = max(−104, x), NaN kept
//	t = magic
//	t = x·log2e + magic
//	n = t − magic = round(x·log2e)
//	r = x − n·ln2Hi
//	r = r − n·ln2Lo
//	p = P0
//	p = p·r + P1
//	p = p·r + P2
//	p = p·r + P3
//	p = p·r + P4
//	p = p·r + P5
//	r²
//	p = p·r² + r
//	p = p + 1 ≈ e^r
//	p·2ⁿ, rounded once
#define EXP_AVX512(X, N, P, R2) \
	VMINPS       X, Z16, X; \
	VMAXPS       X, Z17, X; \
	VMOVAPS      Z19, N; \
	VFMADD231PS  Z18, X, N; \
	VSUBPS       Z19, N, N; \
	VFNMADD231PS Z20, N, X; \
	VFNMADD231PS Z21, N, X; \
	VMOVAPS      Z22, P; \
	VFMADD213PS  Z23, X, P; \
	VFMADD213PS  Z24, X, P; \
	VFMADD213PS  Z25, X, P; \
	VFMADD213PS  Z26, X, P; \
	VFMADD213PS  Z27, X, P; \
	VMULPS       X, X, R2; \
	VFMADD213PS  X, R2, P; \
	VADDPS       Z28, P, P; \
	VSCALEFPS    N, P, P

// func ExpAVX2(dst, x []float32)
//
// dst[i] = e^x[i] for i < len(x); len(x) is a multiple of 8. 16
// elements per iteration in two independent streams, then 8.
//
// Requires: AVX, AVX2, FMA3
//
// Register map:
//	DI       &dst[i]
//	SI       &x[i]
//	CX       elements left
//	Y0..Y4   first stream: x then r; t then n as an integer, n2, 2^n2;
//	         n then r²; p then the result; n1 then 2^n1
//	Y5..Y9   second stream, the same
//	Y11      1 (also the bits 127<<23)
//	Y12      magic
//	Y14      −104
//	Y15      expHi
TEXT ·ExpAVX2(SB), NOSPLIT, $0-48
	MOVQ         dst_base+0(FP), DI
	MOVQ         x_base+24(FP), SI
	MOVQ         x_len+32(FP), CX
	EXP_AVX2_INIT
	CMPQ         CX, $16
	JLT          exp2_vec

exp2_loop:
	VMOVUPS (SI), Y0
	VMOVUPS 32(SI), Y5
	EXP_AVX2(Y0, Y1, Y2, Y3, Y4)
	EXP_AVX2(Y5, Y6, Y7, Y8, Y9)
	VMOVUPS Y3, (DI)
	VMOVUPS Y8, 32(DI)
	ADDQ    $64, SI
	ADDQ    $64, DI
	SUBQ    $16, CX
	CMPQ    CX, $16
	JGE     exp2_loop

exp2_vec:
	TESTQ   CX, CX
	JZ      exp2_done
	VMOVUPS (SI), Y0
	EXP_AVX2(Y0, Y1, Y2, Y3, Y4)
	VMOVUPS Y3, (DI)

exp2_done:
	VZEROUPPER
	RET

// func ExpShiftedAVX2(dst, x []float32, shift float32) float32
//
// dst[i] = e^(x[i] − shift) for i < len(x), returning Σ dst[i]
// (accumulated per lane, then the lanes added); len(x) is a multiple
// of 8. 16 elements per iteration in two streams, then 8.
//
// Requires: AVX, AVX2, FMA3
//
// Register map:
//	DI       &dst[i]
//	SI       &x[i]
//	CX       elements left
//	Y0..Y4   first stream: x then r; t then n as an integer, n2, 2^n2;
//	         n then r²; p then the result; n1 then 2^n1
//	Y5..Y9   second stream, the same
//	Y10      shift in every lane
//	Y13      the sums
//	Y11      1 (also the bits 127<<23)
//	Y12      magic
//	Y14      −104
//	Y15      expHi
TEXT ·ExpShiftedAVX2(SB), NOSPLIT, $0-60
	MOVQ         dst_base+0(FP), DI
	MOVQ         x_base+24(FP), SI
	MOVQ         x_len+32(FP), CX
	VBROADCASTSS shift+48(FP), Y10
	VXORPS       Y13, Y13, Y13
	EXP_AVX2_INIT
	CMPQ         CX, $16
	JLT          exps2_vec

exps2_loop:
	VMOVUPS (SI), Y0
	VMOVUPS 32(SI), Y5
	VSUBPS  Y10, Y0, Y0
	VSUBPS  Y10, Y5, Y5
	EXP_AVX2(Y0, Y1, Y2, Y3, Y4)
	EXP_AVX2(Y5, Y6, Y7, Y8, Y9)
	VMOVUPS Y3, (DI)
	VMOVUPS Y8, 32(DI)
	VADDPS  Y8, Y3, Y3
	VADDPS  Y3, Y13, Y13
	ADDQ    $64, SI
	ADDQ    $64, DI
	SUBQ    $16, CX
	CMPQ    CX, $16
	JGE     exps2_loop

exps2_vec:
	TESTQ   CX, CX
	JZ      exps2_done
	VMOVUPS (SI), Y0
	VSUBPS  Y10, Y0, Y0
	EXP_AVX2(Y0, Y1, Y2, Y3, Y4)
	VMOVUPS Y3, (DI)
	VADDPS  Y3, Y13, Y13

exps2_done:
	VEXTRACTF128 $1, Y13, X1
	VADDPS       X1, X13, X0
	VMOVHLPS     X0, X0, X1
	VADDPS       X1, X0, X0
	VMOVSHDUP    X0, X1
	VADDSS       X1, X0, X0
	VMOVSS       X0, ret+56(FP)
	VZEROUPPER
	RET

// func ExpSumAVX2(x []float32, shift float32) float32
//
// Returns Σ e^(x[i] − shift) over i < len(x) (accumulated per lane,
// then the lanes added); len(x) is a multiple of 8. 16 elements per
// iteration in two streams, then 8.
//
// Requires: AVX, AVX2, FMA3
//
// Register map:
//	SI       &x[i]
//	CX       elements left
//	Y0..Y4   first stream: x then r; t then n as an integer, n2, 2^n2;
//	         n then r²; p then the result; n1 then 2^n1
//	Y5..Y9   second stream, the same
//	Y10      shift in every lane
//	Y13      the sums
//	Y11      1 (also the bits 127<<23)
//	Y12      magic
//	Y14      −104
//	Y15      expHi
TEXT ·ExpSumAVX2(SB), NOSPLIT, $0-36
	MOVQ         x_base+0(FP), SI
	MOVQ         x_len+8(FP), CX
	VBROADCASTSS shift+24(FP), Y10
	VXORPS       Y13, Y13, Y13
	EXP_AVX2_INIT
	CMPQ         CX, $16
	JLT          expsum2_vec

expsum2_loop:
	VMOVUPS (SI), Y0
	VMOVUPS 32(SI), Y5
	VSUBPS  Y10, Y0, Y0
	VSUBPS  Y10, Y5, Y5
	EXP_AVX2(Y0, Y1, Y2, Y3, Y4)
	EXP_AVX2(Y5, Y6, Y7, Y8, Y9)
	VADDPS  Y8, Y3, Y3
	VADDPS  Y3, Y13, Y13
	ADDQ    $64, SI
	SUBQ    $16, CX
	CMPQ    CX, $16
	JGE     expsum2_loop

expsum2_vec:
	TESTQ   CX, CX
	JZ      expsum2_done
	VMOVUPS (SI), Y0
	VSUBPS  Y10, Y0, Y0
	EXP_AVX2(Y0, Y1, Y2, Y3, Y4)
	VADDPS  Y3, Y13, Y13

expsum2_done:
	VEXTRACTF128 $1, Y13, X1
	VADDPS       X1, X13, X0
	VMOVHLPS     X0, X0, X1
	VADDPS       X1, X0, X0
	VMOVSHDUP    X0, X1
	VADDSS       X1, X0, X0
	VMOVSS       X0, ret+32(FP)
	VZEROUPPER
	RET

// func ExpAVX512(dst, x []float32)
//
// dst[i] = e^x[i] for i < len(x), any length: 32 elements per iteration
// in two independent streams, then 16, then the last 0..15 under an
// opmask (the masked-off lanes compute e^0 and are not stored).
//
// Requires: AVX512F
//
// Register map:
//	DI       &dst[i]
//	SI       &x[i]
//	CX       elements left
//	AX       scratch for the tail mask
//	K1       tail mask: the low CX lanes
//	Z0..Z3   first stream: x then r, n, the result, r²
//	Z4..Z7   second stream, the same
//	Z16..Z28 constants: expHi, −104, log2e, magic, ln2Hi, ln2Lo, P0..P5, 1
TEXT ·ExpAVX512(SB), NOSPLIT, $0-48
	MOVQ         dst_base+0(FP), DI
	MOVQ         x_base+24(FP), SI
	MOVQ         x_len+32(FP), CX
	TESTQ        CX, CX
	JZ           exp5_done
	EXP_AVX512_INIT
	CMPQ         CX, $32
	JLT          exp5_vec

exp5_loop:
	VMOVUPS (SI), Z0
	VMOVUPS 64(SI), Z4
	EXP_AVX512(Z0, Z1, Z2, Z3)
	EXP_AVX512(Z4, Z5, Z6, Z7)
	VMOVUPS Z2, (DI)
	VMOVUPS Z6, 64(DI)
	ADDQ    $128, SI
	ADDQ    $128, DI
	SUBQ    $32, CX
	CMPQ    CX, $32
	JGE     exp5_loop

exp5_vec:
	CMPQ    CX, $16
	JLT     exp5_tail
	VMOVUPS (SI), Z0
	EXP_AVX512(Z0, Z1, Z2, Z3)
	VMOVUPS Z2, (DI)
	ADDQ    $64, SI
	ADDQ    $64, DI
	SUBQ    $16, CX

exp5_tail:
	TESTQ     CX, CX
	JZ        exp5_done
	MOVL      $1, AX
	SHLL      CX, AX
	DECL      AX
	KMOVW     AX, K1
	VMOVUPS.Z (SI), K1, Z0
	EXP_AVX512(Z0, Z1, Z2, Z3)
	VMOVUPS   Z2, K1, (DI)

exp5_done:
	VZEROUPPER
	RET

// func ExpShiftedAVX512(dst, x []float32, shift float32) float32
//
// dst[i] = e^(x[i] − shift) for i < len(x), returning Σ dst[i], any
// length: 32 elements per iteration in two streams with a sum each,
// then 16, then the last 0..15 under an opmask (the masked-off lanes
// are neither stored nor added).
//
// Requires: AVX512F
//
// Register map:
//	DI       &dst[i]
//	SI       &x[i]
//	CX       elements left
//	AX       scratch for the tail mask
//	K1       tail mask: the low CX lanes
//	Z0..Z3   first stream: x then r, n, the result, r²
//	Z4..Z7   second stream, the same
//	Z16..Z28 constants: expHi, −104, log2e, magic, ln2Hi, ln2Lo, P0..P5, 1
//	Z29      shift in every lane
//	Z30, Z31 the sums of the two streams
TEXT ·ExpShiftedAVX512(SB), NOSPLIT, $0-60
	MOVQ         dst_base+0(FP), DI
	MOVQ         x_base+24(FP), SI
	MOVQ         x_len+32(FP), CX
	VBROADCASTSS shift+48(FP), Z29
	VXORPS       Z30, Z30, Z30
	VXORPS       Z31, Z31, Z31
	TESTQ        CX, CX
	JZ           exps5_done
	EXP_AVX512_INIT
	CMPQ         CX, $32
	JLT          exps5_vec

exps5_loop:
	VMOVUPS (SI), Z0
	VMOVUPS 64(SI), Z4
	VSUBPS  Z29, Z0, Z0
	VSUBPS  Z29, Z4, Z4
	EXP_AVX512(Z0, Z1, Z2, Z3)
	EXP_AVX512(Z4, Z5, Z6, Z7)
	VMOVUPS Z2, (DI)
	VMOVUPS Z6, 64(DI)
	VADDPS  Z2, Z30, Z30
	VADDPS  Z6, Z31, Z31
	ADDQ    $128, SI
	ADDQ    $128, DI
	SUBQ    $32, CX
	CMPQ    CX, $32
	JGE     exps5_loop

exps5_vec:
	CMPQ    CX, $16
	JLT     exps5_tail
	VMOVUPS (SI), Z0
	VSUBPS  Z29, Z0, Z0
	EXP_AVX512(Z0, Z1, Z2, Z3)
	VMOVUPS Z2, (DI)
	VADDPS  Z2, Z30, Z30
	ADDQ    $64, SI
	ADDQ    $64, DI
	SUBQ    $16, CX

exps5_tail:
	TESTQ     CX, CX
	JZ        exps5_done
	MOVL      $1, AX
	SHLL      CX, AX
	DECL      AX
	KMOVW     AX, K1
	VMOVUPS.Z (SI), K1, Z0
	VSUBPS    Z29, Z0, Z0
	EXP_AVX512(Z0, Z1, Z2, Z3)
	VMOVUPS   Z2, K1, (DI)
	VADDPS    Z2, Z30, K1, Z30

exps5_done:
	VADDPS        Z31, Z30, Z0
	VEXTRACTF64X4 $1, Z0, Y1
	VADDPS        Y1, Y0, Y0
	VEXTRACTF128  $1, Y0, X1
	VADDPS        X1, X0, X0
	VMOVHLPS      X0, X0, X1
	VADDPS        X1, X0, X0
	VMOVSHDUP     X0, X1
	VADDSS        X1, X0, X0
	VMOVSS        X0, ret+56(FP)
	VZEROUPPER
	RET

// func ExpSumAVX512(x []float32, shift float32) float32
//
// Returns Σ e^(x[i] − shift) over i < len(x), any length: 32 elements
// per iteration in two streams with a sum each, then 16, then the last
// 0..15 under an opmask (the masked-off lanes are not added).
//
// Requires: AVX512F
//
// Register map:
//	SI       &x[i]
//	CX       elements left
//	AX       scratch for the tail mask
//	K1       tail mask: the low CX lanes
//	Z0..Z3   first stream: x then r, n, the result, r²
//	Z4..Z7   second stream, the same
//	Z16..Z28 constants: expHi, −104, log2e, magic, ln2Hi, ln2Lo, P0..P5, 1
//	Z29      shift in every lane
//	Z30, Z31 the sums of the two streams
TEXT ·ExpSumAVX512(SB), NOSPLIT, $0-36
	MOVQ         x_base+0(FP), SI
	MOVQ         x_len+8(FP), CX
	VBROADCASTSS shift+24(FP), Z29
	VXORPS       Z30, Z30, Z30
	VXORPS       Z31, Z31, Z31
	TESTQ        CX, CX
	JZ           expsum5_done
	EXP_AVX512_INIT
	CMPQ         CX, $32
	JLT          expsum5_vec

expsum5_loop:
	VMOVUPS (SI), Z0
	VMOVUPS 64(SI), Z4
	VSUBPS  Z29, Z0, Z0
	VSUBPS  Z29, Z4, Z4
	EXP_AVX512(Z0, Z1, Z2, Z3)
	EXP_AVX512(Z4, Z5, Z6, Z7)
	VADDPS  Z2, Z30, Z30
	VADDPS  Z6, Z31, Z31
	ADDQ    $128, SI
	SUBQ    $32, CX
	CMPQ    CX, $32
	JGE     expsum5_loop

expsum5_vec:
	CMPQ    CX, $16
	JLT     expsum5_tail
	VMOVUPS (SI), Z0
	VSUBPS  Z29, Z0, Z0
	EXP_AVX512(Z0, Z1, Z2, Z3)
	VADDPS  Z2, Z30, Z30
	ADDQ    $64, SI
	SUBQ    $16, CX

expsum5_tail:
	TESTQ     CX, CX
	JZ        expsum5_done
	MOVL      $1, AX
	SHLL      CX, AX
	DECL      AX
	KMOVW     AX, K1
	VMOVUPS.Z (SI), K1, Z0
	VSUBPS    Z29, Z0, Z0
	EXP_AVX512(Z0, Z1, Z2, Z3)
	VADDPS    Z2, Z30, K1, Z30

expsum5_done:
	VADDPS        Z31, Z30, Z0
	VEXTRACTF64X4 $1, Z0, Y1
	VADDPS        Y1, Y0, Y0
	VEXTRACTF128  $1, Y0, X1
	VADDPS        X1, X0, X0
	VMOVHLPS      X0, X0, X1
	VADDPS        X1, X0, X0
	VMOVSHDUP     X0, X1
	VADDSS        X1, X0, X0
	VMOVSS        X0, ret+32(FP)
	VZEROUPPER
	RET

// SOFTMAX_RECIPROCAL sets Z31 = 1/s in every lane, s the sum of the lanes
// of Z30 (added as in ExpShiftedAVX512). It clobbers Z0 and Z1.
#define SOFTMAX_RECIPROCAL \
	VEXTRACTF64X4 $1, Z30, Y1; \
	VADDPS        Y1, Y30, Y0; \
	VEXTRACTF128  $1, Y0, X1; \
	VADDPS        X1, X0, X0; \
	VMOVHLPS      X0, X0, X1; \
	VADDPS        X1, X0, X0; \
	VMOVSHDUP     X0, X1; \
	VADDSS        X1, X0, X0; \
	VMOVSS        expTab<>+EXP_ONE(SB), X1; \
	VDIVSS        X0, X1, X1; \
	VBROADCASTSS  X1, Z31

// −Inf, the start of a running maximum, and a quiet NaN, the maximum of a
// row holding a NaN.
DATA softmaxConst<>+0(SB)/4, $0xff800000
DATA softmaxConst<>+4(SB)/4, $0x7fc00000
GLOBL softmaxConst<>(SB), RODATA|NOPTR, $8

// func SoftmaxRowsAVX512(rows, cols int, x []float32, ldx int, y []float32, ldy int)
//
// For each row i < rows of the rows×cols blocks x and y: m = max_j x[i,j]
// (NaN if the row holds a NaN), y[i,j] = e^(x[i,j] − m) with the exp of
// ExpAVX512, s = Σ_j y[i,j], then y[i,j] *= 1/s: the operations of
// kernels' softmaxRowsWith over MaxAVX512, ExpShiftedAVX512 and
// ScaleAVX512, all rows in one call. cols ≥ 1; y may be x itself with
// ldy == ldx. Rows of up to 16 columns keep their exponentials in a
// register from the exp to the scaling; longer rows store them and scale
// them in a third pass (the exp pass takes 32 columns at a time in two
// streams, then 16; every pass ends with the last cols%16 columns under
// an opmask).
//
// Requires: AVX512F
//
// Register map:
//	SI       &x[i*ldx]
//	DI       &y[i*ldy]
//	R8       &x[i*ldx+j]
//	R9       &y[i*ldy+j]
//	BX       ldx in bytes
//	R10      ldy in bytes
//	R11      cols
//	DX       rows left
//	CX       columns left in the row
//	AX       scratch for the masks
//	K1       tail mask: the low cols%16 lanes
//	K2       unordered compares
//	K3       lanes that have seen a NaN in the row
//	K4       the low min(cols, 16) lanes, for short rows
//	Z0..Z3   first exp stream: x then r, n, e, r²
//	Z4       running maximum
//	Z5       x[i*ldx+j : +16] in the max pass
//	Z6..Z9   second exp stream
//	Z16..Z28 exp constants: expHi, −104, log2e, magic, ln2Hi, ln2Lo, P0..P5, 1
//	Z29      the row maximum in every lane
//	Z30      the sums
//	Z31      1/s in every lane
TEXT ·SoftmaxRowsAVX512(SB), NOSPLIT, $0-80
	MOVQ  rows+0(FP), DX
	MOVQ  cols+8(FP), R11
	MOVQ  x_base+16(FP), SI
	MOVQ  ldx+40(FP), BX
	SHLQ  $2, BX
	MOVQ  y_base+48(FP), DI
	MOVQ  ldy+72(FP), R10
	SHLQ  $2, R10
	MOVQ  R11, CX
	ANDQ  $15, CX
	MOVL  $1, AX
	SHLL  CX, AX
	DECL  AX
	KMOVW AX, K1
	MOVQ  R11, CX
	CMPQ  CX, $16
	JLE   softmax5_k4
	MOVQ  $16, CX

softmax5_k4:
	MOVL  $1, AX
	SHLL  CX, AX
	DECL  AX
	KMOVW AX, K4
	TESTQ DX, DX
	JZ    softmax5_done
	EXP_AVX512_INIT

softmax5_row:
	// Pass 1: the maximum, and whether the row holds a NaN.
	MOVQ         SI, R8
	MOVQ         R11, CX
	VBROADCASTSS softmaxConst<>+0(SB), Z4
	KXORW        K3, K3, K3

softmax5_max:
	CMPQ    CX, $16
	JLT     softmax5_max_tail
	VMOVUPS (R8), Z5
	VMAXPS  Z4, Z5, Z4
	VCMPPS  $3, Z5, Z5, K2
	KORW    K2, K3, K3
	ADDQ    $64, R8
	SUBQ    $16, CX
	JMP     softmax5_max

softmax5_max_tail:
	TESTQ     CX, CX
	JZ        softmax5_max_reduce
	VMOVUPS.Z (R8), K1, Z5
	VMAXPS    Z4, Z5, K1, Z4
	VCMPPS    $3, Z5, Z5, K2
	KORW      K2, K3, K3

softmax5_max_reduce:
	VEXTRACTF64X4 $1, Z4, Y5
	VMAXPS        Y5, Y4, Y4
	VEXTRACTF128  $1, Y4, X5
	VMAXPS        X5, X4, X4
	VMOVHLPS      X4, X4, X5
	VMAXPS        X5, X4, X4
	VMOVSHDUP     X4, X5
	VMAXSS        X5, X4, X4
	VBROADCASTSS  X4, Z29
	KORTESTW      K3, K3
	JZ            softmax5_exp
	VBROADCASTSS  softmaxConst<>+4(SB), Z29

	// Pass 2: y = e^(x − m) and its sum.
softmax5_exp:
	MOVQ   SI, R8
	MOVQ   DI, R9
	MOVQ   R11, CX
	VXORPS Z30, Z30, Z30
	CMPQ   CX, $16
	JLE    softmax5_short
	CMPQ   CX, $32
	JLT    softmax5_exp16

softmax5_exp32:
	VMOVUPS (R8), Z0
	VMOVUPS 64(R8), Z6
	VSUBPS  Z29, Z0, Z0
	VSUBPS  Z29, Z6, Z6
	EXP_AVX512(Z0, Z1, Z2, Z3)
	EXP_AVX512(Z6, Z7, Z8, Z9)
	VMOVUPS Z2, (R9)
	VMOVUPS Z8, 64(R9)
	VADDPS  Z2, Z30, Z30
	VADDPS  Z8, Z30, Z30
	ADDQ    $128, R8
	ADDQ    $128, R9
	SUBQ    $32, CX
	CMPQ    CX, $32
	JGE     softmax5_exp32

softmax5_exp16:
	CMPQ    CX, $16
	JLT     softmax5_exp_tail
	VMOVUPS (R8), Z0
	VSUBPS  Z29, Z0, Z0
	EXP_AVX512(Z0, Z1, Z2, Z3)
	VMOVUPS Z2, (R9)
	VADDPS  Z2, Z30, Z30
	ADDQ    $64, R8
	ADDQ    $64, R9
	SUBQ    $16, CX

softmax5_exp_tail:
	TESTQ     CX, CX
	JZ        softmax5_sum
	VMOVUPS.Z (R8), K1, Z0
	VSUBPS    Z29, Z0, Z0
	EXP_AVX512(Z0, Z1, Z2, Z3)
	VMOVUPS   Z2, K1, (R9)
	VADDPS    Z2, Z30, K1, Z30

softmax5_sum:
	SOFTMAX_RECIPROCAL

	// Pass 3: y *= 1/s.
	MOVQ DI, R9
	MOVQ R11, CX

softmax5_scale:
	CMPQ    CX, $16
	JLT     softmax5_scale_tail
	VMULPS  (R9), Z31, Z0
	VMOVUPS Z0, (R9)
	ADDQ    $64, R9
	SUBQ    $16, CX
	JMP     softmax5_scale

softmax5_scale_tail:
	TESTQ     CX, CX
	JZ        softmax5_next
	VMOVUPS.Z (R9), K1, Z0
	VMULPS    Z31, Z0, Z0
	VMOVUPS   Z0, K1, (R9)
	JMP       softmax5_next

	// A row of up to 16 columns: one vector under K4, its exponentials
	// kept in Z2 while the sum is formed (the masked-off lanes zeroed in
	// the copy that is summed) and then scaled.
softmax5_short:
	VMOVUPS.Z (R8), K4, Z0
	VSUBPS    Z29, Z0, Z0
	EXP_AVX512(Z0, Z1, Z2, Z3)
	VMOVAPS.Z Z2, K4, Z30
	SOFTMAX_RECIPROCAL
	VMULPS    Z31, Z2, Z2
	VMOVUPS   Z2, K4, (R9)

softmax5_next:
	ADDQ BX, SI
	ADDQ R10, DI
	DECQ DX
	JNZ  softmax5_row

softmax5_done:
	VZEROUPPER
	RET
