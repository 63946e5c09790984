//go:build !purego

#include "textflag.h"

// NEON activation and optimizer routines: sigmoid, tanh and softplus
// forward and backward, SGD with momentum (plain and Nesterov) and Adam.
// Each handles whole 4-lane vectors, one per iteration; the caller passes
// lengths that are multiples of 4 and finishes the tail in Go. The
// activations follow kernels/generic_nn.go (sigmoidf, tanhf, softplusf)
// on kernels/exp.go's expf lane by lane, with fused multiply-adds (FMLA,
// FMLS) in the polynomials, as asm/nn_amd64.s does. Instructions Go's
// assembler lacks (vector FADD, FSUB, FMUL, FDIV, FSQRT, FMIN, FMAX, FABS,
// FNEG, FRINTN, FCVTZS, SSHR; golang/go#41092) are WORDs with the
// instruction beside them, encoded by asm2plan9s (make generate).
//
// The exponential, inlined in each routine that needs it, is the one of
// asm/nn_amd64.s: x clamped to [−104, expHi] (FMIN and FMAX propagate a
// NaN), n = round(x·log2e) to nearest even (FRINTN), r = x − n·ln2Hi −
// n·ln2Lo (FMLS), e^r = 1 + (r + r²·P(r)) (FMLA, Horner), times
// 2^⌊n/2⌋·2^(n−⌊n/2⌋), the powers of two built in the exponent field from
// the integer n (FCVTZS, SSHR, SHL). At expHi it gives +Inf (n = 128), on
// [−104, expLo) 0 (n = −150), as expf's range checks do.
//
// Constants: nnConsts rows 0..13 are loaded into V16..V29 by the routines
// that compute exponentials; the packed rows after them hold four
// different constants each, read by lane (DUP by element).

// expHi = 88.72283935546875
DATA nnConsts<>+0(SB)/8, $0x42b1721842b17218
DATA nnConsts<>+8(SB)/8, $0x42b1721842b17218
// −104, the lower clamp of exp
DATA nnConsts<>+16(SB)/8, $0xc2d00000c2d00000
DATA nnConsts<>+24(SB)/8, $0xc2d00000c2d00000
// log2(e)
DATA nnConsts<>+32(SB)/8, $0x3fb8aa3b3fb8aa3b
DATA nnConsts<>+40(SB)/8, $0x3fb8aa3b3fb8aa3b
// ln2Hi = 0.693359375
DATA nnConsts<>+48(SB)/8, $0x3f3180003f318000
DATA nnConsts<>+56(SB)/8, $0x3f3180003f318000
// ln2Lo = −2.12194440e−4
DATA nnConsts<>+64(SB)/8, $0xb95e8083b95e8083
DATA nnConsts<>+72(SB)/8, $0xb95e8083b95e8083
// exp P0
DATA nnConsts<>+80(SB)/8, $0x3950696739506967
DATA nnConsts<>+88(SB)/8, $0x3950696739506967
// exp P1
DATA nnConsts<>+96(SB)/8, $0x3ab743ce3ab743ce
DATA nnConsts<>+104(SB)/8, $0x3ab743ce3ab743ce
// exp P2
DATA nnConsts<>+112(SB)/8, $0x3c0889083c088908
DATA nnConsts<>+120(SB)/8, $0x3c0889083c088908
// exp P3
DATA nnConsts<>+128(SB)/8, $0x3d2aa9c13d2aa9c1
DATA nnConsts<>+136(SB)/8, $0x3d2aa9c13d2aa9c1
// exp P4
DATA nnConsts<>+144(SB)/8, $0x3e2aaaaa3e2aaaaa
DATA nnConsts<>+152(SB)/8, $0x3e2aaaaa3e2aaaaa
// 0.5, also exp P5
DATA nnConsts<>+160(SB)/8, $0x3f0000003f000000
DATA nnConsts<>+168(SB)/8, $0x3f0000003f000000
// 1
DATA nnConsts<>+176(SB)/8, $0x3f8000003f800000
DATA nnConsts<>+184(SB)/8, $0x3f8000003f800000
// 127, the exponent bias, as an integer
DATA nnConsts<>+192(SB)/8, $0x0000007f0000007f
DATA nnConsts<>+200(SB)/8, $0x0000007f0000007f
// the sign bit
DATA nnConsts<>+208(SB)/8, $0x8000000080000000
DATA nnConsts<>+216(SB)/8, $0x8000000080000000
// tanh P0, P1, P2, P3
DATA nnConsts<>+224(SB)/8, $0x3ca9134ebbbaf0ea
DATA nnConsts<>+232(SB)/8, $0x3e088393bd5c1e2d
// tanh P4, tanhSmall = 0.625, −2, 0
DATA nnConsts<>+240(SB)/8, $0x3f200000beaaaa99
DATA nnConsts<>+248(SB)/8, $0x00000000c0000000
// log P0, P1, P2, P3
DATA nnConsts<>+256(SB)/8, $0xbdebd1b83d9021bb
DATA nnConsts<>+264(SB)/8, $0xbdfe5d4f3def251a
// log P4, P5, P6, P7
DATA nnConsts<>+272(SB)/8, $0xbe2aae503e11e9bf
DATA nnConsts<>+280(SB)/8, $0xbe7ffffc3e4cceac
// log P8, √2 rounded to float32, −0.5, 0
DATA nnConsts<>+288(SB)/8, $0x3fb504f33eaaaaaa
DATA nnConsts<>+296(SB)/8, $0x00000000bf000000
GLOBL nnConsts<>(SB), RODATA|NOPTR, $304

