//go:build !purego

#include "textflag.h"

// func ReluAVX2(dst, x []float32)
//
// dst[i] = max(x[i], 0) for i < len(dst), with VMAXPS's operand order
// chosen so that a NaN x passes through: VMAXPS returns its second source
// operand (here x) when either is NaN or both are zeros (so −0 stays −0).
// len(dst) is a multiple of 8. 32 elements per iteration, then 8 at a time.
//
// Requires: AVX
//
// Register map:
//	DI      &dst[i]
//	SI      &x[i]
//	CX      elements left
//	Y0      zero
//	Y1..Y4  max(0, x[i:i+32])
TEXT ·ReluAVX2(SB), NOSPLIT, $0-48
	MOVQ   dst_base+0(FP), DI
	MOVQ   dst_len+8(FP), CX
	MOVQ   x_base+24(FP), SI
	VXORPS Y0, Y0, Y0
	CMPQ   CX, $32
	JLT    relu2_vec

relu2_loop:
	VMAXPS  (SI), Y0, Y1
	VMAXPS  32(SI), Y0, Y2
	VMAXPS  64(SI), Y0, Y3
	VMAXPS  96(SI), Y0, Y4
	VMOVUPS Y1, (DI)
	VMOVUPS Y2, 32(DI)
	VMOVUPS Y3, 64(DI)
	VMOVUPS Y4, 96(DI)
	ADDQ    $128, SI
	ADDQ    $128, DI
	SUBQ    $32, CX
	CMPQ    CX, $32
	JGE     relu2_loop

relu2_vec:
	TESTQ CX, CX
	JZ    relu2_done

relu2_vec_loop:
	VMAXPS  (SI), Y0, Y1
	VMOVUPS Y1, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DI
	SUBQ    $8, CX
	JNZ     relu2_vec_loop

relu2_done:
	VZEROUPPER
	RET

// func ReluAVX512(dst, x []float32)
//
// dst[i] = max(x[i], 0) for i < len(dst), any length, NaN passing through
// as in ReluAVX2: 64 elements per iteration, then 16 at a time, then the
// last 0..15 under an opmask.
//
// Requires: AVX512F
//
// Register map:
//	DI      &dst[i]
//	SI      &x[i]
//	CX      elements left
//	AX      scratch for the tail mask
//	K1      tail mask: the low CX lanes
//	Z0      zero
//	Z1..Z4  max(0, x[i:i+64])
TEXT ·ReluAVX512(SB), NOSPLIT, $0-48
	MOVQ   dst_base+0(FP), DI
	MOVQ   dst_len+8(FP), CX
	MOVQ   x_base+24(FP), SI
	VXORPS Z0, Z0, Z0
	CMPQ   CX, $64
	JLT    relu5_vec

relu5_loop:
	VMAXPS  (SI), Z0, Z1
	VMAXPS  64(SI), Z0, Z2
	VMAXPS  128(SI), Z0, Z3
	VMAXPS  192(SI), Z0, Z4
	VMOVUPS Z1, (DI)
	VMOVUPS Z2, 64(DI)
	VMOVUPS Z3, 128(DI)
	VMOVUPS Z4, 192(DI)
	ADDQ    $256, SI
	ADDQ    $256, DI
	SUBQ    $64, CX
	CMPQ    CX, $64
	JGE     relu5_loop

relu5_vec:
	CMPQ    CX, $16
	JLT     relu5_tail
	VMAXPS  (SI), Z0, Z1
	VMOVUPS Z1, (DI)
	ADDQ    $64, SI
	ADDQ    $64, DI
	SUBQ    $16, CX
	JMP     relu5_vec

relu5_tail:
	TESTQ     CX, CX
	JZ        relu5_done
	MOVL      $1, AX
	SHLL      CX, AX
	DECL      AX
	KMOVW     AX, K1
	VMOVUPS.Z (SI), K1, Z1
	VMAXPS    Z1, Z0, Z1
	VMOVUPS   Z1, K1, (DI)

relu5_done:
	VZEROUPPER
	RET

// func ReluBackwardAVX2(dst, dy, x []float32)
//
// dst[i] = dy[i] where x[i] > 0 and 0 elsewhere (NaN x included), for
// i < len(dst): the ordered quiet compare 0 < x gives an all-ones or
// all-zeros lane, ANDed with dy. len(dst) is a multiple of 8. 32 elements
// per iteration, then 8 at a time.
//
// Requires: AVX
//
// Register map:
//	DI      &dst[i]
//	DX      &dy[i]
//	SI      &x[i]
//	CX      elements left
//	Y0      zero
//	Y1..Y4  masks 0 < x[i:i+32], then the results
TEXT ·ReluBackwardAVX2(SB), NOSPLIT, $0-72
	MOVQ   dst_base+0(FP), DI
	MOVQ   dst_len+8(FP), CX
	MOVQ   dy_base+24(FP), DX
	MOVQ   x_base+48(FP), SI
	VXORPS Y0, Y0, Y0
	CMPQ   CX, $32
	JLT    relub2_vec

