package kernels

import "math"

// expf: e^x in float32 arithmetic, the algorithm every path's exp follows.
//
//  1. Range: x > expHi overflows to +Inf; x < expLo underflows to 0.
//  2. Reduction: n = round(x·log2(e)), r = x − n·ln2 with ln2 split in a
//     high part exact in float32 (Cody–Waite), so |r| ≤ ln2/2 with no
//     cancellation error.
//  3. e^r ≈ 1 + r + r²·P(r), P of degree 5 (Cephes' minimax fit), relative
//     error below 1 ulp on |r| ≤ ln2/2.
//  4. Scaling by 2^n in two exact power-of-two factors 2^⌊n/2⌋·2^(n−⌊n/2⌋),
//     both normal, so that results in the denormal range are rounded once.
//
// The tests bound the error at 2 ulp against math.Exp over the whole
// float32 range.
const (
	expHi   = 88.72283935546875 // largest x with e^x finite in float32 (rounded to float32)
	expLo   = -103.97207708     // below this e^x rounds to 0
	log2e   = 1.44269504088896341
	ln2Hi   = 0.693359375 // high part of ln 2, exact in 9 bits
	ln2Lo   = -2.12194440e-4
	expP0   = 1.9875691500e-4
	expP1   = 1.3981999507e-3
	expP2   = 8.3334519073e-3
	expP3   = 4.1665795894e-2
	expP4   = 1.6666665459e-1
	expP5   = 5.0000001201e-1
	roundMg = 12582912 // 1.5·2²³: adding and subtracting it rounds to an integer
)

func expf(x float32) float32 {
	switch {
	case x != x:
		return x
	case x > expHi:
		return float32(math.Inf(1))
	case x < expLo:
		return 0
	}
	n := (x*log2e + roundMg) - roundMg
	r := x - n*ln2Hi
	r -= n * ln2Lo
	p := float32(expP0)
	p = p*r + expP1
	p = p*r + expP2
	p = p*r + expP3
	p = p*r + expP4
	p = p*r + expP5
	p = p*r*r + r + 1
	ni := int32(n)
	n1 := ni >> 1
	n2 := ni - n1
	return p * math.Float32frombits(uint32(n1+127)<<23) * math.Float32frombits(uint32(n2+127)<<23)
}

func genExp(dst, x []float32) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = expf(v)
	}
}

// genExpShifted sets dst = exp(x − shift) and returns the sum of dst.
func genExpShifted(dst, x []float32, shift float32) float32 {
	dst = dst[:len(x)]
	var s0, s1 float32
	i := 0
	for ; i+2 <= len(x); i += 2 {
		e0, e1 := expf(x[i]-shift), expf(x[i+1]-shift)
		dst[i], dst[i+1] = e0, e1
		s0 += e0
		s1 += e1
	}
	for ; i < len(x); i++ {
		e := expf(x[i] - shift)
		dst[i] = e
		s0 += e
	}
	return s0 + s1
}

// genExpSum returns Σ exp(x − shift).
func genExpSum(x []float32, shift float32) float32 {
	var s0, s1 float32
	i := 0
	for ; i+2 <= len(x); i += 2 {
		s0 += expf(x[i] - shift)
		s1 += expf(x[i+1] - shift)
	}
	for ; i < len(x); i++ {
		s0 += expf(x[i] - shift)
	}
	return s0 + s1
}
