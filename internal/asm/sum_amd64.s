//go:build !purego

#include "textflag.h"

// func SumAVX2(x []float32) float32
//
// Returns Σ x[i] over i < len(x); len(x) is a multiple of 8. Eight
// accumulators of 8 lanes take 64 elements per iteration, so that eight
// independent additions hide the latency; the rest goes 8 at a time
// into the first. The accumulators are added pairwise, then their lanes.
//
// Requires: AVX
//
// Register map:
//	SI       &x[i]
//	CX       elements left
//	Y0..Y7   partial sums
TEXT ·SumAVX2(SB), NOSPLIT, $0-28
	MOVQ   x_base+0(FP), SI
	MOVQ   x_len+8(FP), CX
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	CMPQ   CX, $64
	JLT    sum2_vec

sum2_loop:
	VADDPS  (SI), Y0, Y0
	VADDPS  32(SI), Y1, Y1
	VADDPS  64(SI), Y2, Y2
	VADDPS  96(SI), Y3, Y3
	VADDPS  128(SI), Y4, Y4
	VADDPS  160(SI), Y5, Y5
	VADDPS  192(SI), Y6, Y6
	VADDPS  224(SI), Y7, Y7
	ADDQ    $256, SI
	SUBQ    $64, CX
	CMPQ    CX, $64
	JGE     sum2_loop

sum2_vec:
	TESTQ CX, CX
	JZ    sum2_reduce

sum2_vec_loop:
	VADDPS  (SI), Y0, Y0
	ADDQ    $32, SI
	SUBQ    $8, CX
	JNZ     sum2_vec_loop

sum2_reduce:
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
	VMOVSS       X0, ret+24(FP)
	VZEROUPPER
	RET

// func SumAVX512(x []float32) float32
//
// Returns Σ x[i] over i < len(x), any length. Four accumulators of 16
// lanes take 64 elements per iteration; the rest goes 16 at a time, then
// the last 0..15 under an opmask (the masked-off lanes load as zeros),
// into the first. The accumulators are added pairwise, then their lanes.
//
// Requires: AVX512F
//
// Register map:
//	SI      &x[i]
//	CX      elements left
//	AX      scratch for the tail mask
//	K1      tail mask: the low CX lanes
//	Z0..Z3  partial sums
//	Z4      x of the tail
TEXT ·SumAVX512(SB), NOSPLIT, $0-28
	MOVQ    x_base+0(FP), SI
	MOVQ    x_len+8(FP), CX
	VXORPS  Z0, Z0, Z0
	VXORPS  Z1, Z1, Z1
	VXORPS  Z2, Z2, Z2
	VXORPS  Z3, Z3, Z3
	CMPQ    CX, $64
	JLT     sum5_vec

sum5_loop:
	VADDPS  (SI), Z0, Z0
	VADDPS  64(SI), Z1, Z1
	VADDPS  128(SI), Z2, Z2
	VADDPS  192(SI), Z3, Z3
	ADDQ    $256, SI
	SUBQ    $64, CX
	CMPQ    CX, $64
	JGE     sum5_loop

sum5_vec:
	CMPQ    CX, $16
	JLT     sum5_tail
	VADDPS  (SI), Z0, Z0
	ADDQ    $64, SI
	SUBQ    $16, CX
	JMP     sum5_vec

sum5_tail:
	TESTQ     CX, CX
	JZ        sum5_reduce
	MOVL      $1, AX
	SHLL      CX, AX
	DECL      AX
	KMOVW     AX, K1
	VMOVUPS.Z (SI), K1, Z4
	VADDPS    Z4, Z0, Z0

sum5_reduce:
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
	VMOVSS        X0, ret+24(FP)
	VZEROUPPER
	RET
