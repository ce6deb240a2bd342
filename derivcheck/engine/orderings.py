"""Max and Min of several arguments, split on which argument is the largest (smallest).

Every point has a largest argument ``a_i`` of ``Max(a_1, …, a_n)``: the cases
"``a_i - a_j >= 0`` for every j" (i = 1 … n) cover the domain, and on case i the
atom is ``a_i``. A case is made a substitution, so that the sign ladder (which
knows no conditions) can be used on it: for each j in turn, ``a_i - a_j`` (with
the earlier substitutions put in) is ``c·v + r`` for an unknown ``v`` with a
number ``c ≠ 0``, and ``v = (w - r)/c`` with a fresh ``w >= 0`` takes exactly the
points where it is >= 0. Solved one after another, the substitutions reach every
point of the case (each solves for its own unknown, whatever the others are);
an unknown with a bounded domain reaches points outside it too, so the case is
shown on more than the domain, which is stronger and still sound. The atom is
then replaced by ``a_i``, as the case says, not by SymPy's reading of it.

Where the expression has exponentials, ``w`` is written ``log(1 + t)`` with
``t >= 0`` (the same set of values, [0, ∞)): ``exp(x_j) = exp(x_i)/(1 + t)``
then stays rational in ``exp(x_i)``, which is what the bounds of a
log-sum-exp need. Min is the same with the order reversed.
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy

#: The most arguments a split atom may have (its cases are n, each n - 1 substitutions).
MOST_ARGUMENTS = 4


def ordering_cases(d: sympy.Expr, unknowns: Sequence[sympy.Symbol]) -> list[sympy.Expr] | None:
    """``d`` on each case of its smallest Max or Min atom whose cases can all be written
    as substitutions; None when there is no such atom."""
    atoms = [a for a in d.atoms(sympy.Max, sympy.Min) if a.free_symbols and 2 <= len(a.args) <= MOST_ARGUMENTS]
    for atom in sorted(atoms, key=lambda a: (sympy.count_ops(a), sympy.default_sort_key(a))):
        if any(arg.is_extended_real is not True for arg in atom.args):
            continue
        cases = _cases(d, atom, unknowns)
        if cases is not None:
            return cases
    return None


def _cases(d: sympy.Expr, atom: sympy.Expr, unknowns: Sequence[sympy.Symbol]) -> list[sympy.Expr] | None:
    args = sorted(atom.args, key=sympy.default_sort_key)
    largest = isinstance(atom, sympy.Max)
    exponential = d.has(sympy.exp)
    out: list[sympy.Expr] = []
    for i, chosen in enumerate(args):
        mapping: dict[sympy.Symbol, sympy.Expr] = {}
        for j, other in enumerate(args):
            if j == i:
                continue
            gap = sympy.expand((chosen - other) if largest else (other - chosen)).xreplace(mapping)
            step = _solve_for_gap(sympy.expand(gap), unknowns, mapping, exponential, len(out), j, other.free_symbols - chosen.free_symbols)
            if step is None:
                return None
            v, value = step
            mapping = {k: e.xreplace({v: value}) for k, e in mapping.items()}
            mapping[v] = value
        case = d.xreplace({atom: chosen}).xreplace(mapping)
        out.append(case)
    return out


def _solve_for_gap(
    gap: sympy.Expr,
    unknowns: Sequence[sympy.Symbol],
    done: dict[sympy.Symbol, sympy.Expr],
    exponential: bool,
    case: int,
    j: int,
    prefer: set[sympy.Basic],
) -> tuple[sympy.Symbol, sympy.Expr] | None:
    """An unknown ``v`` and its value that make ``gap`` a fresh nonnegative quantity; None if none."""
    # An unknown of the other argument first: the chosen one then stays as written.
    for v in sorted(unknowns, key=lambda v: v not in prefer):
        if v in done or v not in gap.free_symbols or v.is_extended_real is not True:
            continue
        poly = gap.as_poly(v)
        if poly is None or poly.degree() != 1:
            continue
        c, r = poly.all_coeffs()
        if not c.is_number or c == 0 or c.is_real is not True or v in r.free_symbols:
            continue
        t = sympy.Dummy(f"t{case}_{j}", nonnegative=True)
        w = sympy.log(1 + t) if exponential else t
        return v, (w - r) / c
    return None
