//go:build !purego

#include "textflag.h"

// The packing routines of the float32 GEMM (declared in sgemm_amd64.go).

// laneMask8 is eight all-ones int32 followed by eight zeros: the 8 lanes
// starting at element 8-r are the VMASKMOVPS mask of the first r lanes
// (read here and by DotTile4AVX2).
DATA ·laneMask8+0(SB)/8, $0xffffffffffffffff
DATA ·laneMask8+8(SB)/8, $0xffffffffffffffff
DATA ·laneMask8+16(SB)/8, $0xffffffffffffffff
DATA ·laneMask8+24(SB)/8, $0xffffffffffffffff
DATA ·laneMask8+32(SB)/8, $0x0000000000000000
DATA ·laneMask8+40(SB)/8, $0x0000000000000000
DATA ·laneMask8+48(SB)/8, $0x0000000000000000
DATA ·laneMask8+56(SB)/8, $0x0000000000000000
GLOBL ·laneMask8(SB), RODATA|NOPTR, $64

// func Transpose8AVX2(n int, src []float32, lds int, dst []float32, ldd int)
//
// Transposes an 8×n block: dst[p*ldd+j] = src[j*lds+p] for j < 8, p < n,
// one 8×8 block per iteration: eight rows of src loaded, transposed in
// registers, stored as eight rows of dst. The last n%8 columns are loaded
// with VMASKMOVPS (which neither reads nor faults past them), and only
// their n%8 rows of dst are stored.
//
// Requires: AVX
//
// Register map:
//	CX        8×8 blocks left
//	DX        n%8, the columns of the last partial block
//	SI, R10   src rows 0 and 4 at the current block
//	R8, R9    lds·4, 3·lds·4
//	DI, R13   dst rows 0 and 4 of the current block
//	R11, R12  ldd·4, 3·ldd·4
//	AX        8·ldd·4 (from one block of dst to the next)
//	BX        the lane mask's address in ·laneMask8
//	Y0..Y7    the eight rows; Y8..Y15 the shuffle rounds (Y15 first the
//	          lane mask of the partial block)
TEXT ·Transpose8AVX2(SB), NOSPLIT, $0-72
	MOVQ src_base+8(FP), SI
	MOVQ lds+32(FP), R8
	SHLQ $2, R8
	LEAQ (R8)(R8*2), R9
	LEAQ (SI)(R8*4), R10
	MOVQ dst_base+40(FP), DI
	MOVQ ldd+64(FP), R11
	SHLQ $2, R11
	LEAQ (R11)(R11*2), R12
	LEAQ (DI)(R11*4), R13
	MOVQ R11, AX
	SHLQ $3, AX
	MOVQ n+0(FP), CX
	MOVQ CX, DX
	ANDQ $7, DX
	SHRQ $3, CX
	JZ   t8_tail

t8_loop:
	// Rows j = 0..7 of the block, columns p..p+7.
	VMOVUPS (SI), Y0
	VMOVUPS (SI)(R8*1), Y1
	VMOVUPS (SI)(R8*2), Y2
	VMOVUPS (SI)(R9*1), Y3
	VMOVUPS (R10), Y4
	VMOVUPS (R10)(R8*1), Y5
	VMOVUPS (R10)(R8*2), Y6
	VMOVUPS (R10)(R9*1), Y7

	// Interleave pairs of rows: Y8 = r0[0] r1[0] r0[1] r1[1] | r0[4] r1[4] r0[5] r1[5], ...
	VUNPCKLPS Y1, Y0, Y8
	VUNPCKHPS Y1, Y0, Y9
	VUNPCKLPS Y3, Y2, Y10
	VUNPCKHPS Y3, Y2, Y11
	VUNPCKLPS Y5, Y4, Y12
	VUNPCKHPS Y5, Y4, Y13
	VUNPCKLPS Y7, Y6, Y14
	VUNPCKHPS Y7, Y6, Y15

	// Pairs of pairs: Y0 = r0..r3 at column 0 | r0..r3 at column 4, ...
	VSHUFPS $0x44, Y10, Y8, Y0
	VSHUFPS $0xEE, Y10, Y8, Y1
	VSHUFPS $0x44, Y11, Y9, Y2
	VSHUFPS $0xEE, Y11, Y9, Y3
	VSHUFPS $0x44, Y14, Y12, Y4
	VSHUFPS $0xEE, Y14, Y12, Y5
	VSHUFPS $0x44, Y15, Y13, Y6
	VSHUFPS $0xEE, Y15, Y13, Y7

	// 128-bit halves: Y8 = column 0 (r0..r7), ..., Y15 = column 7.
	VPERM2F128 $0x20, Y4, Y0, Y8
	VPERM2F128 $0x20, Y5, Y1, Y9
	VPERM2F128 $0x20, Y6, Y2, Y10
	VPERM2F128 $0x20, Y7, Y3, Y11
	VPERM2F128 $0x31, Y4, Y0, Y12
	VPERM2F128 $0x31, Y5, Y1, Y13
	VPERM2F128 $0x31, Y6, Y2, Y14
	VPERM2F128 $0x31, Y7, Y3, Y15

	VMOVUPS Y8, (DI)
	VMOVUPS Y9, (DI)(R11*1)
	VMOVUPS Y10, (DI)(R11*2)
	VMOVUPS Y11, (DI)(R12*1)
	VMOVUPS Y12, (R13)
	VMOVUPS Y13, (R13)(R11*1)
	VMOVUPS Y14, (R13)(R11*2)
	VMOVUPS Y15, (R13)(R12*1)

	ADDQ $32, SI
	ADDQ $32, R10
	ADDQ AX, DI
	ADDQ AX, R13
	DECQ CX
	JNZ  t8_loop