// func SigmoidNEON(dst, x []float32)
//
// dst[i] = sigmoidf(x[i]) for len(dst) a multiple of 4: e = e^−|x|,
// r = 1/(1 + e), and r where x has its sign bit clear, e·r where set.
//
// Requires: ASIMD (NEON)
//
// Register map:
//	R0        &dst[i]
//	R1        &x[i]
//	R2        vectors left
//	R9        &nnConsts
//	V0        x
//	V1        −|x|, the exponent argument
//	V2        n
//	V3        r
//	V4, V5    Horner steps; V5 then r²
//	V6        e^r, then the exponential
//	V7, V8    n2 and n1 (integers), then 2^n2 and 2^n1
//	V16-V29   nnConsts rows 0..13: expHi, −104, log2e, ln2Hi, ln2Lo, P0-P4, 0.5, 1, 127, the sign bit
//	V9        1 + e, then r = 1/(1 + e), then the result
//	V10       x>>31: all ones where the sign bit is set
//	V11       1, then e where the sign bit is set
TEXT ·SigmoidNEON(SB), NOSPLIT, $0-48
	MOVD   dst_base+0(FP), R0
	MOVD   dst_len+8(FP), R2
	MOVD   x_base+24(FP), R1
	LSR    $2, R2
	CBZ    R2, sig_done
	MOVD   $nnConsts<>(SB), R9
	VLD1.P 64(R9), [V16.S4, V17.S4, V18.S4, V19.S4]
	VLD1.P 64(R9), [V20.S4, V21.S4, V22.S4, V23.S4]
	VLD1.P 64(R9), [V24.S4, V25.S4, V26.S4, V27.S4]
	VLD1.P 32(R9), [V28.S4, V29.S4]

sig_loop:
	VLD1.P 16(R1), [V0.S4]
	VORR   V29.B16, V0.B16, V1.B16
	WORD $0x4eb0f421 // fmin v1.4s, v1.4s, v16.4s
	WORD $0x4e31f421 // fmax v1.4s, v1.4s, v17.4s
	WORD $0x6e32dc22 // fmul v2.4s, v1.4s, v18.4s
	WORD $0x4e218842 // frintn v2.4s, v2.4s
	VMOV   V1.B16, V3.B16
	VFMLS  V19.S4, V2.S4, V3.S4
	VFMLS  V20.S4, V2.S4, V3.S4
	VMOV   V22.B16, V4.B16
	VFMLA  V21.S4, V3.S4, V4.S4
	VMOV   V23.B16, V5.B16
	VFMLA  V4.S4, V3.S4, V5.S4
	VMOV   V24.B16, V4.B16
	VFMLA  V5.S4, V3.S4, V4.S4
	VMOV   V25.B16, V5.B16
	VFMLA  V4.S4, V3.S4, V5.S4
	VMOV   V26.B16, V4.B16
	VFMLA  V5.S4, V3.S4, V4.S4
	WORD $0x6e23dc65 // fmul v5.4s, v3.4s, v3.4s
	VMOV   V3.B16, V6.B16
	VFMLA  V5.S4, V4.S4, V6.S4
	WORD $0x4e3bd4c6 // fadd v6.4s, v6.4s, v27.4s
	WORD $0x4ea1b847 // fcvtzs v7.4s, v2.4s
	WORD $0x4f3f04e8 // sshr v8.4s, v7.4s, #1
	VSUB   V8.S4, V7.S4, V7.S4
	VADD   V28.S4, V8.S4, V8.S4
	VADD   V28.S4, V7.S4, V7.S4
	VSHL   $23, V8.S4, V8.S4
	VSHL   $23, V7.S4, V7.S4
	WORD $0x6e28dcc6 // fmul v6.4s, v6.4s, v8.4s
	WORD $0x6e27dcc6 // fmul v6.4s, v6.4s, v7.4s
	WORD $0x4e3bd4c9 // fadd v9.4s, v6.4s, v27.4s
	WORD $0x6e29ff69 // fdiv v9.4s, v27.4s, v9.4s
	WORD $0x4f21040a // sshr v10.4s, v0.4s, #31
	VMOV   V27.B16, V11.B16
	VBIT   V10.B16, V6.B16, V11.B16
	WORD $0x6e29dd69 // fmul v9.4s, v11.4s, v9.4s
	VST1.P [V9.S4], 16(R0)
	SUBS   $1, R2
	BNE    sig_loop

