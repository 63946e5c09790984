package gof32_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/gof32/gof32/kernels"
)

// The benchmarks of every kernel but Sgemm (bench_test.go has those):
//
//	BenchmarkKernels/<kernel>/<path>/<size>
//
// with path naive, generic, avx2 or avx512 (skipped, with the reason, where
// the CPU or the build lacks it) and size n ∈ {256, 4096, 65536} for the
// vector kernels, rows×cols ∈ {32x10, 32x100, 256x1000} for the row-wise
// ones. b.SetBytes is the bytes the kernel must read plus write (each
// input and output once), so MB/s and the GB/s metric are comparable
// across kernels.

// kernShape is a vector length (rows == 0) or a rows×cols block.
type kernShape struct{ rows, cols int }

func (s kernShape) String() string {
	if s.rows == 0 {
		return fmt.Sprint(s.cols)
	}
	return fmt.Sprintf("%dx%d", s.rows, s.cols)
}

var (
	kernVecShapes = []kernShape{{0, 256}, {0, 4096}, {0, 65536}}
	kernRowShapes = []kernShape{{32, 10}, {32, 100}, {256, 1000}}
)

// kernBench is one kernel's benchmark: setup allocates and fills the
// operands for a shape and returns the call to time and the bytes it
// reads plus writes.
type kernBench struct {
	name   string
	shapes []kernShape
	setup  func(r *rand.Rand, s kernShape) (call func(), bytes int)
}

// Sinks for the kernels that return a value.
var (
	kernSinkF float32
	kernSinkI int
)

// kernVec returns n floats uniform in [lo, hi).
func kernVec(r *rand.Rand, n int, lo, hi float32) []float32 {
	x := make([]float32, n)
	for i := range x {
		x[i] = lo + (hi-lo)*r.Float32()
	}
	return x
}

