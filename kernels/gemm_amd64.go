//go:build !purego

package kernels

import (
	"github.com/gof32/gof32/internal/asm"
	"github.com/gof32/gof32/internal/peak"
	"github.com/klauspost/cpuid/v2"
)

// The AVX-512 GEMM: 8×32 register tiles (sixteen ZMM accumulators) of
// asm.SgemmKernelAVX512, which reads A with any row stride, so a plain
// row-major A can be read in place.
//
// Eight rows divide the MNIST batch of 32 and 784; sixteen accumulators
// cover the FMA latency (4 cycles) at two 512-bit FMAs per cycle (Zen 5,
// two-port Xeons: 8 chains needed) and at one (Zen 4). Taller tiles
// (12×32, 14×32) measured no faster at 1024³ on Zen 4 and slower on the
// MNIST shapes; on Zen 5 12×32 was within the noise of 8×32 on the MNIST
// shapes (0–1 %, where the n%32 edge and the per-tile overhead bound
// them, not the FMA latency) and its packing of A, 8 + 4 rows a panel,
// cost more at 1024³. The tile does not change results; the blocks mc, kc, nc
// are derived from the core in init below (blocking.go). A product whose
// B is read in place keeps kcDirect = 1024 on every CPU.
var avx512Gemm = gemmConfig{
	mr: 8, nr: 32,
	mc: 128, kc: 1024, nc: 2048, // Zen 4's; replaced in init
	kcDirect: 1024,
	strided:  asm.SgemmKernelAVX512,
	dot4:     asm.DotTile4AVX512,

	transpose8:     asm.Transpose8AVX2,
	transpose8AnyN: true,
	copy8:          asm.CopyBlockAVX2,

	peak: peak.Loop{Run: asm.FMAPeakAVX512, Flops: asm.FlopsPerIterAVX512},
}

// The AVX2 GEMM: 6×16 register tiles (twelve YMM accumulators) of
// asm.SgemmKernelAVX2: with two B vectors and a broadcast of A they fill
// the sixteen YMM registers, and twelve accumulators cover the FMA
// latency at two FMAs per cycle. The blocks are derived from the core
// (blocking.go); a product whose B is read in place keeps kcDirect = 512
// on every CPU.
var avx2Gemm = gemmConfig{
	mr: 6, nr: 16,
	mc: 144, kc: 512, nc: 2048, // replaced in init
	kcDirect: 512,
	strided:  asm.SgemmKernelAVX2,
	dot4:     asm.DotTile4AVX2,

	transpose8:     asm.Transpose8AVX2,
	transpose8AnyN: true,
	copy8:          asm.CopyBlockAVX2,

	peak: peak.Loop{Run: asm.FMAPeakAVX2, Flops: asm.FlopsPerIterAVX2},
}

// init derives the blocks of both GEMMs from this core (blocking.go).
func init() {
	c := thisCore()
	avx512Gemm.mc, avx512Gemm.kc, avx512Gemm.nc = gemmBlocks(c, avx512Gemm.mr, avx512Gemm.nr, 16)
	avx2Gemm.mc, avx2Gemm.kc, avx2Gemm.nc = gemmBlocks(c, avx2Gemm.mr, avx2Gemm.nr, 8)
}

// thisCore reads the core's caches and 512-bit FMA pipes from cpuid.
// AMD family 19h (Zen 4) splits a 512-bit FMA over its two 256-bit pipes;
// family 1Ah (Zen 5) and later have two full-width pipes. Intel cores
// with AVX-512 are taken to have two 512-bit FMA ports (the Xeon Gold and
// Platinum SKUs since Skylake-SP; cpuid does not tell the one-port ones
// apart). Anything else with AVX-512 counts as one pipe, which keeps the
// blocks measured on Zen 4.
func thisCore() cpuCore {
	c := cpuCore{l1d: cpuid.CPU.Cache.L1D, l2: cpuid.CPU.Cache.L2, l3: cpuid.CPU.Cache.L3}
	if hasAVX512 {
		c.fmaPipes512 = fmaPipes512(cpuid.CPU.VendorID, cpuid.CPU.Family)
	}
	return c
}

// fmaPipes512 is thisCore's rule for the 512-bit FMA pipes of a core with
// AVX-512.
func fmaPipes512(v cpuid.Vendor, family int) int {
	switch {
	case v == cpuid.AMD && family >= 0x1a, v == cpuid.Intel:
		return 2
	}
	return 1
}
