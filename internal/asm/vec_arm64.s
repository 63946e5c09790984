//go:build !purego

#include "textflag.h"

// NEON vector kernels. Each routine handles whole 4-lane vectors: a main
// loop over blocks of 16 elements (four vectors, independent chains) and
// a loop over the remaining vectors of 4; the caller passes lengths that
// are multiples of 4 and finishes the tail in Go. Instructions Go's
// assembler lacks (vector FADD, FSUB, FMUL, FMAX, FMIN, FCMGT, FCMEQ,
// FADDP, FMAXV, FRINTN, FCVTZS, SSHR; golang/go#41092) are WORDs with the
// instruction beside them, encoded by asm2plan9s (make generate).

// func AddNEON(dst, x, y []float32)
//
// dst[i] = x[i] + y[i] for len(dst) a multiple of 4 (FADD).
//
// Requires: ASIMD (NEON)
//
// Register map:
//	R0        &dst[i]
//	R1        &x[i]
//	R2        &y[i]
//	R3        len(dst)
//	R4        blocks of 16 left
//	R5        vectors of 4 left after the blocks
//	V0-V3     x[i:i+16], then the result
//	V4-V7     y[i:i+16]
TEXT ·AddNEON(SB), NOSPLIT, $0-72
	MOVD dst_base+0(FP), R0
	MOVD dst_len+8(FP), R3
	MOVD x_base+24(FP), R1
	MOVD y_base+48(FP), R2
	LSR  $4, R3, R4
	AND  $15, R3, R5
	LSR  $2, R5
	CBZ  R4, add_tail

add_loop:
	VLD1.P 64(R1), [V0.S4, V1.S4, V2.S4, V3.S4]
	VLD1.P 64(R2), [V4.S4, V5.S4, V6.S4, V7.S4]
	WORD $0x4e24d400 // fadd v0.4s, v0.4s, v4.4s
	WORD $0x4e25d421 // fadd v1.4s, v1.4s, v5.4s
	WORD $0x4e26d442 // fadd v2.4s, v2.4s, v6.4s
	WORD $0x4e27d463 // fadd v3.4s, v3.4s, v7.4s
	VST1.P [V0.S4, V1.S4, V2.S4, V3.S4], 64(R0)
	SUBS   $1, R4
	BNE    add_loop

add_tail:
	CBZ R5, add_done

add_tail_loop:
	VLD1.P 16(R1), [V0.S4]
	VLD1.P 16(R2), [V4.S4]
	WORD $0x4e24d400 // fadd v0.4s, v0.4s, v4.4s
	VST1.P [V0.S4], 16(R0)
	SUBS   $1, R5
	BNE    add_tail_loop

add_done:
	RET

// func SubNEON(dst, x, y []float32)
//
// dst[i] = x[i] - y[i] for len(dst) a multiple of 4 (FSUB).
//
// Requires: ASIMD (NEON)
//
// Register map:
//	R0        &dst[i]
//	R1        &x[i]
//	R2        &y[i]
//	R3        len(dst)
//	R4        blocks of 16 left
//	R5        vectors of 4 left after the blocks
//	V0-V3     x[i:i+16], then the result
//	V4-V7     y[i:i+16]
TEXT ·SubNEON(SB), NOSPLIT, $0-72
	MOVD dst_base+0(FP), R0
	MOVD dst_len+8(FP), R3
	MOVD x_base+24(FP), R1
	MOVD y_base+48(FP), R2
	LSR  $4, R3, R4
	AND  $15, R3, R5
	LSR  $2, R5
	CBZ  R4, sub_tail

sub_loop:
	VLD1.P 64(R1), [V0.S4, V1.S4, V2.S4, V3.S4]
	VLD1.P 64(R2), [V4.S4, V5.S4, V6.S4, V7.S4]
	WORD $0x4ea4d400 // fsub v0.4s, v0.4s, v4.4s
	WORD $0x4ea5d421 // fsub v1.4s, v1.4s, v5.4s
	WORD $0x4ea6d442 // fsub v2.4s, v2.4s, v6.4s
	WORD $0x4ea7d463 // fsub v3.4s, v3.4s, v7.4s
	VST1.P [V0.S4, V1.S4, V2.S4, V3.S4], 64(R0)
	SUBS   $1, R4
	BNE    sub_loop

sub_tail:
	CBZ R5, sub_done

