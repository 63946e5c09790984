package kernels

import (
	"math"
	"slices"
	"testing"

	"github.com/gof32/gof32/internal/guard"
)

// TestPrefetch: Prefetch reads nothing it may not and changes nothing,
// for every length around a cache line (16 floats) and slices against a
// guard page on either side, starting at every offset within a line.
func TestPrefetch(t *testing.T) {
	Prefetch(nil)
	for n := 0; n <= 70; n++ {
		for _, side := range guard.Sides {
			x := guard.Floats(t, n, side)
			for i := range x {
				x[i] = float32(i) - 0.5
			}
			if n > 0 {
				x[0] = float32(math.NaN())
			}
			want := slices.Clone(x)
			for off := 0; off < min(n, 17); off++ {
				Prefetch(x[off:])
				Prefetch(x[:n-off])
			}
			for i := range x {
				if math.Float32bits(x[i]) != math.Float32bits(want[i]) {
					t.Fatalf("n=%d %v: Prefetch changed x[%d] from %v to %v", n, side, i, want[i], x[i])
				}
			}
		}
	}
}
