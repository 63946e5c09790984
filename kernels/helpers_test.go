package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gof32/gof32/internal/guard"
)

// u is the unit roundoff of float32: the largest relative error of one
// correctly rounded operation.
const u = 1.0 / (1 << 24)

// gamma is Higham's γ_n = n·u/(1−n·u): a sum or dot product of n terms in
// any order is off the exact value by at most γ_{n}·Σ|terms| (Higham,
// Accuracy and Stability of Numerical Algorithms, §3.1). Two paths that
// each meet that bound differ by at most twice it.
func gamma(n int) float64 {
	nu := float64(n) * u
	return nu / (1 - nu)
}

// forEachPath runs f once per path this CPU and build can run, with that
// path selected, and restores the path that was in use.
func forEachPath(t *testing.T, f func(t *testing.T)) {
	t.Helper()
	saved := Path()
	defer SetPath(saved)
	for _, name := range Paths() {
		if err := SetPath(name); err != nil {
			t.Fatal(err)
		}
		t.Run(name, f)
	}
}

// simdPaths runs f for every path but naive, the reference itself.
func forEachFastPath(t *testing.T, f func(t *testing.T)) {
	t.Helper()
	forEachPath(t, func(t *testing.T) {
		if Path() == "naive" {
			t.Skip("naive is the reference the others are compared with")
		}
		f(t)
	})
}

func newRand(t testing.TB) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(len(t.Name())), 216091))
}

// fillUniform fills x with values uniform in [-1, 1).
func fillUniform(r *rand.Rand, x []float32) {
	for i := range x {
		x[i] = 2*r.Float32() - 1
	}
}

// specials are the values where kernels go wrong: NaN, infinities, signed
// zeros, denormals, the extremes of the normal range.
var specials = []float32{
	float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1)),
	0, float32(math.Copysign(0, -1)),
	math.SmallestNonzeroFloat32, -math.SmallestNonzeroFloat32, 1e-40, -3e-39,
	math.MaxFloat32, -math.MaxFloat32, 1.1754944e-38,
}

// sumSpecials leaves out the finite extremes: whether a sum of them
// overflows depends on the order of the additions, which differs between
// paths by design.
var sumSpecials = specials[:9]

// sprinkle replaces about one element in eight with a value from sp.
func sprinkle(r *rand.Rand, x []float32, sp []float32) {
	for i := range x {
		if r.IntN(8) == 0 {
			x[i] = sp[r.IntN(len(sp))]
		}
	}
}

// ulpDiff is the number of float32 values between a and b (0 when equal,
// NaN counting equal to NaN, +0 to −0).
func ulpDiff(a, b float32) uint32 {
	if a != a || b != b {
		if a != a && b != b {
			return 0
		}
		return math.MaxUint32
	}
	if a == b {
		return 0
	}
	ia, ib := ordered(a), ordered(b)
	if ia > ib {
		return uint32(ia - ib)
	}
	return uint32(ib - ia)
}

// ordered maps float32 bits to integers in the order of the floats.
func ordered(f float32) int64 {
	b := int64(math.Float32bits(f))
	if b&(1<<31) != 0 {
		return -(b & (1<<31 - 1))
	}
	return b
}

// near reports whether got is within tol of want, NaN matching NaN and an
// infinity matching only itself.
func near(got, want float32, tol float64) bool {
	if want != want || got != got {
		return want != want && got != got
	}
	if math.IsInf(float64(want), 0) || math.IsInf(float64(got), 0) {
		return got == want
	}
	return math.Abs(float64(got)-float64(want)) <= tol
}

// lengths are the vector lengths every kernel is tested on: all of 0..70,
// which crosses every unroll width up to 64 with every remainder, and some
// larger random ones.
func lengths(r *rand.Rand) []int {
	var ns []int
	for n := 0; n <= 70; n++ {
		ns = append(ns, n)
	}
	for range 6 {
		ns = append(ns, 71+r.IntN(5000))
	}
	return append(ns, 4096)
}

// offsets shifts the start of a slice off any alignment.
var offsets = []int{0, 1, 3}

// vecCase is one placement of test vectors: each in its own guarded arena,
// against the guard on the given side, starting off elements past an
// aligned start (for side Before).
type vecCase struct {
	n, off int
	side   guard.Side
}

func (c vecCase) String() string { return fmt.Sprintf("n=%d/off=%d/%s", c.n, c.off, c.side) }

// vecCases returns every length with every offset on both sides.
func vecCases(r *rand.Rand) []vecCase {
	var cs []vecCase
	for _, n := range lengths(r) {
		// Against the upper guard the end is fixed, and the start's
		// alignment follows from n; against the lower guard the start
		// is moved off alignment explicitly.
		cs = append(cs, vecCase{n, 0, guard.After})
		for _, off := range offsets {
			cs = append(cs, vecCase{n, off, guard.Before})
		}
	}
	return cs
}

// arenas holds guarded arenas for one test, reused across cases.
type arenas struct {
	as []*guard.Arena
}

func newArenas(t testing.TB, count, capacity int) *arenas {
	a := &arenas{}
	for range count {
		a.as = append(a.as, guard.NewArena(t, capacity))
	}
	return a
}

// get returns a guarded window of arena i for case c, filled from src.
func (a *arenas) get(i int, c vecCase, src []float32) []float32 {
	w := a.as[i].Slice(c.n+c.off, c.side)[c.off:]
	copy(w, src)
	return w
}
