//go:build !purego

#include "textflag.h"

// The packing and rounding routines of the bf16 GEMM (declared in
// bf16_amd64.go). The encoded lines (LONG/WORD/BYTE with the instruction
// beside them) are VCVTNE2PS2BF16, which Go's assembler lacks; `make
// generate` rewrites their encodings from the instruction text
// (internal/asm/internal/encode).

// bf16Interleave: words 0, 16, 1, 17, ..., 15, 31 (a VPERMW index).
DATA bf16Interleave<>+0(SB)/8, $0x0011000100100000
DATA bf16Interleave<>+8(SB)/8, $0x0013000300120002
DATA bf16Interleave<>+16(SB)/8, $0x0015000500140004
DATA bf16Interleave<>+24(SB)/8, $0x0017000700160006
DATA bf16Interleave<>+32(SB)/8, $0x0019000900180008
DATA bf16Interleave<>+40(SB)/8, $0x001b000b001a000a
DATA bf16Interleave<>+48(SB)/8, $0x001d000d001c000c
DATA bf16Interleave<>+56(SB)/8, $0x001f000f001e000e
GLOBL bf16Interleave<>(SB), RODATA|NOPTR, $64

// func PackBF16PairsAVX512(k, n int, src []float32, lds int, dst []uint32, ldd, ps int)
//
// Rounds rows 2q and 2q+1 of a k×n block of src to bf16 and interleaves
// them into panels of 32 columns: the pair of column j = 32g+h goes to
// dst[g*ps+q*ldd+h], bf16(src[2q*lds+j]) | bf16(src[(2q+1)*lds+j])<<16,
// with zero for a missing row 2q+1 (k odd) and for the columns n..w-1,
// w = n rounded up to 16 (see the Go declaration). Per 16 columns: two
// loads (those of the last panel under the masks K1, K2), VCVTNE2PS2BF16
// (bf16 of row 2q in words 0..15, of row 2q+1 in words 16..31) and VPERMW
// with bf16Interleave.
//
// Requires: AVX512F, AVX512BW, AVX512_BF16, BMI2
//
// Register map:
//	CX        rows of src left
//	SI        row 2q of src    R11  row 2q+1 (AX, R11 walk the columns)
//	R8        lds·4            DI   row q of the first panel (R12 walks the panels)
//	R9        ldd·4            R14  ps·4
//	R10       whole panels before the last, R13 their count left
//	DX        columns of the last panel (1..32)
//	K1, K2    masks of the last panel's columns 0..15, 16..31
//	Z0, Z1    rows 2q, 2q+1    Z2  the converted pairs   Z31  bf16Interleave
TEXT ·PackBF16PairsAVX512(SB), NOSPLIT, $0-88
	MOVQ k+0(FP), CX
	MOVQ n+8(FP), DX
	MOVQ src_base+16(FP), SI
	MOVQ lds+40(FP), R8
	SHLQ $2, R8
	MOVQ dst_base+48(FP), DI
	MOVQ ldd+72(FP), R9
	SHLQ $2, R9
	MOVQ ps+80(FP), R14
	SHLQ $2, R14
	TESTQ CX, CX
	JLE pairs_done
	TESTQ DX, DX
	JLE pairs_done
// R10 = (n-1)/32; DX = n-32·R10 in 1..32; K1:K2 = (1<<DX)-1.
	LEAQ -1(DX), R10
	SHRQ $5, R10
	MOVQ R10, AX
	SHLQ $5, AX
	SUBQ AX, DX
	MOVL $0xffffffff, AX
	BZHIL DX, AX, AX
	KMOVD AX, K1
	KSHIFTRD $16, K1, K2
	VMOVDQU16 bf16Interleave<>(SB), Z31

pairs_row:
	MOVQ SI, AX
	MOVQ DI, R12
	MOVQ R10, R13
	CMPQ CX, $1
	JEQ pairs_odd
	LEAQ (SI)(R8*1), R11
	TESTQ R13, R13
	JZ pairs_last

