//go:build !purego

#include "textflag.h"

// func FMAPeakAVX2(iters int)
//
// Twelve independent accumulator chains, more than the FMA latency (4
// cycles on Zen 4) times the FMA issue width (2 YMM FMAs per cycle), so
// the loop runs at the FMA units' throughput.
//
// Requires: AVX, AVX2, FMA3
//
// Register map:
//	CX       iterations left
//	Y0-Y11   accumulators
//	Y14, Y15 the multiplicands
TEXT ·FMAPeakAVX2(SB), NOSPLIT, $0-8
	MOVQ iters+0(FP), CX
	VXORPS Y14, Y14, Y14
	VXORPS Y15, Y15, Y15
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	VXORPS Y8, Y8, Y8
	VXORPS Y9, Y9, Y9
	VXORPS Y10, Y10, Y10
	VXORPS Y11, Y11, Y11
	TESTQ CX, CX
	JLE peak2_done

peak2_loop:
	VFMADD231PS Y14, Y15, Y0
	VFMADD231PS Y14, Y15, Y1
	VFMADD231PS Y14, Y15, Y2
	VFMADD231PS Y14, Y15, Y3
	VFMADD231PS Y14, Y15, Y4
	VFMADD231PS Y14, Y15, Y5
	VFMADD231PS Y14, Y15, Y6
	VFMADD231PS Y14, Y15, Y7
	VFMADD231PS Y14, Y15, Y8
	VFMADD231PS Y14, Y15, Y9
	VFMADD231PS Y14, Y15, Y10
	VFMADD231PS Y14, Y15, Y11
	DECQ CX
	JNZ peak2_loop

peak2_done:
	VZEROUPPER
	RET

// func FMAPeakAVX512(iters int)
//
// Twenty-four independent accumulator chains, more than the FMA latency
// times the issue width of any AVX-512 core.
//
// Requires: AVX512F
//
// Register map:
//	CX       iterations left
//	Z0-Z23   accumulators
//	Z30, Z31 the multiplicands
TEXT ·FMAPeakAVX512(SB), NOSPLIT, $0-8
	MOVQ iters+0(FP), CX
	VPXORD Z30, Z30, Z30
	VPXORD Z31, Z31, Z31
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
	VPXORD Z16, Z16, Z16
	VPXORD Z17, Z17, Z17
	VPXORD Z18, Z18, Z18
	VPXORD Z19, Z19, Z19
	VPXORD Z20, Z20, Z20
	VPXORD Z21, Z21, Z21
	VPXORD Z22, Z22, Z22
	VPXORD Z23, Z23, Z23
	TESTQ CX, CX
	JLE peak512_done

peak512_loop:
	VFMADD231PS Z30, Z31, Z0
	VFMADD231PS Z30, Z31, Z1
	VFMADD231PS Z30, Z31, Z2
	VFMADD231PS Z30, Z31, Z3
	VFMADD231PS Z30, Z31, Z4
	VFMADD231PS Z30, Z31, Z5
	VFMADD231PS Z30, Z31, Z6
	VFMADD231PS Z30, Z31, Z7
	VFMADD231PS Z30, Z31, Z8
	VFMADD231PS Z30, Z31, Z9
	VFMADD231PS Z30, Z31, Z10
	VFMADD231PS Z30, Z31, Z11
	VFMADD231PS Z30, Z31, Z12
	VFMADD231PS Z30, Z31, Z13
	VFMADD231PS Z30, Z31, Z14
	VFMADD231PS Z30, Z31, Z15
	VFMADD231PS Z30, Z31, Z16
	VFMADD231PS Z30, Z31, Z17
	VFMADD231PS Z30, Z31, Z18
	VFMADD231PS Z30, Z31, Z19
	VFMADD231PS Z30, Z31, Z20
	VFMADD231PS Z30, Z31, Z21
	VFMADD231PS Z30, Z31, Z22
	VFMADD231PS Z30, Z31, Z23
	DECQ CX
	JNZ peak512_loop

peak512_done:
	VZEROUPPER
	RET