sub_tail_loop:
	VLD1.P 16(R1), [V0.S4]
	VLD1.P 16(R2), [V4.S4]
	WORD $0x4ea4d400 // fsub v0.4s, v0.4s, v4.4s
	VST1.P [V0.S4], 16(R0)
	SUBS   $1, R5
	BNE    sub_tail_loop

sub_done:
	RET

// func MulNEON(dst, x, y []float32)
//
// dst[i] = x[i] * y[i] for len(dst) a multiple of 4 (FMUL).
//
// Requires: ASIMD (NEON)
//
// Register map:
//	R0        &dst[i]
//	R1        &x[i]
//	R2        &y[i]
//	R3        len(dst)
//	R4        blocks of 16 left
//	R5        vectors of 4 left after the blocks
//	V0-V3     x[i:i+16], then the result
//	V4-V7     y[i:i+16]
TEXT ·MulNEON(SB), NOSPLIT, $0-72
	MOVD dst_base+0(FP), R0
	MOVD dst_len+8(FP), R3
	MOVD x_base+24(FP), R1
	MOVD y_base+48(FP), R2
	LSR  $4, R3, R4
	AND  $15, R3, R5
	LSR  $2, R5
	CBZ  R4, mul_tail

mul_loop:
	VLD1.P 64(R1), [V0.S4, V1.S4, V2.S4, V3.S4]
	VLD1.P 64(R2), [V4.S4, V5.S4, V6.S4, V7.S4]
	WORD $0x6e24dc00 // fmul v0.4s, v0.4s, v4.4s
	WORD $0x6e25dc21 // fmul v1.4s, v1.4s, v5.4s
	WORD $0x6e26dc42 // fmul v2.4s, v2.4s, v6.4s
	WORD $0x6e27dc63 // fmul v3.4s, v3.4s, v7.4s
	VST1.P [V0.S4, V1.S4, V2.S4, V3.S4], 64(R0)
	SUBS   $1, R4
	BNE    mul_loop

mul_tail:
	CBZ R5, mul_done

mul_tail_loop:
	VLD1.P 16(R1), [V0.S4]
	VLD1.P 16(R2), [V4.S4]
	WORD $0x6e24dc00 // fmul v0.4s, v0.4s, v4.4s
	VST1.P [V0.S4], 16(R0)
	SUBS   $1, R5
	BNE    mul_tail_loop

mul_done:
	RET

// func AxpyNEON(alpha float32, x, y []float32)
//
// y[i] += alpha·x[i] for len(x) a multiple of 4, fused (FMLA).
//
// Requires: ASIMD (NEON)
//
// Register map:
//	R0        &x[i]
//	R1        &y[i], loaded
//	R2        &y[i], stored
//	R3        len(x)
//	R4        blocks of 16 left
//	R5        vectors of 4 left after the blocks
//	V0-V3     x[i:i+16]
//	V4-V7     y[i:i+16], then the result
//	V16       alpha in every lane
TEXT ·AxpyNEON(SB), NOSPLIT, $0-56
	FMOVS alpha+0(FP), F16
	VDUP  V16.S[0], V16.S4
	MOVD  x_base+8(FP), R0
	MOVD  x_len+16(FP), R3
	MOVD  y_base+32(FP), R1
	MOVD  R1, R2
	LSR   $4, R3, R4
	AND   $15, R3, R5
	LSR   $2, R5
	CBZ   R4, axpy_tail

axpy_loop:
	VLD1.P 64(R0), [V0.S4, V1.S4, V2.S4, V3.S4]
	VLD1.P 64(R1), [V4.S4, V5.S4, V6.S4, V7.S4]
	VFMLA  V16.S4, V0.S4, V4.S4
	VFMLA  V16.S4, V1.S4, V5.S4
	VFMLA  V16.S4, V2.S4, V6.S4
	VFMLA  V16.S4, V3.S4, V7.S4
	VST1.P [V4.S4, V5.S4, V6.S4, V7.S4], 64(R2)
	SUBS   $1, R4
	BNE    axpy_loop

axpy_tail:
	CBZ R5, axpy_done

axpy_tail_loop:
	VLD1.P 16(R0), [V0.S4]
	VLD1.P 16(R1), [V4.S4]
	VFMLA  V16.S4, V0.S4, V4.S4
	VST1.P [V4.S4], 16(R2)
	SUBS   $1, R5
	BNE    axpy_tail_loop

axpy_done:
	RET