pairs_panel:
	VMOVUPS (AX), Z0
	VMOVUPS (R11), Z1
	LONG $0x4877f262; WORD $0xd072 // vcvtne2ps2bf16 zmm2, zmm1, zmm0
	VPERMW Z2, Z31, Z2
	VMOVDQU32 Z2, (R12)
	VMOVUPS 64(AX), Z0
	VMOVUPS 64(R11), Z1
	LONG $0x4877f262; WORD $0xd072 // vcvtne2ps2bf16 zmm2, zmm1, zmm0
	VPERMW Z2, Z31, Z2
	VMOVDQU32 Z2, 64(R12)
	ADDQ $128, AX
	ADDQ $128, R11
	ADDQ R14, R12
	DECQ R13
	JNZ pairs_panel

pairs_last:
	VMOVUPS.Z (AX), K1, Z0
	VMOVUPS.Z (R11), K1, Z1
	LONG $0x4877f262; WORD $0xd072 // vcvtne2ps2bf16 zmm2, zmm1, zmm0
	VPERMW Z2, Z31, Z2
	VMOVDQU32 Z2, (R12)
	CMPQ DX, $16
	JLE pairs_next
	VMOVUPS.Z 64(AX), K2, Z0
	VMOVUPS.Z 64(R11), K2, Z1
	LONG $0x4877f262; WORD $0xd072 // vcvtne2ps2bf16 zmm2, zmm1, zmm0
	VPERMW Z2, Z31, Z2
	VMOVDQU32 Z2, 64(R12)

pairs_next:
	LEAQ (SI)(R8*2), SI
	ADDQ R9, DI
	SUBQ $2, CX
	JG pairs_row
	JMP pairs_done

// k odd: the last row pairs with zeros.
pairs_odd:
	VPXORD Z1, Z1, Z1
	TESTQ R13, R13
	JZ pairs_odd_last

pairs_odd_panel:
	VMOVUPS (AX), Z0
	LONG $0x4877f262; WORD $0xd072 // vcvtne2ps2bf16 zmm2, zmm1, zmm0
	VPERMW Z2, Z31, Z2
	VMOVDQU32 Z2, (R12)
	VMOVUPS 64(AX), Z0
	LONG $0x4877f262; WORD $0xd072 // vcvtne2ps2bf16 zmm2, zmm1, zmm0
	VPERMW Z2, Z31, Z2
	VMOVDQU32 Z2, 64(R12)
	ADDQ $128, AX
	ADDQ R14, R12
	DECQ R13
	JNZ pairs_odd_panel

pairs_odd_last:
	VMOVUPS.Z (AX), K1, Z0
	LONG $0x4877f262; WORD $0xd072 // vcvtne2ps2bf16 zmm2, zmm1, zmm0
	VPERMW Z2, Z31, Z2
	VMOVDQU32 Z2, (R12)
	CMPQ DX, $16
	JLE pairs_done
	VMOVUPS.Z 64(AX), K2, Z0
	LONG $0x4877f262; WORD $0xd072 // vcvtne2ps2bf16 zmm2, zmm1, zmm0
	VPERMW Z2, Z31, Z2
	VMOVDQU32 Z2, 64(R12)

pairs_done:
	VZEROUPPER
	RET

// func PackBF16RowsAVX512(k, n int, src []float32, lds int, dst []uint32, ldd int)
//
// Rounds each of the n rows of an n×k block of src to bf16 pairs of
// consecutive columns: dst[i*ldd+q] = bf16(src[i*lds+2q]) |
// bf16(src[i*lds+2q+1])<<16, zero past column k of src, for q < kw/2,
// kw = k rounded up to 32 (see the Go declaration). Per 32 columns: two
// loads (the last 32 under the masks K1, K2) and one VCVTNE2PS2BF16, whose
// output is already in pair order.
//
// Requires: AVX512F, AVX512BW, AVX512_BF16, BMI2
//
// Register map:
//	DX        rows left        R14  k
//	SI        row of src (AX walks it)    R8  lds·4
//	DI        row of dst (R11 walks it)   R9  ldd·4
//	R10       whole chunks of 32 before the last, CX their count left
//	K1, K2    masks of columns 0..15, 16..31 of the last chunk
//	Z0, Z1    columns 0..15, 16..31 of a chunk   Z2  its 16 pairs
TEXT ·PackBF16RowsAVX512(SB), NOSPLIT, $0-80
	MOVQ k+0(FP), R14
	MOVQ n+8(FP), DX
	MOVQ src_base+16(FP), SI
	MOVQ lds+40(FP), R8
	SHLQ $2, R8
	MOVQ dst_base+48(FP), DI
	MOVQ ldd+72(FP), R9
	SHLQ $2, R9
	TESTQ R14, R14
	JLE rows_done
	TESTQ DX, DX
	JLE rows_done
