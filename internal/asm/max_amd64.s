//go:build !purego

#include "textflag.h"

// −Inf, the maximum of an empty slice and the start of every running
// maximum.
DATA maxNegInf<>+0(SB)/4, $0xff800000
GLOBL maxNegInf<>(SB), RODATA|NOPTR, $4

// Max and Argmax read x once for the maximum of the elements that are not
// NaN, noting meanwhile whether any element is NaN (an unordered compare
// of two vectors flags a lane when either is NaN). VMAXPS is given the
// running maximum as its second source, which it returns when the new
// element is NaN, so NaNs never enter it. With a NaN present the routines
// scan again for the first one; without, Argmax scans for the first
// element equal to the maximum (−0 == +0, and the first zero is the one
// the reference picks). Both scans stop at the first hit.

// func MaxAVX2(x []float32) float32
//
// Returns the first NaN of x if there is one, else its largest element
// (−Inf for an empty x); len(x) is a multiple of 8.
//
// Requires: AVX
//
// Register map:
//	SI      &x[i] in the first pass
//	BX      &x[i] in the scan for a NaN
//	CX      elements left
//	AX      lane bits of a hit
//	Y0..Y3  running maxima
//	Y4..Y7  x[i:i+32]
//	Y8, Y9  unordered compares of pairs of vectors
//	Y10     lanes that have seen a NaN
TEXT ·MaxAVX2(SB), NOSPLIT, $0-28
	MOVQ         x_base+0(FP), SI
	MOVQ         x_len+8(FP), CX
	MOVQ         SI, BX
	VBROADCASTSS maxNegInf<>(SB), Y0
	VMOVAPS      Y0, Y1
	VMOVAPS      Y0, Y2
	VMOVAPS      Y0, Y3
	VXORPS       Y10, Y10, Y10
	CMPQ         CX, $32
	JLT          max2_vec

max2_loop:
	VMOVUPS (SI), Y4
	VMOVUPS 32(SI), Y5
	VMOVUPS 64(SI), Y6
	VMOVUPS 96(SI), Y7
	VMAXPS  Y0, Y4, Y0
	VMAXPS  Y1, Y5, Y1
	VMAXPS  Y2, Y6, Y2
	VMAXPS  Y3, Y7, Y3
	VCMPPS  $3, Y5, Y4, Y8
	VCMPPS  $3, Y7, Y6, Y9
	VORPS   Y9, Y8, Y8
	VORPS   Y8, Y10, Y10
	ADDQ    $128, SI
	SUBQ    $32, CX
	CMPQ    CX, $32
	JGE     max2_loop

max2_vec:
	TESTQ CX, CX
	JZ    max2_reduce

max2_vec_loop:
	VMOVUPS (SI), Y4
	VMAXPS  Y0, Y4, Y0
	VCMPPS  $3, Y4, Y4, Y8
	VORPS   Y8, Y10, Y10
	ADDQ    $32, SI
	SUBQ    $8, CX
	JNZ     max2_vec_loop

max2_reduce:
	VPTEST       Y10, Y10
	JNZ          max2_nan
	VMAXPS       Y1, Y0, Y0
	VMAXPS       Y3, Y2, Y2
	VMAXPS       Y2, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VMAXPS       X1, X0, X0
	VMOVHLPS     X0, X0, X1
	VMAXPS       X1, X0, X0
	VMOVSHDUP    X0, X1
	VMAXSS       X1, X0, X0
	VMOVSS       X0, ret+24(FP)
	VZEROUPPER
	RET

max2_nan:
	VMOVUPS   (BX), Y4
	VCMPPS    $3, Y4, Y4, Y8
	VMOVMSKPS Y8, AX
	TESTL     AX, AX
	JNZ       max2_nan_found
	ADDQ      $32, BX
	JMP       max2_nan

max2_nan_found:
	BSFL   AX, AX
	VMOVSS (BX)(AX*4), X0
	VMOVSS X0, ret+24(FP)
	VZEROUPPER
	RET

