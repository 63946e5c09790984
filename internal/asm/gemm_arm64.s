//go:build !purego

#include "textflag.h"

// func GemmKernel8x12NEON(k int, a []float32, sa int, b []float32, sb int, c []float32, ldc int, alpha, beta float32)
//
// One full 8×12 register tile of the GEMM microkernel contract
// (kernels.microKernel with mr = 8, nr = 12): for i < 8, j < 12,
// c[i*ldc+j] = alpha·Σ_p a[p*sa+i]·b[p*sb+j] + beta·c[i*ldc+j], C not
// read when beta == 0.
//
// Each step p loads the 8 values of A (two vectors) and the 12 of B (three
// vectors) and issues 24 FMLA by element: accumulator vector (i, j) +=
// B vector j × lane i of A. The 24 accumulators are independent chains,
// more than FMLA latency × FMLA issue width of any current core (4 × 4 on
// Neoverse V1 and Apple M1), so the loop runs at the FMLA throughput; the
// two loads per step (80 bytes, LD1 of 2 and of 3 registers) need far less
// than the load ports offer. Go's
// assembler has no FMLA by element, FMUL by element (golang/go#41092): they
// are WORDs, encoded by asm2plan9s (make generate).
//
// Requires: ASIMD (NEON)
//
// Register map:
//	R0        &a[p*sa], advanced by sa each step
//	R1        &b[p*sb], advanced by sb each step
//	R2        C row being stored, advanced by ldc
//	R3        blocks of 4 steps left
//	R4        sa in bytes
//	R5        sb in bytes
//	R6        ldc in bytes
//	R7        single steps left, then the C row being loaded
//	V0, V1    a[p*sa : p*sa+8]: A rows 0-3, 4-7 of column p
//	V2-V4     b[p*sb : p*sb+12]: B columns 0-3, 4-7, 8-11 of row p
//	V5        alpha in lane 0
//	V6        beta in lane 0
//	V8-V31    accumulators: C row i, columns 4j..4j+3 in V(8+3i+j)
TEXT ·GemmKernel8x12NEON(SB), NOSPLIT, $0-112
	MOVD k+0(FP), R3
	MOVD a_base+8(FP), R0
	MOVD sa+32(FP), R4
	MOVD b_base+40(FP), R1
	MOVD sb+64(FP), R5
	MOVD c_base+72(FP), R2
	MOVD ldc+96(FP), R6
	LSL  $2, R4
	LSL  $2, R5
	LSL  $2, R6
	VEOR V8.B16, V8.B16, V8.B16
	VEOR V9.B16, V9.B16, V9.B16
	VEOR V10.B16, V10.B16, V10.B16
	VEOR V11.B16, V11.B16, V11.B16
	VEOR V12.B16, V12.B16, V12.B16
	VEOR V13.B16, V13.B16, V13.B16
	VEOR V14.B16, V14.B16, V14.B16
	VEOR V15.B16, V15.B16, V15.B16
	VEOR V16.B16, V16.B16, V16.B16
	VEOR V17.B16, V17.B16, V17.B16
	VEOR V18.B16, V18.B16, V18.B16
	VEOR V19.B16, V19.B16, V19.B16
	VEOR V20.B16, V20.B16, V20.B16
	VEOR V21.B16, V21.B16, V21.B16
	VEOR V22.B16, V22.B16, V22.B16
	VEOR V23.B16, V23.B16, V23.B16
	VEOR V24.B16, V24.B16, V24.B16
	VEOR V25.B16, V25.B16, V25.B16
	VEOR V26.B16, V26.B16, V26.B16
	VEOR V27.B16, V27.B16, V27.B16
	VEOR V28.B16, V28.B16, V28.B16
	VEOR V29.B16, V29.B16, V29.B16
	VEOR V30.B16, V30.B16, V30.B16
	VEOR V31.B16, V31.B16, V31.B16
	AND  $3, R3, R7
	LSR  $2, R3
	CBZ  R3, gemm_tail

