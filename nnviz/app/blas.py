"""How many threads NumPy's BLAS uses (set per problem in the engine's process)."""

from __future__ import annotations

import contextlib


def set_blas_threads(n: int) -> bool:
    """Limit BLAS to ``n`` threads with threadpoolctl when it is installed; True if applied."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return False
    threadpool_limits(limits=n, user_api="blas")
    return True


BIG_NETWORK = 50_000
"""Parameters from which a network's matrix products are worth more than one thread."""


def choose_blas_threads(param_count: int, cores: int | None = None) -> int:
    """BLAS threads for the engine's process: one for small networks, the cores but one
    (the window's) for large ones.

    Measured on the 2-core machine here (samples/s, 1 → 2 threads, other work running):
    the spiral's 2-8-8-3 net 144,000 → 166,000 and 106,000 → 139,000; MNIST 784-100-10
    96,000 → 20,000 and 100,000 → 15,000 — two threads fighting the window and other
    processes for two cores spin instead of working.  So one core stays with the window.
    """
    import os

    cores = cores or os.cpu_count() or 1
    return max(1, cores - 1) if param_count >= BIG_NETWORK else 1


_controller = None


def one_blas_thread():
    """A context in which BLAS uses one thread (a no-op without threadpoolctl).

    For work made of small matrix products in a process that does other things: the
    labs' networks (batch 100 × 100 units) and a numerical gradient's forward passes.
    Measured with the batch-norm lab on the 2-core machine here while other work ran:
    a cell took 5–80 s with two BLAS threads, 0.7–1.3 s with one.  Entering costs ~3 µs
    (one ``ThreadpoolController``, made on first use), so a lab may enter it per tick.
    """
    global _controller
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:
        return contextlib.nullcontext()
    if _controller is None:
        _controller = ThreadpoolController()
    return _controller.limit(limits=1, user_api="blas")
