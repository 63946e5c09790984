//go:build !purego

#include "textflag.h"

// ROWS4 sets r1, r2, r3 to the rows after r0 at a stride of ld floats,
// each row past the count n-1 left at the row before it (AX, DX clobbered).
#define ROWS4(ld, n, r0, r1, r2, r3) \
	MOVQ ld, AX \
	SHLQ $2, AX \
	MOVQ n, DX \
	LEAQ (r0)(AX*1), r1 \
	CMPQ DX, $2 \
	CMOVQLT r0, r1 \
	LEAQ (r1)(AX*1), r2 \
	CMPQ DX, $3 \
	CMOVQLT r1, r2 \
	LEAQ (r2)(AX*1), r3 \
	CMPQ DX, $4 \
	CMOVQLT r2, r3

// func DotTile4AVX512(k int, a []float32, lda int, b []float32, ldb int, rows, cols int, out *[16]float32)
//
// Sixteen dot products of length k: out[4*j+i] = Σ_{p<k} a[i*lda+p]·b[j*ldb+p]
// for i, j < 4, the rows of a past rows-1 and of b past cols-1 read as row
// rows-1 and cols-1 (their dot products are computed and the caller ignores
// them). One accumulator of 16 lanes per dot product takes 16 steps of p an
// iteration, its loads under the mask K1: all lanes, but for the last
// iteration of k%16 steps, whose mask neither reads nor faults past them.
// Each accumulator's lanes are then added: its halves, its quarters, and
// by VHADDPS the four of each column j together, so that
// out[4*j..4*j+3] is stored at once. The order of the additions is fixed:
// the same operands give the same bits.
//
// Requires: AVX512F, AVX
//
// Register map:
//	R8..R11    the rows of a (i = 0..3), R12..R15 of b (j = 0..3)
//	SI         p·4, the byte offset in every row
//	CX         iterations left (AX while K1 is set)
//	AX, DX     row strides, row counts; then DX k%16 and BX its mask
//	DI         out
//	Z0..Z15    the accumulators, Z(4j+i) for out[4*j+i]
//	Z16..Z19   a's rows at p, Z20..Z23 b's
TEXT ·DotTile4AVX512(SB), NOSPLIT, $0-96
	MOVQ a_base+8(FP), R8
	ROWS4(lda+32(FP), rows+72(FP), R8, R9, R10, R11)
	MOVQ b_base+40(FP), R12
	ROWS4(ldb+64(FP), cols+80(FP), R12, R13, R14, R15)
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
	XORQ SI, SI
	// CX: the iterations, the last one of k%16 steps (DX) when k%16 ≠ 0;
	// K1 all lanes but for that one.
	MOVQ  k+0(FP), CX
	MOVQ  CX, DX
	ANDQ  $15, DX
	ADDQ  $15, CX
	SHRQ  $4, CX
	JZ    dot4_reduce
	KXNORW K1, K1, K1

dot4_loop:
	CMPQ  CX, $1
	JNE   dot4_body
	TESTQ DX, DX
	JZ    dot4_body
	// The last k%16 steps, under a mask of as many lanes.
	MOVQ  CX, AX
	MOVQ  DX, CX
	MOVL  $1, BX
	SHLL  CX, BX
	DECL  BX
	KMOVW BX, K1
	MOVQ  AX, CX

dot4_body:
	VMOVUPS.Z (R8)(SI*1), K1, Z16
	VMOVUPS.Z (R9)(SI*1), K1, Z17
	VMOVUPS.Z (R10)(SI*1), K1, Z18
	VMOVUPS.Z (R11)(SI*1), K1, Z19
	VMOVUPS.Z (R12)(SI*1), K1, Z20
	VMOVUPS.Z (R13)(SI*1), K1, Z21
	VMOVUPS.Z (R14)(SI*1), K1, Z22
	VMOVUPS.Z (R15)(SI*1), K1, Z23
	VFMADD231PS Z20, Z16, Z0
	VFMADD231PS Z20, Z17, Z1
	VFMADD231PS Z20, Z18, Z2
	VFMADD231PS Z20, Z19, Z3
	VFMADD231PS Z21, Z16, Z4
	VFMADD231PS Z21, Z17, Z5
	VFMADD231PS Z21, Z18, Z6
	VFMADD231PS Z21, Z19, Z7
	VFMADD231PS Z22, Z16, Z8
	VFMADD231PS Z22, Z17, Z9
	VFMADD231PS Z22, Z18, Z10
	VFMADD231PS Z22, Z19, Z11
	VFMADD231PS Z23, Z16, Z12
	VFMADD231PS Z23, Z17, Z13
	VFMADD231PS Z23, Z18, Z14
	VFMADD231PS Z23, Z19, Z15
	ADDQ $64, SI
	DECQ CX
	JNZ  dot4_loop

