//go:build !purego

#include "textflag.h"

// Row-wise kernels on a rows×cols row-major block with leading dimension
// lda (in elements; the routines scale it to bytes).

// func AddRowVectorAVX2(rows, cols int, a []float32, lda int, v []float32)
//
// a[i*lda+j] += v[j] for i < rows, j < cols; cols is a multiple of 8. Each
// row: 32 columns at a time, then 8.
//
// Requires: AVX
//
// Register map:
//	DI      &a[i*lda]
//	DX      rows left
//	BX      lda in bytes
//	R8      &a[i*lda+j]
//	R9      &v[j]
//	CX      columns left in the row
//	Y0..Y3  a[i*lda+j : +32] + v[j : j+32]
TEXT ·AddRowVectorAVX2(SB), NOSPLIT, $0-72
	MOVQ rows+0(FP), DX
	MOVQ a_base+16(FP), DI
	MOVQ lda+40(FP), BX
	SHLQ $2, BX
	TESTQ DX, DX
	JZ    addrow2_done

addrow2_row:
	MOVQ DI, R8
	MOVQ v_base+48(FP), R9
	MOVQ cols+8(FP), CX
	CMPQ CX, $32
	JLT  addrow2_vec

addrow2_loop:
	VMOVUPS (R9), Y0
	VMOVUPS 32(R9), Y1
	VMOVUPS 64(R9), Y2
	VMOVUPS 96(R9), Y3
	VADDPS  (R8), Y0, Y0
	VADDPS  32(R8), Y1, Y1
	VADDPS  64(R8), Y2, Y2
	VADDPS  96(R8), Y3, Y3
	VMOVUPS Y0, (R8)
	VMOVUPS Y1, 32(R8)
	VMOVUPS Y2, 64(R8)
	VMOVUPS Y3, 96(R8)
	ADDQ    $128, R8
	ADDQ    $128, R9
	SUBQ    $32, CX
	CMPQ    CX, $32
	JGE     addrow2_loop

addrow2_vec:
	TESTQ CX, CX
	JZ    addrow2_next

addrow2_vec_loop:
	VMOVUPS (R9), Y0
	VADDPS  (R8), Y0, Y0
	VMOVUPS Y0, (R8)
	ADDQ    $32, R8
	ADDQ    $32, R9
	SUBQ    $8, CX
	JNZ     addrow2_vec_loop

addrow2_next:
	ADDQ BX, DI
	DECQ DX
	JNZ  addrow2_row

addrow2_done:
	VZEROUPPER
	RET

// func AddRowVectorAVX512(rows, cols int, a []float32, lda int, v []float32)
//
// a[i*lda+j] += v[j] for i < rows, j < cols, any cols. First the whole
// 16-column vectors of every row: 64 columns at a time, then 16. Then the
// last cols%16 columns of every row under an opmask, eight rows at a time:
// a load that overlaps the footprint of an earlier masked store cannot
// take its data from the store and waits until the store has reached the
// cache, and with narrow rows the next row's tail overlaps the last one's,
// so the eight loads go before the eight stores.
//
// Requires: AVX512F
//
// Register map:
//	DI       &a[i*lda]
//	DX       rows left
//	BX       lda in bytes
//	R12      3·lda in bytes
//	R8       &a[i*lda+j]
//	R9       &v[j]; &a[(i+4)*lda+j] in the tail pass
//	CX       columns left in the row
//	AX       scratch for the tail mask
//	K1       tail mask: the low cols%16 lanes
//	Z0..Z3   a[i*lda+j : +64] + v[j : j+64]
//	Z0..Z7   the tails of eight rows, then with v's tail added
//	Z8       v's tail
TEXT ·AddRowVectorAVX512(SB), NOSPLIT, $0-72
	MOVQ  rows+0(FP), DX
	MOVQ  cols+8(FP), CX
	MOVQ  a_base+16(FP), DI
	MOVQ  lda+40(FP), BX
	SHLQ  $2, BX
	ANDQ  $15, CX
	MOVL  $1, AX
	SHLL  CX, AX
	DECL  AX
	KMOVW AX, K1
	TESTQ DX, DX
	JZ    addrow5_done
	CMPQ  cols+8(FP), $16
	JLT   addrow5_tails

addrow5_row:
	MOVQ DI, R8
	MOVQ v_base+48(FP), R9
	MOVQ cols+8(FP), CX
	CMPQ CX, $64
	JLT  addrow5_vec

addrow5_loop:
	VMOVUPS (R9), Z0
	VMOVUPS 64(R9), Z1
	VMOVUPS 128(R9), Z2
	VMOVUPS 192(R9), Z3
	VADDPS  (R8), Z0, Z0
	VADDPS  64(R8), Z1, Z1
	VADDPS  128(R8), Z2, Z2
	VADDPS  192(R8), Z3, Z3
	VMOVUPS Z0, (R8)
	VMOVUPS Z1, 64(R8)
	VMOVUPS Z2, 128(R8)
	VMOVUPS Z3, 192(R8)
	ADDQ    $256, R8
	ADDQ    $256, R9
	SUBQ    $64, CX
	CMPQ    CX, $64
	JGE     addrow5_loop

