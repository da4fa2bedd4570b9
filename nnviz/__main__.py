"""``python -m nnviz`` does what the ``nnviz`` command does."""

from __future__ import annotations

import sys

from nnviz.cli import main

if __name__ == "__main__":
    sys.exit(main())