// func ScaleNEON(alpha float32, x []float32)
//
// x[i] *= alpha for len(x) a multiple of 4 (FMUL).
//
// Requires: ASIMD (NEON)
//
// Register map:
//	R0        &x[i], loaded
//	R1        &x[i], stored
//	R3        len(x)
//	R4        blocks of 16 left
//	R5        vectors of 4 left after the blocks
//	V0-V3     x[i:i+16], then the result
//	V16       alpha in every lane
TEXT ·ScaleNEON(SB), NOSPLIT, $0-32
	FMOVS alpha+0(FP), F16
	VDUP  V16.S[0], V16.S4
	MOVD  x_base+8(FP), R0
	MOVD  x_len+16(FP), R3
	MOVD  R0, R1
	LSR   $4, R3, R4
	AND   $15, R3, R5
	LSR   $2, R5
	CBZ   R4, scale_tail

scale_loop:
	VLD1.P 64(R0), [V0.S4, V1.S4, V2.S4, V3.S4]
	WORD $0x6e30dc00 // fmul v0.4s, v0.4s, v16.4s
	WORD $0x6e30dc21 // fmul v1.4s, v1.4s, v16.4s
	WORD $0x6e30dc42 // fmul v2.4s, v2.4s, v16.4s
	WORD $0x6e30dc63 // fmul v3.4s, v3.4s, v16.4s
	VST1.P [V0.S4, V1.S4, V2.S4, V3.S4], 64(R1)
	SUBS   $1, R4
	BNE    scale_loop

scale_tail:
	CBZ R5, scale_done

scale_tail_loop:
	VLD1.P 16(R0), [V0.S4]
	WORD $0x6e30dc00 // fmul v0.4s, v0.4s, v16.4s
	VST1.P [V0.S4], 16(R1)
	SUBS   $1, R5
	BNE    scale_tail_loop

scale_done:
	RET

// func DotNEON(x, y []float32) float32
//
// Σ x[i]·y[i] for len(x) a multiple of 4: lane l of accumulator k sums
// the products of the elements i ≡ 4k+l (mod 16), fused (FMLA); the 16
// partial sums are added pairwise at the end.
//
// Requires: ASIMD (NEON)
//
// Register map:
//	R0        &x[i]
//	R1        &y[i]
//	R3        len(x)
//	R4        blocks of 16 left
//	R5        vectors of 4 left after the blocks
//	V0-V3     x[i:i+16]
//	V4-V7     y[i:i+16]
//	V16-V19   accumulators
TEXT ·DotNEON(SB), NOSPLIT, $0-52
	MOVD x_base+0(FP), R0
	MOVD x_len+8(FP), R3
	MOVD y_base+24(FP), R1
	VEOR V16.B16, V16.B16, V16.B16
	VEOR V17.B16, V17.B16, V17.B16
	VEOR V18.B16, V18.B16, V18.B16
	VEOR V19.B16, V19.B16, V19.B16
	LSR  $4, R3, R4
	AND  $15, R3, R5
	LSR  $2, R5
	CBZ  R4, dot_tail

dot_loop:
	VLD1.P 64(R0), [V0.S4, V1.S4, V2.S4, V3.S4]
	VLD1.P 64(R1), [V4.S4, V5.S4, V6.S4, V7.S4]
	VFMLA  V4.S4, V0.S4, V16.S4
	VFMLA  V5.S4, V1.S4, V17.S4
	VFMLA  V6.S4, V2.S4, V18.S4
	VFMLA  V7.S4, V3.S4, V19.S4
	SUBS   $1, R4
	BNE    dot_loop

dot_tail:
	CBZ R5, dot_reduce

dot_tail_loop:
	VLD1.P 16(R0), [V0.S4]
	VLD1.P 16(R1), [V4.S4]
	VFMLA  V4.S4, V0.S4, V16.S4
	SUBS   $1, R5
	BNE    dot_tail_loop

dot_reduce:
	WORD $0x4e31d610 // fadd v16.4s, v16.4s, v17.4s
	WORD $0x4e33d652 // fadd v18.4s, v18.4s, v19.4s
	WORD $0x4e32d610 // fadd v16.4s, v16.4s, v18.4s
	WORD $0x6e30d610 // faddp v16.4s, v16.4s, v16.4s
	WORD $0x7e30da00 // faddp s0, v16.2s
	FMOVS F0, ret+48(FP)
	RET