t8_tail:
	TESTQ DX, DX
	JZ    t8_done

	// The last DX columns: Y15 = the mask of DX lanes.
	LEAQ ·laneMask8+32(SB), BX
	MOVQ DX, CX
	NEGQ CX
	VMOVDQU (BX)(CX*4), Y15
	VMASKMOVPS (SI), Y15, Y0
	VMASKMOVPS (SI)(R8*1), Y15, Y1
	VMASKMOVPS (SI)(R8*2), Y15, Y2
	VMASKMOVPS (SI)(R9*1), Y15, Y3
	VMASKMOVPS (R10), Y15, Y4
	VMASKMOVPS (R10)(R8*1), Y15, Y5
	VMASKMOVPS (R10)(R8*2), Y15, Y6
	VMASKMOVPS (R10)(R9*1), Y15, Y7

	// Interleave pairs of rows: Y8 = r0[0] r1[0] r0[1] r1[1] | r0[4] r1[4] r0[5] r1[5], ...
	VUNPCKLPS Y1, Y0, Y8
	VUNPCKHPS Y1, Y0, Y9
	VUNPCKLPS Y3, Y2, Y10
	VUNPCKHPS Y3, Y2, Y11
	VUNPCKLPS Y5, Y4, Y12
	VUNPCKHPS Y5, Y4, Y13
	VUNPCKLPS Y7, Y6, Y14
	VUNPCKHPS Y7, Y6, Y15

	// Pairs of pairs: Y0 = r0..r3 at column 0 | r0..r3 at column 4, ...
	VSHUFPS $0x44, Y10, Y8, Y0
	VSHUFPS $0xEE, Y10, Y8, Y1
	VSHUFPS $0x44, Y11, Y9, Y2
	VSHUFPS $0xEE, Y11, Y9, Y3
	VSHUFPS $0x44, Y14, Y12, Y4
	VSHUFPS $0xEE, Y14, Y12, Y5
	VSHUFPS $0x44, Y15, Y13, Y6
	VSHUFPS $0xEE, Y15, Y13, Y7

	// 128-bit halves: Y8 = column 0 (r0..r7), ..., Y15 = column 7.
	VPERM2F128 $0x20, Y4, Y0, Y8
	VPERM2F128 $0x20, Y5, Y1, Y9
	VPERM2F128 $0x20, Y6, Y2, Y10
	VPERM2F128 $0x20, Y7, Y3, Y11
	VPERM2F128 $0x31, Y4, Y0, Y12
	VPERM2F128 $0x31, Y5, Y1, Y13
	VPERM2F128 $0x31, Y6, Y2, Y14
	VPERM2F128 $0x31, Y7, Y3, Y15

	// Rows p = 0..DX-1 of dst only.
	VMOVUPS Y8, (DI)
	CMPQ    DX, $1
	JEQ     t8_tail_done
	VMOVUPS Y9, (DI)(R11*1)
	CMPQ    DX, $2
	JEQ     t8_tail_done
	VMOVUPS Y10, (DI)(R11*2)
	CMPQ    DX, $3
	JEQ     t8_tail_done
	VMOVUPS Y11, (DI)(R12*1)
	CMPQ    DX, $4
	JEQ     t8_tail_done
	VMOVUPS Y12, (R13)
	CMPQ    DX, $5
	JEQ     t8_tail_done
	VMOVUPS Y13, (R13)(R11*1)
	CMPQ    DX, $6
	JEQ     t8_tail_done
	VMOVUPS Y14, (R13)(R11*2)

t8_tail_done:
	VZEROUPPER

t8_done:
	RET

// func CopyBlockAVX2(rows, cols int, src []float32, lds int, dst []float32, ldd int)
//
// Copies a rows×cols block (cols a multiple of 8): dst[i*ldd+j] =
// src[i*lds+j], one row at a time, eight floats per move.
//
// Requires: AVX
//
// Register map:
//	CX        rows left
//	DX        vectors per row
//	BX        vectors left in the row
//	AX        byte offset in the row
//	SI, R8    src row, lds·4
//	DI, R9    dst row, ldd·4
//	Y0        the vector moved
TEXT ·CopyBlockAVX2(SB), NOSPLIT, $0-80
	MOVQ rows+0(FP), CX
	TESTQ CX, CX
	JLE  copy_done
	MOVQ cols+8(FP), DX
	SHRQ $3, DX
	JZ   copy_done
	MOVQ src_base+16(FP), SI
	MOVQ lds+40(FP), R8
	SHLQ $2, R8
	MOVQ dst_base+48(FP), DI
	MOVQ ldd+72(FP), R9
	SHLQ $2, R9

copy_row:
	XORQ AX, AX
	MOVQ DX, BX

copy_vec:
	VMOVUPS (SI)(AX*1), Y0
	VMOVUPS Y0, (DI)(AX*1)
	ADDQ $32, AX
	DECQ BX
	JNZ  copy_vec
	ADDQ R8, SI
	ADDQ R9, DI
	DECQ CX
	JNZ  copy_row
	VZEROUPPER

copy_done:
	RET