gemm_loop4:
	// step 1 of 4
	VLD1.P (R0)(R4), [V0.S4, V1.S4]
	VLD1.P (R1)(R5), [V2.S4, V3.S4, V4.S4]
	WORD $0x4f801048 // fmla v8.4s, v2.4s, v0.s[0]
	WORD $0x4f801069 // fmla v9.4s, v3.4s, v0.s[0]
	WORD $0x4f80108a // fmla v10.4s, v4.4s, v0.s[0]
	WORD $0x4fa0104b // fmla v11.4s, v2.4s, v0.s[1]
	WORD $0x4fa0106c // fmla v12.4s, v3.4s, v0.s[1]
	WORD $0x4fa0108d // fmla v13.4s, v4.4s, v0.s[1]
	WORD $0x4f80184e // fmla v14.4s, v2.4s, v0.s[2]
	WORD $0x4f80186f // fmla v15.4s, v3.4s, v0.s[2]
	WORD $0x4f801890 // fmla v16.4s, v4.4s, v0.s[2]
	WORD $0x4fa01851 // fmla v17.4s, v2.4s, v0.s[3]
	WORD $0x4fa01872 // fmla v18.4s, v3.4s, v0.s[3]
	WORD $0x4fa01893 // fmla v19.4s, v4.4s, v0.s[3]
	WORD $0x4f811054 // fmla v20.4s, v2.4s, v1.s[0]
	WORD $0x4f811075 // fmla v21.4s, v3.4s, v1.s[0]
	WORD $0x4f811096 // fmla v22.4s, v4.4s, v1.s[0]
	WORD $0x4fa11057 // fmla v23.4s, v2.4s, v1.s[1]
	WORD $0x4fa11078 // fmla v24.4s, v3.4s, v1.s[1]
	WORD $0x4fa11099 // fmla v25.4s, v4.4s, v1.s[1]
	WORD $0x4f81185a // fmla v26.4s, v2.4s, v1.s[2]
	WORD $0x4f81187b // fmla v27.4s, v3.4s, v1.s[2]
	WORD $0x4f81189c // fmla v28.4s, v4.4s, v1.s[2]
	WORD $0x4fa1185d // fmla v29.4s, v2.4s, v1.s[3]
	WORD $0x4fa1187e // fmla v30.4s, v3.4s, v1.s[3]
	WORD $0x4fa1189f // fmla v31.4s, v4.4s, v1.s[3]
	// step 2 of 4
	VLD1.P (R0)(R4), [V0.S4, V1.S4]
	VLD1.P (R1)(R5), [V2.S4, V3.S4, V4.S4]
	WORD $0x4f801048 // fmla v8.4s, v2.4s, v0.s[0]
	WORD $0x4f801069 // fmla v9.4s, v3.4s, v0.s[0]
	WORD $0x4f80108a // fmla v10.4s, v4.4s, v0.s[0]
	WORD $0x4fa0104b // fmla v11.4s, v2.4s, v0.s[1]
	WORD $0x4fa0106c // fmla v12.4s, v3.4s, v0.s[1]
	WORD $0x4fa0108d // fmla v13.4s, v4.4s, v0.s[1]
	WORD $0x4f80184e // fmla v14.4s, v2.4s, v0.s[2]
	WORD $0x4f80186f // fmla v15.4s, v3.4s, v0.s[2]
	WORD $0x4f801890 // fmla v16.4s, v4.4s, v0.s[2]
	WORD $0x4fa01851 // fmla v17.4s, v2.4s, v0.s[3]
	WORD $0x4fa01872 // fmla v18.4s, v3.4s, v0.s[3]
	WORD $0x4fa01893 // fmla v19.4s, v4.4s, v0.s[3]
	WORD $0x4f811054 // fmla v20.4s, v2.4s, v1.s[0]
	WORD $0x4f811075 // fmla v21.4s, v3.4s, v1.s[0]
	WORD $0x4f811096 // fmla v22.4s, v4.4s, v1.s[0]
	WORD $0x4fa11057 // fmla v23.4s, v2.4s, v1.s[1]
	WORD $0x4fa11078 // fmla v24.4s, v3.4s, v1.s[1]
	WORD $0x4fa11099 // fmla v25.4s, v4.4s, v1.s[1]
	WORD $0x4f81185a // fmla v26.4s, v2.4s, v1.s[2]
	WORD $0x4f81187b // fmla v27.4s, v3.4s, v1.s[2]
	WORD $0x4f81189c // fmla v28.4s, v4.4s, v1.s[2]
	WORD $0x4fa1185d // fmla v29.4s, v2.4s, v1.s[3]
	WORD $0x4fa1187e // fmla v30.4s, v3.4s, v1.s[3]
	WORD $0x4fa1189f // fmla v31.4s, v4.4s, v1.s[3]
	// step 3 of 4
	VLD1.P (R0)(R4), [V0.S4, V1.S4]
	VLD1.P (R1)(R5), [V2.S4, V3.S4, V4.S4]
	WORD $0x4f801048 // fmla v8.4s, v2.4s, v0.s[0]
	WORD $0x4f801069 // fmla v9.4s, v3.4s, v0.s[0]
	WORD $0x4f80108a // fmla v10.4s, v4.4s, v0.s[0]
	WORD $0x4fa0104b // fmla v11.4s, v2.4s, v0.s[1]
	WORD $0x4fa0106c // fmla v12.4s, v3.4s, v0.s[1]
	WORD $0x4fa0108d // fmla v13.4s, v4.4s, v0.s[1]
	WORD $0x4f80184e // fmla v14.4s, v2.4s, v0.s[2]
	WORD $0x4f80186f // fmla v15.4s, v3.4s, v0.s[2]
	WORD $0x4f801890 // fmla v16.4s, v4.4s, v0.s[2]
	WORD $0x4fa01851 // fmla v17.4s, v2.4s, v0.s[3]
	WORD $0x4fa01872 // fmla v18.4s, v3.4s, v0.s[3]
	WORD $0x4fa01893 // fmla v19.4s, v4.4s, v0.s[3]
	WORD $0x4f811054 // fmla v20.4s, v2.4s, v1.s[0]
	WORD $0x4f811075 // fmla v21.4s, v3.4s, v1.s[0]
	WORD $0x4f811096 // fmla v22.4s, v4.4s, v1.s[0]
	WORD $0x4fa11057 // fmla v23.4s, v2.4s, v1.s[1]
	WORD $0x4fa11078 // fmla v24.4s, v3.4s, v1.s[1]
	WORD $0x4fa11099 // fmla v25.4s, v4.4s, v1.s[1]
	WORD $0x4f81185a // fmla v26.4s, v2.4s, v1.s[2]
	WORD $0x4f81187b // fmla v27.4s, v3.4s, v1.s[2]
	WORD $0x4f81189c // fmla v28.4s, v4.4s, v1.s[2]
	WORD $0x4fa1185d // fmla v29.4s, v2.4s, v1.s[3]
	WORD $0x4fa1187e // fmla v30.4s, v3.4s, v1.s[3]
	WORD $0x4fa1189f // fmla v31.4s, v4.4s, v1.s[3]
	// step 4 of 4
	VLD1.P (R0)(R4), [V0.S4, V1.S4]
	VLD1.P (R1)(R5), [V2.S4, V3.S4, V4.S4]
	WORD $0x4f801048 // fmla v8.4s, v2.4s, v0.s[0]
	WORD $0x4f801069 // fmla v9.4s, v3.4s, v0.s[0]
	WORD $0x4f80108a // fmla v10.4s, v4.4s, v0.s[0]
	WORD $0x4fa0104b // fmla v11.4s, v2.4s, v0.s[1]
	WORD $0x4fa0106c // fmla v12.4s, v3.4s, v0.s[1]
	WORD $0x4fa0108d // fmla v13.4s, v4.4s, v0.s[1]
	WORD $0x4f80184e // fmla v14.4s, v2.4s, v0.s[2]
	WORD $0x4f80186f // fmla v15.4s, v3.4s, v0.s[2]
	WORD $0x4f801890 // fmla v16.4s, v4.4s, v0.s[2]
	WORD $0x4fa01851 // fmla v17.4s, v2.4s, v0.s[3]
	WORD $0x4fa01872 // fmla v18.4s, v3.4s, v0.s[3]
	WORD $0x4fa01893 // fmla v19.4s, v4.4s, v0.s[3]
	WORD $0x4f811054 // fmla v20.4s, v2.4s, v1.s[0]
	WORD $0x4f811075 // fmla v21.4s, v3.4s, v1.s[0]
	WORD $0x4f811096 // fmla v22.4s, v4.4s, v1.s[0]
	WORD $0x4fa11057 // fmla v23.4s, v2.4s, v1.s[1]
	WORD $0x4fa11078 // fmla v24.4s, v3.4s, v1.s[1]
	WORD $0x4fa11099 // fmla v25.4s, v4.4s, v1.s[1]
	WORD $0x4f81185a // fmla v26.4s, v2.4s, v1.s[2]
	WORD $0x4f81187b // fmla v27.4s, v3.4s, v1.s[2]
	WORD $0x4f81189c // fmla v28.4s, v4.4s, v1.s[2]
	WORD $0x4fa1185d // fmla v29.4s, v2.4s, v1.s[3]
	WORD $0x4fa1187e // fmla v30.4s, v3.4s, v1.s[3]
	WORD $0x4fa1189f // fmla v31.4s, v4.4s, v1.s[3]
	SUBS $1, R3
	BNE  gemm_loop4

