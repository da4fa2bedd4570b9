"""Racing the user's own settings (Labs → Race these settings), headless."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from nnviz.app.config import DataRequest, default_session
from nnviz.app.labs.own_race import contender_of, race_of
from nnviz.errors import ConfigError


def test_a_race_of_the_settings_trains_them_as_the_run_would_start():
    config = dataclasses.replace(
        default_session(), train=dataclasses.replace(default_session().train, epochs=3)
    )
    race = race_of(config)
    assert len(race.lanes) == 1 and race.epochs == 3
    adam = dataclasses.replace(config.train, optimizer="adam", learning_rate=0.01)
    race.add(contender_of(dataclasses.replace(config, train=adam)))
    np.testing.assert_array_equal(
        race.lanes[0].network.params["W1"], race.lanes[1].network.params["W1"]
    )  # the same initial weights
    while not race.finished:
        race.step(max_batches=100)
    assert [len(lane.history) for lane in race.lanes] == [3, 3]
    assert race.legend() == ["sgd, lr 0.03", "adam, lr 0.01"]


def test_what_cannot_race_is_one_sentence():
    crossed = dataclasses.replace(
        default_session(),
        network=dataclasses.replace(default_session().network, features=("x1^2", "x2^2")),
    )
    with pytest.raises(ConfigError, match="feature crosses"):
        race_of(crossed)
    regression = dataclasses.replace(default_session(), data=DataRequest(key="reg-plane"))
    with pytest.raises(ConfigError, match="regression"):
        race_of(regression)