// func SumNEON(x []float32) float32
//
// Σ x[i] for len(x) a multiple of 4, in 16 partial sums (lane l of
// accumulator k sums the elements i ≡ 4k+l mod 16) added pairwise at the
// end.
//
// Requires: ASIMD (NEON)
//
// Register map:
//	R0        &x[i]
//	R3        len(x)
//	R4        blocks of 16 left
//	R5        vectors of 4 left after the blocks
//	V0-V3     x[i:i+16]
//	V16-V19   accumulators
TEXT ·SumNEON(SB), NOSPLIT, $0-28
	MOVD x_base+0(FP), R0
	MOVD x_len+8(FP), R3
	VEOR V16.B16, V16.B16, V16.B16
	VEOR V17.B16, V17.B16, V17.B16
	VEOR V18.B16, V18.B16, V18.B16
	VEOR V19.B16, V19.B16, V19.B16
	LSR  $4, R3, R4
	AND  $15, R3, R5
	LSR  $2, R5
	CBZ  R4, sum_tail

sum_loop:
	VLD1.P 64(R0), [V0.S4, V1.S4, V2.S4, V3.S4]
	WORD $0x4e20d610 // fadd v16.4s, v16.4s, v0.4s
	WORD $0x4e21d631 // fadd v17.4s, v17.4s, v1.4s
	WORD $0x4e22d652 // fadd v18.4s, v18.4s, v2.4s
	WORD $0x4e23d673 // fadd v19.4s, v19.4s, v3.4s
	SUBS   $1, R4
	BNE    sum_loop

sum_tail:
	CBZ R5, sum_reduce

sum_tail_loop:
	VLD1.P 16(R0), [V0.S4]
	WORD $0x4e20d610 // fadd v16.4s, v16.4s, v0.4s
	SUBS   $1, R5
	BNE    sum_tail_loop

sum_reduce:
	WORD $0x4e31d610 // fadd v16.4s, v16.4s, v17.4s
	WORD $0x4e33d652 // fadd v18.4s, v18.4s, v19.4s
	WORD $0x4e32d610 // fadd v16.4s, v16.4s, v18.4s
	WORD $0x6e30d610 // faddp v16.4s, v16.4s, v16.4s
	WORD $0x7e30da00 // faddp s0, v16.2s
	FMOVS F0, ret+24(FP)
	RET

// func MaxNEON(x []float32) float32
//
// The largest x[i] for len(x) a multiple of 4, starting from −Inf. FMAX
// and FMAXV return NaN when either operand is NaN, so a NaN anywhere in x
// makes the result NaN.
//
// Requires: ASIMD (NEON)
//
// Register map:
//	R0        &x[i]
//	R3        len(x)
//	R4        blocks of 16 left
//	R5        vectors of 4 left after the blocks
//	R6        the bits of −Inf
//	V0-V3     x[i:i+16]
//	V16-V19   running maxima
TEXT ·MaxNEON(SB), NOSPLIT, $0-28
	MOVD x_base+0(FP), R0
	MOVD x_len+8(FP), R3
	MOVW $0xff800000, R6
	VDUP R6, V16.S4
	VMOV V16.B16, V17.B16
	VMOV V16.B16, V18.B16
	VMOV V16.B16, V19.B16
	LSR  $4, R3, R4
	AND  $15, R3, R5
	LSR  $2, R5
	CBZ  R4, max_tail

max_loop:
	VLD1.P 64(R0), [V0.S4, V1.S4, V2.S4, V3.S4]
	WORD $0x4e20f610 // fmax v16.4s, v16.4s, v0.4s
	WORD $0x4e21f631 // fmax v17.4s, v17.4s, v1.4s
	WORD $0x4e22f652 // fmax v18.4s, v18.4s, v2.4s
	WORD $0x4e23f673 // fmax v19.4s, v19.4s, v3.4s
	SUBS   $1, R4
	BNE    max_loop

max_tail:
	CBZ R5, max_reduce

max_tail_loop:
	VLD1.P 16(R0), [V0.S4]
	WORD $0x4e20f610 // fmax v16.4s, v16.4s, v0.4s
	SUBS   $1, R5
	BNE    max_tail_loop

max_reduce:
	WORD $0x4e31f610 // fmax v16.4s, v16.4s, v17.4s
	WORD $0x4e33f652 // fmax v18.4s, v18.4s, v19.4s
	WORD $0x4e32f610 // fmax v16.4s, v16.4s, v18.4s
	WORD $0x6e30fa00 // fmaxv s0, v16.4s
	FMOVS F0, ret+24(FP)
	RET

