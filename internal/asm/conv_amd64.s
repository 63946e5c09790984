//go:build !purego

#include "textflag.h"

// func AddBlockAVX512(rows, cols int, src []float32, lds int, dst []float32, ldd int)
//
// dst[i*ldd+j] += src[i*lds+j] for i < rows, j < cols, row after row: a
// row's stores are done before the next row's loads, so rows of dst may
// overlap (col2im adds overlapping kernel windows this way). 16 columns
// per step, the last cols%16 under a mask K2.
//
// Requires: AVX512F
//
// Register map:
//	R8      rows left
//	R9      cols
//	SI, DI  &src, &dst of the row
//	R10, R11 lds·4, ldd·4 (bytes)
//	CX      column
//	K2      the tail's columns
TEXT ·AddBlockAVX512(SB), NOSPLIT, $0-80
	MOVQ rows+0(FP), R8
	MOVQ cols+8(FP), R9
	MOVQ src_base+16(FP), SI
	MOVQ lds+40(FP), R10
	SHLQ $2, R10
	MOVQ dst_base+48(FP), DI
	MOVQ ldd+72(FP), R11
	SHLQ $2, R11
	TESTQ R8, R8
	JZ    done
	// The tail mask: (1 << cols%16) − 1.
	MOVQ  R9, CX
	ANDQ  $15, CX
	MOVL  $1, AX
	SHLL  CX, AX
	DECL  AX
	KMOVW AX, K2

row:
	XORQ CX, CX

vec:
	LEAQ    16(CX), AX
	CMPQ    AX, R9
	JGT     tail
	VMOVUPS (SI)(CX*4), Z0
	VADDPS  (DI)(CX*4), Z0, Z0
	VMOVUPS Z0, (DI)(CX*4)
	MOVQ    AX, CX
	JMP     vec

tail:
	CMPQ      CX, R9
	JGE       next
	VMOVUPS.Z (SI)(CX*4), K2, Z0
	VMOVUPS.Z (DI)(CX*4), K2, Z1
	VADDPS    Z1, Z0, Z0
	VMOVUPS   Z0, K2, (DI)(CX*4)

next:
	ADDQ R10, SI
	ADDQ R11, DI
	DECQ R8
	JNZ  row

done:
	VZEROUPPER
	RET
