package nn

import (
	"math"
	"testing"

	"github.com/gof32/gof32/internal/pathtest"
	"github.com/gof32/gof32/kernels"
	"github.com/gof32/gof32/tensor"
)

// TestDenseBF16 checks a dense layer in mixed precision against the same
// layer in float32, on every path: each output and each weight and input
// gradient is a sum of products whose operands SgemmBF16 rounds to
// bfloat16 (relative error 2⁻⁸ each, so 2⁻⁷ + 2⁻¹⁶ per product) and adds in
// float32, so it is within (2⁻⁷ + 2⁻¹⁶ + 2γ_k)·S of the float32 result,
// S = Σ|a|·|b| over its products (kernels.SgemmBF16's bound; the float32
// result's own error, γ_k·S, is added in). 2⁻⁶·S + 1e−30 bounds that for
// k ≤ 12, and a layer that ignored the precision, or rounded the weights
// it keeps, would show no difference at all, which is checked too.
func TestDenseBF16(t *testing.T) {
	pathtest.ForEach(t, func(t *testing.T) {
		const rows, in, out = 6, 12, 5
		rng := tensor.NewRand(4)
		f := NewDenseInit(in, out, GlorotUniform, rng)
		h := NewDense(in, out, nil)
		h.W().Value.CopyFrom(f.W().Value)
		h.SetPrecision(BF16)
		if h.Precision() != BF16 || f.Precision() != Float32 {
			t.Fatalf("precisions %v %v", h.Precision(), f.Precision())
		}
		x := make([]float32, rows*in)
		dy := make([]float32, rows*out)
		for i := range x {
			x[i] = float32(rng.NormFloat64())
		}
		for i := range dy {
			dy[i] = float32(rng.NormFloat64())
		}
		xt, dyt := tensor.New(x, rows, in), tensor.New(dy, rows, out)
		yf := f.Forward(xt, true).Data()
		yh := h.Forward(xt, true).Data()
		dxf := f.Backward(dyt, true).Data()
		dxh := h.Backward(dyt, true).Data()
		W := f.W().Value.Data()
		differ := false
		check := func(what string, got, want float32, s float64) {
			t.Helper()
			if d := math.Abs(float64(got) - float64(want)); d > 0x1p-6*s+1e-30 {
				t.Errorf("%s: bf16 %v, float32 %v (S = %g)", what, got, want, s)
			}
			differ = differ || got != want
		}
		for i := range rows {
			for j := range out {
				var s float64
				for p := range in {
					s += math.Abs(float64(x[i*in+p]) * float64(W[p*out+j]))
				}
				check("y", yh[i*out+j], yf[i*out+j], s)
			}
			for p := range in {
				var s float64
				for j := range out {
					s += math.Abs(float64(dy[i*out+j]) * float64(W[p*out+j]))
				}
				check("dx", dxh[i*in+p], dxf[i*in+p], s)
			}
		}
		for p := range in {
			for j := range out {
				var s float64
				for i := range rows {
					s += math.Abs(float64(x[i*in+p]) * float64(dy[i*out+j]))
				}
				check("dW", h.W().Grad.Data()[p*out+j], f.W().Grad.Data()[p*out+j], s)
			}
		}
		if !differ {
			t.Error("bf16 and float32 give the same bits: the precision is not applied")
		}
		if !sameBits(h.W().Value.Data(), f.W().Value.Data()) {
			t.Error("the bf16 layer changed its float32 master weights")
		}
	})
}

// TestTrainBF16 trains the blobs in mixed precision: as accurate as in
// float32 on separable data.
func TestTrainBF16(t *testing.T) {
	x, y := blobs(11, 600, 16, 5)
	vx, vy := blobs(11, 200, 16, 5)
	net, err := NewSequential(16).Dense(24).Activation("relu").Dense(12).Activation("relu").Dense(5).Activation("softmax").Build(5)
	if err != nil {
		t.Fatal(err)
	}
	net.SetPrecision(BF16)
	opt := NewAdam()
	opt.LR = 0.01
	if _, err := net.Fit(x, Targets{Labels: y}, opt, FitOptions{Epochs: 8, BatchSize: 32}); err != nil {
		t.Fatal(err)
	}
	if _, acc := net.Evaluate(vx, vy); acc < 0.97 {
		t.Errorf("bf16 training: held-out accuracy %v", acc)
	}
	if p, err := ParsePrecision("bf16"); err != nil || p != BF16 || p.String() != "bf16" {
		t.Errorf("ParsePrecision(bf16) = %v, %v", p, err)
	}
	if _, err := ParsePrecision("fp8"); err == nil {
		t.Error("ParsePrecision accepts fp8")
	}
}

// TestBF16StepNoAllocs: a mixed-precision training step allocates nothing
// after the first, on every bf16 path.
func TestBF16StepNoAllocs(t *testing.T) {
	defer kernels.SetThreads(kernels.SetThreads(1))
	pathtest.ForEach(t, func(t *testing.T) {
		x, y := blobs(1, 32, 64, 10)
		net, _ := NewMLP(1, 64, 48, 10)
		net.SetPrecision(BF16)
		opt := NewAdam()
		if a := testing.AllocsPerRun(5, func() { net.TrainStep(x, y, opt) }); a != 0 {
			t.Errorf("bf16 path %s: %v allocations per step", kernels.Path(), a)
		}
	})
}
