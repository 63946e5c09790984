package kernels

import "testing"

// TestGemmBlocks checks the blocking rule (blocking.go) on the cache and
// FMA profiles of the cores it was written for, so that it is tested
// without their hardware.
func TestGemmBlocks(t *testing.T) {
	const K, M = 1 << 10, 1 << 20
	zen4 := cpuCore{l1d: 32 * K, l2: 1 * M, l3: 32 * M, fmaPipes512: 1}
	zen5 := cpuCore{l1d: 48 * K, l2: 1 * M, l3: 32 * M, fmaPipes512: 2}
	skx := cpuCore{l1d: 32 * K, l2: 1 * M, l3: 22 * M, fmaPipes512: 2}        // Xeon Gold 6xxx (Skylake-SP)
	spr := cpuCore{l1d: 48 * K, l2: 2 * M, l3: 105 * M, fmaPipes512: 2}       // Xeon Sapphire Rapids
	icx := cpuCore{l1d: 48 * K, l2: 1280 * K, l3: 48 * M, fmaPipes512: 2}     // Xeon Ice Lake-SP
	unknown := cpuCore{l1d: -1, l2: -1, l3: -1, fmaPipes512: 1}               // a VM that reports no caches
	avx2Only := cpuCore{l1d: 32 * K, l2: 512 * K, l3: 16 * M, fmaPipes512: 0} // Zen 2
	for _, c := range []struct {
		name       string
		core       cpuCore
		mr, nr     int
		lanes      int
		mc, kc, nc int
	}{
		// Zen 4: the 512-bit FMA is double-pumped, B streams from L2
		// with a long kc: the blocks measured there before.
		{"zen4/avx512", zen4, 8, 32, 16, 128, 1024, 2048},
		{"zen4/avx2", zen4, 6, 16, 8, 252, 320, 4096},
		// Zen 5: two full-width pipes, B micro-panel in the 48 KiB L1d.
		{"zen5/avx512", zen5, 8, 32, 16, 256, 256, 4096},
		{"zen5/avx2", zen5, 6, 16, 8, 252, 512, 4096},
		{"skylake-sp/avx512", skx, 8, 32, 16, 256, 256, 4096},
		{"icelake-sp/avx512", icx, 8, 32, 16, 256, 256, 4096},
		{"sapphire-rapids/avx512", spr, 8, 32, 16, 256, 256, 4096},
		{"sapphire-rapids/avx2", spr, 6, 16, 8, 252, 512, 4096},
		{"no-cache-info/avx512", unknown, 8, 32, 16, 128, 1024, 512},
		{"zen2/avx2", avx2Only, 6, 16, 8, 204, 320, 3264},
	} {
		mc, kc, nc := gemmBlocks(c.core, c.mr, c.nr, c.lanes)
		if mc != c.mc || kc != c.kc || nc != c.nc {
			t.Errorf("%s: mc, kc, nc = %d, %d, %d, want %d, %d, %d", c.name, mc, kc, nc, c.mc, c.kc, c.nc)
		}
		if mc%c.mr != 0 || nc%c.nr != 0 || kc < kcMin || kc > kcMax {
			t.Errorf("%s: blocks %d, %d, %d off the tile or the bounds", c.name, mc, kc, nc)
		}
		// Where B is kept in L1, its micro-panel fits 2/3 of L1d (or kc
		// is at its floor); the A block fits half of L2.
		l1, l2 := c.core.l1d, c.core.l2
		if l1 <= 0 {
			l1, l2 = defaultL1D, defaultL2
		}
		if kc < kcMax && kc > kcMin && kc*c.nr*4 > 2*l1/3 {
			t.Errorf("%s: B micro-panel %d bytes over 2/3 of L1d %d", c.name, kc*c.nr*4, l1)
		}
		if mc*kc*4 > l2/2 && mc > c.mr {
			t.Errorf("%s: A block %d bytes over half of L2 %d", c.name, mc*kc*4, l2)
		}
	}
}

// TestGemmBlocksFidelity checks the floor of kc that keeps small packed
// products one k block on every core (blocking.go).
func TestGemmBlocksFidelity(t *testing.T) {
	// Whatever the core, a derived kc never splits a k of 256 or less:
	// the packed products of small networks (G·Wᵀ) stay one k block.
	for l1 := 8 << 10; l1 <= 256<<10; l1 += 8 << 10 {
		for _, pipes := range []int{0, 1, 2} {
			_, kc, _ := gemmBlocks(cpuCore{l1d: l1, l2: 1 << 20, l3: 8 << 20, fmaPipes512: pipes}, 8, 32, 16)
			if kc < 256 {
				t.Fatalf("L1d %d, %d pipes: kc = %d < 256", l1, pipes, kc)
			}
		}
	}
}