// func DPBF16PeakAVX512(iters int)
//
// Twenty-four independent VDPBF16PS accumulator chains, more than the
// instruction's latency times its issue width on any AVX512_BF16 core, so
// the loop runs at the throughput of the bf16 dot-product units. Go's
// assembler lacks VDPBF16PS: its lines are LONG/WORD directives with the
// instruction beside them, which `make generate` rewrites from the
// instruction text (internal/asm/internal/encode).
//
// Requires: AVX512F, AVX512_BF16
//
// Register map:
//	CX        iterations left
//	Z0..Z23   accumulators
//	Z30, Z31  the bf16 multiplicands
TEXT ·DPBF16PeakAVX512(SB), NOSPLIT, $0-8
	MOVQ iters+0(FP), CX
	VPXORD Z30, Z30, Z30
	VPXORD Z31, Z31, Z31
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
	VPXORD Z16, Z16, Z16
	VPXORD Z17, Z17, Z17
	VPXORD Z18, Z18, Z18
	VPXORD Z19, Z19, Z19
	VPXORD Z20, Z20, Z20
	VPXORD Z21, Z21, Z21
	VPXORD Z22, Z22, Z22
	VPXORD Z23, Z23, Z23
	TESTQ CX, CX
	JLE peakbf_done

peakbf_loop:
	LONG $0x400e9262; WORD $0xc752 // vdpbf16ps zmm0, zmm30, zmm31
	LONG $0x400e9262; WORD $0xcf52 // vdpbf16ps zmm1, zmm30, zmm31
	LONG $0x400e9262; WORD $0xd752 // vdpbf16ps zmm2, zmm30, zmm31
	LONG $0x400e9262; WORD $0xdf52 // vdpbf16ps zmm3, zmm30, zmm31
	LONG $0x400e9262; WORD $0xe752 // vdpbf16ps zmm4, zmm30, zmm31
	LONG $0x400e9262; WORD $0xef52 // vdpbf16ps zmm5, zmm30, zmm31
	LONG $0x400e9262; WORD $0xf752 // vdpbf16ps zmm6, zmm30, zmm31
	LONG $0x400e9262; WORD $0xff52 // vdpbf16ps zmm7, zmm30, zmm31
	LONG $0x400e1262; WORD $0xc752 // vdpbf16ps zmm8, zmm30, zmm31
	LONG $0x400e1262; WORD $0xcf52 // vdpbf16ps zmm9, zmm30, zmm31
	LONG $0x400e1262; WORD $0xd752 // vdpbf16ps zmm10, zmm30, zmm31
	LONG $0x400e1262; WORD $0xdf52 // vdpbf16ps zmm11, zmm30, zmm31
	LONG $0x400e1262; WORD $0xe752 // vdpbf16ps zmm12, zmm30, zmm31
	LONG $0x400e1262; WORD $0xef52 // vdpbf16ps zmm13, zmm30, zmm31
	LONG $0x400e1262; WORD $0xf752 // vdpbf16ps zmm14, zmm30, zmm31
	LONG $0x400e1262; WORD $0xff52 // vdpbf16ps zmm15, zmm30, zmm31
	LONG $0x400e8262; WORD $0xc752 // vdpbf16ps zmm16, zmm30, zmm31
	LONG $0x400e8262; WORD $0xcf52 // vdpbf16ps zmm17, zmm30, zmm31
	LONG $0x400e8262; WORD $0xd752 // vdpbf16ps zmm18, zmm30, zmm31
	LONG $0x400e8262; WORD $0xdf52 // vdpbf16ps zmm19, zmm30, zmm31
	LONG $0x400e8262; WORD $0xe752 // vdpbf16ps zmm20, zmm30, zmm31
	LONG $0x400e8262; WORD $0xef52 // vdpbf16ps zmm21, zmm30, zmm31
	LONG $0x400e8262; WORD $0xf752 // vdpbf16ps zmm22, zmm30, zmm31
	LONG $0x400e8262; WORD $0xff52 // vdpbf16ps zmm23, zmm30, zmm31
	DECQ CX
	JNZ peakbf_loop

peakbf_done:
	VZEROUPPER
	RET
