// Package pathtest holds what the tests of packages tensor and nn share:
// running a test on every kernel path, and the float32 error constants
// their tolerances are derived from. (Package kernels has its own copy in
// its internal tests, which cannot import a package that imports kernels.)
package pathtest

import (
	"testing"

	"github.com/gof32/gof32/kernels"
)

// U is the unit roundoff of float32: the largest relative error of one
// correctly rounded operation.
const U = 1.0 / (1 << 24)

// The error bounds of kernels.Sigmoid, Tanh and Softplus, in ulp of the
// correctly rounded result, as their documentation states them.
const (
	SigmoidMaxULP  = 4
	TanhMaxULP     = 3
	SoftplusMaxULP = 3
)

// Gamma is Higham's γ_n = n·U/(1−n·U): a sum or dot product of n terms,
// added in any order, is within γ_{n−1}·Σ|terms| of the exact value
// (Higham, Accuracy and Stability of Numerical Algorithms, §3.1).
func Gamma(n int) float64 {
	nu := float64(n) * U
	return nu / (1 - nu)
}

// ForEach runs f as a subtest once per kernel path this CPU and build can
// run (kernels.Paths), with that path selected, and restores the path
// that was in use.
func ForEach(t *testing.T, f func(t *testing.T)) {
	t.Helper()
	saved := kernels.Path()
	defer kernels.SetPath(saved)
	for _, name := range kernels.Paths() {
		if err := kernels.SetPath(name); err != nil {
			t.Fatal(err)
		}
		t.Run(name, f)
	}
}
