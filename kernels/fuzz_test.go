package kernels

import (
	"encoding/binary"
	"math"
	"testing"

	"github.com/gof32/gof32/internal/guard"
)

// fuzzMaxN bounds the vectors a fuzz input decodes to.
const fuzzMaxN = 1024

// fuzzVectors decodes data into two vectors of float32 bit patterns
// (every NaN, infinity, denormal and signed zero can occur), each n long
// with n = len(data)/8 (at most fuzzMaxN). Finite values of magnitude 2⁵⁰
// or more are scaled by 2⁻⁷⁸ into [2⁻²⁸, 2⁵⁰): then no sum or dot product
// of up to fuzzMaxN terms overflows in any order, whereas with the full
// range whether a sum overflows depends on the order of the additions,
// which differs between paths by design (the same reason sumSpecials
// leaves out the finite extremes).
func fuzzVectors(data []byte) (x, y []float32) {
	n := min(len(data)/8, fuzzMaxN)
	x, y = make([]float32, n), make([]float32, n)
	for i := 0; i < n; i++ {
		x[i] = fuzzFloat(binary.LittleEndian.Uint32(data[8*i:]))
		y[i] = fuzzFloat(binary.LittleEndian.Uint32(data[8*i+4:]))
	}
	return x, y
}

func fuzzFloat(bits uint32) float32 {
	v := math.Float32frombits(bits)
	if a := math.Abs(float64(v)); a >= 0x1p50 && !math.IsInf(a, 0) && !math.IsNaN(a) {
		v *= 0x1p-78
	}
	return v
}

// fuzzSeeds are the seed inputs, run by a plain `go test` too: lengths
// around the unroll widths, with specials.
func fuzzSeeds(f *testing.F) {
	f.Add([]byte{}, uint8(0))
	for _, n := range []int{1, 7, 8, 9, 15, 16, 17, 31, 33, 63, 64, 65, 100, 257} {
		data := make([]byte, 8*n)
		for i := 0; i < 2*n; i++ {
			var v float32
			switch i % 13 {
			case 0, 5, 9:
				v = specials[(i/13)%len(specials)]
			case 3:
				v = specials[(i/7)%len(specials)]
			default:
				v = float32(i%29)/7 - 2
			}
			binary.LittleEndian.PutUint32(data[4*i:], math.Float32bits(v))
		}
		f.Add(data, uint8(n))
	}
}

// FuzzVectorKernels holds every elementwise and reduction kernel (the
// vecKernels of vector_test.go, and Exp) on every fast path against the
// reference, on vectors the fuzzer chooses, placed inside guard pages with
// the start moved off alignment by off%4 elements and the side of the
// guard chosen by off's bit 2. Tolerances are the ones of the table.
func FuzzVectorKernels(f *testing.F) {
	fuzzVecKernels(f, append(vecKernels[:len(vecKernels):len(vecKernels)], vecKernel{name: "Exp", ins: 1,
		run: unaryRun(Exp), ref: unaryRun(refExp),
		tol: func(in [][]float32, i int, want float32) float64 { return expMaxULP * ulpOf(want) },
	}))
}

// fuzzVecKernels is the fuzz target of the kernels ks: on every fast
// path, each checked against the reference (checkVecKernel) on the
// vectors the fuzzer chooses, the start off alignment by off%4 elements
// and the side of the guard chosen by off's bit 2.
func fuzzVecKernels(f *testing.F, ks []vecKernel) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte, off uint8) {
		x, y := fuzzVectors(data)
		c := vecCase{n: len(x), off: int(off % 4), side: guard.Sides[(off>>2)%2]}
		if c.side == guard.After {
			c.off = 0
		}
		ar := newArenas(t, 3, c.n+c.off)
		forEachFastPath(t, func(t *testing.T) {
			for _, k := range ks {
				src := [][]float32{x, y}[:k.ins]
				checkVecKernel(t, c.String(), k, ar, c, src)
			}
		})
	})
}

// checkVecKernel runs k on the current path with its inputs copied into
// guarded windows, and on the reference with plain copies, and compares;
// label names the case in a failure.
func checkVecKernel(t *testing.T, label string, k vecKernel, ar *arenas, c vecCase, src [][]float32) {
	t.Helper()
	refIn := make([][]float32, k.ins)
	for j := range refIn {
		refIn[j] = append([]float32(nil), src[j]...)
	}
	refOut := make([]float32, c.n)
	if k.inout {
		refOut = refIn[0]
	}
	want := k.ref(refOut, refIn)
	in := make([][]float32, k.ins)
	for j := range in {
		in[j] = ar.get(j, c, src[j])
	}
	out := ar.get(k.ins, c, nil)
	if k.inout {
		out = in[0]
	}
	got := k.run(out, in)
	if k.scalarTol != nil {
		if tol := k.scalarTol(src); !near(float32(got), float32(want), tol) {
			t.Fatalf("%s %s: got %v, want %v (tolerance %g); inputs %v", k.name, label, got, want, tol, src)
		}
		return
	}
	for i := range out {
		if tol := k.tol(src, i, refOut[i]); !near(out[i], refOut[i], tol) {
			t.Fatalf("%s %s: element %d = %v, want %v (tolerance %g; inputs %v)", k.name, label, i, out[i], refOut[i], tol, column(src, i))
		}
	}
}
