//go:build unix

// Package guard places float32 slices against inaccessible pages, so that
// a kernel reading or writing one element past either end of its data
// faults at once instead of silently touching a neighbour's memory. It is
// meant for tests.
package guard

import (
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"
)

// An Arena is a mapping of read-write pages between two PROT_NONE pages.
// Slice returns windows of it that touch one of the guards. Windows share
// the arena's memory: a test uses one window of an arena at a time.
type Arena struct {
	data []float32 // the read-write part, between the guards
}

// NewArena maps an arena able to hold n float32 and unmaps it when the
// test ends.
func NewArena(t testing.TB, n int) *Arena {
	t.Helper()
	page := unix.Getpagesize()
	size := max(page, (n*4+page-1)/page*page)
	mem, err := unix.Mmap(-1, 0, size+2*page, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_ANON|unix.MAP_PRIVATE)
	if err != nil {
		t.Fatalf("guard: mmap %d bytes: %v", size+2*page, err)
	}
	t.Cleanup(func() { unix.Munmap(mem) })
	if err := unix.Mprotect(mem[:page], unix.PROT_NONE); err != nil {
		t.Fatalf("guard: mprotect: %v", err)
	}
	if err := unix.Mprotect(mem[page+size:], unix.PROT_NONE); err != nil {
		t.Fatalf("guard: mprotect: %v", err)
	}
	return &Arena{data: unsafe.Slice((*float32)(unsafe.Pointer(&mem[page])), size/4)}
}

// Slice returns a window of n float32 of the arena: with After, its last
// element is the last before the upper guard page; with Before, its first
// element is the first after the lower guard page. The window's capacity is
// its length, so that appending cannot reach past it.
func (a *Arena) Slice(n int, side Side) []float32 {
	if n > len(a.data) {
		panic("guard: window larger than its arena")
	}
	if side == Before {
		return a.data[:n:n]
	}
	return a.data[len(a.data)-n:]
}

// Floats returns a new guarded slice of n zeroed float32.
func Floats(t testing.TB, n int, side Side) []float32 {
	t.Helper()
	return NewArena(t, n).Slice(n, side)
}

// Guarded reports whether this platform has guard pages.
const Guarded = true
