"""derivcheck: verify the claims of a mathematical derivation.

Each claim of a document is written as a YAML-declared symbolic identity; the
engine proves it, refutes it with a checked counterexample, or says that it could
not decide. This package is importable without the command line::

    from derivcheck.runner import check_paths
    results = check_paths(["claims/"])
"""

from __future__ import annotations

__version__ = "0.1.0"
