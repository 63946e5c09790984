//go:build !purego

package asm

// Prefetch asks the CPU to bring the cache lines of x into its caches
// (PREFETCHT0 on each 64-byte line), a hint that never faults and
// changes no result.
//
//go:noescape
func Prefetch(x []float32)
