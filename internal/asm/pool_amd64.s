//go:build !purego

#include "textflag.h"

// func MaxPoolAccAVX512(rows, cols int, x []float32, ldx int, m []float32, arg []int32, ldm, base, first int)
//
// One element of a pooling window over a row of windows: the running
// maximum m takes x where x > m, or x is NaN and m is not (first != 0:
// everywhere), and arg then records x's index, base + r·ldx + i.
// 16 columns per step, the last cols%16 under a mask K2.
//
// Requires: AVX512F
//
// Register map:
//	R8      rows left
//	R9      cols
//	SI, DI, DX  &x, &m, &arg of the row
//	AX, BX, R14 the same at the column
//	R10     ldx (elements); R11 ldm·4 (bytes)
//	R12, R15 the index of x[r*ldx] and of the column
//	R13     first
//	CX      columns left
//	Z31     0, 1, …, 15
TEXT ·MaxPoolAccAVX512(SB), NOSPLIT, $0-120
	MOVQ      rows+0(FP), R8
	MOVQ      cols+8(FP), R9
	MOVQ      x_base+16(FP), SI
	MOVQ      ldx+40(FP), R10
	MOVQ      m_base+48(FP), DI
	MOVQ      arg_base+72(FP), DX
	MOVQ      ldm+96(FP), R11
	SHLQ      $2, R11
	MOVQ      base+104(FP), R12
	MOVQ      first+112(FP), R13
	VMOVDQU32 poolIota<>(SB), Z31
	TESTQ     R8, R8
	JZ        done

row:
	MOVQ SI, AX
	MOVQ DI, BX
	MOVQ DX, R14
	MOVQ R12, R15
	MOVQ R9, CX

vec:
	CMPQ    CX, $16
	JLT     tail
	VMOVUPS (AX), Z0
	TESTQ   R13, R13
	JNZ     vecall
	VMOVUPS (BX), Z1
	VCMPPS  $0x1e, Z1, Z0, K1 // x > m (ordered)
	VCMPPS  $3, Z0, Z0, K3    // x NaN
	VCMPPS  $7, Z1, Z1, K4    // m not NaN
	KANDW   K3, K4, K3
	KORW    K1, K3, K1
	JMP     vecstore

vecall:
	KXNORW K1, K1, K1

vecstore:
	VMOVUPS      Z0, K1, (BX)
	VPBROADCASTD R15, Z2
	VPADDD       Z31, Z2, Z2
	VMOVDQU32    Z2, K1, (R14)
	ADDQ         $64, AX
	ADDQ         $64, BX
	ADDQ         $64, R14
	ADDQ         $16, R15
	SUBQ         $16, CX
	JMP          vec

tail:
	TESTQ     CX, CX
	JZ        next
	MOVL      $1, R15
	SHLL      CX, R15
	DECL      R15
	KMOVW     R15, K2
	MOVQ      R12, R15
	ADDQ      R9, R15
	SUBQ      CX, R15     // index of the tail's first column
	VMOVUPS.Z (AX), K2, Z0
	TESTQ     R13, R13
	JNZ       tailall
	VMOVUPS.Z (BX), K2, Z1
	VCMPPS    $0x1e, Z1, Z0, K2, K1
	VCMPPS    $3, Z0, Z0, K2, K3
	VCMPPS    $7, Z1, Z1, K2, K4
	KANDW     K3, K4, K3
	KORW      K1, K3, K1
	JMP       tailstore

tailall:
	KMOVW K2, K1

tailstore:
	VMOVUPS      Z0, K1, (BX)
	VPBROADCASTD R15, Z2
	VPADDD       Z31, Z2, Z2
	VMOVDQU32    Z2, K1, (R14)

next:
	LEAQ (SI)(R10*4), SI
	ADDQ R11, DI
	ADDQ R11, DX
	ADDQ R10, R12
	DECQ R8
	JNZ  row

done:
	VZEROUPPER
	RET

// func MaxPoolBackAVX512(rows, cols int, dy []float32, arg []int32, ldm int, dx []float32, ldx, base int)
//
// One element of a pooling window over a row of windows, backward: dx
// takes dy where the window's maximum was this element (arg equal to
// base + r·ldx + i) and 0 elsewhere. 16 columns per step, the last
// cols%16 under a mask K2.
//
// Requires: AVX512F
//
// Register map:
//	R8      rows left
//	R9      cols
//	SI, DI, DX  &dy, &arg, &dx of the row
//	AX, BX, R14 the same at the column
//	R10     ldx (elements); R11 ldm·4 (bytes)
//	R12, R15 the index of dx[r*ldx] and of the column
//	CX      columns left
//	Z31     0, 1, …, 15
TEXT ·MaxPoolBackAVX512(SB), NOSPLIT, $0-112
	MOVQ      rows+0(FP), R8
	MOVQ      cols+8(FP), R9
	MOVQ      dy_base+16(FP), SI
	MOVQ      arg_base+40(FP), DI
	MOVQ      ldm+64(FP), R11
	SHLQ      $2, R11
	MOVQ      dx_base+72(FP), DX
	MOVQ      ldx+96(FP), R10
	MOVQ      base+104(FP), R12
	VMOVDQU32 poolIota<>(SB), Z31
	TESTQ     R8, R8
	JZ        bdone

brow:
	MOVQ SI, AX
	MOVQ DI, BX
	MOVQ DX, R14
	MOVQ R12, R15
	MOVQ R9, CX

bvec:
	CMPQ         CX, $16
	JLT          btail
	VMOVDQU32    (BX), Z1
	VPBROADCASTD R15, Z2
	VPADDD       Z31, Z2, Z2
	VPCMPEQD     Z1, Z2, K1
	VMOVUPS.Z    (AX), K1, Z0
	VMOVUPS      Z0, (R14)
	ADDQ         $64, AX
	ADDQ         $64, BX
	ADDQ         $64, R14
	ADDQ         $16, R15
	SUBQ         $16, CX
	JMP          bvec

btail:
	TESTQ        CX, CX
	JZ           bnext
	MOVL         $1, R13
	SHLL         CX, R13
	DECL         R13
	KMOVW        R13, K2
	VMOVDQU32.Z  (BX), K2, Z1
	VPBROADCASTD R15, Z2
	VPADDD       Z31, Z2, Z2
	VPCMPEQD     Z1, Z2, K2, K1
	VMOVUPS.Z    (AX), K1, Z0
	VMOVUPS      Z0, K2, (R14)

bnext:
	ADDQ R11, SI
	ADDQ R11, DI
	LEAQ (DX)(R10*4), DX
	ADDQ R10, R12
	DECQ R8
	JNZ  brow

bdone:
	VZEROUPPER
	RET

DATA poolIota<>+0(SB)/4, $0
DATA poolIota<>+4(SB)/4, $1
DATA poolIota<>+8(SB)/4, $2
DATA poolIota<>+12(SB)/4, $3
DATA poolIota<>+16(SB)/4, $4
DATA poolIota<>+20(SB)/4, $5
DATA poolIota<>+24(SB)/4, $6
DATA poolIota<>+28(SB)/4, $7
DATA poolIota<>+32(SB)/4, $8
DATA poolIota<>+36(SB)/4, $9
DATA poolIota<>+40(SB)/4, $10
DATA poolIota<>+44(SB)/4, $11
DATA poolIota<>+48(SB)/4, $12
DATA poolIota<>+52(SB)/4, $13
DATA poolIota<>+56(SB)/4, $14
DATA poolIota<>+60(SB)/4, $15
GLOBL poolIota<>(SB), RODATA|NOPTR, $64
