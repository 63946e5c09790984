//go:build purego || !amd64

package kernels

func prefetch([]float32) {}
