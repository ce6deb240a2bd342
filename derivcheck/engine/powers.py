"""Large integer powers: what expanding would cost, and claims decided without expanding.

The language accepts ``(x - a)**6000``; the machine is protected by a count,
not by the size of the exponent: :func:`expansion_terms` bounds the number of
terms ``expand`` would make (a power of a sum of ``m`` terms to the ``k`` has
``C(k + m − 1, m − 1)``, a product the product of its factors', a sum the sum
of its terms'), and no strategy that expands runs on an expression over
:attr:`EngineSettings.most_expanded_terms`.

What runs instead is :func:`abstract_powers`: each power ``b**k`` with
``|k|`` over :attr:`EngineSettings.large_exponent` is written
``(−1)**k · c**k · B**k`` with ``b = −c·B`` or ``b = c·B`` (``c`` a positive
rational, ``B`` primitive with SymPy's canonical sign), exact identities for
an integer ``k``; then each distinct ``B**k`` becomes one fresh unknown ``P``.
An identity in the unknowns and the independent ``P``'s holds for every value
of ``P``, in particular ``P = B**k``. A ``P`` for an even ``k`` and a real
``B`` is non-negative (and positive for a ``B`` the assumptions make
non-zero), which is what a sign proof may use. So ``(a − x)**6000`` and
``(x − a)**6000`` are the same ``P``, and ``(a − x)**6001 + (x − a)**6001`` is
``−P + P``.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import sympy

from derivcheck.settings import SETTINGS


def expansion_terms(e: sympy.Basic, ceiling: int | None = None) -> int:
    """An upper bound of the terms ``expand(e)`` makes, computed without expanding (capped at ``ceiling``)."""
    top = SETTINGS.most_expanded_terms if ceiling is None else ceiling
    return min(_terms(e, top + 1), top + 1)


def _terms(e: sympy.Basic, top: int) -> int:
    if isinstance(e, sympy.Add):
        return min(top, sum(_terms(a, top) for a in e.args))
    if isinstance(e, sympy.Mul):
        out = 1
        for a in e.args:
            out = min(top, out * _terms(a, top))
        return out
    if isinstance(e, sympy.Pow):
        inner = _terms(e.base, top)
        if e.exp.is_Integer and inner > 1:
            k = abs(int(e.exp))
            if k > top:
                return top
            return min(top, math.comb(k + inner - 1, inner - 1)) if inner <= top else top
        return max(1, inner if e.exp.is_Integer else 1)
    if isinstance(e, sympy.Function) and e.args:
        return 1 if all(_terms(a, top) < top for a in e.args) else top
    return 1


def too_large_to_expand(e: sympy.Basic) -> bool:
    return expansion_terms(e) > SETTINGS.most_expanded_terms


def _large(p: sympy.Basic) -> bool:
    return (
        isinstance(p, sympy.Pow)
        and p.exp.is_Integer
        and abs(int(p.exp)) > SETTINGS.large_exponent
        and bool(p.base.free_symbols)
    )


def abstract_powers(e: sympy.Expr) -> sympy.Expr | None:
    """``e`` with each large power of an unknown base as a fresh unknown (see the module's header); None if none."""
    powers = sorted((p for p in e.atoms(sympy.Pow) if _large(p)), key=sympy.default_sort_key)
    if not powers:
        return None
    names: dict[tuple[sympy.Expr, int], sympy.Symbol] = {}
    mapping: dict[sympy.Expr, sympy.Expr] = {}
    for p in powers:
        k = int(p.exp)
        content, base = sympy.factor_terms(p.base).as_content_primitive()
        factor = sympy.Integer(1)
        if base.could_extract_minus_sign():
            base = -base
            factor = sympy.Integer(-1) ** k
        if content != 1:
            if max(abs(content.p), content.q).bit_length() * abs(k) > SETTINGS.most_abstracted_bits:
                return None
            factor *= content**k
        key = (base, k)
        if key not in names:
            real = bool(base.is_extended_real)
            if real and k % 2 == 0:
                names[key] = sympy.Dummy("P", positive=True) if base.is_nonzero else sympy.Dummy("P", nonnegative=True)
            else:
                names[key] = sympy.Dummy("P", real=True) if real else sympy.Dummy("P")
        mapping[p] = factor * names[key]
    out = e.xreplace(mapping)
    return None if out.has(*[p for p in powers]) else out


def zero_without_expanding(d: sympy.Expr, prove: Callable[[sympy.Expr], bool]) -> bool:
    """Large powers abstracted, then ``prove`` (the cheap ladder) on what is left, if it is affordable."""
    e = abstract_powers(d)
    return e is not None and not too_large_to_expand(e) and prove(e)


#: The strategies that never expand: the only ones tried on an expression whose
#: expansion would exceed the budget.
WITHOUT_EXPANDING = frozenset({"structural", "large-powers", "assumptions"})


def affordable(strategy: str, too_large: bool) -> bool:
    """Whether the strategy of this name may run on an expression (``too_large``: over the budget)."""
    return strategy in WITHOUT_EXPANDING or not too_large
