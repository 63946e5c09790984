package nn

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math"
	"runtime"
	"testing"

	"github.com/gof32/gof32/internal/pathtest"
	"github.com/gof32/gof32/kernels"
)

// fidelityHashes are the SHA-256 digests of every parameter of two
// networks after one epoch on fixed data (fidelityRun), per architecture,
// kernel path and thread count. They were recorded before nn moved onto
// package tensor and pin the numbers of the training step: a change that
// reorders a sum, skips a rounding or reads a stale buffer changes them.
// The same seed, path and thread count must give the same bits on every
// CPU that runs the path (results never depend on timing). The avx2 and
// avx512 digests were recorded again when the edge columns of products
// with a row-major A moved to dot products (kernels' gemmEdgeDot),
// another order of their sums.
var fidelityHashes = map[string]string{
	"amd64/naive/threads=1":   "e34074d5de7b6a8490f7206623c3f0d96a1e6f6a45b3ce8775cd7a00fc03e9de",
	"amd64/naive/threads=2":   "e34074d5de7b6a8490f7206623c3f0d96a1e6f6a45b3ce8775cd7a00fc03e9de",
	"amd64/generic/threads=1": "8212b0eb8a275b4931db2df829358625e43f2d724a2a2d42afbe4b98dd1c75b0",
	"amd64/generic/threads=2": "6cc5c9bcade9ce13186aca2cc42d1a81e933b575106f92fc45f22d12e778fe57",
	"amd64/avx2/threads=1":    "f3b5dc85071109a987cd547ab5afd7eb023f82b96ae71ef8feb04ab64a0546d7",
	"amd64/avx2/threads=2":    "15698226ca266f9d81009cc67b7c1849f05228d18e113aa1c7b2977019ddb01d",
	"amd64/avx512/threads=1":  "87e6ee18c474ed8834dbaa4319cd1fe514d883e46f9e9356c1ebd48f0b0fe112",
	"amd64/avx512/threads=2":  "8099a376fc10141fed1a1073452b2eb2a4c59462b9b81b74fc8d0608fc070dac",
	"arm64/naive/threads=1":   "49b91a023212c06e1b2e0567668e01499157bd01b4a019e43c5aa892846473ae",
	"arm64/naive/threads=2":   "49b91a023212c06e1b2e0567668e01499157bd01b4a019e43c5aa892846473ae",
	"arm64/generic/threads=1": "ecaef034e457404acc9ba3b73b0fa438c114ec7594a357a03f05ea3e6ccf7891",
	"arm64/generic/threads=2": "7953bf278992ffe0c3cca8674fa005b102e7e0a0f78337a9efc5953b8d561414",
	"arm64/neon/threads=1":    "08a42409ad23121a1018e02919680b99678b2ac479855d9e3ec283c220698dbe",
	"arm64/neon/threads=2":    "32744e81cb99e3040b0cb9a6b53e9bca80a1cbe26d3ca1887669b1c72d8b0d4a",
}

// fidelityRun trains the reference network's shape (784-100-200-10, SGD
// 0.1, batch 32, softmax cross-entropy on logits) and a Keras-style one
// (sigmoid, tanh, softplus, dropout, softmax with categorical
// cross-entropy, Adam) for one epoch of 320 samples and returns the
// digest of their parameters.
func fidelityRun(t *testing.T) string {
	t.Helper()
	x, y := blobs(7, 320, 784, 10)
	h := sha256.New()
	put := func(net *Network) {
		var b [4]byte
		for _, p := range net.Params() {
			for _, v := range p.Value.Data() {
				binary.LittleEndian.PutUint32(b[:], math.Float32bits(v))
				h.Write(b[:])
			}
		}
	}
	mlp, err := NewMLP(216091, 784, 100, 200, 10)
	if err != nil {
		t.Fatal(err)
	}
	NewTrainer(mlp, &SGD{LR: 0.1}, 32, 216091).Epoch(x, y, nil)
	put(mlp)

	keras, err := NewSequential(784).
		Dense(64).Activation("sigmoid").
		Dense(48).Activation("tanh").Dropout(0.25).
		Dense(32).Activation("softplus").
		Dense(10).Activation("softmax").
		Build(99)
	if err != nil {
		t.Fatal(err)
	}
	NewTrainer(keras, NewAdam(), 32, 99).Epoch(x, y, nil)
	put(keras)
	return hex.EncodeToString(h.Sum(nil))
}

func TestTrainingFidelity(t *testing.T) {
	defer kernels.SetThreads(kernels.SetThreads(1))
	pathtest.ForEach(t, func(t *testing.T) {
		for _, threads := range []int{1, 2} {
			kernels.SetThreads(threads)
			key := runtime.GOARCH + "/" + kernels.Path() + "/threads=" + string(rune('0'+threads))
			got := fidelityRun(t)
			want, ok := fidelityHashes[key]
			switch {
			case !ok:
				t.Errorf("%s: no recorded digest; this run gives %q", key, got)
			case got != want:
				t.Errorf("%s: parameters after one epoch hash to %s, recorded %s", key, got, want)
			}
		}
	})
}
