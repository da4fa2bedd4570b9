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


TUNE_WORK = 1_000_000
"""Multiply-adds of a batch (parameters × rows) from which a second BLAS thread may pay;
below it the products are too small for BLAS to split (the spiral, CS231n's 2-100-3)."""
WARMUP_SECONDS = 0.1
"""Training after a start that no count is judged by (first batches staged, caches cold)."""
SLICE_SECONDS = 0.1
"""One turn of one count; the counts take turns :data:`ROUNDS` times."""
ROUNDS = 3
RETUNE_SECONDS = 20.0
"""Training time after which the counts are measured again (the machine's load changes)."""
MARGIN = 1.05
"""More threads must be this much faster to be kept (fewer threads leave the window room)."""


class BlasTuner:
    """Chooses the engine process's BLAS threads by measuring.  After a short warm-up the
    candidate counts take turns training for :data:`SLICE_SECONDS` each, :data:`ROUNDS`
    times (taking turns, a trend in the load or the loss does not favour one count); the
    fastest stays, and every :data:`RETUNE_SECONDS` of training they are measured again.

    No fixed rule holds on a shared machine.  Measured on the 2-core machine here, samples/s
    with one BLAS thread against two: quiet, MNIST 784-100-10 batch 100 gains 40 % from the
    second thread (37.6 → 53.2 epochs/s) and the FCNeuron full-batch net 15–35 %; with
    other work running, two threads fighting the window and other processes for two cores
    spin instead of working (MNIST 96,000 → 20,000 samples/s).  Measuring costs at most
    half the turns at the slower count: under 1 % of the training time.

    ``apply(n)`` sets the count (:func:`set_blas_threads`); ``trained(samples, seconds)``
    is told after each chunk of training.  Qt-free and clock-free: the caller's seconds.
    """

    def __init__(self, cores: int, apply=set_blas_threads) -> None:
        self.cores = max(1, int(cores))
        self.apply = apply
        self.candidates: tuple[int, ...] = (1,)
        self.threads = 0
        self.rates: dict[int, float] = {}  # samples/s of each count in the last measurement
        self._turns: list[int] = []  # the counts still to take a turn; empty: settled
        self._totals: dict[int, list[float]] = {}  # count → [samples, seconds]
        self._samples = 0
        self._seconds = 0.0
        self._warm = 0.0  # warm-up seconds left

    def start(self, param_count: int, batch_rows: int) -> None:
        """A new network: its candidates (one thread for small products), measured anew."""
        c = self.cores
        big = param_count * max(1, batch_rows) >= TUNE_WORK
        # Most threads first: on a quiet machine the count in use while measuring is
        # already the fast one half the time.
        many = sorted({1, max(1, c - 1), c}, reverse=True)
        self.candidates = tuple(many) if big and c > 1 else (1,)
        self.rates = {}
        if len(self.candidates) == 1:
            self._turns = []
            self._use(1)
        else:
            self._measure(WARMUP_SECONDS)

    @property
    def measuring(self) -> bool:
        return bool(self._turns)

    def trained(self, samples: int, seconds: float) -> None:
        if len(self.candidates) == 1 or samples <= 0:
            return
        if self._warm > 0:
            self._warm -= seconds
            return
        self._samples += samples
        self._seconds += seconds
        if self._turns:
            if self._seconds >= SLICE_SECONDS:
                total = self._totals.setdefault(self.threads, [0, 0.0])
                total[0] += self._samples
                total[1] += self._seconds
                self._turns.pop(0)
                if self._turns:
                    self._turn()
                else:
                    self._settle()
        elif self._seconds >= RETUNE_SECONDS:
            self._measure(0.0)

    def _measure(self, warm: float) -> None:
        self._warm = warm
        self._totals = {}
        self._turns = list(self.candidates) * ROUNDS
        self._turn()

    def _turn(self) -> None:
        self._samples, self._seconds = 0, 0.0
        self._use(self._turns[0])

    def _settle(self) -> None:
        self.rates = {n: s / t for n, (s, t) in self._totals.items() if t > 0}
        best = min(self.rates)  # the fewest threads unless more are clearly faster
        for n in sorted(self.rates):
            if self.rates[n] > self.rates[best] * MARGIN:
                best = n
        self._samples, self._seconds = 0, 0.0
        self._use(best)

    def _use(self, n: int) -> None:
        if n != self.threads:
            self.threads = n
            self.apply(n)


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