// argmaxIota holds the lane numbers 0, 1, 2, 3.
DATA argmaxIota<>+0(SB)/4, $0
DATA argmaxIota<>+4(SB)/4, $1
DATA argmaxIota<>+8(SB)/4, $2
DATA argmaxIota<>+12(SB)/4, $3
GLOBL argmaxIota<>(SB), RODATA|NOPTR, $16

// func ArgmaxNEON(x []float32, m *[16]float32, idx *[16]int32) (nan bool)
//
// For len(x) a multiple of 16 and at least 16 (and below 2³¹): each of 16
// lanes keeps the first maximum of the elements i ≡ lane (mod 16) and its
// index, and the result reports whether x holds a NaN (which the
// comparisons skip):
//
//	lane l starts as m[l], idx[l] = x[l], l;
//	for i ≥ 16: if x[i] > m[i%16] { m[i%16], idx[i%16] = x[i], i }
//
// Requires: ASIMD (NEON)
//
// Register map:
//	R0        &x[i]
//	R1        blocks of 16 left
//	R2        m
//	R3        idx
//	R4-R6     scratch
//	V0-V3     x[i:i+16]
//	V4-V7     lane maxima
//	V8-V11    their indices
//	V12-V15   the indices i..i+15 of the block being read
//	V16       16 in every lane
//	V17-V20   masks: x > lane maximum
//	V21-V24   masks: x == x (false for NaN)
//	V25       AND of all x == x masks
TEXT ·ArgmaxNEON(SB), NOSPLIT, $0-41
	MOVD x_base+0(FP), R0
	MOVD x_len+8(FP), R1
	MOVD m+24(FP), R2
	MOVD idx+32(FP), R3

	// The first 16 elements start the lanes.
	VLD1.P 64(R0), [V4.S4, V5.S4, V6.S4, V7.S4]
	MOVD   $argmaxIota<>(SB), R4
	VLD1   (R4), [V8.S4]
	MOVD   $4, R4
	VDUP   R4, V16.S4
	VADD   V16.S4, V8.S4, V9.S4
	VADD   V16.S4, V9.S4, V10.S4
	VADD   V16.S4, V10.S4, V11.S4
	MOVD   $16, R4
	VDUP   R4, V16.S4
	VADD   V16.S4, V8.S4, V12.S4
	VADD   V16.S4, V9.S4, V13.S4
	VADD   V16.S4, V10.S4, V14.S4
	VADD   V16.S4, V11.S4, V15.S4
	WORD $0x4e24e495 // fcmeq v21.4s, v4.4s, v4.4s
	WORD $0x4e25e4b6 // fcmeq v22.4s, v5.4s, v5.4s
	WORD $0x4e26e4d7 // fcmeq v23.4s, v6.4s, v6.4s
	WORD $0x4e27e4f8 // fcmeq v24.4s, v7.4s, v7.4s
	VAND   V21.B16, V22.B16, V21.B16
	VAND   V23.B16, V24.B16, V23.B16
	VAND   V21.B16, V23.B16, V25.B16
	SUB    $16, R1
	LSR    $4, R1
	CBZ    R1, argmax_done

argmax_loop:
	VLD1.P 64(R0), [V0.S4, V1.S4, V2.S4, V3.S4]
	WORD $0x6ea4e411 // fcmgt v17.4s, v0.4s, v4.4s
	WORD $0x6ea5e432 // fcmgt v18.4s, v1.4s, v5.4s
	WORD $0x6ea6e453 // fcmgt v19.4s, v2.4s, v6.4s
	WORD $0x6ea7e474 // fcmgt v20.4s, v3.4s, v7.4s
	WORD $0x4e20e415 // fcmeq v21.4s, v0.4s, v0.4s
	WORD $0x4e21e436 // fcmeq v22.4s, v1.4s, v1.4s
	WORD $0x4e22e457 // fcmeq v23.4s, v2.4s, v2.4s
	WORD $0x4e23e478 // fcmeq v24.4s, v3.4s, v3.4s
	VBIT   V17.B16, V0.B16, V4.B16
	VBIT   V17.B16, V12.B16, V8.B16
	VBIT   V18.B16, V1.B16, V5.B16
	VBIT   V18.B16, V13.B16, V9.B16
	VBIT   V19.B16, V2.B16, V6.B16
	VBIT   V19.B16, V14.B16, V10.B16
	VBIT   V20.B16, V3.B16, V7.B16
	VBIT   V20.B16, V15.B16, V11.B16
	VAND   V21.B16, V22.B16, V21.B16
	VAND   V23.B16, V24.B16, V23.B16
	VAND   V21.B16, V23.B16, V21.B16
	VAND   V21.B16, V25.B16, V25.B16
	VADD   V16.S4, V12.S4, V12.S4
	VADD   V16.S4, V13.S4, V13.S4
	VADD   V16.S4, V14.S4, V14.S4
	VADD   V16.S4, V15.S4, V15.S4
	SUBS   $1, R1
	BNE    argmax_loop

