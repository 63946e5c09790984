package kernels

import (
	"fmt"
	"os"
	"strings"
	"sync/atomic"

	"github.com/gof32/gof32/internal/peak"
)

// EnvPath is the environment variable read once at start-up to force a
// path lower than the best one the CPU supports.
const EnvPath = "GOF32_PATH"

// impl is one path: a complete table of kernel implementations. The public
// functions check their arguments and then call through the table that is
// current; the table itself is never modified once it is published.
type impl struct {
	name string

	gemm *gemmConfig

	// bf16 computes SgemmBF16 for a checked call with m, n, k > 0 and
	// alpha ≠ 0 (bf16.go): on the naive path the reference loop, on the
	// others the operands rounded and gemm's product (emulatedBF16), or
	// the path's own bf16 instructions; bf16Peak is then their peak loop.
	bf16     func(g gemmArgs)
	bf16Peak peak.Loop

	axpy    func(alpha float32, x, y []float32)
	scale   func(alpha float32, x []float32)
	dot     func(x, y []float32) float32
	add     func(dst, x, y []float32)
	sub     func(dst, x, y []float32)
	mul     func(dst, x, y []float32)
	sum     func(x []float32) float32
	max     func(x []float32) float32
	argmax  func(x []float32) int
	exp     func(dst, x []float32)
	relu    func(dst, x []float32)
	reluBwd func(dst, dy, x []float32)
	sgd     func(lr float32, w, g []float32)

	// expShifted sets dst = exp(x − shift) and returns the sum of dst;
	// expSum returns the sum alone. SoftmaxRows and LogSumExpRows are
	// built on them (nil on the naive path, whose row kernels loop).
	expShifted func(dst, x []float32, shift float32) float32
	expSum     func(x []float32, shift float32) float32

	addRowVector  func(rows, cols int, a []float32, lda int, v []float32)
	columnSums    func(dst []float32, rows, cols int, a []float32, lda int)
	argmaxRows    func(dst []int, rows, cols int, a []float32, lda int)
	softmaxRows   func(rows, cols int, x []float32, ldx int, y []float32, ldy int)
	logSumExpRows func(dst []float32, rows, cols int, x []float32, ldx int)

	nn nnImpl // activation and optimizer kernels (api_nn.go)
}

// paths lists the paths this build and CPU can run, from the lowest
// (naive) to the best. It is filled during package initialisation and read
// only afterwards.
var paths []*impl

// current is the path in use.
var current atomic.Pointer[impl]

func init() {
	paths = append(paths, naiveImpl(), genericImpl())
	paths = append(paths, archImpls()...)
	current.Store(paths[len(paths)-1])
	for _, p := range paths {
		if p.gemm != nil && p.gemm.peak.Run != nil {
			peak.Register(p.name, p.gemm.peak)
		}
		if p.bf16Peak.Run != nil {
			peak.Register(p.name+"bf16", p.bf16Peak)
		}
	}
	if want := os.Getenv(EnvPath); want != "" {
		if err := SetPath(want); err != nil {
			fmt.Fprintf(os.Stderr, "gof32: %s=%q ignored: %v; using %s\n", EnvPath, want, err, Path())
		}
	}
}

// Path returns the name of the path in use.
func Path() string { return current.Load().name }

// Paths returns the names of the paths this CPU and build can run, from
// the lowest (naive) to the best, which is the one selected at start-up
// unless GOF32_PATH said otherwise.
func Paths() []string {
	names := make([]string, len(paths))
	for i, p := range paths {
		names[i] = p.name
	}
	return names
}

// SetPath selects the named path for all kernels. It returns an error,
// and changes nothing, when the name is unknown or the CPU (or the build)
// cannot run that path. It is safe to call while kernels run: a running
// call finishes on the path it started with.
func SetPath(name string) error {
	name = strings.ToLower(strings.TrimSpace(name))
	for _, p := range paths {
		if p.name == name {
			current.Store(p)
			return nil
		}
	}
	return fmt.Errorf("path %q is not available on this CPU and build (available: %s)",
		name, strings.Join(Paths(), ", "))
}
