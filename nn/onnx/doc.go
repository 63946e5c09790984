// Package onnx reads and writes ONNX models: it serves a model trained
// elsewhere with gof32's kernels, and hands gof32's networks to any ONNX
// runtime. It is the only part of the module that imports
// google.golang.org/protobuf; kernels, tensor and nn do not depend on it.
//
// # Three entry points
//
// Import reads a model into an nn.Network, for inference and further
// training; Export writes an nn.Network as a model:
//
//	f, _ := os.Open("mlp.onnx")
//	net, err := onnx.Import(f)        // *nn.Network
//	...
//	err = onnx.Export(w, net)         // opset 13, input "input" [N, In], output "output" [N, Out]
//
// Read decodes and checks any graph of the supported operators, and
// Model.Run runs it on tensors, by name. This is what the ONNX
// conformance tests use, and what serves models that are not a chain of
// nn layers (convolutions, pooling, transposes, several inputs):
//
//	m, err := onnx.Read(f)
//	out, err := m.Run(map[string]*tensor.Tensor{"x": x})   // out["y"]
//
// Import is Read followed by Model.Network, which maps the graph onto nn
// layers; the two share the decoder, the checks and the operator
// definitions, so a model that Import accepts computes the same function
// in nn and in Run.
//
// # Operators
//
//	operator   Run                                          Import (nn layer)
//	Gemm       alpha, beta, transA, transB; C broadcast     Dense: transA=0, alpha=1, B and C initializers
//	MatMul     NumPy semantics: batched, broadcast, 1-D     Dense (zero bias), with a following Add of a
//	Add        NumPy broadcasting                           constant [Out] or [1, Out] row as the bias
//	Relu, Sigmoid, Tanh, Softplus                           ReLU, Sigmoid, Tanh, Softplus (after a Conv:
//	                                                        the Conv2D's own activation)
//	Softmax    axis (2-D coercion before opset 13)          Softmax over the last axis of [N, features]
//	Dropout    identity at inference; mask output;          Dropout with the model's ratio
//	           training_mode only with ratio 0
//	Identity   yes                                          dropped
//	Flatten    axis, negative too                           axis=1: nn's flatten (dropped where nn has none)
//	Transpose  perm                                         the layout changes below
//	Conv       2-D (NCHW): auto_pad, pads, strides,         Conv2D: valid or same padding, no dilation,
//	           dilations, group, bias                       one group, W and B initializers
//	MaxPool    2-D (NCHW): auto_pad, pads, strides,         MaxPool2D: no padding, no dilation
//	           dilations, ceil_mode (no Indices output)
//
// Opsets 1 to 22 of the default domain are read; an attribute that an
// operator does not know, or one of an older version that changes its
// meaning (Dropout's is_test=0), is an error. Export writes opset 13 (IR
// version 7): a Gemm per dense layer (B is W, In×Out, transB=0; C the bias),
// the activation operators, Softmax with axis=-1, Dropout with its ratio as
// an initializer and no training_mode (the identity at inference), Conv
// with explicit pads (nn's "same" is TensorFlow's: the odd pad at the end)
// followed by its activation, MaxPool and Flatten. The batch dimension is
// symbolic ("N"); weights are FLOAT initializers named after the layer
// ("dense0.W", "dense0.b", "conv2d0.W").
//
// # Layouts
//
// ONNX's Conv and MaxPool work on NCHW images; nn's (Keras's) on NHWC,
// with its kernel KH×KW×C×F against ONNX's F×C×KH×KW. Export keeps nn's
// interface: a network that starts with images takes them NHWC, input
// [N, H, W, C]; the graph transposes them to NCHW (Transpose, perm
// 0,3,1,2), runs Conv and MaxPool with the kernels transposed, and
// transposes back (perm 0,2,3,1) before Flatten, so the flattened features
// are in nn's order and the dense weights are written as they are. Import
// reads such a graph back to the same layers. It also takes models whose
// input is NCHW and whose first node is a Conv or MaxPool, as PyTorch
// exports them: the imported network then takes the same images NHWC (the
// same bytes when there is one channel, as for MNIST), and the dense layer
// after a Flatten of NCHW images gets its weight rows permuted from NCHW
// to NHWC order, so it computes the same function. A graph that ends in
// NCHW images of more than one channel is refused. Elementwise operators
// (activations, Dropout) work in either layout. A model whose input is
// [N, C, H, W] and whose first node is Flatten(axis=1) imports as rows of
// the flattened samples.
//
// # What is refused
//
// Every failure is an error that starts with "onnx:" and names what is
// wrong, never a panic (FuzzImport checks Read, Import and Run on
// arbitrary bytes): bytes that are not a protobuf ModelProto (a gof32 model
// file is recognised and named), a model without a graph or an opset of
// the default domain, a graph with a cycle, an input that no graph input,
// initializer or node defines, a value defined twice, a tensor whose data
// size disagrees with its shape, external data, segments, sparse
// initializers, a data type other than FLOAT (BOOL for Dropout's mask and
// training_mode), non-tensor inputs, other domains, model-local functions,
// and any operator outside the table, for example
//
//	onnx: node "lstm1" (LSTM): operator "LSTM" is not supported (supported: Add, Conv, Dropout, ...)
//	onnx: node "fc2" (Gemm): attribute transA=1 unsupported for import into nn.Dense
//
// Tensors are limited to 2³⁰ elements (4 GiB) and files to 2 GiB,
// protobuf's own limit.
//
// # The schema
//
// The package decodes and encodes the part of onnx.proto it needs with
// google.golang.org/protobuf/encoding/protowire, by hand, rather than
// with code generated by protoc-gen-go: ModelProto, OperatorSetIdProto,
// GraphProto, NodeProto, AttributeProto, ValueInfoProto, TypeProto (its
// Tensor case), TensorShapeProto and TensorProto, with their field numbers
// from onnx.proto (proto.go). Reasons: the build needs no protoc and no
// generated file to keep in step (make check-generated would have to run
// protoc); the decoder sees every field's wire type and length as it goes,
// so malformed input becomes an error at the field that is wrong, and
// fields that change a model's meaning but that this package does not
// implement (external data, sparse initializers, subgraphs, functions,
// training information) are noticed and refused instead of being dropped
// silently as unknown fields; and raw tensor data is referenced, not
// copied, until it is converted to float32. Unknown fields are skipped.
//
// # Cost
//
// Read copies the weights once (from raw_data into float32 slices).
// Run allocates its intermediate tensors on every call and is meant for
// serving and testing, not for training: Gemm and MatMul run on
// kernels.Sgemm, the activations and Softmax on their kernels, Add of a
// bias row on kernels.AddRowVector, Conv as im2col and one Sgemm per image
// and group, MaxPool and Transpose as plain loops. A network from Import
// runs on nn's own buffers and allocates nothing per batch once reserved.
//
// # Conformance
//
// ONNX's backend tests (Debian's libonnx-testdata; `make test` installs
// it) check the operators: every case of the families test_gemm_*,
// test_matmul_*, test_add*, test_relu, test_sigmoid*, test_tanh*,
// test_softplus*, test_softmax_*, test_dropout_*, test_training_dropout_*,
// test_identity*, test_flatten_*, test_transpose_*, test_*conv_* and
// test_maxpool_* in data/node, and of the matching PyTorch-exported
// families in data/pytorch-converted and data/pytorch-operator, is either
// claimed, and must pass within |got−want| ≤ 1e-6 + 1e-4·|want| through Run
// (and through Import when the model is a chain of nn layers), or listed
// out of scope with its reason and must be refused with an error
// (conformance_test.go). The data folder is
// /usr/share/libonnx-testdata/data/node, or $ONNX_TESTDATA.
package onnx
