"""derivcheck: verify the claims of a mathematical derivation.

Each claim of a document is written as a YAML-declared symbolic identity; the
engine proves it, refutes it with a checked counterexample, or says that it could
not decide. This package is importable without the command line::

    from derivcheck.runner import check_paths
    results = check_paths(["claims/"])
"""

from __future__ import annotations

import os

__version__ = "0.1.0"

# SymPy memoises construction and assumption queries in one LRU cache of 1000
# entries; checking many claims in one process reuses far more than that.
# Read once, when SymPy is first imported (which derivcheck does lazily).
os.environ.setdefault("SYMPY_CACHE_SIZE", "20000")