sig_done:
	RET

// func SoftplusBackwardNEON(dst, dy, x []float32)
//
// dst[i] = dy[i]·sigmoidf(x[i]) for len(dst) a multiple of 4, sigmoid
// as in SigmoidNEON.
//
// Requires: ASIMD (NEON)
//
// Register map:
//	R0        &dst[i]
//	R1        &dy[i]
//	R3        &x[i]
//	R2        vectors left
//	R9        &nnConsts
//	V0        x
//	V15       dy
//	V1        −|x|, the exponent argument
//	V2        n
//	V3        r
//	V4, V5    Horner steps; V5 then r²
//	V6        e^r, then the exponential
//	V7, V8    n2 and n1 (integers), then 2^n2 and 2^n1
//	V16-V29   nnConsts rows 0..13: expHi, −104, log2e, ln2Hi, ln2Lo, P0-P4, 0.5, 1, 127, the sign bit
//	V9        1 + e, then r = 1/(1 + e), then sigmoid(x), then the result
//	V10       x>>31: all ones where the sign bit is set
//	V11       1, then e where the sign bit is set
TEXT ·SoftplusBackwardNEON(SB), NOSPLIT, $0-72
	MOVD   dst_base+0(FP), R0
	MOVD   dst_len+8(FP), R2
	MOVD   dy_base+24(FP), R1
	MOVD   x_base+48(FP), R3
	LSR    $2, R2
	CBZ    R2, spb_done
	MOVD   $nnConsts<>(SB), R9
	VLD1.P 64(R9), [V16.S4, V17.S4, V18.S4, V19.S4]
	VLD1.P 64(R9), [V20.S4, V21.S4, V22.S4, V23.S4]
	VLD1.P 64(R9), [V24.S4, V25.S4, V26.S4, V27.S4]
	VLD1.P 32(R9), [V28.S4, V29.S4]

spb_loop:
	VLD1.P 16(R1), [V15.S4]
	VLD1.P 16(R3), [V0.S4]
	VORR   V29.B16, V0.B16, V1.B16
	WORD $0x4eb0f421 // fmin v1.4s, v1.4s, v16.4s
	WORD $0x4e31f421 // fmax v1.4s, v1.4s, v17.4s
	WORD $0x6e32dc22 // fmul v2.4s, v1.4s, v18.4s
	WORD $0x4e218842 // frintn v2.4s, v2.4s
	VMOV   V1.B16, V3.B16
	VFMLS  V19.S4, V2.S4, V3.S4
	VFMLS  V20.S4, V2.S4, V3.S4
	VMOV   V22.B16, V4.B16
	VFMLA  V21.S4, V3.S4, V4.S4
	VMOV   V23.B16, V5.B16
	VFMLA  V4.S4, V3.S4, V5.S4
	VMOV   V24.B16, V4.B16
	VFMLA  V5.S4, V3.S4, V4.S4
	VMOV   V25.B16, V5.B16
	VFMLA  V4.S4, V3.S4, V5.S4
	VMOV   V26.B16, V4.B16
	VFMLA  V5.S4, V3.S4, V4.S4
	WORD $0x6e23dc65 // fmul v5.4s, v3.4s, v3.4s
	VMOV   V3.B16, V6.B16
	VFMLA  V5.S4, V4.S4, V6.S4
	WORD $0x4e3bd4c6 // fadd v6.4s, v6.4s, v27.4s
	WORD $0x4ea1b847 // fcvtzs v7.4s, v2.4s
	WORD $0x4f3f04e8 // sshr v8.4s, v7.4s, #1
	VSUB   V8.S4, V7.S4, V7.S4
	VADD   V28.S4, V8.S4, V8.S4
	VADD   V28.S4, V7.S4, V7.S4
	VSHL   $23, V8.S4, V8.S4
	VSHL   $23, V7.S4, V7.S4
	WORD $0x6e28dcc6 // fmul v6.4s, v6.4s, v8.4s
	WORD $0x6e27dcc6 // fmul v6.4s, v6.4s, v7.4s
	WORD $0x4e3bd4c9 // fadd v9.4s, v6.4s, v27.4s
	WORD $0x6e29ff69 // fdiv v9.4s, v27.4s, v9.4s
	WORD $0x4f21040a // sshr v10.4s, v0.4s, #31
	VMOV   V27.B16, V11.B16
	VBIT   V10.B16, V6.B16, V11.B16
	WORD $0x6e29dd69 // fmul v9.4s, v11.4s, v9.4s
	WORD $0x6e29dde9 // fmul v9.4s, v15.4s, v9.4s
	VST1.P [V9.S4], 16(R0)
	SUBS   $1, R2
	BNE    spb_loop

