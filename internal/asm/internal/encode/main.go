// Command encode writes the machine code of the instructions that Go's
// assembler lacks into Go assembly files, with github.com/minio/asm2plan9s
// (pinned as a tool in go.mod) and the GNU assembler.
//
// A marked line is a line whose code is only WORD, LONG, QUAD or BYTE
// directives followed by a comment holding the instruction in GNU syntax,
// the asm2plan9s convention:
//
//	WORD $0x4ea0d420 // fadd v0.4s, v1.4s, v0.4s
//
// encode assembles the comment and rewrites the directives in front of it;
// the rest of the line is kept byte for byte. A new instruction can be
// written with any placeholder, e.g. WORD $0x00000000.
//
// Usage:
//
//	go run ./internal/asm/internal/encode [-check] [file.s | dir]...
//
// Directories are searched recursively for *.s files (default: the current
// directory). Each file's architecture comes from its name (_arm64.s,
// _amd64.s). With -check nothing is written: encode lists each line whose
// encoding differs from what it would write and exits with status 1.
//
// asm2plan9s picks its backend by the architecture it is built for, so
// encode builds it for the file's architecture: on the host it runs
// directly; for another architecture it runs under qemu user-mode
// emulation (qemu-aarch64-static on an amd64 host, qemu-x86_64-static on an
// arm64 host). Either way the tool finds, as "as" on a PATH holding nothing
// else, the GNU assembler for the file's architecture: the host's own "as",
// or the cross assembler (aarch64-linux-gnu-as from Debian's
// binutils-aarch64-linux-gnu, x86_64-linux-gnu-as from
// binutils-x86-64-linux-gnu). Nothing else on the PATH means the tool's
// other backend (yasm, on amd64) is never picked by accident.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
)

// marked matches a marked line: indentation, the directives, anything up
// to the comment (spaces, a backslash inside a #define), the instruction.
var marked = regexp.MustCompile(`^(\s*)((?:QUAD|LONG|WORD|BYTE) \$0x[0-9a-fA-F]+(?:; (?:QUAD|LONG|WORD|BYTE) \$0x[0-9a-fA-F]+)*)(\s*(?:\\\s*)?)//(.*\S.*)$`)

// directives matches the tool's output in front of the comment.
var directives = regexp.MustCompile(`^(?:QUAD|LONG|WORD|BYTE) \$0x[0-9a-fA-F]+(?:; (?:QUAD|LONG|WORD|BYTE) \$0x[0-9a-fA-F]+)*$`)

// arch describes how to encode for one architecture.
type arch struct {
	goarch      string
	placeholder string   // a directive sequence asm2plan9s recognises as a marked line
	qemu        []string // user-mode emulators, when the host differs
	cross       []string // GNU assemblers for it, when the host differs
}

var arches = map[string]*arch{
	"arm64": {
		goarch:      "arm64",
		placeholder: "WORD $0x00000000",
		qemu:        []string{"qemu-aarch64-static", "qemu-aarch64"},
		cross:       []string{"aarch64-linux-gnu-as"},
	},
	"amd64": {
		goarch:      "amd64",
		placeholder: "LONG $0x00000000; BYTE $0x00",
		qemu:        []string{"qemu-x86_64-static", "qemu-x86_64"},
		cross:       []string{"x86_64-linux-gnu-as"},
	},
}

// line is one marked line of a file.
type line struct {
	no          int // 0-based
	indent, ops string
	gap, instr  string
}

type file struct {
	path  string
	arch  *arch
	lines []string
	marks []line
}

func main() {
	check := flag.Bool("check", false, "report stale encodings instead of rewriting them; exit 1 if there are any")
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: encode [-check] [file.s | dir]...\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	args := flag.Args()
	if len(args) == 0 {
		args = []string{"."}
	}
	files, err := collect(args)
	if err != nil {
		fatal(err)
	}
	// Group the instructions by architecture so that each tool runs once.
	byArch := map[*arch][]*file{}
	for _, f := range files {
		if len(f.marks) > 0 {
			byArch[f.arch] = append(byArch[f.arch], f)
		}
	}
	enc := map[string]string{} // instruction (trimmed) → directives
	tmp, err := os.MkdirTemp("", "encode")
	if err != nil {
		fatal(err)
	}
	defer os.RemoveAll(tmp)
	for _, a := range sortedArches(byArch) {
		if err := encodeAll(a, byArch[a], tmp, enc); err != nil {
			os.RemoveAll(tmp)
			fatal(err)
		}
	}
	stale := 0
	for _, f := range files {
		changed := false
		for _, m := range f.marks {
			want := enc[f.arch.goarch+"\x00"+strings.TrimSpace(m.instr)]
			if want == m.ops {
				continue
			}
			changed = true
			if *check {
				fmt.Printf("%s:%d: stale encoding %s, want %s //%s\n", f.path, m.no+1, m.ops, want, m.instr)
				stale++
			}
			f.lines[m.no] = m.indent + want + m.gap + "//" + m.instr
		}
		if changed && !*check {
			if err := writeLines(f.path, f.lines); err != nil {
				os.RemoveAll(tmp)
				fatal(err)
			}
			fmt.Printf("encode: rewrote %s\n", f.path)
		}
	}
	if stale > 0 {
		fmt.Printf("encode: %d stale encodings; run `make generate`\n", stale)
		os.RemoveAll(tmp)
		os.Exit(1)
	}
}

func fatal(err error) {
	fmt.Fprintf(os.Stderr, "encode: %v\n", err)
	os.Exit(2)
}

