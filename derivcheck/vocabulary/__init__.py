"""The functions a claim may call, as a registry: one entry a function.

Adding a function is adding one decorated function (or one row of a table) to
the module of its kind; each module registers its entries in
:data:`VOCABULARY` when imported, and this package imports them all:

- :mod:`.elementary`: functions of numbers, elementwise on vectors;
- :mod:`.special`: the special functions, floor and ceiling, Piecewise;
- :mod:`.linalg`: vectors and matrices;
- :mod:`.calculus`: derivatives and the binders (Sum, limit, integrate);
- :mod:`.probability`: expectations and distributions;
- :mod:`.statements`: the connectives of boolean claims.
"""

from __future__ import annotations

from derivcheck.vocabulary import calculus, elementary, linalg, probability, special, statements
from derivcheck.vocabulary.registry import VOCABULARY, Entry, elementwise, function

__all__ = ["VOCABULARY", "Entry", "calculus", "elementary", "elementwise", "function", "linalg", "probability", "special", "statements"]
