//go:build !purego

#include "textflag.h"

// func AxpyAVX2(alpha float32, x, y []float32)
//
// y[i] += alpha·x[i] for i < len(x), one fused multiply-add per element;
// len(x) is a multiple of 8. 32 elements per iteration, then 8 at a time.
//
// Requires: AVX, AVX2, FMA3
//
// Register map:
//	SI      &x[i]
//	DI      &y[i]
//	CX      elements left
//	Y0      alpha in every lane
//	Y1..Y4  x[i:i+32], then alpha·x + y
TEXT ·AxpyAVX2(SB), NOSPLIT, $0-56
	MOVQ         x_base+8(FP), SI
	MOVQ         x_len+16(FP), CX
	MOVQ         y_base+32(FP), DI
	VBROADCASTSS alpha+0(FP), Y0
	CMPQ         CX, $32
	JLT          axpy2_vec

axpy2_loop:
	VMOVUPS     (SI), Y1
	VMOVUPS     32(SI), Y2
	VMOVUPS     64(SI), Y3
	VMOVUPS     96(SI), Y4
	VFMADD213PS (DI), Y0, Y1
	VFMADD213PS 32(DI), Y0, Y2
	VFMADD213PS 64(DI), Y0, Y3
	VFMADD213PS 96(DI), Y0, Y4
	VMOVUPS     Y1, (DI)
	VMOVUPS     Y2, 32(DI)
	VMOVUPS     Y3, 64(DI)
	VMOVUPS     Y4, 96(DI)
	ADDQ        $128, SI
	ADDQ        $128, DI
	SUBQ        $32, CX
	CMPQ        CX, $32
	JGE         axpy2_loop

axpy2_vec:
	TESTQ CX, CX
	JZ    axpy2_done

axpy2_vec_loop:
	VMOVUPS     (SI), Y1
	VFMADD213PS (DI), Y0, Y1
	VMOVUPS     Y1, (DI)
	ADDQ        $32, SI
	ADDQ        $32, DI
	SUBQ        $8, CX
	JNZ         axpy2_vec_loop

axpy2_done:
	VZEROUPPER
	RET

// func AxpyAVX512(alpha float32, x, y []float32)
//
// y[i] += alpha·x[i] for i < len(x), any length, one fused multiply-add
// per element: 64 elements per iteration, then 16 at a time, then the last
// 0..15 under an opmask.
//
// Requires: AVX512F
//
// Register map:
//	SI      &x[i]
//	DI      &y[i]
//	CX      elements left
//	AX      scratch for the tail mask
//	K1      tail mask: the low CX lanes
//	Z0      alpha in every lane
//	Z1..Z4  x[i:i+64], then alpha·x + y
//	Z5      y of the tail
TEXT ·AxpyAVX512(SB), NOSPLIT, $0-56
	MOVQ         x_base+8(FP), SI
	MOVQ         x_len+16(FP), CX
	MOVQ         y_base+32(FP), DI
	VBROADCASTSS alpha+0(FP), Z0
	CMPQ         CX, $64
	JLT          axpy5_vec

axpy5_loop:
	VMOVUPS     (SI), Z1
	VMOVUPS     64(SI), Z2
	VMOVUPS     128(SI), Z3
	VMOVUPS     192(SI), Z4
	VFMADD213PS (DI), Z0, Z1
	VFMADD213PS 64(DI), Z0, Z2
	VFMADD213PS 128(DI), Z0, Z3
	VFMADD213PS 192(DI), Z0, Z4
	VMOVUPS     Z1, (DI)
	VMOVUPS     Z2, 64(DI)
	VMOVUPS     Z3, 128(DI)
	VMOVUPS     Z4, 192(DI)
	ADDQ        $256, SI
	ADDQ        $256, DI
	SUBQ        $64, CX
	CMPQ        CX, $64
	JGE         axpy5_loop

axpy5_vec:
	CMPQ        CX, $16
	JLT         axpy5_tail
	VMOVUPS     (SI), Z1
	VFMADD213PS (DI), Z0, Z1
	VMOVUPS     Z1, (DI)
	ADDQ        $64, SI
	ADDQ        $64, DI
	SUBQ        $16, CX
	JMP         axpy5_vec

axpy5_tail:
	TESTQ       CX, CX
	JZ          axpy5_done
	MOVL        $1, AX
	SHLL        CX, AX
	DECL        AX
	KMOVW       AX, K1
	VMOVUPS.Z   (SI), K1, Z1
	VMOVUPS.Z   (DI), K1, Z5
	VFMADD213PS Z5, Z0, Z1
	VMOVUPS     Z1, K1, (DI)

axpy5_done:
	VZEROUPPER
	RET