spb_done:
	RET

// func SigmoidBackwardNEON(dst, dy, y []float32)
//
// dst[i] = dy[i]·(y[i]·(1 − y[i])) for len(dst) a multiple of 4, in that order.
//
// Requires: ASIMD (NEON)
//
// Register map:
//	R0        &dst[i]
//	R1        &dy[i]
//	R3        &y[i]
//	R2        vectors left
//	R9        &nnConsts
//	V0        y
//	V1        dy
//	V2        1 − y, then y·(1 − y), then the result
//	V27       1 (V16-V29 hold nnConsts rows 0..13)
TEXT ·SigmoidBackwardNEON(SB), NOSPLIT, $0-72
	MOVD   dst_base+0(FP), R0
	MOVD   dst_len+8(FP), R2
	MOVD   dy_base+24(FP), R1
	MOVD   y_base+48(FP), R3
	LSR    $2, R2
	CBZ    R2, sigb_done
	MOVD   $nnConsts<>(SB), R9
	VLD1.P 64(R9), [V16.S4, V17.S4, V18.S4, V19.S4]
	VLD1.P 64(R9), [V20.S4, V21.S4, V22.S4, V23.S4]
	VLD1.P 64(R9), [V24.S4, V25.S4, V26.S4, V27.S4]
	VLD1.P 32(R9), [V28.S4, V29.S4]

sigb_loop:
	VLD1.P 16(R1), [V1.S4]
	VLD1.P 16(R3), [V0.S4]
	WORD $0x4ea0d762 // fsub v2.4s, v27.4s, v0.4s
	WORD $0x6e22dc02 // fmul v2.4s, v0.4s, v2.4s
	WORD $0x6e22dc22 // fmul v2.4s, v1.4s, v2.4s
	VST1.P [V2.S4], 16(R0)
	SUBS   $1, R2
	BNE    sigb_loop

sigb_done:
	RET

// func TanhNEON(dst, x []float32)
//
// dst[i] = tanhf(x[i]) for len(dst) a multiple of 4: with a = |x|, the
// polynomial a + (a·z)·P(z), z = a², where a < 0.625 and (1 − e)/(1 + e),
// e = e^−2a, elsewhere (chosen lane by lane with BIT), then the sign of x.
//
// Requires: ASIMD (NEON)
//
// Register map:
//	R0        &dst[i]
//	R1        &x[i]
//	R2        vectors left
//	R9, R10   &nnConsts, its packed rows
//	V0        x
//	V1        −2a, the exponent argument
//	V2        n
//	V3        r
//	V4, V5    Horner steps; V5 then r²
//	V6        e^r, then the exponential
//	V7, V8    n2 and n1 (integers), then 2^n2 and 2^n1
//	V16-V29   nnConsts rows 0..13: expHi, −104, log2e, ln2Hi, ln2Lo, P0-P4, 0.5, 1, 127, the sign bit
//	V2        1 − e, then y2 = (1 − e)/(1 + e), then the result
//	V3        1 + e, then the sign of x
//	V9        a = |x|
//	V10       (a − 0.625)>>31: all ones where a < 0.625
//	V11       0.625, then −2
//	V12       z = a², then a·z
//	V13, V14  Horner steps; then P(z) and y1 = a + (a·z)·P(z)
//	V30, V31  tanh P0-P3; P4, 0.625, −2, 0
TEXT ·TanhNEON(SB), NOSPLIT, $0-48
	MOVD   dst_base+0(FP), R0
	MOVD   dst_len+8(FP), R2
	MOVD   x_base+24(FP), R1
	LSR    $2, R2
	CBZ    R2, tanh_done
	MOVD   $nnConsts<>(SB), R9
	VLD1.P 64(R9), [V16.S4, V17.S4, V18.S4, V19.S4]
	VLD1.P 64(R9), [V20.S4, V21.S4, V22.S4, V23.S4]
	VLD1.P 64(R9), [V24.S4, V25.S4, V26.S4, V27.S4]
	VLD1.P 32(R9), [V28.S4, V29.S4]
	MOVD   $nnConsts<>+224(SB), R10
	VLD1   (R10), [V30.S4]
	MOVD   $nnConsts<>+240(SB), R10
	VLD1   (R10), [V31.S4]