// func MaxAVX512(x []float32) float32
//
// Returns the first NaN of x if there is one, else its largest element
// (−Inf for an empty x), for any length: 64 elements per iteration, then
// 16 at a time, then the last 0..15 under an opmask (merge-masked into the
// running maximum, so the zeros loaded in the masked-off lanes do not take
// part).
//
// Requires: AVX512F
//
// Register map:
//	SI      &x[i] in the first pass
//	BX      &x[i] in the scan for a NaN
//	CX      elements left (DX keeps the count for the scan)
//	AX      scratch for the tail mask, then lane bits of a hit
//	K1, K2  unordered compares of pairs of vectors
//	K3      lanes that have seen a NaN
//	K4      tail mask: the low len(x)%16 lanes
//	Z0..Z3  running maxima
//	Z4..Z7  x[i:i+64]
TEXT ·MaxAVX512(SB), NOSPLIT, $0-28
	MOVQ         x_base+0(FP), SI
	MOVQ         x_len+8(FP), CX
	MOVQ         SI, BX
	MOVQ         CX, DX
	ANDQ         $15, CX
	MOVL         $1, AX
	SHLL         CX, AX
	DECL         AX
	KMOVW        AX, K4
	MOVQ         DX, CX
	VBROADCASTSS maxNegInf<>(SB), Z0
	VMOVAPS      Z0, Z1
	VMOVAPS      Z0, Z2
	VMOVAPS      Z0, Z3
	KXORW        K3, K3, K3
	CMPQ         CX, $64
	JLT          max5_vec

max5_loop:
	VMOVUPS (SI), Z4
	VMOVUPS 64(SI), Z5
	VMOVUPS 128(SI), Z6
	VMOVUPS 192(SI), Z7
	VMAXPS  Z0, Z4, Z0
	VMAXPS  Z1, Z5, Z1
	VMAXPS  Z2, Z6, Z2
	VMAXPS  Z3, Z7, Z3
	VCMPPS  $3, Z5, Z4, K1
	VCMPPS  $3, Z7, Z6, K2
	KORW    K1, K2, K1
	KORW    K1, K3, K3
	ADDQ    $256, SI
	SUBQ    $64, CX
	CMPQ    CX, $64
	JGE     max5_loop

max5_vec:
	CMPQ    CX, $16
	JLT     max5_tail
	VMOVUPS (SI), Z4
	VMAXPS  Z0, Z4, Z0
	VCMPPS  $3, Z4, Z4, K1
	KORW    K1, K3, K3
	ADDQ    $64, SI
	SUBQ    $16, CX
	JMP     max5_vec

max5_tail:
	TESTQ     CX, CX
	JZ        max5_reduce
	VMOVUPS.Z (SI), K4, Z4
	VMAXPS    Z0, Z4, K4, Z0
	VCMPPS    $3, Z4, Z4, K1
	KORW      K1, K3, K3

max5_reduce:
	KORTESTW      K3, K3
	JNZ           max5_nan
	VMAXPS        Z1, Z0, Z0
	VMAXPS        Z3, Z2, Z2
	VMAXPS        Z2, Z0, Z0
	VEXTRACTF64X4 $1, Z0, Y1
	VMAXPS        Y1, Y0, Y0
	VEXTRACTF128  $1, Y0, X1
	VMAXPS        X1, X0, X0
	VMOVHLPS      X0, X0, X1
	VMAXPS        X1, X0, X0
	VMOVSHDUP     X0, X1
	VMAXSS        X1, X0, X0
	VMOVSS        X0, ret+24(FP)
	VZEROUPPER
	RET

	// There is a NaN: scan from the start for the first one. The last
	// partial vector is loaded under the tail mask; its zeros are
	// ordered and never match.
max5_nan:
	CMPQ    DX, $16
	JLT     max5_nan_tail
	VMOVUPS (BX), Z4
	VCMPPS  $3, Z4, Z4, K1
	KMOVW   K1, AX
	TESTL   AX, AX
	JNZ     max5_nan_found
	ADDQ    $64, BX
	SUBQ    $16, DX
	JMP     max5_nan

max5_nan_tail:
	VMOVUPS.Z (BX), K4, Z4
	VCMPPS    $3, Z4, Z4, K1
	KMOVW     K1, AX

max5_nan_found:
	BSFL   AX, AX
	VMOVSS (BX)(AX*4), X0
	VMOVSS X0, ret+24(FP)
	VZEROUPPER
	RET

