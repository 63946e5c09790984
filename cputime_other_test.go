//go:build !unix

package gof32_test

// cpuSeconds cannot read the CPU time on this system.
func cpuSeconds() float64 { return -1 }