tanh_loop:
	VLD1.P 16(R1), [V0.S4]
	WORD $0x4ea0f809 // fabs v9.4s, v0.4s
	VDUP   V31.S[1], V11.S4
	WORD $0x4eabd52a // fsub v10.4s, v9.4s, v11.4s
	WORD $0x4f21054a // sshr v10.4s, v10.4s, #31
	WORD $0x6e29dd2c // fmul v12.4s, v9.4s, v9.4s
	VDUP   V30.S[0], V13.S4
	VDUP   V30.S[1], V14.S4
	VFMLA  V13.S4, V12.S4, V14.S4
	VDUP   V30.S[2], V13.S4
	VFMLA  V14.S4, V12.S4, V13.S4
	VDUP   V30.S[3], V14.S4
	VFMLA  V13.S4, V12.S4, V14.S4
	VDUP   V31.S[0], V13.S4
	VFMLA  V14.S4, V12.S4, V13.S4
	WORD $0x6e2cdd2c // fmul v12.4s, v9.4s, v12.4s
	VMOV   V9.B16, V14.B16
	VFMLA  V13.S4, V12.S4, V14.S4
	VDUP   V31.S[2], V11.S4
	WORD $0x6e2bdd21 // fmul v1.4s, v9.4s, v11.4s
	WORD $0x4eb0f421 // fmin v1.4s, v1.4s, v16.4s
	WORD $0x4e31f421 // fmax v1.4s, v1.4s, v17.4s
	WORD $0x6e32dc22 // fmul v2.4s, v1.4s, v18.4s
	WORD $0x4e218842 // frintn v2.4s, v2.4s
	VMOV   V1.B16, V3.B16
	VFMLS  V19.S4, V2.S4, V3.S4
	VFMLS  V20.S4, V2.S4, V3.S4
	VMOV   V22.B16, V4.B16
	VFMLA  V21.S4, V3.S4, V4.S4
	VMOV   V23.B16, V5.B16
	VFMLA  V4.S4, V3.S4, V5.S4
	VMOV   V24.B16, V4.B16
	VFMLA  V5.S4, V3.S4, V4.S4
	VMOV   V25.B16, V5.B16
	VFMLA  V4.S4, V3.S4, V5.S4
	VMOV   V26.B16, V4.B16
	VFMLA  V5.S4, V3.S4, V4.S4
	WORD $0x6e23dc65 // fmul v5.4s, v3.4s, v3.4s
	VMOV   V3.B16, V6.B16
	VFMLA  V5.S4, V4.S4, V6.S4
	WORD $0x4e3bd4c6 // fadd v6.4s, v6.4s, v27.4s
	WORD $0x4ea1b847 // fcvtzs v7.4s, v2.4s
	WORD $0x4f3f04e8 // sshr v8.4s, v7.4s, #1
	VSUB   V8.S4, V7.S4, V7.S4
	VADD   V28.S4, V8.S4, V8.S4
	VADD   V28.S4, V7.S4, V7.S4
	VSHL   $23, V8.S4, V8.S4
	VSHL   $23, V7.S4, V7.S4
	WORD $0x6e28dcc6 // fmul v6.4s, v6.4s, v8.4s
	WORD $0x6e27dcc6 // fmul v6.4s, v6.4s, v7.4s
	WORD $0x4ea6d762 // fsub v2.4s, v27.4s, v6.4s
	WORD $0x4e26d763 // fadd v3.4s, v27.4s, v6.4s
	WORD $0x6e23fc42 // fdiv v2.4s, v2.4s, v3.4s
	VBIT   V10.B16, V14.B16, V2.B16
	VAND   V29.B16, V0.B16, V3.B16
	VORR   V3.B16, V2.B16, V2.B16
	VST1.P [V2.S4], 16(R0)
	SUBS   $1, R2
	BNE    tanh_loop

tanh_done:
	RET

// func TanhBackwardNEON(dst, dy, y []float32)
//
// dst[i] = dy[i]·((1 − y[i])·(1 + y[i])) for len(dst) a multiple of 4, in
// that order.
//
// Requires: ASIMD (NEON)
//
// Register map:
//	R0        &dst[i]
//	R1        &dy[i]
//	R3        &y[i]
//	R2        vectors left
//	R9        &nnConsts
//	V0        y
//	V1        dy
//	V2        1 − y, then (1 − y)·(1 + y), then the result
//	V3        1 + y
//	V27       1 (V16-V29 hold nnConsts rows 0..13)
TEXT ·TanhBackwardNEON(SB), NOSPLIT, $0-72
	MOVD   dst_base+0(FP), R0
	MOVD   dst_len+8(FP), R2
	MOVD   dy_base+24(FP), R1
	MOVD   y_base+48(FP), R3
	LSR    $2, R2
	CBZ    R2, tanhb_done
	MOVD   $nnConsts<>(SB), R9
	VLD1.P 64(R9), [V16.S4, V17.S4, V18.S4, V19.S4]
	VLD1.P 64(R9), [V20.S4, V21.S4, V22.S4, V23.S4]
	VLD1.P 64(R9), [V24.S4, V25.S4, V26.S4, V27.S4]
	VLD1.P 32(R9), [V28.S4, V29.S4]

