//go:build !purego

package kernels

import "github.com/gof32/gof32/internal/asm"

func prefetch(x []float32) { asm.Prefetch(x) }
