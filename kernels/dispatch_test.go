package kernels

import (
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
)

func TestPaths(t *testing.T) {
	ps := Paths()
	if ps[0] != "naive" || ps[1] != "generic" {
		t.Fatalf("Paths() = %v, want naive and generic first", ps)
	}
	t.Logf("paths: %v; in use: %s", ps, Path())
	saved := Path()
	defer SetPath(saved)
	for _, p := range ps {
		if err := SetPath(p); err != nil || Path() != p {
			t.Errorf("SetPath(%q) = %v, Path() = %q", p, err, Path())
		}
	}
	if err := SetPath("avx1024"); err == nil {
		t.Errorf("SetPath of an unknown path succeeded")
	}
	if Path() != ps[len(ps)-1] {
		t.Errorf("a refused SetPath changed the path to %s", Path())
	}
}

// TestEnvPath starts the test binary again with GOF32_PATH set and checks
// that the child runs on the forced path, or refuses an unavailable one
// with a message and keeps the best.
func TestEnvPath(t *testing.T) {
	if want := os.Getenv("GOF32_TEST_WANT"); want != "" {
		if Path() != want {
			t.Fatalf("%s=%s: path %s, want %s", EnvPath, os.Getenv(EnvPath), Path(), want)
		}
		return
	}
	ps := Paths()
	best := ps[len(ps)-1]
	for _, c := range []struct{ env, want string }{
		{"generic", "generic"}, {"NAIVE", "naive"}, {"avx1024", best}, {best, best},
	} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestEnvPath$", "-test.v")
		cmd.Env = append(os.Environ(), EnvPath+"="+c.env, "GOF32_TEST_WANT="+c.want)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Errorf("%s=%s: %v\n%s", EnvPath, c.env, err, out)
		}
		if c.want == best && c.env != best && !strings.Contains(string(out), "ignored") {
			t.Errorf("%s=%s: no message about the refused path:\n%s", EnvPath, c.env, out)
		}
	}
}

func TestSetThreads(t *testing.T) {
	saved := SetThreads(3)
	defer SetThreads(saved)
	if Threads() != 3 {
		t.Fatalf("Threads() = %d after SetThreads(3)", Threads())
	}
	if prev := SetThreads(0); prev != 3 {
		t.Fatalf("SetThreads(0) returned %d, want the previous setting 3", prev)
	}
	// The default follows GOMAXPROCS as it changes.
	procs := runtime.GOMAXPROCS(0)
	defer runtime.GOMAXPROCS(procs)
	for _, p := range []int{1, 3, procs} {
		runtime.GOMAXPROCS(p)
		if Threads() != p {
			t.Fatalf("Threads() = %d after SetThreads(0) and GOMAXPROCS(%d)", Threads(), p)
		}
	}
	if prev := SetThreads(-1); prev != 0 || Threads() != procs {
		t.Fatalf("SetThreads(-1) returned %d, Threads() = %d; want 0 and %d", prev, Threads(), procs)
	}
}