gemm_tail:
	CBZ R7, gemm_store

gemm_loop1:
	VLD1.P (R0)(R4), [V0.S4, V1.S4]
	VLD1.P (R1)(R5), [V2.S4, V3.S4, V4.S4]
	WORD $0x4f801048 // fmla v8.4s, v2.4s, v0.s[0]
	WORD $0x4f801069 // fmla v9.4s, v3.4s, v0.s[0]
	WORD $0x4f80108a // fmla v10.4s, v4.4s, v0.s[0]
	WORD $0x4fa0104b // fmla v11.4s, v2.4s, v0.s[1]
	WORD $0x4fa0106c // fmla v12.4s, v3.4s, v0.s[1]
	WORD $0x4fa0108d // fmla v13.4s, v4.4s, v0.s[1]
	WORD $0x4f80184e // fmla v14.4s, v2.4s, v0.s[2]
	WORD $0x4f80186f // fmla v15.4s, v3.4s, v0.s[2]
	WORD $0x4f801890 // fmla v16.4s, v4.4s, v0.s[2]
	WORD $0x4fa01851 // fmla v17.4s, v2.4s, v0.s[3]
	WORD $0x4fa01872 // fmla v18.4s, v3.4s, v0.s[3]
	WORD $0x4fa01893 // fmla v19.4s, v4.4s, v0.s[3]
	WORD $0x4f811054 // fmla v20.4s, v2.4s, v1.s[0]
	WORD $0x4f811075 // fmla v21.4s, v3.4s, v1.s[0]
	WORD $0x4f811096 // fmla v22.4s, v4.4s, v1.s[0]
	WORD $0x4fa11057 // fmla v23.4s, v2.4s, v1.s[1]
	WORD $0x4fa11078 // fmla v24.4s, v3.4s, v1.s[1]
	WORD $0x4fa11099 // fmla v25.4s, v4.4s, v1.s[1]
	WORD $0x4f81185a // fmla v26.4s, v2.4s, v1.s[2]
	WORD $0x4f81187b // fmla v27.4s, v3.4s, v1.s[2]
	WORD $0x4f81189c // fmla v28.4s, v4.4s, v1.s[2]
	WORD $0x4fa1185d // fmla v29.4s, v2.4s, v1.s[3]
	WORD $0x4fa1187e // fmla v30.4s, v3.4s, v1.s[3]
	WORD $0x4fa1189f // fmla v31.4s, v4.4s, v1.s[3]
	SUBS $1, R7
	BNE  gemm_loop1

