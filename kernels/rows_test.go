package kernels

import (
	"math"
	"testing"

	"github.com/gof32/gof32/internal/guard"
)

// rowShapes are the row-wise kernels' shapes: every width of 0..70 with a
// few row counts, a wide one, and a leading dimension larger than the
// width.
func rowShapes() [][3]int {
	var s [][3]int
	for cols := 0; cols <= 70; cols++ {
		s = append(s, [3]int{1 + cols%5, cols, max(1, cols+cols%3)})
	}
	// Rows of zero width, the shape an empty batch of features has.
	s = append(s, [3]int{3, 0, 1}, [3]int{2, 0, 5})
	return append(s, [3]int{32, 10, 10}, [3]int{32, 100, 100}, [3]int{7, 1000, 1003}, [3]int{2, 4096, 4096})
}

// TestRowKernels holds the row-wise kernels against their references on
// every path, inside guard pages, with plain inputs and with specials.
func TestRowKernels(t *testing.T) {
	forEachFastPath(t, func(t *testing.T) {
		r := newRand(t)
		ar := newArenas(t, 3, 8*4100)
		for _, withSpecials := range []bool{false, true} {
			for si, sh := range rowShapes() {
				rows, cols, ld := sh[0], sh[1], sh[2]
				side := guard.Sides[si%2]
				n := size(rows, cols, ld)
				src := make([]float32, n)
				fillUniform(r, src)
				for i := range src {
					src[i] *= 30 // logits spread wide enough to test exp's range
				}
				if withSpecials {
					sprinkle(r, src, sumSpecials)
				}
				vec := make([]float32, cols)
				fillUniform(r, vec)
				c := vecCase{n: n, side: side}

				// AddRowVector: one addition per element, exact.
				x := ar.get(0, c, src)
				v := ar.get(1, vecCase{n: cols, side: side}, vec)
				want := append([]float32(nil), src...)
				refAddRowVector(rows, cols, want, ld, vec)
				AddRowVector(rows, cols, x, ld, v)
				compareBlock(t, "AddRowVector", sh, x, want, func(i, j int) float64 { return 0 })

				// ColumnSums: a sum over rows, within 2γ_rows·Σ|a|.
				x = ar.get(0, c, src)
				dst := ar.get(2, vecCase{n: cols, side: side}, nil)
				wantSums := make([]float32, cols)
				refColumnSums(wantSums, rows, cols, src, ld)
				ColumnSums(dst, rows, cols, x, ld)
				for j := 0; j < cols; j++ {
					var mag float64
					for i := 0; i < rows; i++ {
						mag += math.Abs(float64(src[i*ld+j]))
					}
					if tol := 2 * gamma(rows) * mag; !near(dst[j], wantSums[j], tol) {
						t.Fatalf("ColumnSums %v specials=%v: column %d = %v, want %v", sh, withSpecials, j, dst[j], wantSums[j])
					}
				}

				// ArgmaxRows: comparisons only, exact.
				idx := make([]int, rows)
				wantIdx := make([]int, rows)
				refArgmaxRows(wantIdx, rows, cols, src, ld)
				ArgmaxRows(idx, rows, cols, x, ld)
				for i := range idx {
					if idx[i] != wantIdx[i] {
						t.Fatalf("ArgmaxRows %v: row %d = %d, want %d", sh, i, idx[i], wantIdx[i])
					}
				}

				// SoftmaxRows, into another block and in place: each
				// output is e^(x−m)/s with exp within 2 ulp and s a sum
				// of cols terms in [0,1]: relative error within
				// (cols + 4)·u, plus the absolute error of the terms
				// that underflow.
				y := ar.get(1, c, nil)
				wantY := make([]float32, n)
				refSoftmaxRows(rows, cols, src, ld, wantY, ld)
				SoftmaxRows(rows, cols, x, ld, y, ld)
				tolY := func(i, j int) float64 {
					return float64(cols+4)*u*math.Abs(float64(wantY[i*ld+j])) + 1e-38
				}
				compareBlock(t, "SoftmaxRows", sh, y, wantY, tolY)
				SoftmaxRows(rows, cols, x, ld, x, ld)
				compareBlock(t, "SoftmaxRows in place", sh, x, wantY, tolY)

				// LogSumExpRows: m + log(s), s within (cols+4)·u
				// relatively, so the result within that absolutely plus
				// the rounding of the sum, u·|result|.
				x = ar.get(0, c, src)
				lse := ar.get(2, vecCase{n: rows, side: side}, nil)
				wantL := make([]float32, rows)
				refLogSumExpRows(wantL, rows, cols, src, ld)
				LogSumExpRows(lse, rows, cols, x, ld)
				for i := range lse {
					tol := float64(cols+4)*u + 2*u*math.Abs(float64(wantL[i]))
					if !near(lse[i], wantL[i], tol) {
						t.Fatalf("LogSumExpRows %v specials=%v: row %d = %v, want %v (tolerance %g)", sh, withSpecials, i, lse[i], wantL[i], tol)
					}
				}
			}
		}
	})
}

