package asm

// The instructions Go's assemblers lack (on arm64: vector FADD, FMUL, FMLA
// by element, ...; golang/go#41092) are WORD/LONG/BYTE directives with the
// instruction beside them; encode rewrites the directives from the
// instruction text with asm2plan9s. See internal/asm/internal/encode.

//go:generate go run ./internal/encode .
