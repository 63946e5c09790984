//go:build !purego

package kernels

import "github.com/gof32/gof32/internal/asm"

// The AVX2 and AVX-512 vector, row-wise, activation and optimizer kernels
// (internal/asm/*_amd64.s).
//
// The AVX2 routines take whole 8-lane vectors (simd.go finishes the
// tails). The AVX-512 routines take any length (they mask the last partial
// vector) and are installed directly. AddRowVector, ColumnSums and
// ArgmaxRows (and, for AVX-512, SoftmaxRows) have routines of their own
// that walk the rows; the other row-wise kernels are built from the
// vector routines, a row being a vector.

// avx2Vectors are the AVX2 routines.
var avx2Vectors = wholeVectors{
	lanes:        8,
	axpy:         asm.AxpyAVX2,
	scale:        asm.ScaleAVX2,
	dot:          asm.DotAVX2,
	add:          asm.AddAVX2,
	sub:          asm.SubAVX2,
	mul:          asm.MulAVX2,
	sum:          asm.SumAVX2,
	max:          asm.MaxAVX2,
	argmax:       asm.ArgmaxAVX2,
	exp:          asm.ExpAVX2,
	expShifted:   asm.ExpShiftedAVX2,
	expSum:       asm.ExpSumAVX2,
	relu:         asm.ReluAVX2,
	reluBwd:      asm.ReluBackwardAVX2,
	addRowVector: asm.AddRowVectorAVX2,
	columnSums:   asm.ColumnSumsAVX2,
	argmaxRows:   asm.ArgmaxRowsAVX2,
	sigmoid:      asm.SigmoidAVX2,
	sigmoidBwd:   asm.SigmoidBackwardAVX2,
	tanh:         asm.TanhAVX2,
	tanhBwd:      asm.TanhBackwardAVX2,
	softplus:     asm.SoftplusAVX2,
	softplusBwd:  asm.SoftplusBackwardAVX2,
	momentum:     asm.MomentumAVX2,
	nesterov:     asm.NesterovAVX2,
	adam:         asm.AdamAVX2,
}

// useAVX512Vec installs the AVX-512 vector, row-wise, activation and
// optimizer kernels.
func useAVX512Vec(p *impl) {
	p.axpy = asm.AxpyAVX512
	p.scale = asm.ScaleAVX512
	p.dot = asm.DotAVX512
	p.add = asm.AddAVX512
	p.sub = asm.SubAVX512
	p.mul = asm.MulAVX512
	p.sum = asm.SumAVX512
	p.max = asm.MaxAVX512
	p.argmax = asm.ArgmaxAVX512
	p.exp = asm.ExpAVX512
	p.expShifted = asm.ExpShiftedAVX512
	p.expSum = asm.ExpSumAVX512
	p.relu = asm.ReluAVX512
	p.reluBwd = asm.ReluBackwardAVX512
	p.sgd = func(lr float32, w, g []float32) { asm.AxpyAVX512(-lr, g, w) }
	useRowsFrom(p)
	p.addRowVector = asm.AddRowVectorAVX512
	p.columnSums = asm.ColumnSumsAVX512
	// The public functions return before calling these for cols == 0.
	p.argmaxRows = asm.ArgmaxRowsAVX512
	p.softmaxRows = asm.SoftmaxRowsAVX512
	p.nn = nnImpl{
		sigmoid:     asm.SigmoidAVX512,
		sigmoidBwd:  asm.SigmoidBackwardAVX512,
		tanh:        asm.TanhAVX512,
		tanhBwd:     asm.TanhBackwardAVX512,
		softplus:    asm.SoftplusAVX512,
		softplusBwd: asm.SoftplusBackwardAVX512,
		momentum:    asm.MomentumAVX512,
		nesterov:    asm.NesterovAVX512,
		adam: func(a adamArgs, w, g, m, v []float32) {
			asm.AdamAVX512(a.lr, a.c1, a.c2, a.eps, w, g, m, v)
		},
	}
}