addrow5_vec:
	CMPQ    CX, $16
	JLT     addrow5_next
	VMOVUPS (R9), Z0
	VADDPS  (R8), Z0, Z0
	VMOVUPS Z0, (R8)
	ADDQ    $64, R8
	ADDQ    $64, R9
	SUBQ    $16, CX
	JMP     addrow5_vec

addrow5_next:
	ADDQ BX, DI
	DECQ DX
	JNZ  addrow5_row

	// The tails: columns cols&^15 to cols of every row.
addrow5_tails:
	MOVQ      cols+8(FP), CX
	TESTQ     $15, CX
	JZ        addrow5_done
	ANDQ      $-16, CX
	MOVQ      a_base+16(FP), R8
	LEAQ      (R8)(CX*4), R8
	MOVQ      v_base+48(FP), R9
	VMOVUPS.Z (R9)(CX*4), K1, Z8
	MOVQ      rows+0(FP), DX
	LEAQ      (BX)(BX*2), R12
	CMPQ      DX, $8
	JLT       addrow5_tail1

addrow5_tail8:
	LEAQ      (R8)(BX*4), R9
	VMOVUPS.Z (R8), K1, Z0
	VMOVUPS.Z (R8)(BX*1), K1, Z1
	VMOVUPS.Z (R8)(BX*2), K1, Z2
	VMOVUPS.Z (R8)(R12*1), K1, Z3
	VMOVUPS.Z (R9), K1, Z4
	VMOVUPS.Z (R9)(BX*1), K1, Z5
	VMOVUPS.Z (R9)(BX*2), K1, Z6
	VMOVUPS.Z (R9)(R12*1), K1, Z7
	VADDPS    Z8, Z0, Z0
	VADDPS    Z8, Z1, Z1
	VADDPS    Z8, Z2, Z2
	VADDPS    Z8, Z3, Z3
	VADDPS    Z8, Z4, Z4
	VADDPS    Z8, Z5, Z5
	VADDPS    Z8, Z6, Z6
	VADDPS    Z8, Z7, Z7
	VMOVUPS   Z0, K1, (R8)
	VMOVUPS   Z1, K1, (R8)(BX*1)
	VMOVUPS   Z2, K1, (R8)(BX*2)
	VMOVUPS   Z3, K1, (R8)(R12*1)
	VMOVUPS   Z4, K1, (R9)
	VMOVUPS   Z5, K1, (R9)(BX*1)
	VMOVUPS   Z6, K1, (R9)(BX*2)
	VMOVUPS   Z7, K1, (R9)(R12*1)
	LEAQ      (R9)(BX*4), R8
	SUBQ      $8, DX
	CMPQ      DX, $8
	JGE       addrow5_tail8

addrow5_tail1:
	TESTQ DX, DX
	JZ    addrow5_done

addrow5_tail1_loop:
	VMOVUPS.Z (R8), K1, Z0
	VADDPS    Z8, Z0, Z0
	VMOVUPS   Z0, K1, (R8)
	ADDQ      BX, R8
	DECQ      DX
	JNZ       addrow5_tail1_loop

addrow5_done:
	VZEROUPPER
	RET

