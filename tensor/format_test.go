package tensor

import (
	"math"
	"testing"
)

// arange returns the float32 values 0, 1, …, n−1 divided by div, each
// division rounded to float32 as NumPy does for np.arange(n, dtype=float32)/div.
func arange(n int, div float32, shape ...int) *Tensor {
	d := make([]float32, n)
	for i := range d {
		d[i] = float32(i) / div
	}
	return New(d, shape...)
}

// TestString compares String with NumPy's str of the same float32 arrays.
// The expected strings were printed by NumPy (1.24, for cases where its
// output is the same as NumPy 2.3's) except those marked "NumPy 2.3",
// derived from arrayprint.py's rules.
func TestString(t *testing.T) {
	nan, inf := float32(math.NaN()), float32(math.Inf(1))
	negZero := float32(math.Copysign(0, -1))
	cases := []struct {
		name string
		x    *Tensor
		want string
	}{
		{"matrix", New([]float32{1, 2, 3, 4}, 2, 2), "[[1. 2.]\n [3. 4.]]"},
		{"mixed widths", New([]float32{1, 2.5, -3, 4}, 2, 2), "[[ 1.   2.5]\n [-3.   4. ]]"},
		{"fractions", New([]float32{0.1, 0.25, float32(-1.0 / 3)}), "[ 0.1         0.25       -0.33333334]"},
		{"scientific", New([]float32{1e-5, 1.5}), "[1.0e-05 1.5e+00]"},
		{"non-finite", New([]float32{nan, 1.5, -inf}), "[ nan  1.5 -inf]"},
		{"only non-finite", New([]float32{nan, inf}), "[nan inf]"},
		{"non-finite in scientific", New([]float32{1e-3, -2.5e4, nan, 7}, 2, 2), "[[ 1.0e-03 -2.5e+04]\n [     nan  7.0e+00]]"},
		{"negative zero", New([]float32{negZero, 1}), "[-0.  1.]"},
		{"denormal", New([]float32{1e-42, 1}), "[1.e-42 1.e+00]"},
		{"3-D", arange(24, 1, 2, 3, 4),
			"[[[ 0.  1.  2.  3.]\n  [ 4.  5.  6.  7.]\n  [ 8.  9. 10. 11.]]\n\n [[12. 13. 14. 15.]\n  [16. 17. 18. 19.]\n  [20. 21. 22. 23.]]]"},
		{"4-D", arange(16, 1, 2, 2, 2, 2),
			"[[[[ 0.  1.]\n   [ 2.  3.]]\n\n  [[ 4.  5.]\n   [ 6.  7.]]]\n\n\n [[[ 8.  9.]\n   [10. 11.]]\n\n  [[12. 13.]\n   [14. 15.]]]]"},
		{"summarised vector", arange(2000, 1),
			"[0.000e+00 1.000e+00 2.000e+00 ... 1.997e+03 1.998e+03 1.999e+03]"},
		{"summarised matrix", Zeros(100, 100),
			"[[0. 0. 0. ... 0. 0. 0.]\n [0. 0. 0. ... 0. 0. 0.]\n [0. 0. 0. ... 0. 0. 0.]\n ...\n [0. 0. 0. ... 0. 0. 0.]\n [0. 0. 0. ... 0. 0. 0.]\n [0. 0. 0. ... 0. 0. 0.]]"},
		{"summarised 3-D", arange(1100, 1000, 11, 2, 50),
			"[[[0.000e+00 1.000e-03 2.000e-03 ... 4.700e-02 4.800e-02 4.900e-02]\n  [5.000e-02 5.100e-02 5.200e-02 ... 9.700e-02 9.800e-02 9.900e-02]]\n\n" +
				" [[1.000e-01 1.010e-01 1.020e-01 ... 1.470e-01 1.480e-01 1.490e-01]\n  [1.500e-01 1.510e-01 1.520e-01 ... 1.970e-01 1.980e-01 1.990e-01]]\n\n" +
				" [[2.000e-01 2.010e-01 2.020e-01 ... 2.470e-01 2.480e-01 2.490e-01]\n  [2.500e-01 2.510e-01 2.520e-01 ... 2.970e-01 2.980e-01 2.990e-01]]\n\n" +
				" ...\n\n" +
				" [[8.000e-01 8.010e-01 8.020e-01 ... 8.470e-01 8.480e-01 8.490e-01]\n  [8.500e-01 8.510e-01 8.520e-01 ... 8.970e-01 8.980e-01 8.990e-01]]\n\n" +
				" [[9.000e-01 9.010e-01 9.020e-01 ... 9.470e-01 9.480e-01 9.490e-01]\n  [9.500e-01 9.510e-01 9.520e-01 ... 9.970e-01 9.980e-01 9.990e-01]]\n\n" +
				" [[1.000e+00 1.001e+00 1.002e+00 ... 1.047e+00 1.048e+00 1.049e+00]\n  [1.050e+00 1.051e+00 1.052e+00 ... 1.097e+00 1.098e+00 1.099e+00]]]"},
		{"wrapped vector", arange(40, 7),
			"[0.         0.14285715 0.2857143  0.42857143 0.5714286  0.71428573\n" +
				" 0.85714287 1.         1.1428572  1.2857143  1.4285715  1.5714285\n" +
				" 1.7142857  1.8571428  2.         2.142857   2.2857144  2.4285715\n" +
				" 2.5714285  2.7142856  2.857143   3.         3.142857   3.2857144\n" +
				" 3.4285715  3.5714285  3.7142856  3.857143   4.         4.142857\n" +
				" 4.285714   4.428571   4.571429   4.714286   4.857143   5.\n" +
				" 5.142857   5.285714   5.428571   5.571429  ]"},
		{"wrapped matrix", arange(60, 7, 2, 30),
			"[[0.         0.14285715 0.2857143  0.42857143 0.5714286  0.71428573\n" +
				"  0.85714287 1.         1.1428572  1.2857143  1.4285715  1.5714285\n" +
				"  1.7142857  1.8571428  2.         2.142857   2.2857144  2.4285715\n" +
				"  2.5714285  2.7142856  2.857143   3.         3.142857   3.2857144\n" +
				"  3.4285715  3.5714285  3.7142856  3.857143   4.         4.142857  ]\n" +
				" [4.285714   4.428571   4.571429   4.714286   4.857143   5.\n" +
				"  5.142857   5.285714   5.428571   5.571429   5.714286   5.857143\n" +
				"  6.         6.142857   6.285714   6.428571   6.571429   6.714286\n" +
				"  6.857143   7.         7.142857   7.285714   7.428571   7.571429\n" +
				"  7.714286   7.857143   8.         8.142858   8.285714   8.428572  ]]"},
		{"transposed view", arange(6, 1, 2, 3).T(), "[[0. 3.]\n [1. 4.]\n [2. 5.]]"},
		{"strided view", arange(20, 1, 4, 5).Slice(1, 3).SliceCols(1, 4), "[[ 6.  7.  8.]\n [11. 12. 13.]]"},
		{"empty vector", Zeros(0), "[]"},
		{"empty matrix", Zeros(2, 0), "[]"},
		{"scalar", Full(1.5), "1.5"},
		{"small scalar", Full(1e-5), "1e-05"},
		{"negative zero scalar", Full(negZero), "-0.0"},
		{"NaN scalar", Full(nan), "nan"},
		{"scalar 0.1", Full(0.1), "0.1"},
		{"integral scalar", Full(100), "100.0"},
		// NumPy 2.3: float32 values of 1e6 and more print in scientific
		// notation (1e8 for arrays and 1e16 for scalars before).
		{"NumPy 2.3 large", New([]float32{2e6, 3e6}), "[2.e+06 3.e+06]"},
		{"NumPy 2.3 large scalar", Full(1e7), "1e+07"},
		{"NumPy 2.3 below large", New([]float32{999999, 5e5}), "[999999. 500000.]"},
		// NumPy 2: the 1e-4 test is made in float32, and float32(1e-4)
		// is not below itself.
		{"NumPy 2 small", New([]float32{1e-4, 0.05}), "[0.0001 0.05  ]"},
	}
	for _, c := range cases {
		if got := c.x.String(); got != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got, c.want)
		}
	}
}
