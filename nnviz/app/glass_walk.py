"""Where the learner is in a glass-box step: the forward pass layer by layer, then backward.

A :class:`GlassBoxWalk` holds the engine's last
:class:`~nnviz.app.snapshot.GlassBoxReply` and a stage: after "Step one mini-batch"
nothing but the chosen sample's inputs is shown (stage 0); each Forward shows the
next layer's ``z`` and activations (stages 1 … L, for L weight layers); each Backward
then shows the next layer's δ, ∂L/∂w and updates from the output down (stages
L+1 … 2L).  Plain state, no Qt: the application model keeps it, the glass-box view
draws it.
"""

from __future__ import annotations

from nnviz.app.snapshot import GlassBoxReply


class GlassBoxWalk:
    """The glass box's current step and how far the walk through it has gone."""

    def __init__(self) -> None:
        self.reply: GlassBoxReply | None = None
        self.stage = 0

    def show(self, reply: GlassBoxReply) -> None:
        """A reply from the engine: a new step starts its walk at 0, another sample of
        the same step keeps the walk where it is."""
        if self.reply is None or reply.number != self.reply.number:
            self.stage = 0
        self.reply = reply

    @property
    def n_layers(self) -> int:
        """Weight layers of the stepped network (0 before the first step)."""
        return len(self.reply.step.layers) if self.reply is not None else 0

    @property
    def can_forward(self) -> bool:
        return self.stage < self.n_layers

    @property
    def can_backward(self) -> bool:
        return self.n_layers <= self.stage < 2 * self.n_layers

    def forward(self) -> None:
        """Show the next layer's forward numbers."""
        if self.can_forward:
            self.stage += 1

    def backward(self) -> None:
        """Show the next layer's backward numbers (after the whole forward pass)."""
        if self.can_backward:
            self.stage += 1

    def forward_shown(self, layer: int) -> bool:
        """Are weight layer ``layer``'s (1-based) z and activations shown?"""
        return layer <= min(self.stage, self.n_layers)

    def backward_shown(self, layer: int) -> bool:
        """Are weight layer ``layer``'s (1-based) δ, ∂L/∂w and updates shown?"""
        return layer > 2 * self.n_layers - self.stage

    @property
    def current(self) -> tuple[str, int] | None:
        """``("forward", k)`` or ``("backward", k)``: the layer the last click showed."""
        n, s = self.n_layers, self.stage
        if s == 0 or n == 0:
            return None
        return ("forward", s) if s <= n else ("backward", 2 * n - s + 1)

    def __repr__(self) -> str:
        return f"GlassBoxWalk(stage={self.stage} of {2 * self.n_layers})"