// R10 = (k-1)/32; K1:K2 = (1<<r)-1 with r = k-32·R10 in 1..32.
	LEAQ -1(R14), R10
	SHRQ $5, R10
	MOVQ R10, AX
	SHLQ $5, AX
	MOVQ R14, CX
	SUBQ AX, CX
	MOVL $0xffffffff, BX
	BZHIL CX, BX, BX
	KMOVD BX, K1
	KSHIFTRD $16, K1, K2

rows_row:
	MOVQ SI, AX
	MOVQ DI, R11
	MOVQ R10, CX
	TESTQ CX, CX
	JZ rows_last

rows_chunk:
	VMOVUPS (AX), Z0
	VMOVUPS 64(AX), Z1
	LONG $0x4877f262; WORD $0xd072 // vcvtne2ps2bf16 zmm2, zmm1, zmm0
	VMOVDQU32 Z2, (R11)
	ADDQ $128, AX
	ADDQ $64, R11
	DECQ CX
	JNZ rows_chunk

rows_last:
	VMOVUPS.Z (AX), K1, Z0
	VMOVUPS.Z 64(AX), K2, Z1
	LONG $0x4877f262; WORD $0xd072 // vcvtne2ps2bf16 zmm2, zmm1, zmm0
	VMOVDQU32 Z2, (R11)
	ADDQ R8, SI
	ADDQ R9, DI
	DECQ DX
	JNZ rows_row

rows_done:
	VZEROUPPER
	RET

// func PackBF16TransAVX512(k, n int, src []float32, lds int, dst []uint32, ldd int)
//
// Rounds an n×k block of src to bf16 and transposes it into pairs of
// consecutive columns: dst[q*ldd+j] = bf16(src[j*lds+2q]) |
// bf16(src[j*lds+2q+1])<<16, zero past column k of src and for the rows
// j = n..w-1 of src, w = n rounded up to 16; q runs to kw/2, kw = k
// rounded up to 32 (see the Go declaration). Per block of 16 rows and 32
// columns of src: each row is loaded (the columns past k under the masks
// K1, K2) and converted by VCVTNE2PS2BF16 into 16 pairs, and the 16×16
// dwords are transposed by four rounds of shuffles (VPUNPCKLDQ/VPUNPCKHDQ,
// VPUNPCKLQDQ/VPUNPCKHQDQ, two of VSHUFI32X4) and stored as 16 rows of dst.
//
// Requires: AVX512F, AVX512BW, AVX512_BF16, BMI2
//
// Register map:
//	DX        rows of src left     R15  rows in this block (≤ 16)
//	SI        first row of the block   R10  its columns at the chunk   AX  row pointer
//	R8        lds·4   R9  ldd·4    R14  k
//	DI        dst at the block's columns   R11  dst row of the chunk
//	CX        columns of src left in the block   BX  mask scratch
//	K1, K2    masks of columns 0..15, 16..31 of the chunk
//	Z0..Z15   the rows of the block, then the rows of dst
//	Z16, Z17  loads; Z16..Z31 the shuffle rounds
TEXT ·PackBF16TransAVX512(SB), NOSPLIT, $0-80
	MOVQ k+0(FP), R14
	MOVQ n+8(FP), DX
	MOVQ src_base+16(FP), SI
	MOVQ lds+40(FP), R8
	SHLQ $2, R8
	MOVQ dst_base+48(FP), DI
	MOVQ ldd+72(FP), R9
	SHLQ $2, R9
	TESTQ R14, R14
	JLE trans_done
	TESTQ DX, DX
	JLE trans_done

