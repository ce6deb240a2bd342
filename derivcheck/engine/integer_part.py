"""floor and ceiling of a real argument, by what is known of them everywhere.

- ``ceiling(u) = -floor(-u)`` for every real ``u`` (an identity: equality claims
  are compared with every ceiling written so);
- ``floor(u) = u - f`` and ``ceiling(u) = u + f`` with ``f`` in [0, 1), written
  ``f = g/(1 + g)`` with a fresh ``g >= 0``, which takes every value of [0, 1).

The second forgets that the value is an integer: a sign shown for every ``f`` in
[0, 1) holds for the true one, so it only proves, and only bounds such as
``floor(x) <= x < floor(x) + 1`` follow from it.
"""

from __future__ import annotations

import sympy


def _real_atoms(e: sympy.Expr) -> list[sympy.Expr]:
    atoms = e.atoms(sympy.floor, sympy.ceiling)
    return sorted((a for a in atoms if a.args[0].is_extended_real is True), key=sympy.default_sort_key)


def ceilings_as_floors(e: sympy.Expr) -> sympy.Expr | None:
    """``e`` with each ceiling of a real argument written as ``-floor(-u)``; None if it has none."""
    mapping = {a: -sympy.floor(-a.args[0]) for a in _real_atoms(e) if isinstance(a, sympy.ceiling)}
    return e.xreplace(mapping) if mapping else None


def fractional_parts(e: sympy.Expr) -> sympy.Expr | None:
    """``e`` with each floor and ceiling of a real argument as ``u ∓ f``, f in [0, 1); None if none."""
    atoms = _real_atoms(e)
    if not atoms:
        return None
    mapping = {}
    for i, a in enumerate(atoms):
        g = sympy.Dummy(f"g{i}", nonnegative=True)
        f = g / (1 + g)
        u = a.args[0]
        mapping[a] = u - f if isinstance(a, sympy.floor) else u + f
    return e.xreplace(mapping)
