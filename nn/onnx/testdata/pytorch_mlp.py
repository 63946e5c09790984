#!/usr/bin/python3
"""Makes pytorch_mlp.onnx and its test data for nn/onnx's TestPyTorchMLP.

A small MLP (8 -> 16 ReLU -> Dropout 0.1 -> 12 Tanh -> 10 Sigmoid -> 6
Softplus -> 3 Softmax) is trained by PyTorch for 60 steps (so that the outputs are not saturated) on a
seeded toy problem (which of three Gaussian blobs a point comes from),
exported with torch.onnx.export (opset 13, batch dimension dynamic), and
evaluated on 20 fresh points in eval mode. The file, the points
(pytorch_mlp_input.pb) and PyTorch's outputs (pytorch_mlp_output.pb) are
checked in; the test needs neither Python nor PyTorch.

Run from this folder with Debian's python3-torch (1.13) and python3-onnx
(1.12):

    /usr/bin/python3 pytorch_mlp.py
"""

import numpy as np
import onnx
import onnx.numpy_helper
import torch
from torch import nn

torch.manual_seed(216091)
rng = np.random.default_rng(216091)

centres = rng.normal(size=(3, 8)).astype(np.float32) * 2


def points(n):
    y = rng.integers(0, 3, size=n)
    x = centres[y] + rng.normal(size=(n, 8)).astype(np.float32)
    return torch.from_numpy(x.astype(np.float32)), torch.from_numpy(y)


model = nn.Sequential(
    nn.Linear(8, 16), nn.ReLU(), nn.Dropout(0.1),
    nn.Linear(16, 12), nn.Tanh(),
    nn.Linear(12, 10), nn.Sigmoid(),
    nn.Linear(10, 6), nn.Softplus(),
    nn.Linear(6, 3), nn.Softmax(dim=1),
)
opt = torch.optim.Adam(model.parameters(), lr=0.01)
model.train()
for step in range(60):
    x, y = points(64)
    p = model(x)
    loss = nn.functional.nll_loss(torch.log(p + 1e-9), y)
    opt.zero_grad()
    loss.backward()
    opt.step()

model.eval()
x, y = points(20)
with torch.no_grad():
    out = model(x)
print("final loss %.4f, accuracy on the 20 test points %.2f" % (loss.item(), (out.argmax(1) == y).float().mean().item()))

torch.onnx.export(model, x, "pytorch_mlp.onnx", opset_version=13,
                  input_names=["x"], output_names=["probs"],
                  dynamic_axes={"x": {0: "batch"}, "probs": {0: "batch"}})
onnx.checker.check_model(onnx.load("pytorch_mlp.onnx"))

for name, t in (("pytorch_mlp_input.pb", x), ("pytorch_mlp_output.pb", out)):
    tp = onnx.numpy_helper.from_array(t.numpy().astype(np.float32), name=name.split(".")[0])
    with open(name, "wb") as f:
        f.write(tp.SerializeToString())
print([n.op_type for n in onnx.load("pytorch_mlp.onnx").graph.node])