trans_block:
	MOVQ $16, R15
	CMPQ DX, R15
	CMOVQLT DX, R15
	MOVQ SI, R10
	MOVQ DI, R11
	MOVQ R14, CX

trans_chunk:
// K1:K2 = (1<<min(CX, 32))-1.
	MOVQ $32, AX
	CMPQ CX, AX
	CMOVQLT CX, AX
	MOVL $0xffffffff, BX
	BZHIL AX, BX, BX
	KMOVD BX, K1
	KSHIFTRD $16, K1, K2
	MOVQ R10, AX
	CMPQ R15, $16
	JLT trans_partial
	VMOVUPS.Z (AX), K1, Z16
	VMOVUPS.Z 64(AX), K2, Z17
	LONG $0x4077b262; WORD $0xc072 // vcvtne2ps2bf16 zmm0, zmm17, zmm16
	ADDQ R8, AX
	VMOVUPS.Z (AX), K1, Z16
	VMOVUPS.Z 64(AX), K2, Z17
	LONG $0x4077b262; WORD $0xc872 // vcvtne2ps2bf16 zmm1, zmm17, zmm16
	ADDQ R8, AX
	VMOVUPS.Z (AX), K1, Z16
	VMOVUPS.Z 64(AX), K2, Z17
	LONG $0x4077b262; WORD $0xd072 // vcvtne2ps2bf16 zmm2, zmm17, zmm16
	ADDQ R8, AX
	VMOVUPS.Z (AX), K1, Z16
	VMOVUPS.Z 64(AX), K2, Z17
	LONG $0x4077b262; WORD $0xd872 // vcvtne2ps2bf16 zmm3, zmm17, zmm16
	ADDQ R8, AX
	VMOVUPS.Z (AX), K1, Z16
	VMOVUPS.Z 64(AX), K2, Z17
	LONG $0x4077b262; WORD $0xe072 // vcvtne2ps2bf16 zmm4, zmm17, zmm16
	ADDQ R8, AX
	VMOVUPS.Z (AX), K1, Z16
	VMOVUPS.Z 64(AX), K2, Z17
	LONG $0x4077b262; WORD $0xe872 // vcvtne2ps2bf16 zmm5, zmm17, zmm16
	ADDQ R8, AX
	VMOVUPS.Z (AX), K1, Z16
	VMOVUPS.Z 64(AX), K2, Z17
	LONG $0x4077b262; WORD $0xf072 // vcvtne2ps2bf16 zmm6, zmm17, zmm16
	ADDQ R8, AX
	VMOVUPS.Z (AX), K1, Z16
	VMOVUPS.Z 64(AX), K2, Z17
	LONG $0x4077b262; WORD $0xf872 // vcvtne2ps2bf16 zmm7, zmm17, zmm16
	ADDQ R8, AX
	VMOVUPS.Z (AX), K1, Z16
	VMOVUPS.Z 64(AX), K2, Z17
	LONG $0x40773262; WORD $0xc072 // vcvtne2ps2bf16 zmm8, zmm17, zmm16
	ADDQ R8, AX
	VMOVUPS.Z (AX), K1, Z16
	VMOVUPS.Z 64(AX), K2, Z17
	LONG $0x40773262; WORD $0xc872 // vcvtne2ps2bf16 zmm9, zmm17, zmm16
	ADDQ R8, AX
	VMOVUPS.Z (AX), K1, Z16
	VMOVUPS.Z 64(AX), K2, Z17
	LONG $0x40773262; WORD $0xd072 // vcvtne2ps2bf16 zmm10, zmm17, zmm16
	ADDQ R8, AX
	VMOVUPS.Z (AX), K1, Z16
	VMOVUPS.Z 64(AX), K2, Z17
	LONG $0x40773262; WORD $0xd872 // vcvtne2ps2bf16 zmm11, zmm17, zmm16
	ADDQ R8, AX
	VMOVUPS.Z (AX), K1, Z16
	VMOVUPS.Z 64(AX), K2, Z17
	LONG $0x40773262; WORD $0xe072 // vcvtne2ps2bf16 zmm12, zmm17, zmm16
	ADDQ R8, AX
	VMOVUPS.Z (AX), K1, Z16
	VMOVUPS.Z 64(AX), K2, Z17
	LONG $0x40773262; WORD $0xe872 // vcvtne2ps2bf16 zmm13, zmm17, zmm16
	ADDQ R8, AX
	VMOVUPS.Z (AX), K1, Z16
	VMOVUPS.Z 64(AX), K2, Z17
	LONG $0x40773262; WORD $0xf072 // vcvtne2ps2bf16 zmm14, zmm17, zmm16
	ADDQ R8, AX
	VMOVUPS.Z (AX), K1, Z16
	VMOVUPS.Z 64(AX), K2, Z17
	LONG $0x40773262; WORD $0xf872 // vcvtne2ps2bf16 zmm15, zmm17, zmm16
	ADDQ R8, AX
	JMP trans_shuffle

