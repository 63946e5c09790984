//go:build !purego

#include "textflag.h"

// func ScaleAVX2(alpha float32, x []float32)
//
// x[i] *= alpha for i < len(x); len(x) is a multiple of 8. 32 elements per
// iteration, then 8 at a time.
//
// Requires: AVX
//
// Register map:
//	SI      &x[i]
//	CX      elements left
//	Y0      alpha in every lane
//	Y1..Y4  alpha·x[i:i+32]
TEXT ·ScaleAVX2(SB), NOSPLIT, $0-32
	MOVQ         x_base+8(FP), SI
	MOVQ         x_len+16(FP), CX
	VBROADCASTSS alpha+0(FP), Y0
	CMPQ         CX, $32
	JLT          scale2_vec

scale2_loop:
	VMULPS  (SI), Y0, Y1
	VMULPS  32(SI), Y0, Y2
	VMULPS  64(SI), Y0, Y3
	VMULPS  96(SI), Y0, Y4
	VMOVUPS Y1, (SI)
	VMOVUPS Y2, 32(SI)
	VMOVUPS Y3, 64(SI)
	VMOVUPS Y4, 96(SI)
	ADDQ    $128, SI
	SUBQ    $32, CX
	CMPQ    CX, $32
	JGE     scale2_loop

scale2_vec:
	TESTQ CX, CX
	JZ    scale2_done

scale2_vec_loop:
	VMULPS  (SI), Y0, Y1
	VMOVUPS Y1, (SI)
	ADDQ    $32, SI
	SUBQ    $8, CX
	JNZ     scale2_vec_loop

scale2_done:
	VZEROUPPER
	RET

// func ScaleAVX512(alpha float32, x []float32)
//
// x[i] *= alpha for i < len(x), any length: 64 elements per iteration,
// then 16 at a time, then the last 0..15 under an opmask.
//
// Requires: AVX512F
//
// Register map:
//	SI      &x[i]
//	CX      elements left
//	AX      scratch for the tail mask
//	K1      tail mask: the low CX lanes
//	Z0      alpha in every lane
//	Z1..Z4  alpha·x[i:i+64]
TEXT ·ScaleAVX512(SB), NOSPLIT, $0-32
	MOVQ         x_base+8(FP), SI
	MOVQ         x_len+16(FP), CX
	VBROADCASTSS alpha+0(FP), Z0
	CMPQ         CX, $64
	JLT          scale5_vec

scale5_loop:
	VMULPS  (SI), Z0, Z1
	VMULPS  64(SI), Z0, Z2
	VMULPS  128(SI), Z0, Z3
	VMULPS  192(SI), Z0, Z4
	VMOVUPS Z1, (SI)
	VMOVUPS Z2, 64(SI)
	VMOVUPS Z3, 128(SI)
	VMOVUPS Z4, 192(SI)
	ADDQ    $256, SI
	SUBQ    $64, CX
	CMPQ    CX, $64
	JGE     scale5_loop

scale5_vec:
	CMPQ    CX, $16
	JLT     scale5_tail
	VMULPS  (SI), Z0, Z1
	VMOVUPS Z1, (SI)
	ADDQ    $64, SI
	SUBQ    $16, CX
	JMP     scale5_vec

scale5_tail:
	TESTQ     CX, CX
	JZ        scale5_done
	MOVL      $1, AX
	SHLL      CX, AX
	DECL      AX
	KMOVW     AX, K1
	VMOVUPS.Z (SI), K1, Z1
	VMULPS    Z1, Z0, Z1
	VMOVUPS   Z1, K1, (SI)

scale5_done:
	VZEROUPPER
	RET