// compareBlock compares the rows×cols block of got with want, and checks
// that the padding between rows of got holds what want holds there.
func compareBlock(t *testing.T, name string, sh [3]int, got, want []float32, tol func(i, j int) float64) {
	t.Helper()
	rows, cols, ld := sh[0], sh[1], sh[2]
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			if g, w := got[i*ld+j], want[i*ld+j]; !near(g, w, tol(i, j)) {
				t.Fatalf("%s %v: [%d,%d] = %v, want %v (tolerance %g)", name, sh, i, j, g, w, tol(i, j))
			}
		}
	}
}

func TestRowArgs(t *testing.T) {
	a := make([]float32, 10)
	for _, tc := range []struct {
		want string
		f    func()
	}{
		{"AddRowVector: v has 3 elements, needs 4", func() { AddRowVector(2, 4, a, 5, a[:3]) }},
		{"ColumnSums: a is 3×4 with leading dimension 4 and needs 12 elements, has 10", func() { ColumnSums(a, 3, 4, a, 4) }},
		{"ArgmaxRows: dst has 1 elements, needs 2", func() { ArgmaxRows(make([]int, 1), 2, 4, a, 4) }},
		{"SoftmaxRows: leading dimension of y is 3, less than its 4 columns", func() { SoftmaxRows(2, 4, a, 4, a, 3) }},
		{"LogSumExpRows: dst has 1 elements, needs 2", func() { LogSumExpRows(a[:1], 2, 4, a, 4) }},
	} {
		if msg := catchPanic(tc.f); !contains(msg, tc.want) {
			t.Errorf("panic %q, want it to contain %q", msg, tc.want)
		}
	}
}

// TestColumnSumsExact: every path sums each column over the rows in the
// reference's order (from +0, row 0 first), so the results are the same
// bits, specials included. Shapes cross the 64-, 16- and 8-column blocks
// with every remainder, with tall blocks and padded rows, inside guard
// pages. AddRowVector (one exact addition per element) runs on the same
// shapes.
func TestColumnSumsExact(t *testing.T) {
	forEachFastPath(t, func(t *testing.T) {
		r := newRand(t)
		ar := newArenas(t, 3, 300*150)
		for cols := 0; cols <= 140; cols++ {
			for _, rows := range []int{0, 1, 2, 9, 300 - 2*cols} {
				ld := cols + cols%5
				if ld == 0 {
					ld = 1
				}
				side := guard.Sides[(rows+cols)%2]
				n := size(rows, cols, ld)
				src := make([]float32, n)
				fillUniform(r, src)
				sprinkle(r, src, specials)
				a := ar.get(0, vecCase{n: n, side: side}, src)
				dst := ar.get(1, vecCase{n: cols, side: side}, nil)
				want := make([]float32, cols)
				refColumnSums(want, rows, cols, src, ld)
				ColumnSums(dst, rows, cols, a, ld)
				for j := range want {
					if math.Float32bits(dst[j]) != math.Float32bits(want[j]) && !(dst[j] != dst[j] && want[j] != want[j]) {
						t.Fatalf("ColumnSums %dx%d ld %d: column %d = %v, want %v", rows, cols, ld, j, dst[j], want[j])
					}
				}
				v := ar.get(2, vecCase{n: cols, side: side}, src[:min(cols, n)])
				wantA := append([]float32(nil), src...)
				refAddRowVector(rows, cols, wantA, ld, v)
				AddRowVector(rows, cols, a, ld, v)
				compareBlock(t, "AddRowVector", [3]int{rows, cols, ld}, a, wantA, func(i, j int) float64 { return 0 })
			}
		}
	})
}

// TestArgmaxRowsPositions: blocks whose row i has its largest element, or
// its first NaN followed by larger values and more NaNs, or equal maxima,
// at column i%cols, for widths crossing the 16-lane vectors, with padded
// rows inside guard pages, against the reference on every path.
func TestArgmaxRowsPositions(t *testing.T) {
	forEachFastPath(t, func(t *testing.T) {
		ar := newArenas(t, 1, 3*70*74)
		nan := float32(math.NaN())
		for cols := 1; cols <= 70; cols++ {
			rows, ld := 3*cols, cols+cols%4
			src := make([]float32, size(rows, cols, ld))
			for i := 0; i < rows; i++ {
				row := src[i*ld : i*ld+cols]
				for j := range row {
					row[j] = -float32((i + j) % 7)
				}
				p := i % cols
				switch i / cols {
				case 0:
					row[p] = 3
				case 1:
					row[p] = nan
					for j := p + 1; j < cols; j++ {
						row[j] = float32(j)
					}
					if p+2 < cols {
						row[p+2] = nan
					}
				case 2:
					for j := p; j < cols; j += 2 {
						row[j] = 3
					}
				}
			}
			a := ar.get(0, vecCase{n: len(src), side: guard.Sides[cols%2]}, src)
			got, want := make([]int, rows), make([]int, rows)
			ArgmaxRows(got, rows, cols, a, ld)
			refArgmaxRows(want, rows, cols, src, ld)
			for i := range want {
				if got[i] != want[i] {
					t.Fatalf("%dx%d ld %d: row %d = %d, want %d (%v)", rows, cols, ld, i, got[i], want[i], src[i*ld:i*ld+cols])
				}
			}
		}
	})
}
