"""The references nnviz is measured against: a plain NumPy loop written like the book's code,
and the same network in PyTorch (optional).

Both do the work nnviz's ``Trainer`` does in its training loop, no more and no less:
per epoch a fresh shuffle; per batch a gather of the rows, forward, mean
cross-entropy, backward, plain SGD, and the batch loss and number of correct
predictions brought back to Python (the trainer reports both per batch).  When a
test split is given, its loss and accuracy are computed after every epoch, as the
trainer (and TensorFlow Playground) do.
"""

from __future__ import annotations

import time
from collections import OrderedDict

import numpy as np


# ---------------------------------------------------------------------- the book's layers
class Affine:
    def __init__(self, W, b):
        self.W, self.b = W, b
        self.x = self.dW = self.db = None

    def forward(self, x):
        self.x = x
        return np.dot(x, self.W) + self.b

    def backward(self, dout):
        dx = np.dot(dout, self.W.T)
        self.dW = np.dot(self.x.T, dout)
        self.db = np.sum(dout, axis=0)
        return dx


class Relu:
    def forward(self, x):
        self.mask = x <= 0
        out = x.copy()
        out[self.mask] = 0
        return out

    def backward(self, dout):
        dout = dout.copy()
        dout[self.mask] = 0
        return dout


class Sigmoid:
    def forward(self, x):
        self.out = 1 / (1 + np.exp(-x))
        return self.out

    def backward(self, dout):
        return dout * (1.0 - self.out) * self.out


class Tanh:
    def forward(self, x):
        self.out = np.tanh(x)
        return self.out

    def backward(self, dout):
        return dout * (1.0 - self.out**2)


def softmax(x):
    x = x - np.max(x, axis=1, keepdims=True)
    return np.exp(x) / np.sum(np.exp(x), axis=1, keepdims=True)


def cross_entropy_error(y, t):
    return -np.sum(np.log(y[np.arange(len(t)), t] + 1e-7)) / len(t)


class SoftmaxWithLoss:
    def forward(self, x, t):
        self.t = t
        self.y = softmax(x)
        return cross_entropy_error(self.y, t)

    def backward(self, dout=1):
        dx = self.y.copy()
        dx[np.arange(len(self.t)), self.t] -= 1
        return dx / len(self.t)


ACTS = {"relu": Relu, "sigmoid": Sigmoid, "tanh": Tanh}


class BookNet:
    """``MultiLayerNet`` of Deep Learning from Scratch (ch05–06), in float32."""

    def __init__(self, params: dict[str, np.ndarray], activation: str):
        self.params = {k: np.array(v, dtype=np.float32) for k, v in params.items()}
        n = len(self.params) // 2
        self.layers = OrderedDict()
        for i in range(1, n + 1):
            self.layers[f"Affine{i}"] = Affine(self.params[f"W{i}"], self.params[f"b{i}"])
            if i < n:
                self.layers[f"Act{i}"] = ACTS[activation]()
        self.last_layer = SoftmaxWithLoss()
        self.n = n

    def predict(self, x):
        for layer in self.layers.values():
            x = layer.forward(x)
        return x

    def loss(self, x, t):
        return self.last_layer.forward(self.predict(x), t)

    def gradient(self, x, t):
        loss = self.loss(x, t)
        dout = self.last_layer.backward(1)
        for layer in reversed(list(self.layers.values())):
            dout = layer.backward(dout)
        grads = {}
        for i in range(1, self.n + 1):
            grads[f"W{i}"] = self.layers[f"Affine{i}"].dW
            grads[f"b{i}"] = self.layers[f"Affine{i}"].db
        return loss, grads


def numpy_loop(params, activation, x, t, *, lr, batch_size, seconds, x_test=None, t_test=None):
    """Train the book-style net for about ``seconds``; returns ``(samples, epochs, seconds)``."""
    net = BookNet(params, activation)
    rng = np.random.default_rng(0)
    n = len(t)
    samples = epochs = 0
    start = time.perf_counter()
    deadline = start + seconds
    while True:
        order = rng.permutation(n)
        for i in range(0, n, batch_size):
            idx = order[i : i + batch_size]
            xb, tb = x[idx], t[idx]
            loss, grads = net.gradient(xb, tb)
            loss = float(loss)
            correct = int(np.sum(np.argmax(net.last_layer.y, axis=1) == tb))  # noqa: F841
            for key in net.params:
                net.params[key] -= lr * grads[key]
            samples += len(idx)
        epochs += 1
        if x_test is not None:
            y = net.predict(x_test)
            cross_entropy_error(softmax(y), t_test)
            np.mean(np.argmax(y, axis=1) == t_test)
        if time.perf_counter() >= deadline:
            break
    return samples, epochs, time.perf_counter() - start