// Fewer than 16 rows: the missing ones are zero.
trans_partial:
	VPXORD Z0, Z0, Z0
	VPXORD Z1, Z1, Z1
	VPXORD Z2, Z2, Z2
	VPXORD Z3, Z3, Z3
	VPXORD Z4, Z4, Z4
	VPXORD Z5, Z5, Z5
	VPXORD Z6, Z6, Z6
	VPXORD Z7, Z7, Z7
	VPXORD Z8, Z8, Z8
	VPXORD Z9, Z9, Z9
	VPXORD Z10, Z10, Z10
	VPXORD Z11, Z11, Z11
	VPXORD Z12, Z12, Z12
	VPXORD Z13, Z13, Z13
	VPXORD Z14, Z14, Z14
	VPXORD Z15, Z15, Z15
	CMPQ R15, $0
	JLE trans_shuffle
	VMOVUPS.Z (AX), K1, Z16
	VMOVUPS.Z 64(AX), K2, Z17
	LONG $0x4077b262; WORD $0xc072 // vcvtne2ps2bf16 zmm0, zmm17, zmm16
	ADDQ R8, AX
	CMPQ R15, $1
	JLE trans_shuffle
	VMOVUPS.Z (AX), K1, Z16
	VMOVUPS.Z 64(AX), K2, Z17
	LONG $0x4077b262; WORD $0xc872 // vcvtne2ps2bf16 zmm1, zmm17, zmm16
	ADDQ R8, AX
	CMPQ R15, $2
	JLE trans_shuffle
	VMOVUPS.Z (AX), K1, Z16
	VMOVUPS.Z 64(AX), K2, Z17
	LONG $0x4077b262; WORD $0xd072 // vcvtne2ps2bf16 zmm2, zmm17, zmm16
	ADDQ R8, AX
	CMPQ R15, $3
	JLE trans_shuffle
	VMOVUPS.Z (AX), K1, Z16
	VMOVUPS.Z 64(AX), K2, Z17
	LONG $0x4077b262; WORD $0xd872 // vcvtne2ps2bf16 zmm3, zmm17, zmm16
	ADDQ R8, AX
	CMPQ R15, $4
	JLE trans_shuffle
	VMOVUPS.Z (AX), K1, Z16
	VMOVUPS.Z 64(AX), K2, Z17
	LONG $0x4077b262; WORD $0xe072 // vcvtne2ps2bf16 zmm4, zmm17, zmm16
	ADDQ R8, AX
	CMPQ R15, $5
	JLE trans_shuffle
	VMOVUPS.Z (AX), K1, Z16
	VMOVUPS.Z 64(AX), K2, Z17
	LONG $0x4077b262; WORD $0xe872 // vcvtne2ps2bf16 zmm5, zmm17, zmm16
	ADDQ R8, AX
	CMPQ R15, $6
	JLE trans_shuffle
	VMOVUPS.Z (AX), K1, Z16
	VMOVUPS.Z 64(AX), K2, Z17
	LONG $0x4077b262; WORD $0xf072 // vcvtne2ps2bf16 zmm6, zmm17, zmm16
	ADDQ R8, AX
	CMPQ R15, $7
	JLE trans_shuffle
	VMOVUPS.Z (AX), K1, Z16
	VMOVUPS.Z 64(AX), K2, Z17
	LONG $0x4077b262; WORD $0xf872 // vcvtne2ps2bf16 zmm7, zmm17, zmm16
	ADDQ R8, AX
	CMPQ R15, $8
	JLE trans_shuffle
	VMOVUPS.Z (AX), K1, Z16
	VMOVUPS.Z 64(AX), K2, Z17
	LONG $0x40773262; WORD $0xc072 // vcvtne2ps2bf16 zmm8, zmm17, zmm16
	ADDQ R8, AX
	CMPQ R15, $9
	JLE trans_shuffle
	VMOVUPS.Z (AX), K1, Z16
	VMOVUPS.Z 64(AX), K2, Z17
	LONG $0x40773262; WORD $0xc872 // vcvtne2ps2bf16 zmm9, zmm17, zmm16
	ADDQ R8, AX
	CMPQ R15, $10
	JLE trans_shuffle
	VMOVUPS.Z (AX), K1, Z16
	VMOVUPS.Z 64(AX), K2, Z17
	LONG $0x40773262; WORD $0xd072 // vcvtne2ps2bf16 zmm10, zmm17, zmm16
	ADDQ R8, AX
	CMPQ R15, $11
	JLE trans_shuffle
	VMOVUPS.Z (AX), K1, Z16
	VMOVUPS.Z 64(AX), K2, Z17
	LONG $0x40773262; WORD $0xd872 // vcvtne2ps2bf16 zmm11, zmm17, zmm16
	ADDQ R8, AX
	CMPQ R15, $12
	JLE trans_shuffle
	VMOVUPS.Z (AX), K1, Z16
	VMOVUPS.Z 64(AX), K2, Z17
	LONG $0x40773262; WORD $0xe072 // vcvtne2ps2bf16 zmm12, zmm17, zmm16
	ADDQ R8, AX
	CMPQ R15, $13
	JLE trans_shuffle
	VMOVUPS.Z (AX), K1, Z16
	VMOVUPS.Z 64(AX), K2, Z17
	LONG $0x40773262; WORD $0xe872 // vcvtne2ps2bf16 zmm13, zmm17, zmm16
	ADDQ R8, AX
	CMPQ R15, $14
	JLE trans_shuffle
	VMOVUPS.Z (AX), K1, Z16
	VMOVUPS.Z 64(AX), K2, Z17
	LONG $0x40773262; WORD $0xf072 // vcvtne2ps2bf16 zmm14, zmm17, zmm16
	ADDQ R8, AX

