"""Building a training run for loaded data: the network's outputs and loss follow the data."""

from __future__ import annotations

from nnviz.core.trainer import NetworkConfig, TrainConfig, Trainer


def trainer_for(network: NetworkConfig, train: TrainConfig, data) -> Trainer:
    """A fresh network for ``data`` (its features, outputs and loss kind) and its trainer.

    A classification set gets a softmax output per class, a regression set an MSE
    output per target column (``data.n_outputs``, ``data.loss``).
    """
    net = network.build(
        data.n_features, data.n_outputs, seed=train.seed, l2=train.l2, loss=data.loss
    )
    return Trainer(net, data, train)
