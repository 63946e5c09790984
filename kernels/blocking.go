package kernels

// GEMM cache blocking derived from the core (the caches and the FMA
// units that cpuid reports), not one set of constants.
//
// The driver (gemmBlocked) runs, for each panel of nc columns of B and
// each block of kc steps of k, the microkernel over an A block of mc×kc
// (packed, in L2) and a B panel of kc×nc (packed, in L3), jr outer and ir
// inner: one B micro-panel of kc×nr is reused by every A micro-panel of
// mr×kc of the block. Per k step the kernel reads nr+mr floats and issues
// mr·nr/lanes FMAs, so a core with P vector FMA pipes needs
// 4·(mr+nr)·P·lanes/(mr·nr) bytes per cycle when both come from L2.
//
//	kc  When that is more than l1FillBudget bytes per cycle, the B
//	    micro-panel must stay in L1 while the A micro-panels stream from
//	    L2: kc·nr·4 ≤ 2/3 of L1d (the rest for the A stream, C and the
//	    prefetches ahead), a multiple of 64, in [kcMin, kcMax]. Otherwise
//	    the kernel's prefetches (8 steps ahead) hide L2 and a long kc
//	    (kcMax) wins: C's tiles are read and written once per kc.
//	mc  The A block mc×kc·4 is at most half of L2 (the other half holds
//	    the B micro-panels passing through and C), a multiple of mr, at
//	    most mcMax = 256 rows: a B micro-panel is then reused by 32 A
//	    micro-panels, and larger blocks measured slower on Zen 5 (1024³:
//	    mc = 128 and 256 90–92 %, 512 87–89 %).
//	nc  The B panel kc×nc·4 is a quarter of the L3 cpuid reports (shared
//	    with the other cores of the CCX or socket), a multiple of nr, in
//	    [16·nr, ncMax].
//
// Per core (measured where said, by thread CPU time on one core):
//
//	AMD Zen 4 (family 19h): 32 KiB L1d, 1 MiB L2. A 512-bit FMA runs as
//	two halves on the two 256-bit pipes (avx512 peak = avx2 peak, 32
//	flops/cycle): the 8×32 AVX-512 kernel needs 10 B/cycle → B streams,
//	kc = 1024, mc = 128, nc = 2048 (measured: 90–93 % at 1024³, kc = 256
//	87 %). AVX2 6×16 needs 14.7 B/cycle → kc = 320, mc = 252, nc =
//	4096 (were 512, 144, 2048; kc 384–1024 measured within the noise).
//	AMD Zen 5 (family 1Ah): 48 KiB L1d, 1 MiB L2, two full-width 512-bit
//	FMA pipes (64 flops/cycle): AVX-512 needs 20 B/cycle → kc = 256 (a
//	32 KiB B micro-panel), mc = 256, nc = 4096 (measured at 1024³: kc =
//	256 2–3 % faster than 1024, 384 and 512 slower than both); AVX2 kc =
//	512, mc = 252.
//	Intel Xeon (Skylake-SP Gold/Platinum, Ice Lake-SP, Sapphire Rapids):
//	two 512-bit FMA ports, 32 KiB (Skylake-SP) or 48 KiB L1d, 1–2 MiB L2:
//	as Zen 5, B in L1: kc = 256 (on 32 KiB the rule gives 128, raised to
//	kcMin), mc = 256, nc = 4096. cpuid does not say how many FMA ports an
//	Intel core has; the one-port SKUs (Xeon Bronze/Silver, client cores)
//	get the same blocks. Not measured: no such machine.
//	No cache information (some VMs): 32 KiB L1d, 1 MiB L2, 8 MiB L3.
//
// Results: kc is the only block that changes the order in which a dot
// product's terms are summed (the tile shape, mc and nc do not: every
// element of C is one accumulator lane summed in k order). So that the
// same path gives the same bits on every CPU for the products of small
// networks (the MNIST ones, nn's fidelity test), a product whose B the
// kernel reads in place uses the path's fixed kcDirect, never a derived
// one, and a derived kc is never below kcMin = 256, so a packed product
// with k ≤ 256 (the input gradients G·Wᵀ of such networks) is one k block
// everywhere. Larger packed products (k > 256, B over 512 KiB or many
// rows) may differ in the last bits between CPUs with different L1d.

// cpuCore is what gemmBlocks derives the blocks from.
type cpuCore struct {
	l1d, l2, l3 int // bytes per core (l3: what cpuid reports); ≤ 0 when unknown
	// fmaPipes512 is the number of 512-bit FMAs a core starts per
	// cycle: 2 on Zen 5 and two-port Xeons, 1 on Zen 4 (double-pumped);
	// 0 when it has no AVX-512. 256-bit FMAs are taken as two per cycle.
	fmaPipes512 int
}

// Fallbacks when cpuid reports no cache sizes (some VMs): Zen 4's and
// Skylake-SP's L1d, a 1 MiB L2, an 8 MiB L3.
const (
	defaultL1D = 32 << 10
	defaultL2  = 1 << 20
	defaultL3  = 8 << 20
)

const (
	kcMin        = 256
	kcMax        = 1024
	mcMax        = 256
	ncMax        = 4096
	l1FillBudget = 12 // bytes per cycle from L2 the kernel may stream
)

// gemmBlocks returns mc, kc, nc for a register tile of mr×nr floats in
// vectors of lanes floats (16: AVX-512, 8: AVX2) on core c.
func gemmBlocks(c cpuCore, mr, nr, lanes int) (mc, kc, nc int) {
	l1, l2, l3 := c.l1d, c.l2, c.l3
	if l1 <= 0 {
		l1 = defaultL1D
	}
	if l2 <= 0 {
		l2 = defaultL2
	}
	if l3 <= 0 {
		l3 = defaultL3
	}
	pipes := 2 // 256-bit FMAs per cycle
	if lanes == 16 {
		pipes = max(1, c.fmaPipes512)
	}
	// Cycles per k step (mr·nr/lanes FMAs on pipes), bytes per k step.
	fill := 4 * (mr + nr) * pipes * lanes / (mr * nr)
	if fill <= l1FillBudget {
		kc = kcMax
	} else {
		kc = (2 * l1 / 3) / (4 * nr) / 64 * 64
		kc = min(max(kc, kcMin), kcMax)
	}
	mc = min(mcMax, l2/2/(4*kc)) / mr * mr
	mc = max(mc, mr)
	nc = min(ncMax, l3/4/(4*kc)) / nr * nr
	nc = max(nc, 16*nr)
	return mc, kc, nc
}