gemm_store:
	FMOVS alpha+104(FP), F5
	FMOVS beta+108(FP), F6
	FCMPS $(0.0), F6
	BEQ   gemm_store_beta0

	// C row i = alpha·acc + beta·C row i: V2-V4 hold the old row.
	MOVD R2, R7
	VLD1.P (R7)(R6), [V2.S4, V3.S4, V4.S4]
	WORD $0x4f859108 // fmul v8.4s, v8.4s, v5.s[0]
	WORD $0x4f859129 // fmul v9.4s, v9.4s, v5.s[0]
	WORD $0x4f85914a // fmul v10.4s, v10.4s, v5.s[0]
	WORD $0x4f861048 // fmla v8.4s, v2.4s, v6.s[0]
	WORD $0x4f861069 // fmla v9.4s, v3.4s, v6.s[0]
	WORD $0x4f86108a // fmla v10.4s, v4.4s, v6.s[0]
	VST1.P [V8.S4, V9.S4, V10.S4], (R2)(R6)
	VLD1.P (R7)(R6), [V2.S4, V3.S4, V4.S4]
	WORD $0x4f85916b // fmul v11.4s, v11.4s, v5.s[0]
	WORD $0x4f85918c // fmul v12.4s, v12.4s, v5.s[0]
	WORD $0x4f8591ad // fmul v13.4s, v13.4s, v5.s[0]
	WORD $0x4f86104b // fmla v11.4s, v2.4s, v6.s[0]
	WORD $0x4f86106c // fmla v12.4s, v3.4s, v6.s[0]
	WORD $0x4f86108d // fmla v13.4s, v4.4s, v6.s[0]
	VST1.P [V11.S4, V12.S4, V13.S4], (R2)(R6)
	VLD1.P (R7)(R6), [V2.S4, V3.S4, V4.S4]
	WORD $0x4f8591ce // fmul v14.4s, v14.4s, v5.s[0]
	WORD $0x4f8591ef // fmul v15.4s, v15.4s, v5.s[0]
	WORD $0x4f859210 // fmul v16.4s, v16.4s, v5.s[0]
	WORD $0x4f86104e // fmla v14.4s, v2.4s, v6.s[0]
	WORD $0x4f86106f // fmla v15.4s, v3.4s, v6.s[0]
	WORD $0x4f861090 // fmla v16.4s, v4.4s, v6.s[0]
	VST1.P [V14.S4, V15.S4, V16.S4], (R2)(R6)
	VLD1.P (R7)(R6), [V2.S4, V3.S4, V4.S4]
	WORD $0x4f859231 // fmul v17.4s, v17.4s, v5.s[0]
	WORD $0x4f859252 // fmul v18.4s, v18.4s, v5.s[0]
	WORD $0x4f859273 // fmul v19.4s, v19.4s, v5.s[0]
	WORD $0x4f861051 // fmla v17.4s, v2.4s, v6.s[0]
	WORD $0x4f861072 // fmla v18.4s, v3.4s, v6.s[0]
	WORD $0x4f861093 // fmla v19.4s, v4.4s, v6.s[0]
	VST1.P [V17.S4, V18.S4, V19.S4], (R2)(R6)
	VLD1.P (R7)(R6), [V2.S4, V3.S4, V4.S4]
	WORD $0x4f859294 // fmul v20.4s, v20.4s, v5.s[0]
	WORD $0x4f8592b5 // fmul v21.4s, v21.4s, v5.s[0]
	WORD $0x4f8592d6 // fmul v22.4s, v22.4s, v5.s[0]
	WORD $0x4f861054 // fmla v20.4s, v2.4s, v6.s[0]
	WORD $0x4f861075 // fmla v21.4s, v3.4s, v6.s[0]
	WORD $0x4f861096 // fmla v22.4s, v4.4s, v6.s[0]
	VST1.P [V20.S4, V21.S4, V22.S4], (R2)(R6)
	VLD1.P (R7)(R6), [V2.S4, V3.S4, V4.S4]
	WORD $0x4f8592f7 // fmul v23.4s, v23.4s, v5.s[0]
	WORD $0x4f859318 // fmul v24.4s, v24.4s, v5.s[0]
	WORD $0x4f859339 // fmul v25.4s, v25.4s, v5.s[0]
	WORD $0x4f861057 // fmla v23.4s, v2.4s, v6.s[0]
	WORD $0x4f861078 // fmla v24.4s, v3.4s, v6.s[0]
	WORD $0x4f861099 // fmla v25.4s, v4.4s, v6.s[0]
	VST1.P [V23.S4, V24.S4, V25.S4], (R2)(R6)
	VLD1.P (R7)(R6), [V2.S4, V3.S4, V4.S4]
	WORD $0x4f85935a // fmul v26.4s, v26.4s, v5.s[0]
	WORD $0x4f85937b // fmul v27.4s, v27.4s, v5.s[0]
	WORD $0x4f85939c // fmul v28.4s, v28.4s, v5.s[0]
	WORD $0x4f86105a // fmla v26.4s, v2.4s, v6.s[0]
	WORD $0x4f86107b // fmla v27.4s, v3.4s, v6.s[0]
	WORD $0x4f86109c // fmla v28.4s, v4.4s, v6.s[0]
	VST1.P [V26.S4, V27.S4, V28.S4], (R2)(R6)
	VLD1.P (R7)(R6), [V2.S4, V3.S4, V4.S4]
	WORD $0x4f8593bd // fmul v29.4s, v29.4s, v5.s[0]
	WORD $0x4f8593de // fmul v30.4s, v30.4s, v5.s[0]
	WORD $0x4f8593ff // fmul v31.4s, v31.4s, v5.s[0]
	WORD $0x4f86105d // fmla v29.4s, v2.4s, v6.s[0]
	WORD $0x4f86107e // fmla v30.4s, v3.4s, v6.s[0]
	WORD $0x4f86109f // fmla v31.4s, v4.4s, v6.s[0]
	VST1.P [V29.S4, V30.S4, V31.S4], (R2)(R6)
	RET

