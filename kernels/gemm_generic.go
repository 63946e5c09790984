package kernels

// The generic path's GEMM: the shared blocked driver around a 4×4 register
// tile written in Go. Sixteen accumulators fill most of the sixteen
// floating-point registers that Go uses on amd64 and leave the loads of A
// and B to memory operands.
var genericGemm = gemmConfig{
	mr: 4, nr: 4,
	mc: 128, kc: 256, nc: 2048,
	kernel: genKernel4x4,
}

func genKernel4x4(k int, a []float32, sa int, b []float32, sb int, c []float32, ldc, mr, nr int, alpha, beta float32) {
	if mr != 4 || nr != 4 {
		genKernelEdge(k, a, sa, b, sb, c, ldc, mr, nr, alpha, beta)
		return
	}
	var c00, c01, c02, c03 float32
	var c10, c11, c12, c13 float32
	var c20, c21, c22, c23 float32
	var c30, c31, c32, c33 float32
	for p := 0; p < k; p++ {
		ap := a[p*sa : p*sa+4 : p*sa+4]
		bp := b[p*sb : p*sb+4 : p*sb+4]
		a0, a1, a2, a3 := ap[0], ap[1], ap[2], ap[3]
		b0, b1, b2, b3 := bp[0], bp[1], bp[2], bp[3]
		c00 += a0 * b0
		c01 += a0 * b1
		c02 += a0 * b2
		c03 += a0 * b3
		c10 += a1 * b0
		c11 += a1 * b1
		c12 += a1 * b2
		c13 += a1 * b3
		c20 += a2 * b0
		c21 += a2 * b1
		c22 += a2 * b2
		c23 += a2 * b3
		c30 += a3 * b0
		c31 += a3 * b1
		c32 += a3 * b2
		c33 += a3 * b3
	}
	storeRow4(c[0*ldc:], c00, c01, c02, c03, alpha, beta)
	storeRow4(c[1*ldc:], c10, c11, c12, c13, alpha, beta)
	storeRow4(c[2*ldc:], c20, c21, c22, c23, alpha, beta)
	storeRow4(c[3*ldc:], c30, c31, c32, c33, alpha, beta)
}

func storeRow4(c []float32, s0, s1, s2, s3, alpha, beta float32) {
	c = c[:4:4]
	if beta == 0 {
		c[0], c[1], c[2], c[3] = alpha*s0, alpha*s1, alpha*s2, alpha*s3
		return
	}
	c[0] = alpha*s0 + beta*c[0]
	c[1] = alpha*s1 + beta*c[1]
	c[2] = alpha*s2 + beta*c[2]
	c[3] = alpha*s3 + beta*c[3]
}

// genKernelEdge is any microkernel's contract written plainly, for tiles
// smaller than the register tile.
func genKernelEdge(k int, a []float32, sa int, b []float32, sb int, c []float32, ldc, mr, nr int, alpha, beta float32) {
	for i := 0; i < mr; i++ {
		for j := 0; j < nr; j++ {
			var s float32
			for p := 0; p < k; p++ {
				s += a[p*sa+i] * b[p*sb+j]
			}
			if beta == 0 {
				c[i*ldc+j] = alpha * s
			} else {
				c[i*ldc+j] = alpha*s + beta*c[i*ldc+j]
			}
		}
	}
}