argmax_done:
	VST1 [V4.S4, V5.S4, V6.S4, V7.S4], (R2)
	VST1 [V8.S4, V9.S4, V10.S4, V11.S4], (R3)
	VMOV V25.D[0], R4
	VMOV V25.D[1], R5
	AND  R4, R5, R5
	CMN  $1, R5
	CSET NE, R6
	MOVB R6, nan+40(FP)
	RET

// func ReluNEON(dst, x []float32)
//
// dst[i] = max(x[i], 0) for len(x) a multiple of 4 (FMAX, which returns
// NaN for a NaN operand and +0 for max(−0, +0)).
//
// Requires: ASIMD (NEON)
//
// Register map:
//	R0        &dst[i]
//	R1        &x[i]
//	R3        len(x)
//	R4        blocks of 16 left
//	R5        vectors of 4 left after the blocks
//	V0-V3     x[i:i+16], then the result
//	V31       zero
TEXT ·ReluNEON(SB), NOSPLIT, $0-48
	MOVD dst_base+0(FP), R0
	MOVD x_base+24(FP), R1
	MOVD x_len+32(FP), R3
	VEOR V31.B16, V31.B16, V31.B16
	LSR  $4, R3, R4
	AND  $15, R3, R5
	LSR  $2, R5
	CBZ  R4, relu_tail

relu_loop:
	VLD1.P 64(R1), [V0.S4, V1.S4, V2.S4, V3.S4]
	WORD $0x4e3ff400 // fmax v0.4s, v0.4s, v31.4s
	WORD $0x4e3ff421 // fmax v1.4s, v1.4s, v31.4s
	WORD $0x4e3ff442 // fmax v2.4s, v2.4s, v31.4s
	WORD $0x4e3ff463 // fmax v3.4s, v3.4s, v31.4s
	VST1.P [V0.S4, V1.S4, V2.S4, V3.S4], 64(R0)
	SUBS   $1, R4
	BNE    relu_loop

relu_tail:
	CBZ R5, relu_done

relu_tail_loop:
	VLD1.P 16(R1), [V0.S4]
	WORD $0x4e3ff400 // fmax v0.4s, v0.4s, v31.4s
	VST1.P [V0.S4], 16(R0)
	SUBS   $1, R5
	BNE    relu_tail_loop

relu_done:
	RET

// func ReluBackwardNEON(dst, dy, x []float32)
//
// dst[i] = dy[i] where x[i] > 0, else 0, for len(dst) a multiple of 4:
// FCMGT against zero makes a mask (false for NaN), AND applies it.
//
// Requires: ASIMD (NEON)
//
// Register map:
//	R0        &dst[i]
//	R1        &dy[i]
//	R2        &x[i]
//	R3        len(dst)
//	R4        blocks of 16 left
//	R5        vectors of 4 left after the blocks
//	V0-V3     dy[i:i+16], then the result
//	V4-V7     x[i:i+16], then the masks x > 0
TEXT ·ReluBackwardNEON(SB), NOSPLIT, $0-72
	MOVD dst_base+0(FP), R0
	MOVD dst_len+8(FP), R3
	MOVD dy_base+24(FP), R1
	MOVD x_base+48(FP), R2
	LSR  $4, R3, R4
	AND  $15, R3, R5
	LSR  $2, R5
	CBZ  R4, relubwd_tail

relubwd_loop:
	VLD1.P 64(R1), [V0.S4, V1.S4, V2.S4, V3.S4]
	VLD1.P 64(R2), [V4.S4, V5.S4, V6.S4, V7.S4]
	WORD $0x4ea0c884 // fcmgt v4.4s, v4.4s, #0.0
	WORD $0x4ea0c8a5 // fcmgt v5.4s, v5.4s, #0.0
	WORD $0x4ea0c8c6 // fcmgt v6.4s, v6.4s, #0.0
	WORD $0x4ea0c8e7 // fcmgt v7.4s, v7.4s, #0.0
	VAND   V4.B16, V0.B16, V0.B16
	VAND   V5.B16, V1.B16, V1.B16
	VAND   V6.B16, V2.B16, V2.B16
	VAND   V7.B16, V3.B16, V3.B16
	VST1.P [V0.S4, V1.S4, V2.S4, V3.S4], 64(R0)
	SUBS   $1, R4
	BNE    relubwd_loop