# ---------------------------------------------------------------------- PyTorch
def configure_torch(threads: int) -> bool:
    """Import PyTorch if installed and give it as many threads as NumPy's BLAS has."""
    try:
        import torch
    except ImportError:
        return False
    torch.set_num_threads(threads)
    return True


def torch_loop(params, activation, x, t, *, lr, batch_size, seconds, x_test=None, t_test=None):
    """The same network, initial weights, data, batches and SGD in PyTorch (CPU).

    Idiomatic eager PyTorch: ``nn.Sequential`` of ``nn.Linear`` layers,
    ``F.cross_entropy``, ``torch.optim.SGD`` (its default foreach implementation),
    ``zero_grad(set_to_none=True)``; data as float32 tensors gathered per batch.
    """
    import torch
    import torch.nn.functional as F
    from torch import nn

    n_layers = len(params) // 2
    act = {"relu": nn.ReLU, "sigmoid": nn.Sigmoid, "tanh": nn.Tanh}[activation]
    mods = []
    for i in range(1, n_layers + 1):
        W = params[f"W{i}"]
        lin = nn.Linear(W.shape[0], W.shape[1])
        with torch.no_grad():
            lin.weight.copy_(torch.from_numpy(np.ascontiguousarray(W.T, dtype=np.float32)))
            lin.bias.copy_(torch.from_numpy(np.asarray(params[f"b{i}"], dtype=np.float32)))
        mods.append(lin)
        if i < n_layers:
            mods.append(act())
    model = nn.Sequential(*mods)
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    xt = torch.from_numpy(np.ascontiguousarray(x, dtype=np.float32))
    after_epoch = None
    if x_test is not None:
        xv = torch.from_numpy(np.ascontiguousarray(x_test, dtype=np.float32))
        tv = torch.from_numpy(np.asarray(t_test, dtype=np.int64))

        def after_epoch() -> None:
            with torch.no_grad():
                y = model(xv)
                F.cross_entropy(y, tv).item()
                (y.argmax(dim=1) == tv).float().mean().item()

    return torch_train(
        model, opt, xt, t, batch_size=batch_size, seconds=seconds, after_epoch=after_epoch
    )


def torch_train(model, opt, xt, t, *, batch_size, seconds, after_epoch=None):
    """Whole epochs of eager PyTorch training until ``seconds`` have passed.

    Each epoch shuffles, then each batch is gathered, trained on, and its loss and
    correct count read back (as nnviz's Trainer reports them).  Returns
    ``(samples, epochs, seconds)``.
    """
    import torch
    import torch.nn.functional as F

    tt = torch.from_numpy(np.asarray(t, dtype=np.int64))
    gen = torch.Generator().manual_seed(0)
    n = len(tt)
    samples = epochs = 0
    start = time.perf_counter()
    deadline = start + seconds
    while True:
        order = torch.randperm(n, generator=gen)
        for i in range(0, n, batch_size):
            idx = order[i : i + batch_size]
            xb, tb = xt[idx], tt[idx]
            out = model(xb)
            loss = F.cross_entropy(out, tb)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            loss.item()
            int((out.argmax(dim=1) == tb).sum())
            samples += len(idx)
        epochs += 1
        if after_epoch is not None:
            after_epoch()
        if time.perf_counter() >= deadline:
            break
    return samples, epochs, time.perf_counter() - start


# ---------------------------------------------------------------------- decision boundary
CLASS_COLORS = np.array(
    [(230, 159, 0), (86, 180, 233), (0, 158, 115), (204, 121, 167)], dtype=np.float32
)


def naive_boundary(params, activation, points, resolution):
    """A straightforward grid evaluation: forward pass, softmax, colour by winner and confidence."""
    x = points
    n = len(params) // 2
    for i in range(1, n + 1):
        x = x @ params[f"W{i}"] + params[f"b{i}"]
        if i < n:
            x = {"relu": lambda v: np.maximum(v, 0), "tanh": np.tanh}[activation](x)
    p = softmax(x)
    k = p.shape[1]
    winner = p.argmax(axis=1)
    conf = p.max(axis=1, keepdims=True)
    alpha = 0.08 + 0.72 * np.clip((conf - 1 / k) * (k / (k - 1)), 0, 1)
    rgb = 255 + (CLASS_COLORS[winner % len(CLASS_COLORS)] - 255) * alpha
    return rgb.astype(np.uint8).reshape(resolution, resolution, 3)
