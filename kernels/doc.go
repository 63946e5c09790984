// Package kernels is the float32 numerical core of gof32: a BLAS-style GEMM,
// elementwise and reduction kernels, row-wise kernels for neural-network
// layers (bias, softmax, log-sum-exp, argmax), activations and optimizer
// updates.
//
// All matrices are row-major. A matrix argument is passed as a slice, its
// shape and a leading dimension (the distance, in elements, between the
// starts of two consecutive rows), as in CBLAS with CblasRowMajor. Every
// kernel writes into slices the caller owns:
//
//	// C (m×n) = A (m×k) · B (k×n)
//	kernels.Sgemm(false, false, m, n, k, 1, a, k, b, n, 0, c, n)
//	kernels.AddRowVector(m, n, c, n, bias) // c[i,j] += bias[j]
//	kernels.Relu(c, c)
//
// # Paths
//
// Every kernel has several implementations, called paths:
//
//	naive    the reference: plain loops, kept deliberately simple
//	generic  portable Go, blocked and unrolled
//	avx2     amd64 with AVX2 and FMA3
//	avx512   amd64 with AVX-512 F/BW/DQ/VL
//	neon     arm64 with Advanced SIMD
//
// At start-up the best path that both the CPU and the operating system
// support is selected (github.com/klauspost/cpuid/v2 reads the CPU once).
// The environment variable GOF32_PATH forces a lower one, for example
// GOF32_PATH=avx2 or GOF32_PATH=generic; a path the CPU lacks is refused
// with a message on standard error and the best path is kept. SetPath does
// the same at run time and is safe to call concurrently with running
// kernels: each call sees either the old or the new path, never a mixture.
// The path decides SgemmBF16 too: on the avx512 path of a CPU with
// AVX512_BF16 it multiplies with VDPBF16PS, on every other path it rounds
// its operands and runs the path's float32 GEMM.
//
// Built with the purego tag, the package contains no assembly at all and
// offers the naive and generic paths only.
//
// # Cost
//
// A kernel call allocates nothing once the buffers its shape needs exist
// (packing buffers and jobs are kept in free lists and reused). On the
// SIMD paths a large GEMM runs at about 90% of a core's fused
// multiply-add peak, the MNIST shapes at 45 to 90%; the vector kernels
// run at the speed of the cache that holds their operands.
//
// A call splits among goroutines (up to Threads, by default GOMAXPROCS)
// when its work reaches about half a million flops: a GEMM of
// 2·m·n·k ≥ 2¹⁹, an optimizer update of 16,384 weights or more; smaller
// calls run on the caller. A governor runs calls unsplit while timing
// shows that the other CPU does not help. The results of a GEMM split
// along k depend on the number of threads, never on timing; all other
// results depend on the path only.
//
// # Goroutines and memory
//
// Every function may be called from any number of goroutines at once.
// The goroutines that help split calls (helpers, at most Threads()-1) are
// shared: a call takes the helpers that are free, within a budget of
// Threads goroutines counting the callers in split calls and the helpers
// working for them; a call that finds none free runs on its caller. So
// concurrent callers never wait for each other, and the library never adds
// goroutines beyond that budget (a program with more callers than Threads
// runs each call on its own caller).
//
// The number of threads is set by SetThreads, or at start-up by the
// environment variable GOF32_THREADS (a whole number); 0, the default,
// follows GOMAXPROCS as it changes. SetThreads(1) splits nothing and
// starts no goroutine.
//
// After its last chunk a helper polls for its next call before it parks,
// and a caller polls for the chunks its helpers are finishing before it
// blocks: waking a parked goroutine costs some tens of microseconds on a
// virtual machine, as long as a whole GEMM of a small network. A helper
// polls for twice as long as its last call kept it busy (at least 20 µs),
// and at most the spin limit, DefaultSpin (100 µs) unless set by SetSpin or the
// environment variable GOF32_SPIN ("50us", "0" or "off"): the CPU time a
// helper spends waiting is then at most about what it saves, and a
// program that makes a product now and then between work of its own pays
// little for the helpers (measured: 0.1–0.2 CPU more on two threads than on
// one, for one 32×784×100 product every 300 µs), while the products of a
// training step, microseconds apart, find them awake. 0 turns polling off,
// for programs that would rather pay a wake-up per split call than any
// CPU time waiting.
//
// A parked helper exits after IdleTimeout (500 ms) without a call; the
// next split call starts it again. Release makes idle helpers exit at once.
//
// Parallel splits a caller's own work, made of independent parts, the
// same way and on the same goroutines (package nn splits a training step
// by rows of the minibatch with it); inside a part, SgemmEpilogueSerial
// computes a product on the calling goroutine alone, as on one thread.
//
// Jobs and packing buffers are kept in free lists so that a steady stream
// of calls allocates nothing; a list holds as many values as were in use
// at once, each as large as the largest call made it (for a GEMM: the
// packed blocks of A and B, a few MiB at most with the blocking of the
// SIMD paths, and the partial sums of a product split along k). A list
// unused for IdleTimeout is emptied, so buffers go back to the garbage
// collector between one and two IdleTimeouts after the last call that
// used them; Release empties them at once.
//
// # Errors
//
// Arguments are checked before any work is done: a slice shorter than its
// shape and leading dimension require, a leading dimension smaller than the
// row width, or mismatched vector lengths panic with a message naming the
// kernel, the argument and the sizes involved.
package kernels