relubwd_tail:
	CBZ R5, relubwd_done

relubwd_tail_loop:
	VLD1.P 16(R1), [V0.S4]
	VLD1.P 16(R2), [V4.S4]
	WORD $0x4ea0c884 // fcmgt v4.4s, v4.4s, #0.0
	VAND   V4.B16, V0.B16, V0.B16
	VST1.P [V0.S4], 16(R0)
	SUBS   $1, R5
	BNE    relubwd_tail_loop

relubwd_done:
	RET

// expConsts holds the constants of expf (kernels/exp.go), each in all
// four lanes: expHi, expLo, log2e, ln2Hi, ln2Lo, expP0-expP5, 1, the
// exponent bias 127 (an integer) and +Inf.
DATA expConsts<>+0(SB)/8, $0x42b1721842b17218 // hi
DATA expConsts<>+8(SB)/8, $0x42b1721842b17218
DATA expConsts<>+16(SB)/8, $0xc2cff1b4c2cff1b4 // lo
DATA expConsts<>+24(SB)/8, $0xc2cff1b4c2cff1b4
DATA expConsts<>+32(SB)/8, $0x3fb8aa3b3fb8aa3b // log2e
DATA expConsts<>+40(SB)/8, $0x3fb8aa3b3fb8aa3b
DATA expConsts<>+48(SB)/8, $0x3f3180003f318000 // ln2Hi
DATA expConsts<>+56(SB)/8, $0x3f3180003f318000
DATA expConsts<>+64(SB)/8, $0xb95e8083b95e8083 // ln2Lo
DATA expConsts<>+72(SB)/8, $0xb95e8083b95e8083
DATA expConsts<>+80(SB)/8, $0x3950696739506967 // P0
DATA expConsts<>+88(SB)/8, $0x3950696739506967
DATA expConsts<>+96(SB)/8, $0x3ab743ce3ab743ce // P1
DATA expConsts<>+104(SB)/8, $0x3ab743ce3ab743ce
DATA expConsts<>+112(SB)/8, $0x3c0889083c088908 // P2
DATA expConsts<>+120(SB)/8, $0x3c0889083c088908
DATA expConsts<>+128(SB)/8, $0x3d2aa9c13d2aa9c1 // P3
DATA expConsts<>+136(SB)/8, $0x3d2aa9c13d2aa9c1
DATA expConsts<>+144(SB)/8, $0x3e2aaaaa3e2aaaaa // P4
DATA expConsts<>+152(SB)/8, $0x3e2aaaaa3e2aaaaa
DATA expConsts<>+160(SB)/8, $0x3f0000003f000000 // P5
DATA expConsts<>+168(SB)/8, $0x3f0000003f000000
DATA expConsts<>+176(SB)/8, $0x3f8000003f800000 // 1
DATA expConsts<>+184(SB)/8, $0x3f8000003f800000
DATA expConsts<>+192(SB)/8, $0x0000007f0000007f // 127
DATA expConsts<>+200(SB)/8, $0x0000007f0000007f
DATA expConsts<>+208(SB)/8, $0x7f8000007f800000 // +Inf
DATA expConsts<>+216(SB)/8, $0x7f8000007f800000
GLOBL expConsts<>(SB), RODATA|NOPTR, $224