trans_shuffle:
	VPUNPCKLDQ Z1, Z0, Z16
	VPUNPCKHDQ Z1, Z0, Z17
	VPUNPCKLDQ Z3, Z2, Z18
	VPUNPCKHDQ Z3, Z2, Z19
	VPUNPCKLDQ Z5, Z4, Z20
	VPUNPCKHDQ Z5, Z4, Z21
	VPUNPCKLDQ Z7, Z6, Z22
	VPUNPCKHDQ Z7, Z6, Z23
	VPUNPCKLDQ Z9, Z8, Z24
	VPUNPCKHDQ Z9, Z8, Z25
	VPUNPCKLDQ Z11, Z10, Z26
	VPUNPCKHDQ Z11, Z10, Z27
	VPUNPCKLDQ Z13, Z12, Z28
	VPUNPCKHDQ Z13, Z12, Z29
	VPUNPCKLDQ Z15, Z14, Z30
	VPUNPCKHDQ Z15, Z14, Z31
	VPUNPCKLQDQ Z18, Z16, Z0
	VPUNPCKHQDQ Z18, Z16, Z1
	VPUNPCKLQDQ Z19, Z17, Z2
	VPUNPCKHQDQ Z19, Z17, Z3
	VPUNPCKLQDQ Z22, Z20, Z4
	VPUNPCKHQDQ Z22, Z20, Z5
	VPUNPCKLQDQ Z23, Z21, Z6
	VPUNPCKHQDQ Z23, Z21, Z7
	VPUNPCKLQDQ Z26, Z24, Z8
	VPUNPCKHQDQ Z26, Z24, Z9
	VPUNPCKLQDQ Z27, Z25, Z10
	VPUNPCKHQDQ Z27, Z25, Z11
	VPUNPCKLQDQ Z30, Z28, Z12
	VPUNPCKHQDQ Z30, Z28, Z13
	VPUNPCKLQDQ Z31, Z29, Z14
	VPUNPCKHQDQ Z31, Z29, Z15
	VSHUFI32X4 $0x44, Z4, Z0, Z16
	VSHUFI32X4 $0xee, Z4, Z0, Z17
	VSHUFI32X4 $0x44, Z12, Z8, Z18
	VSHUFI32X4 $0xee, Z12, Z8, Z19
	VSHUFI32X4 $0x44, Z5, Z1, Z20
	VSHUFI32X4 $0xee, Z5, Z1, Z21
	VSHUFI32X4 $0x44, Z13, Z9, Z22
	VSHUFI32X4 $0xee, Z13, Z9, Z23
	VSHUFI32X4 $0x44, Z6, Z2, Z24
	VSHUFI32X4 $0xee, Z6, Z2, Z25
	VSHUFI32X4 $0x44, Z14, Z10, Z26
	VSHUFI32X4 $0xee, Z14, Z10, Z27
	VSHUFI32X4 $0x44, Z7, Z3, Z28
	VSHUFI32X4 $0xee, Z7, Z3, Z29
	VSHUFI32X4 $0x44, Z15, Z11, Z30
	VSHUFI32X4 $0xee, Z15, Z11, Z31
	VSHUFI32X4 $0x88, Z18, Z16, Z0
	VSHUFI32X4 $0xdd, Z18, Z16, Z4
	VSHUFI32X4 $0x88, Z19, Z17, Z8
	VSHUFI32X4 $0xdd, Z19, Z17, Z12
	VSHUFI32X4 $0x88, Z22, Z20, Z1
	VSHUFI32X4 $0xdd, Z22, Z20, Z5
	VSHUFI32X4 $0x88, Z23, Z21, Z9
	VSHUFI32X4 $0xdd, Z23, Z21, Z13
	VSHUFI32X4 $0x88, Z26, Z24, Z2
	VSHUFI32X4 $0xdd, Z26, Z24, Z6
	VSHUFI32X4 $0x88, Z27, Z25, Z10
	VSHUFI32X4 $0xdd, Z27, Z25, Z14
	VSHUFI32X4 $0x88, Z30, Z28, Z3
	VSHUFI32X4 $0xdd, Z30, Z28, Z7
	VSHUFI32X4 $0x88, Z31, Z29, Z11
	VSHUFI32X4 $0xdd, Z31, Z29, Z15
	VMOVDQU32 Z0, (R11)
	ADDQ R9, R11
	VMOVDQU32 Z1, (R11)
	ADDQ R9, R11
	VMOVDQU32 Z2, (R11)
	ADDQ R9, R11
	VMOVDQU32 Z3, (R11)
	ADDQ R9, R11
	VMOVDQU32 Z4, (R11)
	ADDQ R9, R11
	VMOVDQU32 Z5, (R11)
	ADDQ R9, R11
	VMOVDQU32 Z6, (R11)
	ADDQ R9, R11
	VMOVDQU32 Z7, (R11)
	ADDQ R9, R11
	VMOVDQU32 Z8, (R11)
	ADDQ R9, R11
	VMOVDQU32 Z9, (R11)
	ADDQ R9, R11
	VMOVDQU32 Z10, (R11)
	ADDQ R9, R11
	VMOVDQU32 Z11, (R11)
	ADDQ R9, R11
	VMOVDQU32 Z12, (R11)
	ADDQ R9, R11
	VMOVDQU32 Z13, (R11)
	ADDQ R9, R11
	VMOVDQU32 Z14, (R11)
	ADDQ R9, R11
	VMOVDQU32 Z15, (R11)
	ADDQ R9, R11
	ADDQ $128, R10
	SUBQ $32, CX
	JG trans_chunk
	MOVQ R8, AX
	SHLQ $4, AX
	ADDQ AX, SI
	ADDQ $64, DI
	SUBQ $16, DX
	JG trans_block