// func ArgmaxAVX2(x []float32) int
//
// Returns the index of the first NaN of x if there is one, else of the
// first largest element (−1 for an empty x); len(x) is a multiple of 8.
// The first pass is MaxAVX2's; the second compares 32 elements at a time
// with the maximum (or with themselves, unordered, for a NaN).
//
// Requires: AVX, AVX2
//
// Register map:
//	SI      &x[i] in the first pass
//	BX      &x[i] in the scan
//	DX      i in the scan
//	CX      elements left
//	R8      x_len, then lane bits of one vector
//	AX      lane bits of a hit
//	Y0..Y3  running maxima; Y0 then holds the maximum in every lane
//	Y4..Y7  x[i:i+32], then compares
//	Y8, Y9  unordered compares of pairs of vectors, then ORs of compares
//	Y10     lanes that have seen a NaN
TEXT ·ArgmaxAVX2(SB), NOSPLIT, $0-32
	MOVQ         x_base+0(FP), SI
	MOVQ         x_len+8(FP), CX
	MOVQ         SI, BX
	MOVQ         CX, R8
	MOVQ         $-1, AX
	TESTQ        CX, CX
	JZ           argmax2_return
	VBROADCASTSS maxNegInf<>(SB), Y0
	VMOVAPS      Y0, Y1
	VMOVAPS      Y0, Y2
	VMOVAPS      Y0, Y3
	VXORPS       Y10, Y10, Y10
	CMPQ         CX, $32
	JLT          argmax2_vec

argmax2_loop:
	VMOVUPS (SI), Y4
	VMOVUPS 32(SI), Y5
	VMOVUPS 64(SI), Y6
	VMOVUPS 96(SI), Y7
	VMAXPS  Y0, Y4, Y0
	VMAXPS  Y1, Y5, Y1
	VMAXPS  Y2, Y6, Y2
	VMAXPS  Y3, Y7, Y3
	VCMPPS  $3, Y5, Y4, Y8
	VCMPPS  $3, Y7, Y6, Y9
	VORPS   Y9, Y8, Y8
	VORPS   Y8, Y10, Y10
	ADDQ    $128, SI
	SUBQ    $32, CX
	CMPQ    CX, $32
	JGE     argmax2_loop

argmax2_vec:
	TESTQ CX, CX
	JZ    argmax2_reduce

argmax2_vec_loop:
	VMOVUPS (SI), Y4
	VMAXPS  Y0, Y4, Y0
	VCMPPS  $3, Y4, Y4, Y8
	VORPS   Y8, Y10, Y10
	ADDQ    $32, SI
	SUBQ    $8, CX
	JNZ     argmax2_vec_loop

argmax2_reduce:
	XORQ         DX, DX
	MOVQ         R8, CX
	VPTEST       Y10, Y10
	JNZ          argmax2_nan
	VMAXPS       Y1, Y0, Y0
	VMAXPS       Y3, Y2, Y2
	VMAXPS       Y2, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VMAXPS       X1, X0, X0
	VMOVHLPS     X0, X0, X1
	VMAXPS       X1, X0, X0
	VMOVSHDUP    X0, X1
	VMAXSS       X1, X0, X0
	VBROADCASTSS X0, Y0
	CMPQ         CX, $32
	JLT          argmax2_find_vec

	// Scan for the first element equal to the maximum, 32 at a time.
argmax2_find:
	VCMPPS $0, (BX), Y0, Y4
	VCMPPS $0, 32(BX), Y0, Y5
	VCMPPS $0, 64(BX), Y0, Y6
	VCMPPS $0, 96(BX), Y0, Y7
	VORPS  Y5, Y4, Y8
	VORPS  Y7, Y6, Y9
	VORPS  Y9, Y8, Y8
	VPTEST Y8, Y8
	JNZ    argmax2_hit32
	ADDQ   $128, BX
	ADDQ   $32, DX
	SUBQ   $32, CX
	CMPQ   CX, $32
	JGE    argmax2_find

argmax2_find_vec:
	TESTQ     CX, CX
	JZ        argmax2_none
	VCMPPS    $0, (BX), Y0, Y4
	VMOVMSKPS Y4, AX
	TESTL     AX, AX
	JNZ       argmax2_hit
	ADDQ      $32, BX
	ADDQ      $8, DX
	SUBQ      $8, CX
	JMP       argmax2_find_vec

	// The lane bits of four compares, Y4 lowest, make one 32-bit mask.