dot4_reduce:
	// Halves, then quarters, in full registers (AVX512F alone; the lanes
	// past them are not used): X(o) holds four partial sums of Z(o).
	VEXTRACTF64X4 $1, Z0, Y16
	VADDPS Z16, Z0, Z0
	VEXTRACTF64X4 $1, Z1, Y16
	VADDPS Z16, Z1, Z1
	VEXTRACTF64X4 $1, Z2, Y16
	VADDPS Z16, Z2, Z2
	VEXTRACTF64X4 $1, Z3, Y16
	VADDPS Z16, Z3, Z3
	VEXTRACTF64X4 $1, Z4, Y16
	VADDPS Z16, Z4, Z4
	VEXTRACTF64X4 $1, Z5, Y16
	VADDPS Z16, Z5, Z5
	VEXTRACTF64X4 $1, Z6, Y16
	VADDPS Z16, Z6, Z6
	VEXTRACTF64X4 $1, Z7, Y16
	VADDPS Z16, Z7, Z7
	VEXTRACTF64X4 $1, Z8, Y16
	VADDPS Z16, Z8, Z8
	VEXTRACTF64X4 $1, Z9, Y16
	VADDPS Z16, Z9, Z9
	VEXTRACTF64X4 $1, Z10, Y16
	VADDPS Z16, Z10, Z10
	VEXTRACTF64X4 $1, Z11, Y16
	VADDPS Z16, Z11, Z11
	VEXTRACTF64X4 $1, Z12, Y16
	VADDPS Z16, Z12, Z12
	VEXTRACTF64X4 $1, Z13, Y16
	VADDPS Z16, Z13, Z13
	VEXTRACTF64X4 $1, Z14, Y16
	VADDPS Z16, Z14, Z14
	VEXTRACTF64X4 $1, Z15, Y16
	VADDPS Z16, Z15, Z15
	VEXTRACTF32X4 $1, Z0, X16
	VADDPS Z16, Z0, Z0
	VEXTRACTF32X4 $1, Z1, X16
	VADDPS Z16, Z1, Z1
	VEXTRACTF32X4 $1, Z2, X16
	VADDPS Z16, Z2, Z2
	VEXTRACTF32X4 $1, Z3, X16
	VADDPS Z16, Z3, Z3
	VEXTRACTF32X4 $1, Z4, X16
	VADDPS Z16, Z4, Z4
	VEXTRACTF32X4 $1, Z5, X16
	VADDPS Z16, Z5, Z5
	VEXTRACTF32X4 $1, Z6, X16
	VADDPS Z16, Z6, Z6
	VEXTRACTF32X4 $1, Z7, X16
	VADDPS Z16, Z7, Z7
	VEXTRACTF32X4 $1, Z8, X16
	VADDPS Z16, Z8, Z8
	VEXTRACTF32X4 $1, Z9, X16
	VADDPS Z16, Z9, Z9
	VEXTRACTF32X4 $1, Z10, X16
	VADDPS Z16, Z10, Z10
	VEXTRACTF32X4 $1, Z11, X16
	VADDPS Z16, Z11, Z11
	VEXTRACTF32X4 $1, Z12, X16
	VADDPS Z16, Z12, Z12
	VEXTRACTF32X4 $1, Z13, X16
	VADDPS Z16, Z13, Z13
	VEXTRACTF32X4 $1, Z14, X16
	VADDPS Z16, Z14, Z14
	VEXTRACTF32X4 $1, Z15, X16
	VADDPS Z16, Z15, Z15
	// Column j: out[4j+i] = the four lanes of X(4j+i) added.
	MOVQ out+88(FP), DI
	VHADDPS X1, X0, X0
	VHADDPS X3, X2, X2
	VHADDPS X2, X0, X0
	VMOVUPS X0, 0(DI)
	VHADDPS X5, X4, X4
	VHADDPS X7, X6, X6
	VHADDPS X6, X4, X4
	VMOVUPS X4, 16(DI)
	VHADDPS X9, X8, X8
	VHADDPS X11, X10, X10
	VHADDPS X10, X8, X8
	VMOVUPS X8, 32(DI)
	VHADDPS X13, X12, X12
	VHADDPS X15, X14, X14
	VHADDPS X14, X12, X12
	VMOVUPS X12, 48(DI)
	VZEROUPPER
	RET

