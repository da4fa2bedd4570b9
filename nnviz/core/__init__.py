"""The NumPy model: layers, networks, optimizers, gradient checks and the trainer (no Qt)."""
