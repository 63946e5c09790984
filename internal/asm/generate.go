package asm

// Generated files, and the order go generate makes them in:
//
//  1. ./internal/gen writes sgemm_avx512_amd64.s and sgemm_avx2_amd64.s,
//  2. ./internal/genbf16 writes sgemm_bf16_amd64.s (new VDPBF16PS lines get
//     placeholder encodings),
//  3. ./internal/encode rewrites the encoding of every instruction Go's
//     assemblers lack (on arm64 vector FADD, FMUL, FMLA by element, ...,
//     golang/go#41092; on amd64 VDPBF16PS, VCVTNE2PS2BF16): WORD/LONG/BYTE
//     directives with the instruction beside them, in every .s file here,
//     generated or hand-written.
//
// All three are host tools: they read and write text, whatever the
// architecture of the files they write. The directives are here, in a file
// without build constraints, so that go generate runs them on any host
// (go generate skips the directives of files whose constraints exclude
// the host, such as _amd64.go on an arm64 laptop); and they drop GOOS and
// GOARCH, which go generate sets to the target for every directive, so
// that `GOARCH=amd64 go generate` on an arm64 host still builds the tools
// for the host rather than a binary it cannot run. What must be amd64 is
// set where it is built: encode builds asm2plan9s for each file's
// architecture (GOARCH=amd64 for _amd64.s files) and runs it under qemu
// when that is not the host's (see internal/asm/internal/encode).

//go:generate env -u GOOS -u GOARCH go run ./internal/gen
//go:generate env -u GOOS -u GOARCH go run ./internal/genbf16 -o sgemm_bf16_amd64.s
//go:generate env -u GOOS -u GOARCH go run ./internal/encode .