gemm_store_beta0:
	// C row i = alpha·acc; C is not read.
	WORD $0x4f859108 // fmul v8.4s, v8.4s, v5.s[0]
	WORD $0x4f859129 // fmul v9.4s, v9.4s, v5.s[0]
	WORD $0x4f85914a // fmul v10.4s, v10.4s, v5.s[0]
	VST1.P [V8.S4, V9.S4, V10.S4], (R2)(R6)
	WORD $0x4f85916b // fmul v11.4s, v11.4s, v5.s[0]
	WORD $0x4f85918c // fmul v12.4s, v12.4s, v5.s[0]
	WORD $0x4f8591ad // fmul v13.4s, v13.4s, v5.s[0]
	VST1.P [V11.S4, V12.S4, V13.S4], (R2)(R6)
	WORD $0x4f8591ce // fmul v14.4s, v14.4s, v5.s[0]
	WORD $0x4f8591ef // fmul v15.4s, v15.4s, v5.s[0]
	WORD $0x4f859210 // fmul v16.4s, v16.4s, v5.s[0]
	VST1.P [V14.S4, V15.S4, V16.S4], (R2)(R6)
	WORD $0x4f859231 // fmul v17.4s, v17.4s, v5.s[0]
	WORD $0x4f859252 // fmul v18.4s, v18.4s, v5.s[0]
	WORD $0x4f859273 // fmul v19.4s, v19.4s, v5.s[0]
	VST1.P [V17.S4, V18.S4, V19.S4], (R2)(R6)
	WORD $0x4f859294 // fmul v20.4s, v20.4s, v5.s[0]
	WORD $0x4f8592b5 // fmul v21.4s, v21.4s, v5.s[0]
	WORD $0x4f8592d6 // fmul v22.4s, v22.4s, v5.s[0]
	VST1.P [V20.S4, V21.S4, V22.S4], (R2)(R6)
	WORD $0x4f8592f7 // fmul v23.4s, v23.4s, v5.s[0]
	WORD $0x4f859318 // fmul v24.4s, v24.4s, v5.s[0]
	WORD $0x4f859339 // fmul v25.4s, v25.4s, v5.s[0]
	VST1.P [V23.S4, V24.S4, V25.S4], (R2)(R6)
	WORD $0x4f85935a // fmul v26.4s, v26.4s, v5.s[0]
	WORD $0x4f85937b // fmul v27.4s, v27.4s, v5.s[0]
	WORD $0x4f85939c // fmul v28.4s, v28.4s, v5.s[0]
	VST1.P [V26.S4, V27.S4, V28.S4], (R2)(R6)
	WORD $0x4f8593bd // fmul v29.4s, v29.4s, v5.s[0]
	WORD $0x4f8593de // fmul v30.4s, v30.4s, v5.s[0]
	WORD $0x4f8593ff // fmul v31.4s, v31.4s, v5.s[0]
	VST1.P [V29.S4, V30.S4, V31.S4], (R2)(R6)
	RET