var kernBenches = []kernBench{
	{"Axpy", kernVecShapes, func(r *rand.Rand, s kernShape) (func(), int) {
		x, y := kernVec(r, s.cols, -1, 1), kernVec(r, s.cols, -1, 1)
		// alpha ≈ 1 ± tiny keeps y bounded over millions of calls.
		return func() { kernels.Axpy(1e-7, x, y) }, 12 * s.cols
	}},
	{"Scale", kernVecShapes, func(r *rand.Rand, s kernShape) (func(), int) {
		x := kernVec(r, s.cols, -1, 1)
		return func() { kernels.Scale(1, x) }, 8 * s.cols
	}},
	{"Dot", kernVecShapes, func(r *rand.Rand, s kernShape) (func(), int) {
		x, y := kernVec(r, s.cols, -1, 1), kernVec(r, s.cols, -1, 1)
		return func() { kernSinkF = kernels.Dot(x, y) }, 8 * s.cols
	}},
	{"Add", kernVecShapes, func(r *rand.Rand, s kernShape) (func(), int) {
		x, y, d := kernVec(r, s.cols, -1, 1), kernVec(r, s.cols, -1, 1), make([]float32, s.cols)
		return func() { kernels.Add(d, x, y) }, 12 * s.cols
	}},
	{"Sub", kernVecShapes, func(r *rand.Rand, s kernShape) (func(), int) {
		x, y, d := kernVec(r, s.cols, -1, 1), kernVec(r, s.cols, -1, 1), make([]float32, s.cols)
		return func() { kernels.Sub(d, x, y) }, 12 * s.cols
	}},
	{"Mul", kernVecShapes, func(r *rand.Rand, s kernShape) (func(), int) {
		x, y, d := kernVec(r, s.cols, -1, 1), kernVec(r, s.cols, -1, 1), make([]float32, s.cols)
		return func() { kernels.Mul(d, x, y) }, 12 * s.cols
	}},
	{"Sum", kernVecShapes, func(r *rand.Rand, s kernShape) (func(), int) {
		x := kernVec(r, s.cols, -1, 1)
		return func() { kernSinkF = kernels.Sum(x) }, 4 * s.cols
	}},
	{"Max", kernVecShapes, func(r *rand.Rand, s kernShape) (func(), int) {
		x := kernVec(r, s.cols, -1, 1)
		return func() { kernSinkF = kernels.Max(x) }, 4 * s.cols
	}},
	{"Argmax", kernVecShapes, func(r *rand.Rand, s kernShape) (func(), int) {
		x := kernVec(r, s.cols, -1, 1)
		return func() { kernSinkI = kernels.Argmax(x) }, 4 * s.cols
	}},
	{"Exp", kernVecShapes, func(r *rand.Rand, s kernShape) (func(), int) {
		x, d := kernVec(r, s.cols, -10, 10), make([]float32, s.cols)
		return func() { kernels.Exp(d, x) }, 8 * s.cols
	}},
	{"Relu", kernVecShapes, func(r *rand.Rand, s kernShape) (func(), int) {
		x, d := kernVec(r, s.cols, -1, 1), make([]float32, s.cols)
		return func() { kernels.Relu(d, x) }, 8 * s.cols
	}},
	{"ReluBackward", kernVecShapes, func(r *rand.Rand, s kernShape) (func(), int) {
		dy, x, d := kernVec(r, s.cols, -1, 1), kernVec(r, s.cols, -1, 1), make([]float32, s.cols)
		return func() { kernels.ReluBackward(d, dy, x) }, 12 * s.cols
	}},
	{"SGD", kernVecShapes, func(r *rand.Rand, s kernShape) (func(), int) {
		w, g := kernVec(r, s.cols, -1, 1), kernVec(r, s.cols, -1, 1)
		return func() { kernels.SGD(1e-7, w, g) }, 12 * s.cols
	}},
	{"Sigmoid", kernVecShapes, func(r *rand.Rand, s kernShape) (func(), int) {
		x, d := kernVec(r, s.cols, -10, 10), make([]float32, s.cols)
		return func() { kernels.Sigmoid(d, x) }, 8 * s.cols
	}},
	{"SigmoidBackward", kernVecShapes, func(r *rand.Rand, s kernShape) (func(), int) {
		dy, y, d := kernVec(r, s.cols, -1, 1), kernVec(r, s.cols, 0, 1), make([]float32, s.cols)
		return func() { kernels.SigmoidBackward(d, dy, y) }, 12 * s.cols
	}},
	{"Tanh", kernVecShapes, func(r *rand.Rand, s kernShape) (func(), int) {
		x, d := kernVec(r, s.cols, -5, 5), make([]float32, s.cols)
		return func() { kernels.Tanh(d, x) }, 8 * s.cols
	}},
	{"TanhBackward", kernVecShapes, func(r *rand.Rand, s kernShape) (func(), int) {
		dy, y, d := kernVec(r, s.cols, -1, 1), kernVec(r, s.cols, -1, 1), make([]float32, s.cols)
		return func() { kernels.TanhBackward(d, dy, y) }, 12 * s.cols
	}},
	{"Softplus", kernVecShapes, func(r *rand.Rand, s kernShape) (func(), int) {
		x, d := kernVec(r, s.cols, -10, 10), make([]float32, s.cols)
		return func() { kernels.Softplus(d, x) }, 8 * s.cols
	}},
	{"SoftplusBackward", kernVecShapes, func(r *rand.Rand, s kernShape) (func(), int) {
		dy, x, d := kernVec(r, s.cols, -1, 1), kernVec(r, s.cols, -10, 10), make([]float32, s.cols)
		return func() { kernels.SoftplusBackward(d, dy, x) }, 12 * s.cols
	}},
	{"SGDMomentum", kernVecShapes, func(r *rand.Rand, s kernShape) (func(), int) {
		w, g, v := kernVec(r, s.cols, -1, 1), kernVec(r, s.cols, -1, 1), make([]float32, s.cols)
		// A tiny step keeps w bounded over millions of calls.
		return func() { kernels.SGDMomentum(1e-9, 0.9, w, g, v) }, 20 * s.cols
	}},
	{"SGDNesterov", kernVecShapes, func(r *rand.Rand, s kernShape) (func(), int) {
		w, g, v := kernVec(r, s.cols, -1, 1), kernVec(r, s.cols, -1, 1), make([]float32, s.cols)
		return func() { kernels.SGDNesterov(1e-9, 0.9, w, g, v) }, 20 * s.cols
	}},
	{"Adam", kernVecShapes, func(r *rand.Rand, s kernShape) (func(), int) {
		w, g := kernVec(r, s.cols, -1, 1), kernVec(r, s.cols, -1, 1)
		m, v := make([]float32, s.cols), make([]float32, s.cols)
		return func() { kernels.Adam(1e-9, 0.9, 0.999, 1e-7, w, g, m, v) }, 28 * s.cols
	}},
	{"AddRowVector", kernRowShapes, func(r *rand.Rand, s kernShape) (func(), int) {
		a, v := kernVec(r, s.rows*s.cols, -1, 1), kernVec(r, s.cols, -1e-7, 1e-7)
		return func() { kernels.AddRowVector(s.rows, s.cols, a, s.cols, v) }, 8*s.rows*s.cols + 4*s.cols
	}},
	{"ColumnSums", kernRowShapes, func(r *rand.Rand, s kernShape) (func(), int) {
		a, d := kernVec(r, s.rows*s.cols, -1, 1), make([]float32, s.cols)
		return func() { kernels.ColumnSums(d, s.rows, s.cols, a, s.cols) }, 4*s.rows*s.cols + 4*s.cols
	}},
	{"ArgmaxRows", kernRowShapes, func(r *rand.Rand, s kernShape) (func(), int) {
		a, d := kernVec(r, s.rows*s.cols, -1, 1), make([]int, s.rows)
		return func() { kernels.ArgmaxRows(d, s.rows, s.cols, a, s.cols) }, 4*s.rows*s.cols + 8*s.rows
	}},
	{"SoftmaxRows", kernRowShapes, func(r *rand.Rand, s kernShape) (func(), int) {
		x, y := kernVec(r, s.rows*s.cols, -10, 10), make([]float32, s.rows*s.cols)
		return func() { kernels.SoftmaxRows(s.rows, s.cols, x, s.cols, y, s.cols) }, 8 * s.rows * s.cols
	}},
	{"LogSumExpRows", kernRowShapes, func(r *rand.Rand, s kernShape) (func(), int) {
		x, d := kernVec(r, s.rows*s.cols, -10, 10), make([]float32, s.rows)
		return func() { kernels.LogSumExpRows(d, s.rows, s.cols, x, s.cols) }, 4*s.rows*s.cols + 4*s.rows
	}},
}

// BenchmarkKernels measures every non-GEMM kernel on every path and shape.
func BenchmarkKernels(b *testing.B) {
	saved := kernels.Path()
	defer kernels.SetPath(saved)
	for _, k := range kernBenches {
		b.Run(k.name, func(b *testing.B) {
			for _, path := range benchPaths {
				b.Run(path, func(b *testing.B) {
					if err := kernels.SetPath(path); err != nil {
						b.Skip(err)
					}
					for _, s := range k.shapes {
						b.Run(s.String(), func(b *testing.B) {
							r := rand.New(rand.NewPCG(uint64(s.rows), uint64(s.cols)))
							call, bytes := k.setup(r, s)
							b.SetBytes(int64(bytes))
							for b.Loop() {
								call()
							}
							b.ReportMetric(float64(bytes)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GB/s")
						})
					}
				})
			}
		})
	}
}