trans_done:
	VZEROUPPER
	RET

// bf16Consts: the dword constants of RoundBF16AVX2, each broadcast.
DATA bf16Consts<>+0(SB)/4, $0x00007fff
DATA bf16Consts<>+4(SB)/4, $0x00000001
DATA bf16Consts<>+8(SB)/4, $0xffff0000
DATA bf16Consts<>+12(SB)/4, $0x7fffffff
DATA bf16Consts<>+16(SB)/4, $0x7f800000
DATA bf16Consts<>+20(SB)/4, $0x00400000
DATA bf16Consts<>+24(SB)/4, $0x80000000
GLOBL bf16Consts<>(SB), RODATA|NOPTR, $28

// func RoundBF16AVX2(dst, src []float32)
//
// dst[i] = src[i] rounded to bf16 as VCVTNE2PS2BF16 rounds (see the Go
// declaration), 8 at a time on the bits as integers: add 0x7fff plus the
// lowest bit kept and clear the low half (to nearest, ties to even, the
// carry rounding up, infinities kept, overflow to infinity); NaN gets the
// quiet bit instead; zero and denormals keep only their sign. The caller
// guarantees len(dst) == len(src), a multiple of 8.
//
// Requires: AVX2
//
// Register map:
//	DI, SI    dst, src     CX  groups of 8 left
//	Y8..Y14   0x7fff, 1, 0xffff0000, 0x7fffffff, 0x7f800000, 0x400000, 0x80000000
//	Y15       zero
//	Y0        the bits     Y1..Y7  rounded, NaN and zero candidates, masks
TEXT ·RoundBF16AVX2(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ src_base+24(FP), SI
	MOVQ src_len+32(FP), CX
	SHRQ $3, CX
	JZ round_done
	VPBROADCASTD bf16Consts<>+0(SB), Y8
	VPBROADCASTD bf16Consts<>+4(SB), Y9
	VPBROADCASTD bf16Consts<>+8(SB), Y10
	VPBROADCASTD bf16Consts<>+12(SB), Y11
	VPBROADCASTD bf16Consts<>+16(SB), Y12
	VPBROADCASTD bf16Consts<>+20(SB), Y13
	VPBROADCASTD bf16Consts<>+24(SB), Y14
	VPXOR Y15, Y15, Y15

round_loop:
	VMOVDQU (SI), Y0
// Rounded: (b + 0x7fff + (b>>16)&1) &^ 0xffff.
	VPSRLD $16, Y0, Y1
	VPAND Y9, Y1, Y1
	VPADDD Y8, Y0, Y2
	VPADDD Y1, Y2, Y2
	VPAND Y10, Y2, Y2
// NaN (|b| > 0x7f800000): (b | 0x400000) &^ 0xffff.
	VPAND Y11, Y0, Y3
	VPCMPGTD Y12, Y3, Y3
	VPOR Y13, Y0, Y4
	VPAND Y10, Y4, Y4
	VPBLENDVB Y3, Y4, Y2, Y2
// Zero or denormal (no exponent bits): the sign alone.
	VPAND Y12, Y0, Y5
	VPCMPEQD Y15, Y5, Y5
	VPAND Y14, Y0, Y6
	VPBLENDVB Y5, Y6, Y2, Y2
	VMOVDQU Y2, (DI)
	ADDQ $32, SI
	ADDQ $32, DI
	DECQ CX
	JNZ round_loop

round_done:
	VZEROUPPER
	RET
