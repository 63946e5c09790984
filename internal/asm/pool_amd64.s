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

// func MaxPoolBackRowAVX512(rows, cols int, dy []float32, arg []int32, ldy int, offs []int, dx []float32, ldx, base int)
//
// A row of pooling windows backward, all their elements at once: each
// element x[r*ldx+offs[e]+i] of window r gets dy[r*ldy+i] if arg says the
// window took it, and 0 otherwise. 16 columns per step, the last cols%16
// under a mask K2.
//
// Requires: AVX512F
//
// Register map:
//	R8      rows left
//	R9      cols
//	SI, DI  &dy, &arg of the window; DX  &dx[r*ldx]
//	R10     ldx (elements); R11 ldy·4 (bytes)
//	R12     base + r*ldx
//	R13     &offs[0]; BX  len(offs)
//	CX      column; AX  columns left in the step's vector
//	R14     element e; R15  offs[e]
//	Z0 dy, Z1 arg, Z3 the element's index, Z31 0…15, K2 the columns of the step
TEXT ·MaxPoolBackRowAVX512(SB), NOSPLIT, $0-136
	MOVQ      rows+0(FP), R8
	MOVQ      cols+8(FP), R9
	MOVQ      dy_base+16(FP), SI
	MOVQ      arg_base+40(FP), DI
	MOVQ      ldy+64(FP), R11
	SHLQ      $2, R11
	MOVQ      offs_base+72(FP), R13
	MOVQ      offs_len+80(FP), BX
	MOVQ      dx_base+96(FP), DX
	MOVQ      ldx+120(FP), R10
	MOVQ      base+128(FP), R12
	VMOVDQU32 poolIota<>(SB), Z31
	TESTQ     R8, R8
	JZ        qdone

qrow:
	XORQ CX, CX

qcol:
	MOVQ  R9, AX
	SUBQ  CX, AX
	JLE   qnext
	KXNORW K2, K2, K2
	CMPQ  AX, $16
	JGE   qfull
	MOVL  $1, R14
	SHLXL AX, R14, R14
	DECL  R14
	KMOVW R14, K2

qfull:
	VMOVUPS.Z   (SI)(CX*4), K2, Z0
	VMOVDQU32.Z (DI)(CX*4), K2, Z1
	XORQ        R14, R14

qelem:
	CMPQ         R14, BX
	JGE          qcolnext
	MOVQ         (R13)(R14*8), R15
	ADDQ         CX, R15
	MOVQ         R15, AX
	ADDQ         R12, AX
	VPBROADCASTD AX, Z3
	VPADDD       Z31, Z3, Z3
	VPCMPEQD     Z1, Z3, K2, K1
	VMOVAPS.Z    Z0, K1, Z2
	VMOVUPS      Z2, K2, (DX)(R15*4)
	INCQ         R14
	JMP          qelem

qcolnext:
	ADDQ $16, CX
	JMP  qcol

qnext:
	ADDQ R11, SI
	ADDQ R11, DI
	LEAQ (DX)(R10*4), DX
	ADDQ R10, R12
	DECQ R8
	JNZ  qrow

qdone:
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
