//go:build !purego

package kernels

import "github.com/gof32/gof32/internal/asm"

// The NEON vector, row-wise, activation and optimizer kernels
// (internal/asm/vec_arm64.s, internal/asm/nn_arm64.s): the routines take
// whole 4-lane vectors (Argmax: 16 floats), simd.go finishes the tails.
// The row-wise kernels are built from the vector ones, a row being a
// vector.

// neonVectors are the NEON routines.
var neonVectors = wholeVectors{
	lanes: 4,
	axpy:  asm.AxpyNEON,
	scale: asm.ScaleNEON,
	dot:   asm.DotNEON,
	add:   asm.AddNEON,
	sub:   asm.SubNEON,
	mul:   asm.MulNEON,
	sum:   asm.SumNEON,
	max:   asm.MaxNEON,
	exp: func(dst, x []float32) {
		asm.ExpShiftedNEON(dst, x, 0)
	},
	expShifted:  asm.ExpShiftedNEON,
	expSumAny:   neonExpSum,
	argmax:      neonArgmax,
	argmaxLanes: 16,
	relu:        asm.ReluNEON,
	reluBwd:     asm.ReluBackwardNEON,
	sigmoid:     asm.SigmoidNEON,
	sigmoidBwd:  asm.SigmoidBackwardNEON,
	tanh:        asm.TanhNEON,
	tanhBwd:     asm.TanhBackwardNEON,
	softplus:    asm.SoftplusNEON,
	softplusBwd: asm.SoftplusBackwardNEON,
	momentum:    asm.MomentumNEON,
	nesterov:    asm.NesterovNEON,
	adam:        asm.AdamNEON,
}

// neonArgmaxChunk bounds one ArgmaxNEON call, whose indices are int32: a
// multiple of 16 below 2³¹.
const neonArgmaxChunk = 1 << 30

// neonArgmax returns the first maximum, or the first NaN, of x, whose
// length is a positive multiple of 16: ArgmaxNEON keeps each lane's first
// maximum, and of the lanes holding the largest the smallest index is the
// first maximum overall.
func neonArgmax(x []float32) int {
	var m [16]float32
	var idx [16]int32
	best, bm := -1, float32(0)
	for off := 0; off < len(x); off += neonArgmaxChunk {
		end := min(len(x), off+neonArgmaxChunk)
		if asm.ArgmaxNEON(x[off:end], &m, &idx) {
			// A NaN wins, the first one: it is in x[:end].
			for i, v := range x[:end] {
				if v != v {
					return i
				}
			}
		}
		for l := range m {
			i := off + int(idx[l])
			if best < 0 || m[l] > bm || m[l] == bm && i < best {
				best, bm = i, m[l]
			}
		}
	}
	return best
}

// neonExpSum returns Σ exp(x − shift): the sums of expShifted over 256
// elements at a time, through a buffer on the stack.
func neonExpSum(x []float32, shift float32) float32 {
	var buf [256]float32
	var s float32
	for len(x) > 0 {
		c := min(len(x), len(buf))
		n := c &^ 3
		var cs float32
		if n > 0 {
			cs = asm.ExpShiftedNEON(buf[:n], x[:n], shift)
		}
		s += expShiftedTail(buf[:c], x[:c], n, shift, cs)
		x = x[c:]
	}
	return s
}
