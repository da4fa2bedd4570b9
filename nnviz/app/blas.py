"""How many threads NumPy's BLAS uses (set per problem in the engine's process)."""

from __future__ import annotations


def set_blas_threads(n: int) -> bool:
    """Limit BLAS to ``n`` threads with threadpoolctl when it is installed; True if applied."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return False
    threadpool_limits(limits=n, user_api="blas")
    return True