// func FMAPeakNEON(iters int)
//
// The microkernel's loop without its loads: iters iterations of the 24
// independent FMLA by element of one GemmKernel8x12NEON step, bound only by
// the FMLA units. It measures the core's NEON floating-point peak, the
// figure the GEMM benchmarks report a fraction of.
//
// Requires: ASIMD (NEON)
//
// Register map:
//	R0        iterations left
//	V0, V1    the A multiplicands (by element)
//	V2-V4     the B multiplicands
//	V8-V31    accumulators
TEXT ·FMAPeakNEON(SB), NOSPLIT, $0-8
	MOVD iters+0(FP), R0
	VEOR V0.B16, V0.B16, V0.B16
	VEOR V1.B16, V1.B16, V1.B16
	VEOR V2.B16, V2.B16, V2.B16
	VEOR V3.B16, V3.B16, V3.B16
	VEOR V4.B16, V4.B16, V4.B16
	VEOR V8.B16, V8.B16, V8.B16
	VEOR V9.B16, V9.B16, V9.B16
	VEOR V10.B16, V10.B16, V10.B16
	VEOR V11.B16, V11.B16, V11.B16
	VEOR V12.B16, V12.B16, V12.B16
	VEOR V13.B16, V13.B16, V13.B16
	VEOR V14.B16, V14.B16, V14.B16
	VEOR V15.B16, V15.B16, V15.B16
	VEOR V16.B16, V16.B16, V16.B16
	VEOR V17.B16, V17.B16, V17.B16
	VEOR V18.B16, V18.B16, V18.B16
	VEOR V19.B16, V19.B16, V19.B16
	VEOR V20.B16, V20.B16, V20.B16
	VEOR V21.B16, V21.B16, V21.B16
	VEOR V22.B16, V22.B16, V22.B16
	VEOR V23.B16, V23.B16, V23.B16
	VEOR V24.B16, V24.B16, V24.B16
	VEOR V25.B16, V25.B16, V25.B16
	VEOR V26.B16, V26.B16, V26.B16
	VEOR V27.B16, V27.B16, V27.B16
	VEOR V28.B16, V28.B16, V28.B16
	VEOR V29.B16, V29.B16, V29.B16
	VEOR V30.B16, V30.B16, V30.B16
	VEOR V31.B16, V31.B16, V31.B16
	CMP  $0, R0
	BLE  peak_done

