package main

import (
	"io"
	"strings"
	"testing"
)

const sample = `goos: linux
BenchmarkPeak/avx512-2         	     100	  1000 ns/op	   100.0 GFLOPS
BenchmarkSgemm/naive/256x256x256/threads=1-2   	 10	 20000000 ns/op	   1.60 GFLOPS	   1.6 %peak
BenchmarkSgemm/avx512/256x256x256/threads=1-2  	 100	 400000 ns/op	   80.00 GFLOPS	  80.0 %peak
BenchmarkSgemm/avx512/256x256x256/threads=1-2  	 100	 400000 ns/op	   90.00 GFLOPS	  90.0 %peak
BenchmarkSgemm/avx512/256x256x256/threads=1-2  	 100	 400000 ns/op	   70.00 GFLOPS	  70.0 %peak
BenchmarkKernels/Axpy/naive/4096-2  	 100	 400 ns/op	   2.00 GB/s
BenchmarkKernels/Axpy/avx2/4096-2  	 100	 40 ns/op	   20.00 GB/s
BenchmarkTrainEpoch/naive/threads=1-2 	1	 9000000000 ns/op	 9.0 s/epoch
BenchmarkTrainEpoch/avx512/threads=1-2 	1	 300000000 ns/op	 0.30 s/epoch
PASS
`

func TestTable(t *testing.T) {
	rows, err := parse(strings.NewReader(sample), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	write(&out, rows)
	got := out.String()
	for _, want := range []string{
		// median of 80, 90, 70 and 50× the naive 1.6
		"Sgemm  avx512  256x256x256/threads=1  80.00  GFLOPS  80.0  50.0  3",
		"Kernels/Axpy    avx2                   4096  20.00    GB/s          10.0  1",
		// lower is better: 9.0 / 0.30
		"TrainEpoch  avx512              threads=1  0.300  s/epoch        30.0  1",
	} {
		if !strings.Contains(squeeze(got), squeeze(want)) {
			t.Errorf("table lacks %q:\n%s", want, got)
		}
	}
}

func squeeze(s string) string { return strings.Join(strings.Fields(s), " ") }
