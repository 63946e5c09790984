//go:build !purego

#include "textflag.h"

// func Prefetch(x []float32)
//
// Issues PREFETCHT0 for every cache line holding an element of x: a hint
// that x is about to be read, which never faults and changes no result.
//
// Register map:
//	SI       the next line's address
//	DX       &x[len(x)]
TEXT ·Prefetch(SB), NOSPLIT, $0-24
	MOVQ x_base+0(FP), SI
	MOVQ x_len+8(FP), CX
	LEAQ (SI)(CX*4), DX
	ANDQ $-64, SI

prefetch_loop:
	CMPQ       SI, DX
	JAE        prefetch_done
	PREFETCHT0 (SI)
	ADDQ       $64, SI
	JMP        prefetch_loop

prefetch_done:
	RET
