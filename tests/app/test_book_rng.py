"""The book RNG: one legacy RandomState through data, initial weights and shuffles, as the
DLFS2 ch01 code runs it, so that its run is reproduced exactly."""

from __future__ import annotations

import json

import numpy as np
import pytest

from nnviz.app.config import (
    DataRequest,
    SessionConfig,
    build_trainer,
    config_from_json,
    config_to_json,
)
from nnviz.app.session_file import SessionFile, load_session, save_session
from nnviz.app.tutorial_runner import tutorial_session
from nnviz.app.tutorials import TUTORIALS
from nnviz.core.trainer import NetworkConfig, TrainConfig
from nnviz.errors import ConfigError


def source_run(seed: int = 7777, epochs: int = 300) -> tuple[np.ndarray, float]:
    """An independent float64 re-implementation of DLFS2 ch01's spiral training.

    ``np.random.seed(seed)``; 100 points per arm drawn point by point with ``randn()``;
    a 2-10-3 sigmoid net with 0.01·randn weights; every epoch ``x = x[permutation]``,
    then batches of 30 with SGD at learning rate 1.0.  Returns the mean loss of every
    10 iterations and the final training accuracy on the points in their first order.
    """
    rs = np.random.RandomState(seed)
    n, k = 100, 3
    x = np.zeros((n * k, 2))
    t = np.zeros(n * k, dtype=int)
    for j in range(k):
        for i in range(n):
            rate = i / n
            theta = j * 4.0 + 4.0 * rate + rs.randn() * 0.2
            x[n * j + i] = rate * np.sin(theta), rate * np.cos(theta)
            t[n * j + i] = j
    w1, b1 = 0.01 * rs.randn(2, 10), np.zeros(10)
    w2, b2 = 0.01 * rs.randn(10, 3), np.zeros(3)
    x0, t0 = x.copy(), t.copy()
    losses = []
    for _ in range(epochs):
        idx = rs.permutation(len(x))
        x, t = x[idx], t[idx]
        for it in range(10):
            bx, bt = x[it * 30 : (it + 1) * 30], t[it * 30 : (it + 1) * 30]
            h = 1 / (1 + np.exp(-(bx @ w1 + b1)))
            s = h @ w2 + b2
            p = np.exp(s - s.max(axis=1, keepdims=True))
            p /= p.sum(axis=1, keepdims=True)
            losses.append(-np.log(p[np.arange(30), bt]).mean())
            p[np.arange(30), bt] -= 1
            ds = p / 30
            da = (ds @ w2.T) * h * (1 - h)
            w2 -= h.T @ ds
            b2 -= ds.sum(axis=0)
            w1 -= bx.T @ da
            b1 -= da.sum(axis=0)
    h = 1 / (1 + np.exp(-(x0 @ w1 + b1)))
    accuracy = float(np.mean((h @ w2 + b2).argmax(axis=1) == t0))
    return np.asarray(losses).reshape(-1, 10).mean(axis=1), accuracy


def test_the_book_rng_reproduces_the_dlfs2_run_exactly():
    tut = TUTORIALS["dlfs2-spiral"]
    assert tut.train.rng == "book"
    trainer = build_trainer(tutorial_session(tut))
    assert trainer.network.dtype == np.float64 and trainer.data.x_train.dtype == np.float64
    losses = trainer.step(max_epochs=300).batch_losses
    means = losses.astype(np.float64).reshape(-1, 10).mean(axis=1)
    ref_means, ref_accuracy = source_run()
    # The same data, weights and batch order: the same numbers (float32 loss records).
    np.testing.assert_allclose(means, ref_means, atol=1e-6)
    assert means[-1] == pytest.approx(0.1168, abs=5e-5)
    assert trainer.evaluate("train")[1] == ref_accuracy == pytest.approx(0.9633, abs=5e-5)


def test_the_modern_generator_stays_the_default():
    assert TrainConfig().rng == "modern"
    trainer = build_trainer(SessionConfig(DataRequest("spiral"), NetworkConfig(), TrainConfig()))
    assert trainer.network.dtype == np.float32 and trainer.data.x_train.dtype == np.float32
    assert trainer.data.book_state is None
    # The book's data differ from the modern generator's with the same seed.
    book = DataRequest("spiral", seed=7777).load("book")
    modern = DataRequest("spiral", seed=7777).load()
    assert not np.allclose(book.x_train, modern.x_train)
    with pytest.raises(ConfigError, match="modern"):
        TrainConfig(rng="legacy")


def test_the_book_rng_round_trips_through_session_files(tmp_path):
    config = tutorial_session(TUTORIALS["dlfs2-spiral"])
    assert config_from_json(json.loads(json.dumps(config_to_json(config)))) == config
    path = save_session(tmp_path / "book.json", SessionFile(config))
    assert load_session(path).config.train.rng == "book"
    # A session file written before the option existed loads with the modern generator.
    old = config_to_json(config)
    del old["train"]["rng"]
    assert config_from_json(old).train.rng == "modern"
