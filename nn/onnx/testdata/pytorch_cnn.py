#!/usr/bin/python3
"""Makes pytorch_cnn.onnx and its test data for nn/onnx's TestPyTorchCNN.

A small convnet on 1x10x10 images (NCHW, as PyTorch has them):
Conv2d(1, 4, 3, padding=1) ReLU, MaxPool2d(2), Conv2d(4, 6, 3) Tanh,
Flatten, Linear(54, 5), Softmax; trained by PyTorch for 25 steps (so that the outputs are not saturated) on a
seeded toy problem (which of five bar positions an image shows, with
noise), exported with torch.onnx.export (opset 13, batch dynamic) and
evaluated on 12 fresh images in eval mode. The file, the images
(pytorch_cnn_input.pb, NCHW) and PyTorch's outputs (pytorch_cnn_output.pb)
are checked in; the test needs neither Python nor PyTorch.

Run from this folder with Debian's python3-torch (1.13) and python3-onnx
(1.12):

    /usr/bin/python3 pytorch_cnn.py
"""

import numpy as np
import onnx
import onnx.numpy_helper
import torch
from torch import nn

torch.manual_seed(216091)
rng = np.random.default_rng(216091)


def images(n):
    y = rng.integers(0, 5, size=n)
    x = rng.normal(scale=0.3, size=(n, 1, 10, 10)).astype(np.float32)
    for i, k in enumerate(y):
        x[i, 0, 2 * k, :] += 0.5
    return torch.from_numpy(x), torch.from_numpy(y)


model = nn.Sequential(
    nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(4, 6, 3), nn.Tanh(),
    nn.Flatten(), nn.Linear(54, 5), nn.Softmax(dim=1),
)
opt = torch.optim.Adam(model.parameters(), lr=0.01)
model.train()
for step in range(25):
    x, y = images(32)
    p = model(x)
    loss = nn.functional.nll_loss(torch.log(p + 1e-9), y)
    opt.zero_grad()
    loss.backward()
    opt.step()

model.eval()
x, y = images(12)
with torch.no_grad():
    out = model(x)
print("final loss %.4f, accuracy on the 12 test images %.2f" % (loss.item(), (out.argmax(1) == y).float().mean().item()))

torch.onnx.export(model, x, "pytorch_cnn.onnx", opset_version=13,
                  input_names=["images"], output_names=["probs"],
                  dynamic_axes={"images": {0: "batch"}, "probs": {0: "batch"}})
onnx.checker.check_model(onnx.load("pytorch_cnn.onnx"))

for name, t in (("pytorch_cnn_input.pb", x), ("pytorch_cnn_output.pb", out)):
    tp = onnx.numpy_helper.from_array(t.numpy().astype(np.float32), name=name.split(".")[0])
    with open(name, "wb") as f:
        f.write(tp.SerializeToString())
print([n.op_type for n in onnx.load("pytorch_cnn.onnx").graph.node])