// func ExpShiftedNEON(dst, x []float32, shift float32) (sum float32)
//
// dst[i] = e^(x[i]−shift) for len(x) a multiple of 4, and the sum of the
// dst[i]: expf of kernels/exp.go on 4 lanes at once, with fused
// multiply-adds. x−shift is clamped to [expLo, expHi] for the
// computation, and the lanes beyond the range are set to +Inf or 0
// afterwards (NaN stays NaN: FMIN and FMAX propagate it and the
// comparisons are false for it). n = round(x·log2e) to nearest even
// (FRINTN), r = x − n·ln2Hi − n·ln2Lo (FMLS), e^r = 1 + (r + r²·P(r)) with
// P in Horner form (FMLA), and the result is e^r·2^⌊n/2⌋·2^(n−⌊n/2⌋), the
// powers of two built in the exponent field from the integer n (FCVTZS,
// SSHR, SHL).
//
// Requires: ASIMD (NEON)
//
// Register map:
//	R0        &dst[i]
//	R1        &x[i]
//	R2        vectors left
//	R3        &expConsts
//	V0        x[i:i+4] − shift
//	V1        the same, clamped
//	V2        n
//	V3        r
//	V4, V5    Horner steps; V5 then r²
//	V6        e^r, then the result
//	V7, V8    n2 and n1 (integers), then 2^n2 and 2^n1
//	V9, V10   masks: overflow, underflow
//	V15       sums of the results
//	V16       shift in every lane
//	V17-V30   expConsts: expHi, expLo, log2e, ln2Hi, ln2Lo, expP0-expP5, 1, 127, +Inf
//	V31       zero
TEXT ·ExpShiftedNEON(SB), NOSPLIT, $0-60
	MOVD  dst_base+0(FP), R0
	MOVD  x_base+24(FP), R1
	MOVD  x_len+32(FP), R2
	FMOVS shift+48(FP), F16
	VDUP  V16.S[0], V16.S4
	MOVD  $expConsts<>(SB), R3
	VLD1.P 64(R3), [V17.S4, V18.S4, V19.S4, V20.S4]
	VLD1.P 64(R3), [V21.S4, V22.S4, V23.S4, V24.S4]
	VLD1.P 64(R3), [V25.S4, V26.S4, V27.S4, V28.S4]
	VLD1   (R3), [V29.S4, V30.S4]
	VEOR   V31.B16, V31.B16, V31.B16
	VEOR   V15.B16, V15.B16, V15.B16
	LSR    $2, R2
	CBZ    R2, exp_done

exp_loop:
	VLD1.P 16(R1), [V0.S4]
	WORD $0x4eb0d400 // fsub v0.4s, v0.4s, v16.4s
	WORD $0x4eb1f401 // fmin v1.4s, v0.4s, v17.4s
	WORD $0x4e32f421 // fmax v1.4s, v1.4s, v18.4s
	WORD $0x6e33dc22 // fmul v2.4s, v1.4s, v19.4s
	WORD $0x4e218842 // frintn v2.4s, v2.4s
	VMOV   V1.B16, V3.B16
	VFMLS  V20.S4, V2.S4, V3.S4
	VFMLS  V21.S4, V2.S4, V3.S4
	VMOV   V23.B16, V4.B16
	VFMLA  V22.S4, V3.S4, V4.S4
	VMOV   V24.B16, V5.B16
	VFMLA  V4.S4, V3.S4, V5.S4
	VMOV   V25.B16, V4.B16
	VFMLA  V5.S4, V3.S4, V4.S4
	VMOV   V26.B16, V5.B16
	VFMLA  V4.S4, V3.S4, V5.S4
	VMOV   V27.B16, V4.B16
	VFMLA  V5.S4, V3.S4, V4.S4
	WORD $0x6e23dc65 // fmul v5.4s, v3.4s, v3.4s
	VMOV   V3.B16, V6.B16
	VFMLA  V5.S4, V4.S4, V6.S4
	WORD $0x4e3cd4c6 // fadd v6.4s, v6.4s, v28.4s
	WORD $0x4ea1b847 // fcvtzs v7.4s, v2.4s
	WORD $0x4f3f04e8 // sshr v8.4s, v7.4s, #1
	VSUB   V8.S4, V7.S4, V7.S4
	VADD   V29.S4, V8.S4, V8.S4
	VADD   V29.S4, V7.S4, V7.S4
	VSHL   $23, V8.S4, V8.S4
	VSHL   $23, V7.S4, V7.S4
	WORD $0x6e28dcc6 // fmul v6.4s, v6.4s, v8.4s
	WORD $0x6e27dcc6 // fmul v6.4s, v6.4s, v7.4s
	WORD $0x6eb1e409 // fcmgt v9.4s, v0.4s, v17.4s
	WORD $0x6ea0e64a // fcmgt v10.4s, v18.4s, v0.4s
	VBIT   V9.B16, V30.B16, V6.B16
	VBIT   V10.B16, V31.B16, V6.B16
	WORD $0x4e26d5ef // fadd v15.4s, v15.4s, v6.4s
	VST1.P [V6.S4], 16(R0)
	SUBS   $1, R2
	BNE    exp_loop

exp_done:
	WORD $0x6e2fd5ef // faddp v15.4s, v15.4s, v15.4s
	WORD $0x7e30d9e0 // faddp s0, v15.2s
	FMOVS F0, sum+56(FP)
	RET
