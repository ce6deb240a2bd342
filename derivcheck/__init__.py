"""derivcheck: verify the claims of a mathematical derivation.

Each claim of a document is written as a YAML-declared symbolic identity; the
engine proves it, refutes it with a checked counterexample, or says that it could
not decide. This package is importable without the command line::

    import derivcheck

    r = derivcheck.check("diff(sigmoid(x), x) == sigmoid(x)*(1 - sigmoid(x))", symbols={"x": "real"})
    r.verdict                      # Verdict.PROVED
    results = derivcheck.check_file("claims/01-classification.yaml")
    derivcheck.summarize(results)  # the counts, as the JSON report's summary

The functions are in :mod:`derivcheck.api`; the result objects in
:mod:`derivcheck.model`. This module is the top of the package: nothing inside
derivcheck imports it. Python runs it before any submodule, the command line's
included, so the public names are imported on first use (``__getattr__``): the
command line does not pay for the engine to print its version.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from derivcheck.version import __version__

if TYPE_CHECKING:
    from derivcheck.api import check as check
    from derivcheck.api import check_file as check_file
    from derivcheck.api import check_many as check_many
    from derivcheck.api import check_paths as check_paths
    from derivcheck.model import ClaimResult as ClaimResult
    from derivcheck.model import Expect as Expect
    from derivcheck.model import LinkResult as LinkResult
    from derivcheck.model import Verdict as Verdict
    from derivcheck.summary import Summary as Summary
    from derivcheck.summary import summarize as summarize

#: Each public name, and the module it lives in.
_EXPORTS = {
    "check": "derivcheck.api",
    "check_file": "derivcheck.api",
    "check_many": "derivcheck.api",
    "check_paths": "derivcheck.api",
    "ClaimResult": "derivcheck.model",
    "Expect": "derivcheck.model",
    "LinkResult": "derivcheck.model",
    "Verdict": "derivcheck.model",
    "Summary": "derivcheck.summary",
    "summarize": "derivcheck.summary",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'derivcheck' has no attribute {name!r}")