argmax2_hit32:
	VMOVMSKPS Y4, AX
	VMOVMSKPS Y5, R8
	SHLL      $8, R8
	ORL       R8, AX
	VMOVMSKPS Y6, R8
	SHLL      $16, R8
	ORL       R8, AX
	VMOVMSKPS Y7, R8
	SHLL      $24, R8
	ORL       R8, AX

argmax2_hit:
	BSFL AX, AX
	ADDQ DX, AX

argmax2_return:
	MOVQ AX, ret+24(FP)
	VZEROUPPER
	RET

	// The maximum is an element, so the scan cannot miss; should it,
	// the answer is −1 rather than a wrong index.
argmax2_none:
	MOVQ $-1, AX
	JMP  argmax2_return

	// There is a NaN: scan for the first one, 8 at a time.
argmax2_nan:
	TESTQ     CX, CX
	JZ        argmax2_none
	VMOVUPS   (BX), Y4
	VCMPPS    $3, Y4, Y4, Y4
	VMOVMSKPS Y4, AX
	TESTL     AX, AX
	JNZ       argmax2_hit
	ADDQ      $32, BX
	ADDQ      $8, DX
	SUBQ      $8, CX
	JMP       argmax2_nan

// func ArgmaxAVX512(x []float32) int
//
// Returns the index of the first NaN of x if there is one, else of the
// first largest element (−1 for an empty x), for any length. The first
// pass is MaxAVX512's; the second compares 64 elements at a time with the
// maximum (or with themselves, unordered, for a NaN), then 16, then the
// last 0..15 under the tail mask.
//
// Requires: AVX512F
//
// Register map:
//	SI      &x[i] in the first pass
//	BX      &x[i] in the scan
//	DX      i in the scan
//	CX      elements left
//	R8      x_len
//	AX      scratch for the tail mask, then lane bits of a hit
//	R9      lane bits of one compare
//	K1, K2  unordered compares of pairs of vectors; compares in the scan
//	K3      lanes that have seen a NaN; OR of compares in the scan
//	K4      tail mask: the low x_len%16 lanes
//	K5..K7  compares and their OR in the scan
//	Z0..Z3  running maxima; Z0 then holds the maximum in every lane
//	Z4..Z7  x[i:i+64]
TEXT ·ArgmaxAVX512(SB), NOSPLIT, $0-32
	MOVQ         x_base+0(FP), SI
	MOVQ         x_len+8(FP), CX
	MOVQ         SI, BX
	MOVQ         CX, R8
	MOVQ         $-1, AX
	TESTQ        CX, CX
	JZ           argmax5_return
	ANDQ         $15, CX
	MOVL         $1, AX
	SHLL         CX, AX
	DECL         AX
	KMOVW        AX, K4
	MOVQ         R8, CX
	VBROADCASTSS maxNegInf<>(SB), Z0
	VMOVAPS      Z0, Z1
	VMOVAPS      Z0, Z2
	VMOVAPS      Z0, Z3
	KXORW        K3, K3, K3
	CMPQ         CX, $64
	JLT          argmax5_vec

argmax5_loop:
	VMOVUPS (SI), Z4
	VMOVUPS 64(SI), Z5
	VMOVUPS 128(SI), Z6
	VMOVUPS 192(SI), Z7
	VMAXPS  Z0, Z4, Z0
	VMAXPS  Z1, Z5, Z1
	VMAXPS  Z2, Z6, Z2
	VMAXPS  Z3, Z7, Z3
	VCMPPS  $3, Z5, Z4, K1
	VCMPPS  $3, Z7, Z6, K2
	KORW    K1, K2, K1
	KORW    K1, K3, K3
	ADDQ    $256, SI
	SUBQ    $64, CX
	CMPQ    CX, $64
	JGE     argmax5_loop

argmax5_vec:
	CMPQ    CX, $16
	JLT     argmax5_tail
	VMOVUPS (SI), Z4
	VMAXPS  Z0, Z4, Z0
	VCMPPS  $3, Z4, Z4, K1
	KORW    K1, K3, K3
	ADDQ    $64, SI
	SUBQ    $16, CX
	JMP     argmax5_vec

argmax5_tail:
	TESTQ     CX, CX
	JZ        argmax5_reduce
	VMOVUPS.Z (SI), K4, Z4
	VMAXPS    Z0, Z4, K4, Z0
	VCMPPS    $3, Z4, Z4, K1
	KORW      K1, K3, K3

