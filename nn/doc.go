// Package nn is gof32's neural-network layer: layers that work on batches,
// losses, optimizers, a sequential network with a training step, a
// minibatch training loop and a versioned binary model file, all on
// tensor.Tensor. A program's own tensors go straight into a network and
// its predictions come back as tensors. It computes with packages tensor
// and kernels and depends on nothing else.
//
// # Design
//
// A Layer maps a batch, a tensor whose first dimension counts the samples
// (rows×In for a dense layer), to a rows×Out one (Forward) and
// back-propagates dL/dy into dL/dx (Backward), filling the Grad of its
// parameters. Parameters are exposed as Params (a name and two tensors,
// Value and Grad), and an Optimizer, not the layer, updates them: SGD
// here, and any optimizer with per-parameter state (momentum, Adam) fits
// the same interface. A Loss measures the network's outputs against
// Targets (class labels or a tensor of values) and gives the gradient of
// the batch mean. Layers are registered by kind (RegisterLayer), which is
// how the model file rebuilds them. The Dense layer is written as its
// math: tensor.Gemm for x·W, xᵀ·dy and dy·Wᵀ (transposes as flags),
// tensor.AddRowVector for the bias and tensor.ColumnSums for its gradient.
//
// The reference network (see the module's documentation) is
//
//	net, _ := nn.NewMLP(216091, 784, 100, 200, 10) // Dense·ReLU·Dense·ReLU·Dense
//	tr := nn.NewTrainer(net, &nn.SGD{LR: 0.1}, 32, 216091)
//	for range 25 {
//		tr.Epoch(x, labels, nil) // x: a 50000×784 tensor
//	}
//	loss, acc := net.Evaluate(valX, valLabels)
//
// with Dense weights drawn from N(0, 2/(in+out)) (Glorot/Xavier normal),
// zero biases, and softmax cross-entropy on the logits of the last layer.
//
// # Keras-style API
//
// The reference network's Keras version reads, with this package,
//
//	net, _ := nn.NewSequential(784).
//		Dense(100).Activation("relu").
//		Dense(200).Activation("relu").
//		Dense(10).Activation("softmax").
//		Build(seed)
//	net.Summary(os.Stdout) // Total params: 100,710 (393.40 KB)
//	hist, _ := net.Fit(x, nn.Targets{Values: nn.OneHot(labels, 10)}, nn.NewAdam(),
//		nn.FitOptions{Epochs: 25, BatchSize: 128})
//	loss, acc := net.Evaluate(testX, testLabels)
//	probs := net.PredictProba(nil, testX)  // a tensor, testX.Dim(0)×10
//	predicted := net.Predict(nil, testX)   // class indices
//	cm := nn.ConfusionMatrix(predicted, testLabels, 10)
//
// Layers: Dense (initializers GlorotUniform, Keras's default, GlorotNormal,
// HeUniform, HeNormal), the activations ReLU, Sigmoid, Tanh, Softplus and
// Softmax, inverted Dropout (seeded, off at inference), and on images
// stored channels last (NHWC) Conv2D (strides, "valid" or "same" padding,
// bias, an activation), MaxPool2D and Flatten. Keras's MNIST convnet:
//
//	net, _ := nn.NewSequential(784).Input(28, 28, 1).
//		Conv2D(32, 3, 3, "relu").MaxPool2D(2).
//		Conv2D(64, 3, 3, "relu").MaxPool2D(2).
//		Flatten().Dropout(0.5).
//		Dense(10).Activation("softmax").
//		Build(seed) // Total params: 34,826 (136.04 KB)
//
// A network runs a Conv2D and the MaxPool2D after it as one kernel
// (kernels.Conv2DPool), with the results of the two layers bit for bit. Losses:
// SoftmaxCrossEntropy on logits, CategoricalCrossEntropy on probabilities
// (the default of a network ending in Softmax; the training step then
// starts its backward pass at the logits, as Keras does), MSE (Keras's)
// and SquaredError (the reference network's quadratic cost); targets are
// labels or dense rows. Optimizers: SGD, plain or with momentum or
// Nesterov momentum, and Adam with Keras's defaults, each update one pass
// of a fused SIMD kernel over a parameter's Value.Data() and Grad.Data().
// Fit trains for a number of epochs with a validation split or validation
// data, shuffling or not, calls Callbacks (EarlyStopping is one) and
// returns the History of the epochs.
//
// # Tensors in, tensors out
//
// Inputs may be any tensor whose first dimension counts the samples,
// including views (a Slice of a larger data set, a SliceCols of wider
// rows); nn reads them in place and never keeps them beyond the call that
// needs them (the layers read Forward's input again in Backward). The
// tensors a Network or a Layer returns are its own buffers, valid until
// its next call: Clone one to keep it. PredictProba and Predict take an
// optional destination, as the tensor package's operations do.
//
// # Performance
//
// Every buffer (activations, gradients, the gathered batch, the shuffled
// order) is a tensor.Buffer, which hands out its batch views for each row
// count once, so a training step and an epoch allocate nothing after the
// first; the layers run on the kernels' best path (see kernels.SetPath
// and kernels.SetThreads). A dense layer is three GEMMs: X·W forward,
// Xᵀ·dY into dW and dY·Wᵀ into dX, the last skipped for the first layer,
// which needs no input gradient. Shuffled batches are gathered with
// tensor.GatherRows.
//
// With more than one thread, a training step of a network of dense layers
// and ReLUs with softmax cross-entropy on labels (the reference network,
// and Keras's recipe of it, ending in a softmax layer) is split by rows
// of the minibatch: each thread takes its rows through the forward and
// backward passes, then its rows of every weight matrix through the
// update (see Network.TrainBatch). Other networks (dropout, other
// activations, convolutions, bf16, other losses or target values) and
// batches of fewer than 16 rows split each large matrix product among
// the threads instead.
//
// # Determinism
//
// The same seed on the same kernel path and thread count gives the same
// weights bit for bit: initialisation and shuffles come from seeded PCG
// generators and the kernels' results do not depend on timing. Other
// paths round sums in another order and agree within a tolerance, as do
// other thread counts (a product split along k sums in another order; the
// data-parallel step's parts may block their products otherwise).
//
// # Model file
//
// Save writes a model to a temporary file in the target's folder and
// renames it into place; Load and ReadNetwork reject a truncated, corrupted
// or mismatched file with an error wrapping ErrFormat. The format, version
// 2, little-endian throughout:
//
//	magic     8 bytes  "GOF32NN\x1a"
//	version   u32      2 (1 for a network of version-1 kinds only)
//	layers    u32      number of layer records
//	layer record, repeated:
//	  kind    u32 length + ASCII bytes        "dense", "relu", "sigmoid",
//	                                          "tanh", "softplus", "softmax",
//	                                          "dropout"
//	  shape   u32 count + count × u32         dense: [in out]; others: [n]
//	  attrs   u32 count + count × f32         dropout: [rate]; none for
//	                                          the others
//	  params  u32 count, then per parameter:
//	    name  u32 length + ASCII bytes        dense: "W", then "b"
//	    dims  u32 count + count × u32         W: [in out]; b: [out]
//	    data  product(dims) × f32             row-major
//	crc32     u32      CRC-32 (IEEE) of all the bytes before it
//
// Version 2 adds three layer kinds, NHWC images throughout:
//
//	conv2d         shape [h w c kh kw filters sh sw], attrs [padding
//	               (0 valid, 1 same), activation (0 linear, 1 relu,
//	               2 sigmoid, 3 tanh, 4 softplus)]; params "W" [kh kw c
//	               filters] (Keras's kernel layout), "b" [filters]
//	max_pooling2d  shape [h w c ph pw sh sw], no attrs, no params
//	flatten        shape [n], no attrs, no params
//
// Version 1 is version 2 without them: a reader of version 2 reads both
// (a version-1 file holding a version-2 kind is rejected), and a network
// made only of version-1 kinds is written as version 1.
package nn
