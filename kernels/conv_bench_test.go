package kernels

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// BenchmarkConvMNIST/<path>/threads=<T>/<phase>: the convolution and
// pooling kernels of one training step of the MNIST convnet (batch 128),
// phase by phase, in GFLOPS where the phase has a product.
func BenchmarkConvMNIST(b *testing.B) {
	const n = 128
	c1, _ := NewConvShape(28, 28, 1, 3, 3, 32, 1, 1, "valid")
	p1, _ := NewPoolShape(26, 26, 32, 2, 2, 2, 2)
	c2, _ := NewConvShape(13, 13, 32, 3, 3, 64, 1, 1, "valid")
	p2, _ := NewPoolShape(11, 11, 64, 2, 2, 2, 2)
	r := rand.New(rand.NewPCG(1, 2))
	f := func(k int) []float32 {
		x := make([]float32, k)
		fillUniform(r, x)
		return x
	}
	x := f(n * c1.InSize())
	w1, b1, y1, dy1 := f(c1.K()*c1.F), f(c1.F), f(n*c1.OutSize()), f(n*c1.OutSize())
	q1, a1, dq1 := f(n*p1.OutSize()), make([]int32, n*p1.OutSize()), f(n*p1.OutSize())
	w2, b2, y2, dy2 := f(c2.K()*c2.F), f(c2.F), f(n*c2.OutSize()), f(n*c2.OutSize())
	q2, a2 := f(n*p2.OutSize()), make([]int32, n*p2.OutSize())
	dw1, db1, dw2, db2 := f(len(w1)), f(len(b1)), f(len(w2)), f(len(b2))
	phases := []struct {
		name  string
		flops float64
		run   func()
	}{
		{"conv1", n * c1.Flops(), func() { Conv2D(c1, n, x, w1, b1, true, y1) }},
		{"pool1", 0, func() { MaxPool2D(p1, n, y1, q1, a1) }},
		{"conv2", n * c2.Flops(), func() { Conv2D(c2, n, q1, w2, b2, true, y2) }},
		{"pool2", 0, func() { MaxPool2D(p2, n, y2, q2, a2) }},
		{"pool2back", 0, func() { MaxPool2DBackward(p2, n, q2, a2, dy2) }},
		{"conv2back", 2 * n * c2.Flops(), func() { Conv2DBackward(c2, n, q1, w2, y2, dy2, true, dq1, dw2, db2) }},
		{"pool1back", 0, func() { MaxPool2DBackward(p1, n, dq1, a1, dy1) }},
		{"conv1back", n * c1.Flops(), func() { Conv2DBackward(c1, n, x, w1, y1, dy1, true, nil, dw1, db1) }},
	}
	for _, path := range Paths() {
		if path == "naive" || path == "generic" {
			continue
		}
		b.Run(path, func(b *testing.B) {
			defer SetPath(Path())
			SetPath(path)
			for _, threads := range []int{1, 2} {
				b.Run(fmt.Sprintf("threads=%d", threads), func(b *testing.B) {
					defer SetThreads(SetThreads(threads))
					times := make([]time.Duration, len(phases))
					var total float64
					for _, p := range phases {
						total += p.flops
					}
					for b.Loop() {
						for i, p := range phases {
							t0 := time.Now()
							p.run()
							times[i] += time.Since(t0)
						}
					}
					for i, p := range phases {
						us := times[i].Seconds() / float64(b.N) * 1e6
						b.ReportMetric(us, p.name+"-µs")
					}
					b.ReportMetric(total*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOPS")
				})
			}
		})
	}
}

// BenchmarkConvIm2col/<path>/imgs=<n>/<way>: the forward product of the
// convnet's second layer for n images, two ways: "im2col" writes the
// im2col block and the microkernel reads it in place (what Conv2D does;
// the block copy is timed separately as "copy"), "packed" packs the
// same patches into the microkernel's panels and multiplies those, the
// work an implicit GEMM does in place of the copy.
func BenchmarkConvIm2col(b *testing.B) {
	s, _ := NewConvShape(13, 13, 32, 3, 3, 64, 1, 1, "valid")
	r := rand.New(rand.NewPCG(1, 2))
	f := func(k int) []float32 {
		x := make([]float32, k)
		fillUniform(r, x)
		return x
	}
	for _, path := range Paths() {
		if path == "naive" || path == "generic" {
			continue
		}
		b.Run(path, func(b *testing.B) {
			defer SetPath(Path())
			SetPath(path)
			p := current.Load()
			for _, imgs := range []int{1, 3, 8} {
				rows := imgs * s.OH * s.OW
				x, cols, w, y := f(imgs*s.InSize()), f(rows*s.K()), f(s.K()*s.F), f(rows*s.F)
				g := gemmArgs{m: rows, n: s.F, k: s.K(), alpha: 1, a: cols, b: w, c: y, lda: s.K(), ldb: s.F, ldc: s.F}
				s.im2col(p, x, imgs, cols)
				for _, way := range []string{"copy", "im2col", "packed"} {
					b.Run(fmt.Sprintf("imgs=%d/%s", imgs, way), func(b *testing.B) {
						for b.Loop() {
							switch way {
							case "copy":
								s.im2col(p, x, imgs, cols)
							case "im2col":
								s.im2col(p, x, imgs, cols)
								gemmBlocked(p.gemm, &g, 0, rows, 0, s.F, true, true)
							case "packed":
								gemmBlocked(p.gemm, &g, 0, rows, 0, s.F, false, true)
							}
						}
						if way != "copy" {
							b.ReportMetric(2*float64(rows*s.F*s.K())*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOPS")
						}
					})
				}
			}
		})
	}
}