argmax5_reduce:
	XORQ          DX, DX
	MOVQ          R8, CX
	KORTESTW      K3, K3
	JNZ           argmax5_nan
	VMAXPS        Z1, Z0, Z0
	VMAXPS        Z3, Z2, Z2
	VMAXPS        Z2, Z0, Z0
	VEXTRACTF64X4 $1, Z0, Y1
	VMAXPS        Y1, Y0, Y0
	VEXTRACTF128  $1, Y0, X1
	VMAXPS        X1, X0, X0
	VMOVHLPS      X0, X0, X1
	VMAXPS        X1, X0, X0
	VMOVSHDUP     X0, X1
	VMAXSS        X1, X0, X0
	VBROADCASTSS  X0, Z0
	CMPQ          CX, $64
	JLT           argmax5_find_vec

	// Scan for the first element equal to the maximum, 64 at a time.
argmax5_find:
	VCMPPS   $0, (BX), Z0, K1
	VCMPPS   $0, 64(BX), Z0, K2
	VCMPPS   $0, 128(BX), Z0, K5
	VCMPPS   $0, 192(BX), Z0, K6
	KORW     K1, K2, K7
	KORW     K5, K6, K3
	KORTESTW K7, K3
	JNZ      argmax5_hit64
	ADDQ     $256, BX
	ADDQ     $64, DX
	SUBQ     $64, CX
	CMPQ     CX, $64
	JGE      argmax5_find

argmax5_find_vec:
	CMPQ   CX, $16
	JLT    argmax5_find_tail
	VCMPPS $0, (BX), Z0, K1
	KMOVW  K1, AX
	TESTL  AX, AX
	JNZ    argmax5_hit
	ADDQ   $64, BX
	ADDQ   $16, DX
	SUBQ   $16, CX
	JMP    argmax5_find_vec

argmax5_find_tail:
	TESTQ     CX, CX
	JZ        argmax5_none
	VMOVUPS.Z (BX), K4, Z4
	VCMPPS    $0, Z4, Z0, K4, K1
	KMOVW     K1, AX
	TESTL     AX, AX
	JNZ       argmax5_hit

	// The maximum is an element, so the scan cannot miss; should it,
	// the answer is −1 rather than a wrong index.
argmax5_none:
	MOVQ $-1, AX
	JMP  argmax5_return

	// The lane bits of four compares, K1 lowest, make one 64-bit mask.
argmax5_hit64:
	KMOVW K1, AX
	KMOVW K2, R9
	SHLQ  $16, R9
	ORQ   R9, AX
	KMOVW K5, R9
	SHLQ  $32, R9
	ORQ   R9, AX
	KMOVW K6, R9
	SHLQ  $48, R9
	ORQ   R9, AX

argmax5_hit:
	BSFQ AX, AX
	ADDQ DX, AX

argmax5_return:
	MOVQ AX, ret+24(FP)
	VZEROUPPER
	RET

	// There is a NaN: scan for the first one, 16 at a time, then the
	// last partial vector under the tail mask.
argmax5_nan:
	CMPQ    CX, $16
	JLT     argmax5_nan_tail
	VMOVUPS (BX), Z4
	VCMPPS  $3, Z4, Z4, K1
	KMOVW   K1, AX
	TESTL   AX, AX
	JNZ     argmax5_hit
	ADDQ    $64, BX
	ADDQ    $16, DX
	SUBQ    $16, CX
	JMP     argmax5_nan

argmax5_nan_tail:
	TESTQ     CX, CX
	JZ        argmax5_none
	VMOVUPS.Z (BX), K4, Z4
	VCMPPS    $3, Z4, Z4, K4, K1
	KMOVW     K1, AX
	TESTL     AX, AX
	JNZ       argmax5_hit
	JMP       argmax5_none