tanhb_loop:
	VLD1.P 16(R1), [V1.S4]
	VLD1.P 16(R3), [V0.S4]
	WORD $0x4ea0d762 // fsub v2.4s, v27.4s, v0.4s
	WORD $0x4e20d763 // fadd v3.4s, v27.4s, v0.4s
	WORD $0x6e23dc42 // fmul v2.4s, v2.4s, v3.4s
	WORD $0x6e22dc22 // fmul v2.4s, v1.4s, v2.4s
	VST1.P [V2.S4], 16(R0)
	SUBS   $1, R2
	BNE    tanhb_loop

tanhb_done:
	RET

// func SoftplusNEON(dst, x []float32)
//
// dst[i] = softplusf(x[i]) for len(dst) a multiple of 4: max(x, 0) +
// log1p(e), e = e^−|x|, log1p(e) = log(u) − c/u with u = 1 + e and
// c = (u − 1) − e, log(u) = k·ln2 + log(1 + f), f = u − 1 − h·u, (h, k) =
// (0.5, 1) where u > √2 (chosen lane by lane with masks), (0, 0) elsewhere.
//
// Requires: ASIMD (NEON)
//
// Register map:
//	R0        &dst[i]
//	R1        &x[i]
//	R2        vectors left
//	R9, R10   &nnConsts, its packed rows
//	V0        x
//	V1        −|x|, the exponent argument
//	V2        n, then Horner steps, then log(1 + e), then the result
//	V3        r, then Horner steps, then max(x, 0)
//	V4, V5    exp Horner steps, r²; f·z; −0.5
//	V6        the exponential e
//	V7        n2, 2^n2, then h
//	V8        n1, 2^n1, then z = f²
//	V9        u = 1 + e
//	V10       u − 1, then f
//	V11       c = (u − 1) − e, then c/u
//	V12       √2, √2 − u, the mask where u > √2, then k
//	V13-V15   log P0-P3; P4-P7; P8, √2, −0.5, 0
//	V16-V29   nnConsts rows 0..13: expHi, −104, log2e, ln2Hi, ln2Lo, P0-P4, 0.5, 1, 127, the sign bit
TEXT ·SoftplusNEON(SB), NOSPLIT, $0-48
	MOVD   dst_base+0(FP), R0
	MOVD   dst_len+8(FP), R2
	MOVD   x_base+24(FP), R1
	LSR    $2, R2
	CBZ    R2, sp_done
	MOVD   $nnConsts<>(SB), R9
	VLD1.P 64(R9), [V16.S4, V17.S4, V18.S4, V19.S4]
	VLD1.P 64(R9), [V20.S4, V21.S4, V22.S4, V23.S4]
	VLD1.P 64(R9), [V24.S4, V25.S4, V26.S4, V27.S4]
	VLD1.P 32(R9), [V28.S4, V29.S4]
	MOVD   $nnConsts<>+256(SB), R10
	VLD1   (R10), [V13.S4]
	MOVD   $nnConsts<>+272(SB), R10
	VLD1   (R10), [V14.S4]
	MOVD   $nnConsts<>+288(SB), R10
	VLD1   (R10), [V15.S4]

