package asm

// Epilogue is what the GEMM microkernels (SgemmKernelAVX512,
// SgemmKernelAVX2) apply to a tile of C as they store it, after
// C = alpha·A·B + beta·C, when their ep argument is not nil. Their
// epilogue loops read its fields at fixed offsets: Kind at 0, Bias at 8,
// Mask at 16, LDMask at 24.
type Epilogue struct {
	// Kind is EpiBias, EpiBiasRelu or EpiMask.
	Kind int
	// Bias points at the bias of the tile's first column:
	// c[i*ldc+j] += Bias[j] (EpiBias, EpiBiasRelu).
	Bias *float32
	// Mask points at the mask element of the tile's first row and column,
	// with rows LDMask elements apart: c[i*ldc+j] is set to 0 unless
	// Mask[i*LDMask+j] > 0 (EpiMask).
	Mask   *float32
	LDMask int
}

// The epilogue kinds. EpiBiasRelu adds the bias, then takes max(c, 0),
// a NaN staying NaN (kernels.Relu); EpiMask zeroes c where the mask is
// not > 0, NaN included (kernels.ReluBackward).
const (
	EpiBias     = 1
	EpiBiasRelu = 2
	EpiMask     = 3
)
