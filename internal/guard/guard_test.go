//go:build unix

package guard

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestFaults checks, in a child process, that touching one element past
// either end of a window crashes: the guard is real, not decorative.
func TestFaults(t *testing.T) {
	if mode := os.Getenv("GUARD_CHILD"); mode != "" {
		side := After
		if mode == "before" {
			side = Before
		}
		w := NewArena(t, 10).Slice(10, side)
		if side == After {
			println(afterLast(w))
		} else {
			println(beforeFirst(w))
		}
		os.Exit(0)
	}
	for _, side := range Sides {
		cmd := exec.Command(os.Args[0], "-test.run=^TestFaults$")
		cmd.Env = append(os.Environ(), "GUARD_CHILD="+side.String())
		out, err := cmd.CombinedOutput()
		if err == nil || !strings.Contains(string(out), "SIGSEGV") {
			t.Errorf("%s: reading past the window did not fault (%v):\n%s", side, err, out)
		}
	}
}

func TestWindows(t *testing.T) {
	a := NewArena(t, 1000)
	for _, n := range []int{0, 1, 7, 1000} {
		for _, side := range Sides {
			w := a.Slice(n, side)
			if len(w) != n || cap(w) != n {
				t.Fatalf("Slice(%d, %s): len %d cap %d", n, side, len(w), cap(w))
			}
			for i := range w {
				w[i] = float32(i) // writable everywhere
			}
		}
	}
}