peak_loop:
	WORD $0x4f801048 // fmla v8.4s, v2.4s, v0.s[0]
	WORD $0x4f801069 // fmla v9.4s, v3.4s, v0.s[0]
	WORD $0x4f80108a // fmla v10.4s, v4.4s, v0.s[0]
	WORD $0x4fa0104b // fmla v11.4s, v2.4s, v0.s[1]
	WORD $0x4fa0106c // fmla v12.4s, v3.4s, v0.s[1]
	WORD $0x4fa0108d // fmla v13.4s, v4.4s, v0.s[1]
	WORD $0x4f80184e // fmla v14.4s, v2.4s, v0.s[2]
	WORD $0x4f80186f // fmla v15.4s, v3.4s, v0.s[2]
	WORD $0x4f801890 // fmla v16.4s, v4.4s, v0.s[2]
	WORD $0x4fa01851 // fmla v17.4s, v2.4s, v0.s[3]
	WORD $0x4fa01872 // fmla v18.4s, v3.4s, v0.s[3]
	WORD $0x4fa01893 // fmla v19.4s, v4.4s, v0.s[3]
	WORD $0x4f811054 // fmla v20.4s, v2.4s, v1.s[0]
	WORD $0x4f811075 // fmla v21.4s, v3.4s, v1.s[0]
	WORD $0x4f811096 // fmla v22.4s, v4.4s, v1.s[0]
	WORD $0x4fa11057 // fmla v23.4s, v2.4s, v1.s[1]
	WORD $0x4fa11078 // fmla v24.4s, v3.4s, v1.s[1]
	WORD $0x4fa11099 // fmla v25.4s, v4.4s, v1.s[1]
	WORD $0x4f81185a // fmla v26.4s, v2.4s, v1.s[2]
	WORD $0x4f81187b // fmla v27.4s, v3.4s, v1.s[2]
	WORD $0x4f81189c // fmla v28.4s, v4.4s, v1.s[2]
	WORD $0x4fa1185d // fmla v29.4s, v2.4s, v1.s[3]
	WORD $0x4fa1187e // fmla v30.4s, v3.4s, v1.s[3]
	WORD $0x4fa1189f // fmla v31.4s, v4.4s, v1.s[3]
	SUBS $1, R0
	BNE  peak_loop

