package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMarked checks which lines encode treats as encoded instructions and
// that it splits them so that only the directives are replaced.
func TestMarked(t *testing.T) {
	for _, c := range []struct {
		line                    string
		ok                      bool
		indent, ops, gap, instr string
	}{
		{"\tWORD $0x4fa01048 // fmla v8.4s, v2.4s, v0.s[1]", true, "\t", "WORD $0x4fa01048", " ", " fmla v8.4s, v2.4s, v0.s[1]"},
		{"    WORD $0x00000000 //fadd v0.4s, v0.4s, v1.4s", true, "    ", "WORD $0x00000000", " ", "fadd v0.4s, v0.4s, v1.4s"},
		{"\tLONG $0x4876f262; WORD $0xc252 // vdpbf16ps zmm0, zmm1, zmm2", true, "\t", "LONG $0x4876f262; WORD $0xc252", " ", " vdpbf16ps zmm0, zmm1, zmm2"},
		{"\tQUAD $0x0123456789abcdef; BYTE $0x77 \\ // vzeroupper", true, "\t", "QUAD $0x0123456789abcdef; BYTE $0x77", " \\ ", " vzeroupper"},
		{"\tVFMLA V16.S4, V0.S4, V4.S4 // y += alpha·x", false, "", "", "", ""},
		{"\t// WORD $0x4fa01048 // fmla v8.4s, v2.4s, v0.s[1]", false, "", "", "", ""},
		{"DATA expConsts<>+0(SB)/8, $0x42b1721842b17218 // hi", false, "", "", "", ""},
		{"\tWORD $0x4fa01048", false, "", "", "", ""},
		{"\tWORD $0x4fa01048 //   ", false, "", "", "", ""},
	} {
		m := marked.FindStringSubmatch(c.line)
		if (m != nil) != c.ok {
			t.Errorf("%q: marked = %v, want %v", c.line, m != nil, c.ok)
			continue
		}
		if m == nil {
			continue
		}
		if m[1] != c.indent || m[2] != c.ops || m[3] != c.gap || m[4] != c.instr {
			t.Errorf("%q: split into %q %q %q %q, want %q %q %q %q", c.line, m[1], m[2], m[3], m[4], c.indent, c.ops, c.gap, c.instr)
		}
		if m[1]+m[2]+m[3]+"//"+m[4] != c.line {
			t.Errorf("%q: the parts do not make up the line", c.line)
		}
	}
}

// TestReadFile checks that marked lines need an architecture in the file
// name, and that files without them need none.
func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	src := "TEXT ·f(SB), 0, $0\n\tWORD $0x00000000 // fadd v0.4s, v0.4s, v1.4s\n\tRET\n"
	f, err := readFile(write("f_arm64.s", src))
	if err != nil || f.arch != arches["arm64"] || len(f.marks) != 1 || f.marks[0].no != 1 {
		t.Errorf("f_arm64.s: %+v, %v", f, err)
	}
	if _, err := readFile(write("f.s", src)); err == nil || !strings.Contains(err.Error(), "no architecture") {
		t.Errorf("f.s with encoded instructions: error %v, want one about the architecture", err)
	}
	if f, err := readFile(write("g.s", "TEXT ·g(SB), 0, $0\n\tRET // done\n")); err != nil || len(f.marks) != 0 {
		t.Errorf("g.s without encoded instructions: %+v, %v", f, err)
	}
}
