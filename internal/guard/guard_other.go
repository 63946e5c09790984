//go:build !unix

package guard

import "testing"

// Without mmap there are no guard pages: an Arena is ordinary memory.
type Arena struct{ data []float32 }

func NewArena(t testing.TB, n int) *Arena { return &Arena{data: make([]float32, n)} }

func (a *Arena) Slice(n int, side Side) []float32 {
	if side == Before {
		return a.data[:n:n]
	}
	return a.data[len(a.data)-n:]
}

func Floats(t testing.TB, n int, side Side) []float32 { return make([]float32, n) }

const Guarded = false
