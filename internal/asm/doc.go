// Package asm holds gof32's raw SIMD routines: Go assembler for amd64
// (AVX2 with FMA3, AVX-512) and arm64 (NEON), each behind a documented
// bodiless Go declaration that states the exact Go loop it replaces.
//
// The routines do no argument checking and handle whole vectors only:
// lengths are multiples of the vector width unless a routine says
// otherwise, and the caller (package kernels) checks arguments, chooses a
// routine the CPU supports, and finishes tails in Go. Calling a routine on a
// CPU without its features raises SIGILL.
//
// With the purego build tag this package holds only the Epilogue type,
// which package kernels passes to the microkernels.
package asm
