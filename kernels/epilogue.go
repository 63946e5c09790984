package kernels

import "github.com/gof32/gof32/internal/asm"

// Epilogue is elementwise work that SgemmEpilogue applies to C as part
// of the product, in this order, after C = alpha·op(A)·op(B) + beta·C:
//
//	Bias != nil:  C[i,j] += Bias[j]                       (a dense layer's bias)
//	Relu:         C[i,j] = max(C[i,j], 0), NaN staying NaN (as Relu)
//	Mask != nil:  C[i,j] = 0 unless Mask[i*LDMask+j] > 0    (as ReluBackward with x = Mask)
//
// A zero Epilogue applies nothing. On the avx2 and avx512 paths the
// combinations a dense layer uses (bias; bias and ReLU; mask alone) are
// applied by the microkernel to each tile of C in registers as it stores
// it, so C is written once; other combinations, and the other paths,
// apply them to each block of C right after its last product (with the
// path's AddRowVector, Relu and ReluBackward, whose results they equal).
type Epilogue struct {
	Bias   []float32 // at least n elements, or nil
	Relu   bool
	Mask   []float32 // m×n with leading dimension LDMask, or nil
	LDMask int

	// Prefetch, when not nil, is not applied to C: the product hints
	// its queued lines between its register tiles (see Prefetcher). A
	// product split among threads leaves them queued.
	Prefetch *Prefetcher
}

// SgemmEpilogue is Sgemm followed by ep on every element of C, fused: for
// a dense layer, y = relu(x·W + b) is
//
//	SgemmEpilogue(false, false, rows, out, in, 1, x, in, w, out, 0, y, out, &Epilogue{Bias: b, Relu: true})
//
// and the gradient through a ReLU whose output is h, dh = (dy·Wᵀ) ⊙ [h > 0],
//
//	SgemmEpilogue(false, true, rows, in, out, 1, dy, out, w, out, 0, dh, in, &Epilogue{Mask: h, LDMask: in})
//
// When the product is empty (k or alpha is 0) C = beta·C and ep still
// applies. Each element is the one Sgemm computes with ep applied to it
// after rounding, except that beta·C and the sum may round differently
// than in Sgemm when the product is split along k (see Sgemm). A nil ep
// is Sgemm. Bias shorter than n, or Mask too short for m×n with its
// leading dimension, panics.
func SgemmEpilogue(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int, ep *Epilogue) {
	sgemmEpilogue("SgemmEpilogue", false, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, ep)
}

// SgemmEpilogueSerial is SgemmEpilogue computed on the calling goroutine
// alone, however large: never split among threads, with the arithmetic
// SgemmEpilogue has when Threads() is 1. It is for the parts of a
// Parallel call, which are themselves the split of a larger piece of work
// among the threads (a part that split its products would only queue
// behind the other parts for helpers, and split products along k round
// differently).
func SgemmEpilogueSerial(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int, ep *Epilogue) {
	sgemmEpilogue("SgemmEpilogueSerial", true, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, ep)
}

// sgemmEpilogue is SgemmEpilogue, on the caller alone when serial.
func sgemmEpilogue(fn string, serial, transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int, ep *Epilogue) {
	var pf *Prefetcher
	if ep != nil {
		pf = ep.Prefetch
		if ep.isZero() {
			ep = nil
		}
	}
	if ep != nil {
		if ep.Bias != nil {
			checkVector(fn, "Bias", ep.Bias, n)
		}
		if ep.Mask != nil {
			checkMatrix(fn, "Mask", m, n, ep.Mask, ep.LDMask)
		}
	}
	if !gemmPrologue(fn, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) {
		if ep != nil && m > 0 && n > 0 {
			applyEpilogue(ep, m, n, c, ldc, 0, 0)
		}
		return
	}
	p := current.Load()
	if p.gemm == nil {
		refSgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		if ep != nil {
			applyEpilogue(ep, m, n, c, ldc, 0, 0)
		}
		return
	}
	g := gemmArgs{transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, beta: beta,
		a: a, b: b, c: c, lda: lda, ldb: ldb, ldc: ldc, ep: ep, epKind: ep.asmKind(), serial: serial, pf: pf}
	runGemm(p.gemm, &g)
}

// isZero reports whether ep applies nothing to C.
func (ep Epilogue) isZero() bool { return ep.Bias == nil && !ep.Relu && ep.Mask == nil }

// asmKind is the asm.Epilogue kind that applies ep, or 0 when the
// microkernels have none for it.
func (ep *Epilogue) asmKind() int {
	switch {
	case ep == nil:
		return 0
	case ep.Bias != nil && ep.Mask == nil && !ep.Relu:
		return asm.EpiBias
	case ep.Bias != nil && ep.Mask == nil && ep.Relu:
		return asm.EpiBiasRelu
	case ep.Bias == nil && ep.Mask != nil && !ep.Relu:
		return asm.EpiMask
	}
	return 0
}

// applyEpilogue applies ep to the rows×cols block of C at c (row stride
// ldc), whose first element is C[i0, j0], with the path's row-wise
// kernels.
func applyEpilogue(ep *Epilogue, rows, cols int, c []float32, ldc, i0, j0 int) {
	p := current.Load()
	if ep.Bias != nil {
		p.addRowVector(rows, cols, c, ldc, ep.Bias[j0:j0+cols])
	}
	for i := range rows {
		row := c[i*ldc : i*ldc+cols]
		if ep.Relu {
			p.relu(row, row)
		}
		if ep.Mask != nil {
			o := (i0+i)*ep.LDMask + j0
			p.reluBwd(row, row, ep.Mask[o:o+cols])
		}
	}
}