func sortedArches(m map[*arch][]*file) []*arch {
	var as []*arch
	for a := range m {
		as = append(as, a)
	}
	sort.Slice(as, func(i, j int) bool { return as[i].goarch < as[j].goarch })
	return as
}

// collect reads the .s files named or found under the directories named.
func collect(args []string) ([]*file, error) {
	var paths []string
	for _, arg := range args {
		st, err := os.Stat(arg)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			paths = append(paths, arg)
			continue
		}
		err = filepath.WalkDir(arg, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			name := d.Name()
			if d.IsDir() && p != arg && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata") {
				return filepath.SkipDir
			}
			if !d.IsDir() && strings.HasSuffix(name, ".s") {
				paths = append(paths, p)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	var files []*file
	for _, p := range paths {
		f, err := readFile(p)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	return files, nil
}

func readFile(path string) (*file, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	f := &file{path: path}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		f.lines = append(f.lines, sc.Text())
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	for i, l := range f.lines {
		if m := marked.FindStringSubmatch(l); m != nil {
			f.marks = append(f.marks, line{no: i, indent: m[1], ops: m[2], gap: m[3], instr: m[4]})
		}
	}
	if len(f.marks) == 0 {
		return f, nil
	}
	base := strings.TrimSuffix(filepath.Base(path), ".s")
	for name, a := range arches {
		if strings.HasSuffix(base, "_"+name) {
			f.arch = a
		}
	}
	if f.arch == nil {
		return nil, fmt.Errorf("%s: has encoded instructions but no architecture in its name (_arm64.s, _amd64.s)", path)
	}
	return f, nil
}

func writeLines(path string, lines []string) error {
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	return os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), st.Mode().Perm())
}

// encodeAll runs asm2plan9s built for a on every distinct instruction of
// files and records the directives in enc.
func encodeAll(a *arch, files []*file, tmp string, enc map[string]string) error {
	var instrs []string // the comment text, as written (leading space kept)
	seen := map[string]bool{}
	for _, f := range files {
		for _, m := range f.marks {
			key := strings.TrimSpace(m.instr)
			if !seen[key] {
				seen[key] = true
				instrs = append(instrs, " "+key)
			}
		}
	}
	tool, err := buildTool(a, tmp)
	if err != nil {
		return err
	}
	asPath, err := assembler(a)
	if err != nil {
		return err
	}
	bin := filepath.Join(tmp, "bin-"+a.goarch)
	if err := os.MkdirAll(bin, 0o755); err != nil {
		return err
	}
	if err := os.Symlink(asPath, filepath.Join(bin, "as")); err != nil {
		return err
	}
	argv := []string{tool}
	if a.goarch != runtime.GOARCH {
		q, err := lookAny(a.qemu, "qemu-user-static")
		if err != nil {
			return err
		}
		argv = append([]string{q}, argv...)
	}
	var in bytes.Buffer
	for _, s := range instrs {
		fmt.Fprintf(&in, "    %s //%s\n", a.placeholder, s)
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdin = &in
	cmd.Env = append(filterEnv(os.Environ(), "PATH", "TMPDIR"), "PATH="+bin, "TMPDIR="+tmp)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("asm2plan9s for %s: %v\n%s%s", a.goarch, err, out.String(), errb.String())
	}
	got := strings.Split(strings.TrimRight(out.String(), "\n"), "\n")
	if len(got) != len(instrs) {
		return fmt.Errorf("asm2plan9s for %s: %d instructions in, %d lines out:\n%s%s", a.goarch, len(instrs), len(got), out.String(), errb.String())
	}
	for i, g := range got {
		ops, _, ok := strings.Cut(g, "//")
		ops = strings.TrimSpace(ops)
		if !ok || !directives.MatchString(ops) || strings.Contains(ops, "$0x00000000") && a.goarch == "arm64" {
			return fmt.Errorf("asm2plan9s for %s: cannot encode %q: got %q", a.goarch, strings.TrimSpace(instrs[i]), g)
		}
		enc[a.goarch+"\x00"+strings.TrimSpace(instrs[i])] = ops
	}
	return nil
}

// buildTool builds asm2plan9s, at the version go.mod pins, for a.
func buildTool(a *arch, tmp string) (string, error) {
	out := filepath.Join(tmp, "asm2plan9s-"+a.goarch)
	cmd := exec.Command("go", "build", "-o", out, "github.com/minio/asm2plan9s")
	cmd.Env = append(filterEnv(os.Environ(), "GOOS", "GOARCH", "CGO_ENABLED", "GOFLAGS"), "GOOS=linux", "GOARCH="+a.goarch, "CGO_ENABLED=0")
	if b, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building asm2plan9s for %s: %v\n%s", a.goarch, err, b)
	}
	return out, nil
}

// assembler returns the GNU assembler for a: the host's own "as", or the
// cross assembler.
func assembler(a *arch) (string, error) {
	if a.goarch == runtime.GOARCH {
		return lookAny([]string{"as"}, "binutils")
	}
	pkg := "binutils-aarch64-linux-gnu"
	if a.goarch == "amd64" {
		pkg = "binutils-x86-64-linux-gnu"
	}
	return lookAny(a.cross, pkg)
}

func lookAny(names []string, pkg string) (string, error) {
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return filepath.Abs(p)
		}
	}
	return "", fmt.Errorf("none of %s found on PATH (Debian package %s)", strings.Join(names, ", "), pkg)
}

func filterEnv(env []string, drop ...string) []string {
	var out []string
	for _, e := range env {
		k, _, _ := strings.Cut(e, "=")
		keep := true
		for _, d := range drop {
			if k == d {
				keep = false
			}
		}
		if keep {
			out = append(out, e)
		}
	}
	return out
}
