//go:build !purego

#include "textflag.h"

// func DotAVX2(x, y []float32) float32
//
// Returns Σ x[i]·y[i] over i < len(x); len(x) is a multiple of 8. Eight
// accumulators of 8 lanes take 64 elements per iteration, so that eight
// independent fused multiply-adds hide the latency; the rest goes 8 at a time
// into the first. The accumulators are added pairwise, then their lanes.
//
// Requires: AVX, FMA3
//
// Register map:
//	SI       &x[i]
//	DI       &y[i]
//	CX       elements left
//	Y0..Y7   partial sums
//	Y8..Y15  x[i:i+64]
TEXT ·DotAVX2(SB), NOSPLIT, $0-52
	MOVQ   x_base+0(FP), SI
	MOVQ   x_len+8(FP), CX
	MOVQ   y_base+24(FP), DI
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	CMPQ   CX, $64
	JLT    dot2_vec

dot2_loop:
	VMOVUPS (SI), Y8
	VMOVUPS 32(SI), Y9
	VMOVUPS 64(SI), Y10
	VMOVUPS 96(SI), Y11
	VMOVUPS 128(SI), Y12
	VMOVUPS 160(SI), Y13
	VMOVUPS 192(SI), Y14
	VMOVUPS 224(SI), Y15
	VFMADD231PS (DI), Y8, Y0
	VFMADD231PS 32(DI), Y9, Y1
	VFMADD231PS 64(DI), Y10, Y2
	VFMADD231PS 96(DI), Y11, Y3
	VFMADD231PS 128(DI), Y12, Y4
	VFMADD231PS 160(DI), Y13, Y5
	VFMADD231PS 192(DI), Y14, Y6
	VFMADD231PS 224(DI), Y15, Y7
	ADDQ    $256, SI
	ADDQ    $256, DI
	SUBQ    $64, CX
	CMPQ    CX, $64
	JGE     dot2_loop

dot2_vec:
	TESTQ CX, CX
	JZ    dot2_reduce

dot2_vec_loop:
	VMOVUPS (SI), Y8
	VFMADD231PS (DI), Y8, Y0
	ADDQ    $32, SI
	ADDQ    $32, DI
	SUBQ    $8, CX
	JNZ     dot2_vec_loop

dot2_reduce:
	VADDPS       Y4, Y0, Y0
	VADDPS       Y5, Y1, Y1
	VADDPS       Y6, Y2, Y2
	VADDPS       Y7, Y3, Y3
	VADDPS       Y2, Y0, Y0
	VADDPS       Y3, Y1, Y1
	VADDPS       Y1, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPS       X1, X0, X0
	VMOVHLPS     X0, X0, X1
	VADDPS       X1, X0, X0
	VMOVSHDUP    X0, X1
	VADDSS       X1, X0, X0
	VMOVSS       X0, ret+48(FP)
	VZEROUPPER
	RET

// func DotAVX512(x, y []float32) float32
//
// Returns Σ x[i]·y[i] over i < len(x), any length. Four accumulators of 16
// lanes take 64 elements per iteration; the rest goes 16 at a time, then
// the last 0..15 under an opmask (the masked-off lanes load as zeros),
// into the first. The accumulators are added pairwise, then their lanes.
//
// Requires: AVX512F
//
// Register map:
//	SI      &x[i]
//	DI      &y[i]
//	CX      elements left
//	AX      scratch for the tail mask
//	K1      tail mask: the low CX lanes
//	Z0..Z3  partial sums
//	Z4..Z7  x[i:i+64]
//	Z8      y of the tail
TEXT ·DotAVX512(SB), NOSPLIT, $0-52
	MOVQ    x_base+0(FP), SI
	MOVQ    x_len+8(FP), CX
	MOVQ    y_base+24(FP), DI
	VXORPS  Z0, Z0, Z0
	VXORPS  Z1, Z1, Z1
	VXORPS  Z2, Z2, Z2
	VXORPS  Z3, Z3, Z3
	CMPQ    CX, $64
	JLT     dot5_vec

dot5_loop:
	VMOVUPS (SI), Z4
	VMOVUPS 64(SI), Z5
	VMOVUPS 128(SI), Z6
	VMOVUPS 192(SI), Z7
	VFMADD231PS (DI), Z4, Z0
	VFMADD231PS 64(DI), Z5, Z1
	VFMADD231PS 128(DI), Z6, Z2
	VFMADD231PS 192(DI), Z7, Z3
	ADDQ    $256, SI
	ADDQ    $256, DI
	SUBQ    $64, CX
	CMPQ    CX, $64
	JGE     dot5_loop

dot5_vec:
	CMPQ    CX, $16
	JLT     dot5_tail
	VMOVUPS (SI), Z4
	VFMADD231PS (DI), Z4, Z0
	ADDQ    $64, SI
	ADDQ    $64, DI
	SUBQ    $16, CX
	JMP     dot5_vec

dot5_tail:
	TESTQ     CX, CX
	JZ        dot5_reduce
	MOVL      $1, AX
	SHLL      CX, AX
	DECL      AX
	KMOVW     AX, K1
	VMOVUPS.Z (SI), K1, Z4
	VMOVUPS.Z (DI), K1, Z8
	VFMADD231PS Z8, Z4, Z0

dot5_reduce:
	VADDPS        Z2, Z0, Z0
	VADDPS        Z3, Z1, Z1
	VADDPS        Z1, Z0, Z0
	VEXTRACTF64X4 $1, Z0, Y1
	VADDPS        Y1, Y0, Y0
	VEXTRACTF128  $1, Y0, X1
	VADDPS        X1, X0, X0
	VMOVHLPS      X0, X0, X1
	VADDPS        X1, X0, X0
	VMOVSHDUP     X0, X1
	VADDSS        X1, X0, X0
	VMOVSS        X0, ret+48(FP)
	VZEROUPPER
	RET
