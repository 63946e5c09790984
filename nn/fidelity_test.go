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
// CPU that runs the path (results never depend on timing).
var fidelityHashes = map[string]string{
	"amd64/naive/threads=1":   "e34074d5de7b6a8490f7206623c3f0d96a1e6f6a45b3ce8775cd7a00fc03e9de",
	"amd64/naive/threads=2":   "e34074d5de7b6a8490f7206623c3f0d96a1e6f6a45b3ce8775cd7a00fc03e9de",
	"amd64/generic/threads=1": "8212b0eb8a275b4931db2df829358625e43f2d724a2a2d42afbe4b98dd1c75b0",
	"amd64/generic/threads=2": "7157610296f902b48cc08cbc8c433fbea785647514d78d7914cbc3c2964ba87d",
	"amd64/avx2/threads=1":    "35b42372d63f6d6733875d5f644750daadafb548a407ad6bd7848fa1dfc6c5ed",
	"amd64/avx2/threads=2":    "e19e55617eb3f23a7e0737c40d1b9713e5b78df366a023e611ef5019acb339bc",
	"amd64/avx512/threads=1":  "7c69d24ca277d1296795ff4c2fbc7628fce12b30d7695cf9f5169f6ad2b0e4a7",
	"amd64/avx512/threads=2":  "38373c9aa1bd4e3b9d84d4c9d6633fb5d5e729ad30e81de5019ff496ced69f94",
	"arm64/naive/threads=1":   "1847723ace9aaa395b2ac33fb57e67ad581485bd3e5cf4dc47b808adfb5fde6e",
	"arm64/naive/threads=2":   "1847723ace9aaa395b2ac33fb57e67ad581485bd3e5cf4dc47b808adfb5fde6e",
	"arm64/generic/threads=1": "171ef1cd96d2f33ef170657e31d30604b48e01988339dc32846c16c03aab030e",
	"arm64/generic/threads=2": "e2f23dbc27070eaec461568e9d5b87e92ca0e6da0bf2c36d4c3fb6593adaf332",
	"arm64/neon/threads=1":    "9e08c1dc4a807ac4911a9b61660f2a2b383c4d1f3ad9155cab47e8224d5f26cf",
	"arm64/neon/threads=2":    "12ae9b95632d6ad32e3c5967847000aaf401ec607e52ed56b4a43621ca66bc67",
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