// func ArgmaxRowsAVX512(dst []int, rows, cols int, a []float32, lda int)
//
// dst[i] = the Argmax of row i of the rows×cols block a, for i < rows:
// the index of the row's first NaN if it holds one, else of its first
// largest element. Each row in two passes as in ArgmaxAVX512, 16 columns
// at a time and the last cols%16 under an opmask: the maximum (merge-
// masked into one running maximum) and whether there is a NaN, then the
// scan for the first element equal to the maximum, or for the first NaN.
// cols ≥ 1.
//
// Requires: AVX512F
//
// Register map:
//	SI      &a[i*lda]
//	DI      &dst[i]
//	R8      &a[i*lda+j]
//	R9      j in the scan
//	BX      lda in bytes
//	R11     cols
//	DX      rows left
//	CX      columns left in the row
//	AX      scratch for the tail mask, then lane bits of a hit
//	K1      tail mask: the low cols%16 lanes
//	K2      compares
//	K3      lanes that have seen a NaN in the row
//	Z4      running maximum; then the maximum in every lane
//	Z5      a[i*lda+j : +16]
TEXT ·ArgmaxRowsAVX512(SB), NOSPLIT, $0-72
	MOVQ  dst_base+0(FP), DI
	MOVQ  rows+24(FP), DX
	MOVQ  cols+32(FP), R11
	MOVQ  a_base+40(FP), SI
	MOVQ  lda+64(FP), BX
	SHLQ  $2, BX
	MOVQ  R11, CX
	ANDQ  $15, CX
	MOVL  $1, AX
	SHLL  CX, AX
	DECL  AX
	KMOVW AX, K1
	TESTQ DX, DX
	JZ    argmaxrows5_done

argmaxrows5_row:
	MOVQ         SI, R8
	MOVQ         R11, CX
	VBROADCASTSS maxNegInf<>(SB), Z4
	KXORW        K3, K3, K3

argmaxrows5_max:
	CMPQ    CX, $16
	JLT     argmaxrows5_max_tail
	VMOVUPS (R8), Z5
	VMAXPS  Z4, Z5, Z4
	VCMPPS  $3, Z5, Z5, K2
	KORW    K2, K3, K3
	ADDQ    $64, R8
	SUBQ    $16, CX
	JMP     argmaxrows5_max

argmaxrows5_max_tail:
	TESTQ     CX, CX
	JZ        argmaxrows5_reduce
	VMOVUPS.Z (R8), K1, Z5
	VMAXPS    Z4, Z5, K1, Z4
	VCMPPS    $3, Z5, Z5, K2
	KORW      K2, K3, K3

argmaxrows5_reduce:
	MOVQ          SI, R8
	MOVQ          R11, CX
	XORQ          R9, R9
	KORTESTW      K3, K3
	JNZ           argmaxrows5_nan
	VEXTRACTF64X4 $1, Z4, Y5
	VMAXPS        Y5, Y4, Y4
	VEXTRACTF128  $1, Y4, X5
	VMAXPS        X5, X4, X4
	VMOVHLPS      X4, X4, X5
	VMAXPS        X5, X4, X4
	VMOVSHDUP     X4, X5
	VMAXSS        X5, X4, X4
	VBROADCASTSS  X4, Z4

	// Scan for the first element equal to the maximum.
argmaxrows5_find:
	CMPQ   CX, $16
	JLT    argmaxrows5_find_tail
	VCMPPS $0, (R8), Z4, K2
	KMOVW  K2, AX
	TESTL  AX, AX
	JNZ    argmaxrows5_hit
	ADDQ   $64, R8
	ADDQ   $16, R9
	SUBQ   $16, CX
	JMP    argmaxrows5_find

argmaxrows5_find_tail:
	TESTQ     CX, CX
	JZ        argmaxrows5_none
	VMOVUPS.Z (R8), K1, Z5
	VCMPPS    $0, Z5, Z4, K1, K2
	KMOVW     K2, AX
	TESTL     AX, AX
	JNZ       argmaxrows5_hit

	// The maximum is an element, so the scan cannot miss; should it,
	// the answer is −1 rather than a wrong index.
argmaxrows5_none:
	MOVQ $-1, AX
	JMP  argmaxrows5_store

	// The row holds a NaN: scan for the first one.
argmaxrows5_nan:
	CMPQ    CX, $16
	JLT     argmaxrows5_nan_tail
	VMOVUPS (R8), Z5
	VCMPPS  $3, Z5, Z5, K2
	KMOVW   K2, AX
	TESTL   AX, AX
	JNZ     argmaxrows5_hit
	ADDQ    $64, R8
	ADDQ    $16, R9
	SUBQ    $16, CX
	JMP     argmaxrows5_nan

argmaxrows5_nan_tail:
	TESTQ     CX, CX
	JZ        argmaxrows5_none
	VMOVUPS.Z (R8), K1, Z5
	VCMPPS    $3, Z5, Z5, K1, K2
	KMOVW     K2, AX
	TESTL     AX, AX
	JZ        argmaxrows5_none

