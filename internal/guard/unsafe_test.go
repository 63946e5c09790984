//go:build unix

package guard

import "unsafe"

// beforeFirst reads the float32 just before p[0].
func beforeFirst(p []float32) float32 {
	return *(*float32)(unsafe.Add(unsafe.Pointer(&p[0]), -4))
}

// afterLast reads the float32 just after the last element of p.
func afterLast(p []float32) float32 {
	return *(*float32)(unsafe.Add(unsafe.Pointer(&p[len(p)-1]), 4))
}
