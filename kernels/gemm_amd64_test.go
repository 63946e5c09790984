//go:build !purego

package kernels

import (
	"testing"

	"github.com/klauspost/cpuid/v2"
)

// TestFMAPipes512 checks the vendors and families behind thisCore's count
// of 512-bit FMA pipes.
func TestFMAPipes512(t *testing.T) {
	for _, c := range []struct {
		v      cpuid.Vendor
		family int
		want   int
	}{
		{cpuid.AMD, 0x19, 1}, // Zen 4: double-pumped
		{cpuid.AMD, 0x1a, 2}, // Zen 5
		{cpuid.Intel, 6, 2},  // Xeon Skylake-SP … Sapphire Rapids
		{cpuid.VendorUnknown, 0, 1},
	} {
		if got := fmaPipes512(c.v, c.family); got != c.want {
			t.Errorf("%v family %#x: %d pipes, want %d", c.v, c.family, got, c.want)
		}
	}
}