argmaxrows5_hit:
	BSFL AX, AX
	ADDQ R9, AX

argmaxrows5_store:
	MOVQ AX, (DI)
	ADDQ $8, DI
	ADDQ BX, SI
	DECQ DX
	JNZ  argmaxrows5_row

argmaxrows5_done:
	VZEROUPPER
	RET

// func ArgmaxRowsAVX2(dst []int, rows, cols int, a []float32, lda int)
//
// dst[i] = the Argmax of the first cols columns of row i of the block a,
// for i < rows: the index of the first NaN if there is one, else of the
// first largest element; cols is a multiple of 8 and at least 8. Each row
// in two passes as in ArgmaxAVX2, 8 columns at a time: the maximum and
// whether there is a NaN, then the scan for the first element equal to
// the maximum, or for the first NaN.
//
// Requires: AVX, AVX2
//
// Register map:
//	SI      &a[i*lda]
//	DI      &dst[i]
//	R8      &a[i*lda+j]
//	R9      j in the scan
//	BX      lda in bytes
//	R11     cols
//	DX      rows left
//	CX      columns left in the row
//	AX      lane bits of a hit
//	Y4      running maximum; then the maximum in every lane
//	Y5      a[i*lda+j : +8], then compares
//	Y6      unordered compares
//	Y10     lanes that have seen a NaN in the row
TEXT ·ArgmaxRowsAVX2(SB), NOSPLIT, $0-72
	MOVQ  dst_base+0(FP), DI
	MOVQ  rows+24(FP), DX
	MOVQ  cols+32(FP), R11
	MOVQ  a_base+40(FP), SI
	MOVQ  lda+64(FP), BX
	SHLQ  $2, BX
	TESTQ DX, DX
	JZ    argmaxrows2_done

argmaxrows2_row:
	MOVQ         SI, R8
	MOVQ         R11, CX
	VBROADCASTSS maxNegInf<>(SB), Y4
	VXORPS       Y10, Y10, Y10

argmaxrows2_max:
	VMOVUPS (R8), Y5
	VMAXPS  Y4, Y5, Y4
	VCMPPS  $3, Y5, Y5, Y6
	VORPS   Y6, Y10, Y10
	ADDQ    $32, R8
	SUBQ    $8, CX
	JNZ     argmaxrows2_max

	MOVQ         SI, R8
	MOVQ         R11, CX
	XORQ         R9, R9
	VPTEST       Y10, Y10
	JNZ          argmaxrows2_nan
	VEXTRACTF128 $1, Y4, X5
	VMAXPS       X5, X4, X4
	VMOVHLPS     X4, X4, X5
	VMAXPS       X5, X4, X4
	VMOVSHDUP    X4, X5
	VMAXSS       X5, X4, X4
	VBROADCASTSS X4, Y4

	// Scan for the first element equal to the maximum.
argmaxrows2_find:
	VCMPPS    $0, (R8), Y4, Y5
	VMOVMSKPS Y5, AX
	TESTL     AX, AX
	JNZ       argmaxrows2_hit
	ADDQ      $32, R8
	ADDQ      $8, R9
	SUBQ      $8, CX
	JNZ       argmaxrows2_find

	// The maximum is an element, so the scan cannot miss; should it,
	// the answer is −1 rather than a wrong index.
argmaxrows2_none:
	MOVQ $-1, AX
	JMP  argmaxrows2_store

	// The row holds a NaN: scan for the first one.
argmaxrows2_nan:
	VMOVUPS   (R8), Y5
	VCMPPS    $3, Y5, Y5, Y5
	VMOVMSKPS Y5, AX
	TESTL     AX, AX
	JNZ       argmaxrows2_hit
	ADDQ      $32, R8
	ADDQ      $8, R9
	SUBQ      $8, CX
	JNZ       argmaxrows2_nan
	JMP       argmaxrows2_none

argmaxrows2_hit:
	BSFL AX, AX
	ADDQ R9, AX

argmaxrows2_store:
	MOVQ AX, (DI)
	ADDQ $8, DI
	ADDQ BX, SI
	DECQ DX
	JNZ  argmaxrows2_row

argmaxrows2_done:
	VZEROUPPER
	RET