// func DotTile4AVX2(k int, a []float32, lda int, b []float32, ldb int, rows, cols int, out *[16]float32)
//
// DotTile4AVX512 for AVX2 with FMA3: the same sixteen dot products, in
// two passes of two rows of a against the four rows of b (eight
// accumulators of 8 lanes, with the six rows in use they fill the sixteen
// YMM registers), 8 steps of p an iteration, the last k%8 loaded by
// VMASKMOVPS, which neither reads nor faults past them. Each accumulator's
// halves are added, then by VHADDPS the lanes of the two rows' sums of
// each column j, so that out[4*j+i..4*j+i+1] is stored at once. The order
// of the additions is fixed: the same operands give the same bits.
//
// Requires: AVX, FMA3
//
// Register map:
//	R8, R9     the pass's rows of a (rows 0, 1, then 2, 3 from R10, R11)
//	R12..R15   the rows of b (j = 0..3)
//	SI         p·4, the byte offset in every row
//	CX         8-step iterations left; DX the last k%8 steps, then 0
//	BX         passes left; AX scratch
//	DI         out at the pass's first row
//	Y0..Y7     the accumulators, Y(4i+j) for row i of the pass, column j
//	Y8, Y9     a's rows at p, Y10..Y13 b's; Y14 scratch; Y15 the mask
TEXT ·DotTile4AVX2(SB), NOSPLIT, $0-96
	MOVQ a_base+8(FP), R8
	ROWS4(lda+32(FP), rows+72(FP), R8, R9, R10, R11)
	MOVQ b_base+40(FP), R12
	ROWS4(ldb+64(FP), cols+80(FP), R12, R13, R14, R15)
	MOVQ out+88(FP), DI
	MOVQ k+0(FP), AX
	ANDQ $7, AX
	NEGQ AX
	LEAQ ·laneMask8+32(SB), BX
	VMOVDQU (BX)(AX*4), Y15
	MOVQ $2, BX

dot2_pass:
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	XORQ SI, SI
	MOVQ k+0(FP), CX
	MOVQ CX, DX
	ANDQ $7, DX
	SHRQ $3, CX
	JZ   dot2_tail

dot2_loop:
	VMOVUPS (R8)(SI*1), Y8
	VMOVUPS (R9)(SI*1), Y9
	VMOVUPS (R12)(SI*1), Y10
	VMOVUPS (R13)(SI*1), Y11
	VMOVUPS (R14)(SI*1), Y12
	VMOVUPS (R15)(SI*1), Y13

dot2_fma:
	VFMADD231PS Y10, Y8, Y0
	VFMADD231PS Y11, Y8, Y1
	VFMADD231PS Y12, Y8, Y2
	VFMADD231PS Y13, Y8, Y3
	VFMADD231PS Y10, Y9, Y4
	VFMADD231PS Y11, Y9, Y5
	VFMADD231PS Y12, Y9, Y6
	VFMADD231PS Y13, Y9, Y7
	ADDQ $32, SI
	DECQ CX
	JNZ  dot2_loop

dot2_tail:
	// The last k%8 steps under the mask, once: DX is 0 after them.
	TESTQ DX, DX
	JZ    dot2_reduce
	VMASKMOVPS (R8)(SI*1), Y15, Y8
	VMASKMOVPS (R9)(SI*1), Y15, Y9
	VMASKMOVPS (R12)(SI*1), Y15, Y10
	VMASKMOVPS (R13)(SI*1), Y15, Y11
	VMASKMOVPS (R14)(SI*1), Y15, Y12
	VMASKMOVPS (R15)(SI*1), Y15, Y13
	XORQ DX, DX
	MOVQ $1, CX
	JMP  dot2_fma

dot2_reduce:
	// Halves: X(4i+j) holds four partial sums of Y(4i+j).
	VEXTRACTF128 $1, Y0, X14
	VADDPS X14, X0, X0
	VEXTRACTF128 $1, Y1, X14
	VADDPS X14, X1, X1
	VEXTRACTF128 $1, Y2, X14
	VADDPS X14, X2, X2
	VEXTRACTF128 $1, Y3, X14
	VADDPS X14, X3, X3
	VEXTRACTF128 $1, Y4, X14
	VADDPS X14, X4, X4
	VEXTRACTF128 $1, Y5, X14
	VADDPS X14, X5, X5
	VEXTRACTF128 $1, Y6, X14
	VADDPS X14, X6, X6
	VEXTRACTF128 $1, Y7, X14
	VADDPS X14, X7, X7
	// Column j: the two rows' sums in the low lanes, stored at out[4*j+i].
	VHADDPS X4, X0, X14
	VHADDPS X14, X14, X14
	VMOVSD X14, 0(DI)
	VHADDPS X5, X1, X14
	VHADDPS X14, X14, X14
	VMOVSD X14, 16(DI)
	VHADDPS X6, X2, X14
	VHADDPS X14, X14, X14
	VMOVSD X14, 32(DI)
	VHADDPS X7, X3, X14
	VHADDPS X14, X14, X14
	VMOVSD X14, 48(DI)
	MOVQ R10, R8
	MOVQ R11, R9
	ADDQ $8, DI
	DECQ BX
	JNZ  dot2_pass
	VZEROUPPER
	RET
