"""Race your own configurations: the main window's settings as contenders (Qt-free).

Labs → *Race these settings* adds the network panel's configuration to a race on the
panel's data; press it again after changing the panel (another optimizer, width, rate,
…) to add a second contender, up to :data:`~nnviz.app.labs.race.MAX_CONTENDERS`.  All
contenders share the data, the initial weights where shapes allow and the mini-batch
order (see :class:`~nnviz.app.labs.race.Race`); the legend names what differs.
"""

from __future__ import annotations

from nnviz.app.config import SessionConfig
from nnviz.app.labs.race import Contender, Race
from nnviz.errors import ConfigError


def contender_of(config: SessionConfig) -> Contender:
    """The contender that trains ``config``'s network with its training settings.

    Its label is empty: the race's legend then says what differs from the others.
    """
    if config.network.features:
        raise ConfigError("Races train on the data's own inputs, not feature crosses.")
    return Contender("", config.network, config.train)


def race_of(config: SessionConfig) -> Race:
    """A race of ``config`` alone on its data (loaded here), stopping at its epoch limit."""
    data = config.data.load(config.train.rng)
    if data.is_regression:
        raise ConfigError("Races compare classifiers; this dataset is a regression.")
    return Race(data, [contender_of(config)], seed=config.train.seed, epochs=config.train.epochs)
