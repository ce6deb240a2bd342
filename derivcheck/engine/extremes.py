"""A Max below a bound, or a Min above one, as one inequality per argument.

Where ``d = r + c·M`` with ``M = Max(a_1, …, a_n)`` of real arguments, ``c < 0`` a
number and ``r`` free of ``M``: ``c·Max(a_i) = min_i c·a_i``, so ``d = min_i (r + c·a_i)``,
and ``d >= 0`` (``d > 0``) holds exactly when every ``r + c·a_i >= 0`` (``> 0``) does.
The same for ``M = Min(a_1, …, a_n)`` with ``c > 0``. No case is lost and none is
added: the inequalities per argument are the claim, not a bound of it. (The other
orientation, a Max above something, needs the split on which argument is the
largest: :mod:`derivcheck.engine.orderings`.) ``|x|_∞ <= |x|_2`` becomes
``|x_i| <= sqrt(x_1² + … + x_n²)`` for each i, which squaring decides.
"""

from __future__ import annotations

import sympy

from derivcheck.engine.inequalities import Ladder


def per_argument(d: sympy.Expr) -> list[sympy.Expr] | None:
    """The inequalities, one per argument, equivalent to ``d >= 0`` (``> 0``) as above; None
    when d has no Max or Min in that position."""
    atoms = [a for a in d.atoms(sympy.Max, sympy.Min) if a.free_symbols]
    for atom in sorted(atoms, key=lambda a: (sympy.count_ops(a), sympy.default_sort_key(a))):
        if any(arg.is_extended_real is not True for arg in atom.args):
            continue
        z = sympy.Dummy("extreme")
        e = d.xreplace({atom: z})
        if atom in e.atoms(sympy.Max, sympy.Min):
            continue
        poly = e.as_poly(z)
        if poly is None or poly.degree() != 1:
            continue
        c, r = poly.all_coeffs()
        if not c.is_number or c.is_extended_real is not True or z in r.free_symbols:
            continue
        if (isinstance(atom, sympy.Max) and c.is_negative) or (isinstance(atom, sympy.Min) and c.is_positive):
            return [r + c * a for a in atom.args]
    return None


def bounded_extremes(d: sympy.Expr, strict: bool, ladder: Ladder) -> bool:
    """True if every inequality per argument (see above) is shown."""
    if ladder.depth > 3:
        return False
    cases = per_argument(d)
    return cases is not None and all(ladder.ask(e, strict) for e in cases)