// func ColumnSumsAVX2(dst []float32, rows, cols int, a []float32, lda int)
//
// dst[j] = Σ_i a[i*lda+j] for j < cols, summing i = 0, 1, ..., rows−1 in
// order from +0 exactly as the reference does; cols is a multiple of 8.
// Blocks of 64 columns keep their sums in eight registers while the rows
// go by, so each element is loaded once and dst written once; then blocks
// of 8.
//
// Requires: AVX
//
// Register map:
//	DI      &dst[j]
//	SI      &a[j], the top of the block
//	R8      &a[i*lda+j]
//	BX      lda in bytes
//	CX      columns left
//	DX      rows left in the block
//	Y0..Y7  the sums of the block's columns
TEXT ·ColumnSumsAVX2(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ cols+32(FP), CX
	MOVQ a_base+40(FP), SI
	MOVQ lda+64(FP), BX
	SHLQ $2, BX
	CMPQ CX, $64
	JLT  colsum2_vec

colsum2_block:
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	MOVQ   SI, R8
	MOVQ   rows+24(FP), DX
	TESTQ  DX, DX
	JZ     colsum2_store

colsum2_row:
	VADDPS (R8), Y0, Y0
	VADDPS 32(R8), Y1, Y1
	VADDPS 64(R8), Y2, Y2
	VADDPS 96(R8), Y3, Y3
	VADDPS 128(R8), Y4, Y4
	VADDPS 160(R8), Y5, Y5
	VADDPS 192(R8), Y6, Y6
	VADDPS 224(R8), Y7, Y7
	ADDQ   BX, R8
	DECQ   DX
	JNZ    colsum2_row

colsum2_store:
	VMOVUPS Y0, (DI)
	VMOVUPS Y1, 32(DI)
	VMOVUPS Y2, 64(DI)
	VMOVUPS Y3, 96(DI)
	VMOVUPS Y4, 128(DI)
	VMOVUPS Y5, 160(DI)
	VMOVUPS Y6, 192(DI)
	VMOVUPS Y7, 224(DI)
	ADDQ    $256, SI
	ADDQ    $256, DI
	SUBQ    $64, CX
	CMPQ    CX, $64
	JGE     colsum2_block

colsum2_vec:
	TESTQ CX, CX
	JZ    colsum2_done

colsum2_vec_block:
	VXORPS Y0, Y0, Y0
	MOVQ   SI, R8
	MOVQ   rows+24(FP), DX
	TESTQ  DX, DX
	JZ     colsum2_vec_store

colsum2_vec_row:
	VADDPS (R8), Y0, Y0
	ADDQ   BX, R8
	DECQ   DX
	JNZ    colsum2_vec_row

colsum2_vec_store:
	VMOVUPS Y0, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DI
	SUBQ    $8, CX
	JNZ     colsum2_vec_block

colsum2_done:
	VZEROUPPER
	RET

// func ColumnSumsAVX512(dst []float32, rows, cols int, a []float32, lda int)
//
// dst[j] = Σ_i a[i*lda+j] for j < cols, any cols, summing i = 0, 1, ...,
// rows−1 in order from +0 exactly as the reference does. Blocks of 64
// columns keep their sums in four registers while the rows go by; then
// blocks of 16; then the last cols%16 columns under an opmask.
//
// Requires: AVX512F
//
// Register map:
//	DI      &dst[j]
//	SI      &a[j], the top of the block
//	R8      &a[i*lda+j]
//	BX      lda in bytes
//	CX      columns left
//	DX      rows left in the block
//	AX      scratch for the tail mask
//	K1      tail mask: the low cols%16 lanes
//	Z0..Z3  the sums of the block's columns
//	Z4      a row of the tail block
TEXT ·ColumnSumsAVX512(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ cols+32(FP), CX
	MOVQ a_base+40(FP), SI
	MOVQ lda+64(FP), BX
	SHLQ $2, BX
	CMPQ CX, $64
	JLT  colsum5_vec

colsum5_block:
	VXORPS Z0, Z0, Z0
	VXORPS Z1, Z1, Z1
	VXORPS Z2, Z2, Z2
	VXORPS Z3, Z3, Z3
	MOVQ   SI, R8
	MOVQ   rows+24(FP), DX
	TESTQ  DX, DX
	JZ     colsum5_store

colsum5_row:
	VADDPS (R8), Z0, Z0
	VADDPS 64(R8), Z1, Z1
	VADDPS 128(R8), Z2, Z2
	VADDPS 192(R8), Z3, Z3
	ADDQ   BX, R8
	DECQ   DX
	JNZ    colsum5_row

colsum5_store:
	VMOVUPS Z0, (DI)
	VMOVUPS Z1, 64(DI)
	VMOVUPS Z2, 128(DI)
	VMOVUPS Z3, 192(DI)
	ADDQ    $256, SI
	ADDQ    $256, DI
	SUBQ    $64, CX
	CMPQ    CX, $64
	JGE     colsum5_block

colsum5_vec:
	CMPQ   CX, $16
	JLT    colsum5_tail
	VXORPS Z0, Z0, Z0
	MOVQ   SI, R8
	MOVQ   rows+24(FP), DX
	TESTQ  DX, DX
	JZ     colsum5_vec_store

colsum5_vec_row:
	VADDPS (R8), Z0, Z0
	ADDQ   BX, R8
	DECQ   DX
	JNZ    colsum5_vec_row

colsum5_vec_store:
	VMOVUPS Z0, (DI)
	ADDQ    $64, SI
	ADDQ    $64, DI
	SUBQ    $16, CX
	JMP     colsum5_vec

colsum5_tail:
	TESTQ  CX, CX
	JZ     colsum5_done
	MOVL   $1, AX
	SHLL   CX, AX
	DECL   AX
	KMOVW  AX, K1
	VXORPS Z0, Z0, Z0
	MOVQ   SI, R8
	MOVQ   rows+24(FP), DX
	TESTQ  DX, DX
	JZ     colsum5_tail_store

colsum5_tail_row:
	VMOVUPS.Z (R8), K1, Z4
	VADDPS    Z4, Z0, Z0
	ADDQ      BX, R8
	DECQ      DX
	JNZ       colsum5_tail_row

colsum5_tail_store:
	VMOVUPS Z0, K1, (DI)

colsum5_done:
	VZEROUPPER
	RET
