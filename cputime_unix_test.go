//go:build unix

package gof32_test

import "syscall"

// cpuSeconds returns the user and system CPU time the process has used so
// far, or a negative number when it cannot be read.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return -1
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}