sp_loop:
	VLD1.P 16(R1), [V0.S4]
	VORR   V29.B16, V0.B16, V1.B16
	WORD $0x4eb0f421 // fmin v1.4s, v1.4s, v16.4s
	WORD $0x4e31f421 // fmax v1.4s, v1.4s, v17.4s
	WORD $0x6e32dc22 // fmul v2.4s, v1.4s, v18.4s
	WORD $0x4e218842 // frintn v2.4s, v2.4s
	VMOV   V1.B16, V3.B16
	VFMLS  V19.S4, V2.S4, V3.S4
	VFMLS  V20.S4, V2.S4, V3.S4
	VMOV   V22.B16, V4.B16
	VFMLA  V21.S4, V3.S4, V4.S4
	VMOV   V23.B16, V5.B16
	VFMLA  V4.S4, V3.S4, V5.S4
	VMOV   V24.B16, V4.B16
	VFMLA  V5.S4, V3.S4, V4.S4
	VMOV   V25.B16, V5.B16
	VFMLA  V4.S4, V3.S4, V5.S4
	VMOV   V26.B16, V4.B16
	VFMLA  V5.S4, V3.S4, V4.S4
	WORD $0x6e23dc65 // fmul v5.4s, v3.4s, v3.4s
	VMOV   V3.B16, V6.B16
	VFMLA  V5.S4, V4.S4, V6.S4
	WORD $0x4e3bd4c6 // fadd v6.4s, v6.4s, v27.4s
	WORD $0x4ea1b847 // fcvtzs v7.4s, v2.4s
	WORD $0x4f3f04e8 // sshr v8.4s, v7.4s, #1
	VSUB   V8.S4, V7.S4, V7.S4
	VADD   V28.S4, V8.S4, V8.S4
	VADD   V28.S4, V7.S4, V7.S4
	VSHL   $23, V8.S4, V8.S4
	VSHL   $23, V7.S4, V7.S4
	WORD $0x6e28dcc6 // fmul v6.4s, v6.4s, v8.4s
	WORD $0x6e27dcc6 // fmul v6.4s, v6.4s, v7.4s
	WORD $0x4e26d769 // fadd v9.4s, v27.4s, v6.4s
	WORD $0x4ebbd52a // fsub v10.4s, v9.4s, v27.4s
	WORD $0x4ea6d54b // fsub v11.4s, v10.4s, v6.4s
	VDUP   V15.S[1], V12.S4
	WORD $0x4ea9d58c // fsub v12.4s, v12.4s, v9.4s
	WORD $0x4f21058c // sshr v12.4s, v12.4s, #31
	VAND   V26.B16, V12.B16, V7.B16
	VAND   V27.B16, V12.B16, V12.B16
	VFMLS  V7.S4, V9.S4, V10.S4
	WORD $0x6e2add48 // fmul v8.4s, v10.4s, v10.4s
	VDUP   V13.S[0], V2.S4
	VDUP   V13.S[1], V3.S4
	VFMLA  V2.S4, V10.S4, V3.S4
	VDUP   V13.S[2], V2.S4
	VFMLA  V3.S4, V10.S4, V2.S4
	VDUP   V13.S[3], V3.S4
	VFMLA  V2.S4, V10.S4, V3.S4
	VDUP   V14.S[0], V2.S4
	VFMLA  V3.S4, V10.S4, V2.S4
	VDUP   V14.S[1], V3.S4
	VFMLA  V2.S4, V10.S4, V3.S4
	VDUP   V14.S[2], V2.S4
	VFMLA  V3.S4, V10.S4, V2.S4
	VDUP   V14.S[3], V3.S4
	VFMLA  V2.S4, V10.S4, V3.S4
	VDUP   V15.S[0], V2.S4
	VFMLA  V3.S4, V10.S4, V2.S4
	WORD $0x6e28dd44 // fmul v4.4s, v10.4s, v8.4s
	WORD $0x6e22dc82 // fmul v2.4s, v4.4s, v2.4s
	VFMLA  V20.S4, V12.S4, V2.S4
	VDUP   V15.S[2], V5.S4
	VFMLA  V5.S4, V8.S4, V2.S4
	WORD $0x4e2ad442 // fadd v2.4s, v2.4s, v10.4s
	VFMLA  V19.S4, V12.S4, V2.S4
	WORD $0x6e29fd6b // fdiv v11.4s, v11.4s, v9.4s
	WORD $0x4eabd442 // fsub v2.4s, v2.4s, v11.4s
	VEOR   V3.B16, V3.B16, V3.B16
	WORD $0x4e23f403 // fmax v3.4s, v0.4s, v3.4s
	WORD $0x4e22d462 // fadd v2.4s, v3.4s, v2.4s
	VST1.P [V2.S4], 16(R0)
	SUBS   $1, R2
	BNE    sp_loop

sp_done:
	RET

// func MomentumNEON(lr, mu float32, w, g, vel []float32)
//
// For len(w) a multiple of 4: t = lr·g[i]; vel[i] = mu·vel[i] − t (fused:
// FMLA onto −t); w[i] += vel[i].
//
// Requires: ASIMD (NEON)
//
// Register map:
//	R0        &w[i]
//	R1        &g[i]
//	R2        &vel[i]
//	R4        vectors left
//	V0        g
//	V1        vel
//	V2        w, then the new w
//	V3        t = lr·g
//	V4        −t, then the new vel = mu·vel − t
//	V16, V17  lr, mu in every lane
TEXT ·MomentumNEON(SB), NOSPLIT, $0-80
	FMOVS  lr+0(FP), F16
	VDUP   V16.S[0], V16.S4
	FMOVS  mu+4(FP), F17
	VDUP   V17.S[0], V17.S4
	MOVD   w_base+8(FP), R0
	MOVD   w_len+16(FP), R4
	MOVD   g_base+32(FP), R1
	MOVD   vel_base+56(FP), R2
	LSR    $2, R4
	CBZ    R4, mom_done

mom_loop:
	VLD1.P 16(R1), [V0.S4]
	VLD1   (R2), [V1.S4]
	VLD1   (R0), [V2.S4]
	WORD $0x6e30dc03 // fmul v3.4s, v0.4s, v16.4s
	WORD $0x6ea0f864 // fneg v4.4s, v3.4s
	VFMLA  V17.S4, V1.S4, V4.S4
	VST1.P [V4.S4], 16(R2)
	WORD $0x4e24d442 // fadd v2.4s, v2.4s, v4.4s
	VST1.P [V2.S4], 16(R0)
	SUBS   $1, R4
	BNE    mom_loop

mom_done:
	RET

