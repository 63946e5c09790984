//go:build !purego

#include "textflag.h"

// Elementwise binary operations dst = x op y: one correctly rounded IEEE
// operation per element, so every path gives the same bits.

// func AddAVX2(dst, x, y []float32)
//
// dst[i] = x[i] + y[i] for i < len(dst); len(dst) is a multiple of 8. 32
// elements per iteration, then 8 at a time.
//
// Requires: AVX
//
// Register map:
//	DI      &dst[i]
//	SI      &x[i]
//	DX      &y[i]
//	CX      elements left
//	Y0..Y3  x[i:i+32], then the results
TEXT ·AddAVX2(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	MOVQ y_base+48(FP), DX
	CMPQ CX, $32
	JLT  add2_vec

add2_loop:
	VMOVUPS (SI), Y0
	VMOVUPS 32(SI), Y1
	VMOVUPS 64(SI), Y2
	VMOVUPS 96(SI), Y3
	VADDPS  (DX), Y0, Y0
	VADDPS  32(DX), Y1, Y1
	VADDPS  64(DX), Y2, Y2
	VADDPS  96(DX), Y3, Y3
	VMOVUPS Y0, (DI)
	VMOVUPS Y1, 32(DI)
	VMOVUPS Y2, 64(DI)
	VMOVUPS Y3, 96(DI)
	ADDQ    $128, SI
	ADDQ    $128, DX
	ADDQ    $128, DI
	SUBQ    $32, CX
	CMPQ    CX, $32
	JGE     add2_loop

add2_vec:
	TESTQ CX, CX
	JZ    add2_done

add2_vec_loop:
	VMOVUPS (SI), Y0
	VADDPS  (DX), Y0, Y0
	VMOVUPS Y0, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DX
	ADDQ    $32, DI
	SUBQ    $8, CX
	JNZ     add2_vec_loop

add2_done:
	VZEROUPPER
	RET

// func AddAVX512(dst, x, y []float32)
//
// dst[i] = x[i] + y[i] for i < len(dst), any length: 64 elements per
// iteration, then 16 at a time, then the last 0..15 under an opmask.
//
// Requires: AVX512F
//
// Register map:
//	DI      &dst[i]
//	SI      &x[i]
//	DX      &y[i]
//	CX      elements left
//	AX      scratch for the tail mask
//	K1      tail mask: the low CX lanes
//	Z0..Z3  x[i:i+64], then the results
//	Z4      y of the tail
TEXT ·AddAVX512(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	MOVQ y_base+48(FP), DX
	CMPQ CX, $64
	JLT  add5_vec

add5_loop:
	VMOVUPS (SI), Z0
	VMOVUPS 64(SI), Z1
	VMOVUPS 128(SI), Z2
	VMOVUPS 192(SI), Z3
	VADDPS  (DX), Z0, Z0
	VADDPS  64(DX), Z1, Z1
	VADDPS  128(DX), Z2, Z2
	VADDPS  192(DX), Z3, Z3
	VMOVUPS Z0, (DI)
	VMOVUPS Z1, 64(DI)
	VMOVUPS Z2, 128(DI)
	VMOVUPS Z3, 192(DI)
	ADDQ    $256, SI
	ADDQ    $256, DX
	ADDQ    $256, DI
	SUBQ    $64, CX
	CMPQ    CX, $64
	JGE     add5_loop

add5_vec:
	CMPQ CX, $16
	JLT  add5_tail
	VMOVUPS (SI), Z0
	VADDPS  (DX), Z0, Z0
	VMOVUPS Z0, (DI)
	ADDQ    $64, SI
	ADDQ    $64, DX
	ADDQ    $64, DI
	SUBQ    $16, CX
	JMP     add5_vec

add5_tail:
	TESTQ CX, CX
	JZ    add5_done
	MOVL  $1, AX
	SHLL  CX, AX
	DECL  AX
	KMOVW AX, K1
	VMOVUPS.Z (SI), K1, Z0
	VMOVUPS.Z (DX), K1, Z4
	VADDPS  Z4, Z0, Z0
	VMOVUPS Z0, K1, (DI)

add5_done:
	VZEROUPPER
	RET


// func SubAVX2(dst, x, y []float32)
//
// dst[i] = x[i] − y[i] for i < len(dst); len(dst) is a multiple of 8. 32
// elements per iteration, then 8 at a time.
//
// Requires: AVX
//
// Register map:
//	DI      &dst[i]
//	SI      &x[i]
//	DX      &y[i]
//	CX      elements left
//	Y0..Y3  x[i:i+32], then the results
TEXT ·SubAVX2(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	MOVQ y_base+48(FP), DX
	CMPQ CX, $32
	JLT  sub2_vec

sub2_loop:
	VMOVUPS (SI), Y0
	VMOVUPS 32(SI), Y1
	VMOVUPS 64(SI), Y2
	VMOVUPS 96(SI), Y3
	VSUBPS  (DX), Y0, Y0
	VSUBPS  32(DX), Y1, Y1
	VSUBPS  64(DX), Y2, Y2
	VSUBPS  96(DX), Y3, Y3
	VMOVUPS Y0, (DI)
	VMOVUPS Y1, 32(DI)
	VMOVUPS Y2, 64(DI)
	VMOVUPS Y3, 96(DI)
	ADDQ    $128, SI
	ADDQ    $128, DX
	ADDQ    $128, DI
	SUBQ    $32, CX
	CMPQ    CX, $32
	JGE     sub2_loop

sub2_vec:
	TESTQ CX, CX
	JZ    sub2_done

sub2_vec_loop:
	VMOVUPS (SI), Y0
	VSUBPS  (DX), Y0, Y0
	VMOVUPS Y0, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DX
	ADDQ    $32, DI
	SUBQ    $8, CX
	JNZ     sub2_vec_loop

sub2_done:
	VZEROUPPER
	RET

// func SubAVX512(dst, x, y []float32)
//
// dst[i] = x[i] − y[i] for i < len(dst), any length: 64 elements per
// iteration, then 16 at a time, then the last 0..15 under an opmask.
//
// Requires: AVX512F
//
// Register map:
//	DI      &dst[i]
//	SI      &x[i]
//	DX      &y[i]
//	CX      elements left
//	AX      scratch for the tail mask
//	K1      tail mask: the low CX lanes
//	Z0..Z3  x[i:i+64], then the results
//	Z4      y of the tail
TEXT ·SubAVX512(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	MOVQ y_base+48(FP), DX
	CMPQ CX, $64
	JLT  sub5_vec

sub5_loop:
	VMOVUPS (SI), Z0
	VMOVUPS 64(SI), Z1
	VMOVUPS 128(SI), Z2
	VMOVUPS 192(SI), Z3
	VSUBPS  (DX), Z0, Z0
	VSUBPS  64(DX), Z1, Z1
	VSUBPS  128(DX), Z2, Z2
	VSUBPS  192(DX), Z3, Z3
	VMOVUPS Z0, (DI)
	VMOVUPS Z1, 64(DI)
	VMOVUPS Z2, 128(DI)
	VMOVUPS Z3, 192(DI)
	ADDQ    $256, SI
	ADDQ    $256, DX
	ADDQ    $256, DI
	SUBQ    $64, CX
	CMPQ    CX, $64
	JGE     sub5_loop

sub5_vec:
	CMPQ CX, $16
	JLT  sub5_tail
	VMOVUPS (SI), Z0
	VSUBPS  (DX), Z0, Z0
	VMOVUPS Z0, (DI)
	ADDQ    $64, SI
	ADDQ    $64, DX
	ADDQ    $64, DI
	SUBQ    $16, CX
	JMP     sub5_vec

sub5_tail:
	TESTQ CX, CX
	JZ    sub5_done
	MOVL  $1, AX
	SHLL  CX, AX
	DECL  AX
	KMOVW AX, K1
	VMOVUPS.Z (SI), K1, Z0
	VMOVUPS.Z (DX), K1, Z4
	VSUBPS  Z4, Z0, Z0
	VMOVUPS Z0, K1, (DI)

sub5_done:
	VZEROUPPER
	RET


// func MulAVX2(dst, x, y []float32)
//
// dst[i] = x[i]·y[i] for i < len(dst); len(dst) is a multiple of 8. 32
// elements per iteration, then 8 at a time.
//
// Requires: AVX
//
// Register map:
//	DI      &dst[i]
//	SI      &x[i]
//	DX      &y[i]
//	CX      elements left
//	Y0..Y3  x[i:i+32], then the results
TEXT ·MulAVX2(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	MOVQ y_base+48(FP), DX
	CMPQ CX, $32
	JLT  mul2_vec

mul2_loop:
	VMOVUPS (SI), Y0
	VMOVUPS 32(SI), Y1
	VMOVUPS 64(SI), Y2
	VMOVUPS 96(SI), Y3
	VMULPS  (DX), Y0, Y0
	VMULPS  32(DX), Y1, Y1
	VMULPS  64(DX), Y2, Y2
	VMULPS  96(DX), Y3, Y3
	VMOVUPS Y0, (DI)
	VMOVUPS Y1, 32(DI)
	VMOVUPS Y2, 64(DI)
	VMOVUPS Y3, 96(DI)
	ADDQ    $128, SI
	ADDQ    $128, DX
	ADDQ    $128, DI
	SUBQ    $32, CX
	CMPQ    CX, $32
	JGE     mul2_loop

mul2_vec:
	TESTQ CX, CX
	JZ    mul2_done

mul2_vec_loop:
	VMOVUPS (SI), Y0
	VMULPS  (DX), Y0, Y0
	VMOVUPS Y0, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DX
	ADDQ    $32, DI
	SUBQ    $8, CX
	JNZ     mul2_vec_loop

mul2_done:
	VZEROUPPER
	RET

// func MulAVX512(dst, x, y []float32)
//
// dst[i] = x[i]·y[i] for i < len(dst), any length: 64 elements per
// iteration, then 16 at a time, then the last 0..15 under an opmask.
//
// Requires: AVX512F
//
// Register map:
//	DI      &dst[i]
//	SI      &x[i]
//	DX      &y[i]
//	CX      elements left
//	AX      scratch for the tail mask
//	K1      tail mask: the low CX lanes
//	Z0..Z3  x[i:i+64], then the results
//	Z4      y of the tail
TEXT ·MulAVX512(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ x_base+24(FP), SI
	MOVQ y_base+48(FP), DX
	CMPQ CX, $64
	JLT  mul5_vec

mul5_loop:
	VMOVUPS (SI), Z0
	VMOVUPS 64(SI), Z1
	VMOVUPS 128(SI), Z2
	VMOVUPS 192(SI), Z3
	VMULPS  (DX), Z0, Z0
	VMULPS  64(DX), Z1, Z1
	VMULPS  128(DX), Z2, Z2
	VMULPS  192(DX), Z3, Z3
	VMOVUPS Z0, (DI)
	VMOVUPS Z1, 64(DI)
	VMOVUPS Z2, 128(DI)
	VMOVUPS Z3, 192(DI)
	ADDQ    $256, SI
	ADDQ    $256, DX
	ADDQ    $256, DI
	SUBQ    $64, CX
	CMPQ    CX, $64
	JGE     mul5_loop

mul5_vec:
	CMPQ CX, $16
	JLT  mul5_tail
	VMOVUPS (SI), Z0
	VMULPS  (DX), Z0, Z0
	VMOVUPS Z0, (DI)
	ADDQ    $64, SI
	ADDQ    $64, DX
	ADDQ    $64, DI
	SUBQ    $16, CX
	JMP     mul5_vec

mul5_tail:
	TESTQ CX, CX
	JZ    mul5_done
	MOVL  $1, AX
	SHLL  CX, AX
	DECL  AX
	KMOVW AX, K1
	VMOVUPS.Z (SI), K1, Z0
	VMOVUPS.Z (DX), K1, Z4
	VMULPS  Z4, Z0, Z0
	VMOVUPS Z0, K1, (DI)

mul5_done:
	VZEROUPPER
	RET
