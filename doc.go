// Package gof32 is the root of a module of fast float32 numerics in pure
// Go: no cgo, no BLAS, no Python. It holds no code of its own, only the
// benchmarks (bench*_test.go); the work is done by the packages below,
// each built on the one before it:
//
//	internal/asm  the SIMD routines: Go assembly for AVX2+FMA, AVX-512
//	              (and AVX512-BF16) on amd64 and NEON on arm64, each
//	              behind a bodiless Go declaration that documents the Go
//	              loop it replaces. Not importable: a routine raises
//	              SIGILL on a CPU without its features.
//	kernels       the public kernel API on []float32 with leading
//	              dimensions: SGEMM (and a bf16 GEMM), vector, row-wise,
//	              activation and optimizer kernels. It picks the fastest
//	              path for the CPU once, keeps a portable Go path and a
//	              naive reference for every kernel, and splits large
//	              calls across cores.
//	tensor        a small n-dimensional float32 tensor on the kernels:
//	              views without copies, transposes as flags, operations
//	              that write into a destination and allocate nothing.
//	nn            layers, losses, optimizers, a Keras-style Sequential
//	              network, minibatch training and a model file, all on
//	              tensor.Tensor: a program's tensors go straight into a
//	              network. nn/mnist reads the MNIST digits; nn/onnx reads
//	              and writes ONNX models (the only user of protobuf).
//	cmd/mnist     trains and evaluates the reference network on MNIST.
//
// Start with the tensor package (go doc github.com/gof32/gof32/tensor),
// then nn's Sequential and Fit; the kernels package doc explains paths,
// threads and accuracy.
//
// The reference network is the 784-100-200-10 multilayer perceptron of
// the machine-learning chapter of F. Batista and M. Carlevaro, "Python en
// Ámbitos Científicos", built there in NumPy and in Keras: dense layers
// with ReLU, Glorot-normal weights, softmax cross-entropy, minibatch SGD
// (batch 32, learning rate 0.1, seed 216091). The documentation of the
// packages speaks of it as "the reference network".
package gof32