// func NesterovNEON(lr, mu float32, w, g, vel []float32)
//
// For len(w) a multiple of 4: t = lr·g[i]; vel[i] = mu·vel[i] − t;
// w[i] += mu·vel[i] − t (both mu·vel − t fused: FMLA onto −t).
//
// Requires: ASIMD (NEON)
//
// Register map:
//	R0        &w[i]
//	R1        &g[i]
//	R2        &vel[i]
//	R4        vectors left
//	V0        g
//	V1        vel
//	V2        w, then the new w
//	V3        t = lr·g
//	V4        −t, then the new vel = mu·vel − t
//	V16, V17  lr, mu in every lane
//	V5        −t, then mu·vel − t with the new vel
TEXT ·NesterovNEON(SB), NOSPLIT, $0-80
	FMOVS  lr+0(FP), F16
	VDUP   V16.S[0], V16.S4
	FMOVS  mu+4(FP), F17
	VDUP   V17.S[0], V17.S4
	MOVD   w_base+8(FP), R0
	MOVD   w_len+16(FP), R4
	MOVD   g_base+32(FP), R1
	MOVD   vel_base+56(FP), R2
	LSR    $2, R4
	CBZ    R4, nest_done

nest_loop:
	VLD1.P 16(R1), [V0.S4]
	VLD1   (R2), [V1.S4]
	VLD1   (R0), [V2.S4]
	WORD $0x6e30dc03 // fmul v3.4s, v0.4s, v16.4s
	WORD $0x6ea0f864 // fneg v4.4s, v3.4s
	VFMLA  V17.S4, V1.S4, V4.S4
	VST1.P [V4.S4], 16(R2)
	WORD $0x6ea0f865 // fneg v5.4s, v3.4s
	VFMLA  V17.S4, V4.S4, V5.S4
	WORD $0x4e25d442 // fadd v2.4s, v2.4s, v5.4s
	VST1.P [V2.S4], 16(R0)
	SUBS   $1, R4
	BNE    nest_loop

nest_done:
	RET

// func AdamNEON(lr, c1, c2, eps float32, w, g, m, v []float32)
//
// For len(w) a multiple of 4: m[i] += (g[i] − m[i])·c1 and
// v[i] += (g[i]·g[i] − v[i])·c2 (each product and sum fused: FMLA), then
// w[i] −= (lr·m[i])/(√v[i] + eps) (FSQRT correctly rounded).
//
// Requires: ASIMD (NEON)
//
// Register map:
//	R0        &w[i]
//	R1        &g[i]
//	R2        &m[i]
//	R3        &v[i]
//	R4        vectors left
//	V0        g
//	V1        m, then the new m
//	V2        v, then the new v
//	V3        w, then the new w
//	V4        g − m, then g², g² − v, √v, √v + eps
//	V5        lr·m, then the step
//	V16-V19   lr, c1, c2, eps in every lane
TEXT ·AdamNEON(SB), NOSPLIT, $0-112
	FMOVS  lr+0(FP), F16
	VDUP   V16.S[0], V16.S4
	FMOVS  c1+4(FP), F17
	VDUP   V17.S[0], V17.S4
	FMOVS  c2+8(FP), F18
	VDUP   V18.S[0], V18.S4
	FMOVS  eps+12(FP), F19
	VDUP   V19.S[0], V19.S4
	MOVD   w_base+16(FP), R0
	MOVD   w_len+24(FP), R4
	MOVD   g_base+40(FP), R1
	MOVD   m_base+64(FP), R2
	MOVD   v_base+88(FP), R3
	LSR    $2, R4
	CBZ    R4, adam_done

adam_loop:
	VLD1.P 16(R1), [V0.S4]
	VLD1   (R2), [V1.S4]
	VLD1   (R3), [V2.S4]
	VLD1   (R0), [V3.S4]
	WORD $0x4ea1d404 // fsub v4.4s, v0.4s, v1.4s
	VFMLA  V17.S4, V4.S4, V1.S4
	VST1.P [V1.S4], 16(R2)
	WORD $0x6e20dc04 // fmul v4.4s, v0.4s, v0.4s
	WORD $0x4ea2d484 // fsub v4.4s, v4.4s, v2.4s
	VFMLA  V18.S4, V4.S4, V2.S4
	VST1.P [V2.S4], 16(R3)
	WORD $0x6ea1f844 // fsqrt v4.4s, v2.4s
	WORD $0x4e33d484 // fadd v4.4s, v4.4s, v19.4s
	WORD $0x6e30dc25 // fmul v5.4s, v1.4s, v16.4s
	WORD $0x6e24fca5 // fdiv v5.4s, v5.4s, v4.4s
	WORD $0x4ea5d463 // fsub v3.4s, v3.4s, v5.4s
	VST1.P [V3.S4], 16(R0)
	SUBS   $1, R4
	BNE    adam_loop

adam_done:
	RET