relub2_loop:
	VCMPPS  $0x11, (SI), Y0, Y1
	VCMPPS  $0x11, 32(SI), Y0, Y2
	VCMPPS  $0x11, 64(SI), Y0, Y3
	VCMPPS  $0x11, 96(SI), Y0, Y4
	VANDPS  (DX), Y1, Y1
	VANDPS  32(DX), Y2, Y2
	VANDPS  64(DX), Y3, Y3
	VANDPS  96(DX), Y4, Y4
	VMOVUPS Y1, (DI)
	VMOVUPS Y2, 32(DI)
	VMOVUPS Y3, 64(DI)
	VMOVUPS Y4, 96(DI)
	ADDQ    $128, SI
	ADDQ    $128, DX
	ADDQ    $128, DI
	SUBQ    $32, CX
	CMPQ    CX, $32
	JGE     relub2_loop

relub2_vec:
	TESTQ CX, CX
	JZ    relub2_done

relub2_vec_loop:
	VCMPPS  $0x11, (SI), Y0, Y1
	VANDPS  (DX), Y1, Y1
	VMOVUPS Y1, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DX
	ADDQ    $32, DI
	SUBQ    $8, CX
	JNZ     relub2_vec_loop

relub2_done:
	VZEROUPPER
	RET

// func ReluBackwardAVX512(dst, dy, x []float32)
//
// dst[i] = dy[i] where x[i] > 0 and 0 elsewhere (NaN x included), for
// i < len(dst), any length: the ordered quiet compare 0 < x sets an
// opmask, and a zero-masking load of dy under it gives the result. 64
// elements per iteration, then 16 at a time, then the last 0..15 under
// the tail mask as well.
//
// Requires: AVX512F
//
// Register map:
//	DI      &dst[i]
//	DX      &dy[i]
//	SI      &x[i]
//	CX      elements left
//	AX      scratch for the tail mask
//	K1      tail mask: the low CX lanes
//	K2..K5  masks 0 < x[i:i+64]
//	Z0      zero
//	Z1..Z4  the results
//	Z5      x of the tail
TEXT ·ReluBackwardAVX512(SB), NOSPLIT, $0-72
	MOVQ   dst_base+0(FP), DI
	MOVQ   dst_len+8(FP), CX
	MOVQ   dy_base+24(FP), DX
	MOVQ   x_base+48(FP), SI
	VXORPS Z0, Z0, Z0
	CMPQ   CX, $64
	JLT    relub5_vec

relub5_loop:
	VCMPPS    $0x11, (SI), Z0, K2
	VCMPPS    $0x11, 64(SI), Z0, K3
	VCMPPS    $0x11, 128(SI), Z0, K4
	VCMPPS    $0x11, 192(SI), Z0, K5
	VMOVUPS.Z (DX), K2, Z1
	VMOVUPS.Z 64(DX), K3, Z2
	VMOVUPS.Z 128(DX), K4, Z3
	VMOVUPS.Z 192(DX), K5, Z4
	VMOVUPS   Z1, (DI)
	VMOVUPS   Z2, 64(DI)
	VMOVUPS   Z3, 128(DI)
	VMOVUPS   Z4, 192(DI)
	ADDQ      $256, SI
	ADDQ      $256, DX
	ADDQ      $256, DI
	SUBQ      $64, CX
	CMPQ      CX, $64
	JGE       relub5_loop

relub5_vec:
	CMPQ      CX, $16
	JLT       relub5_tail
	VCMPPS    $0x11, (SI), Z0, K2
	VMOVUPS.Z (DX), K2, Z1
	VMOVUPS   Z1, (DI)
	ADDQ      $64, SI
	ADDQ      $64, DX
	ADDQ      $64, DI
	SUBQ      $16, CX
	JMP       relub5_vec

relub5_tail:
	TESTQ     CX, CX
	JZ        relub5_done
	MOVL      $1, AX
	SHLL      CX, AX
	DECL      AX
	KMOVW     AX, K1
	VMOVUPS.Z (SI), K1, Z5
	VCMPPS    $0x11, Z5, Z0, K1, K2
	VMOVUPS.Z (DX), K2, Z1
	VMOVUPS   Z1, K1, (DI)

relub5_done:
	VZEROUPPER
	RET