peak_done:
	RET

// func Transpose8NEON(n int, src []float32, lds int, dst []float32, ldd int)
//
// dst[p*ldd+j] = src[j*lds+p] for j < 8, p < n (n a multiple of 4): the
// transpose of an 8×n block, which packing a plain A or a transposed B
// is. Each step reads 4 columns of the 8 rows and writes 4 rows of 8:
// two 4×4 transposes, each TRN1/TRN2 on pairs of lanes, then on pairs of
// halves.
//
// Requires: ASIMD (NEON)
//
// Register map:
//	R0        groups of 4 columns left
//	R1        lds in bytes
//	R2        ldd in bytes
//	R3        &dst[p*ldd]
//	R4-R11    &src[j*lds+p], rows j = 0..7
//	V0-V7     src rows 0..7, columns p..p+3
//	V8-V15    lanes interleaved in pairs: rows 0-1, 2-3 (V8-V11), 4-5, 6-7 (V12-V15)
//	V16-V23   dst rows p..p+3: row p+q is V(16+2q), V(17+2q)
TEXT ·Transpose8NEON(SB), NOSPLIT, $0-72
	MOVD n+0(FP), R0
	MOVD src_base+8(FP), R4
	MOVD lds+32(FP), R1
	MOVD dst_base+40(FP), R3
	MOVD ldd+64(FP), R2
	LSL  $2, R1
	LSL  $2, R2
	LSR  $2, R0
	ADD  R1, R4, R5
	ADD  R1, R5, R6
	ADD  R1, R6, R7
	ADD  R1, R7, R8
	ADD  R1, R8, R9
	ADD  R1, R9, R10
	ADD  R1, R10, R11
	CBZ  R0, transpose_done

transpose_loop:
	VLD1.P 16(R4), [V0.S4]
	VLD1.P 16(R5), [V1.S4]
	VLD1.P 16(R6), [V2.S4]
	VLD1.P 16(R7), [V3.S4]
	VLD1.P 16(R8), [V4.S4]
	VLD1.P 16(R9), [V5.S4]
	VLD1.P 16(R10), [V6.S4]
	VLD1.P 16(R11), [V7.S4]
	VTRN1  V1.S4, V0.S4, V8.S4
	VTRN2  V1.S4, V0.S4, V9.S4
	VTRN1  V3.S4, V2.S4, V10.S4
	VTRN2  V3.S4, V2.S4, V11.S4
	VTRN1  V5.S4, V4.S4, V12.S4
	VTRN2  V5.S4, V4.S4, V13.S4
	VTRN1  V7.S4, V6.S4, V14.S4
	VTRN2  V7.S4, V6.S4, V15.S4
	VTRN1  V10.D2, V8.D2, V16.D2
	VTRN1  V14.D2, V12.D2, V17.D2
	VTRN1  V11.D2, V9.D2, V18.D2
	VTRN1  V15.D2, V13.D2, V19.D2
	VTRN2  V10.D2, V8.D2, V20.D2
	VTRN2  V14.D2, V12.D2, V21.D2
	VTRN2  V11.D2, V9.D2, V22.D2
	VTRN2  V15.D2, V13.D2, V23.D2
	VST1.P [V16.S4, V17.S4], (R3)(R2)
	VST1.P [V18.S4, V19.S4], (R3)(R2)
	VST1.P [V20.S4, V21.S4], (R3)(R2)
	VST1.P [V22.S4, V23.S4], (R3)(R2)
	SUBS   $1, R0
	BNE    transpose_loop

transpose_done:
	RET
