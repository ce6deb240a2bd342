"""A shorter equal form of an expression, without ``sympy.simplify``.

``simplify`` tries dozens of rewritings, and its first call in a process
imports ``sympy.physics.units`` (about 0.2 s) to look for physical units.
Diagnoses, limits and integrals only need a short form of a small expression,
or to see that a difference is zero: a handful of cheap rewritings, keeping
the shortest, does that. No caller trusts the result further than SymPy's
own rewriting rules, which preserve value.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Callable

import sympy

from derivcheck.kernel import sums
from derivcheck.kernel.sums import Enclosing

_REWRITES: tuple[Callable[[sympy.Expr], sympy.Expr], ...] = (
    sympy.together,
    sympy.expand,
    lambda e: sympy.powsimp(sympy.expand(e)),
    lambda e: sympy.factor_terms(sympy.expand(e)),
    lambda e: sympy.cancel(sympy.expand_log(e)),
)


def shorten(e: sympy.Expr) -> sympy.Expr:
    """The shortest (by operation count) of a few rewritings of ``e``, ``e`` included."""
    if not isinstance(e, sympy.Expr) or not e.args:
        return e
    forms = [e]
    for rewrite in _REWRITES:
        try:
            forms.append(rewrite(e))
        except (TypeError, ValueError, RecursionError, sympy.PolynomialError):
            continue
    return min(forms, key=sympy.count_ops)


def is_zero(e: sympy.Expr) -> bool:
    """True when a cheap rewriting shows ``e`` is zero (False says nothing)."""
    return bool(shorten(e) == 0) or bool(e.is_zero)


def evaluate_sums(e: sympy.Expr, enclosing: Sequence[Enclosing] = ()) -> sympy.Expr:
    """``e`` with its sums and products evaluated, and nothing else.

    A plain ``doit()`` would also evaluate the limits and integrals that were
    left unevaluated on purpose (SymPy's answer was withheld, or there is no
    value): never call it on an expression from a claim.

    SymPy's closed form is used only where :mod:`derivcheck.kernel.sums`
    allows it (a non-empty, or provably just-empty, range of integers); the
    empty value is the value elsewhere. Sums are evaluated from the outside
    in, so that an inner sum knows the range of the outer indices.
    """
    if not isinstance(e, sympy.Basic) or not e.has(sympy.Sum, sympy.Product):
        return e
    if isinstance(e, (sympy.Sum, sympy.Product)):
        return _evaluate_iterated(e, enclosing)
    args = [evaluate_sums(a, enclosing) for a in e.args]
    return e.func(*args) if args != list(e.args) else e


def _evaluate_iterated(z: sympy.Sum | sympy.Product, enclosing: Sequence[Enclosing]) -> sympy.Expr:
    # SymPy writes Sum(Sum(f, (i, ...)), (j, ...)) as Sum(f, (i, ...), (j, ...)): the
    # last limit is outermost, and is evaluated first.
    return _iterated(type(z), z.function, list(z.limits), enclosing)


def _iterated(kind: type, function: sympy.Expr, limits: list[sympy.Tuple], enclosing: Sequence[Enclosing]) -> sympy.Expr:
    *inner_limits, (k, a, b) = limits
    a, b = evaluate_sums(a, enclosing), evaluate_sums(b, enclosing)
    if sums.integer_ends(a, b) and sums.nonempty(a, b, enclosing) is sympy.false:
        return sums.empty_value(kind)  # empty by definition: no term is looked at
    inside = (*enclosing, (k, a, b))
    body = _iterated(kind, function, inner_limits, inside) if inner_limits else evaluate_sums(function, inside)
    unevaluated = kind(body, (k, a, b))
    if not sums.integer_ends(a, b) or body.has(sympy.Sum, sympy.Product):
        # An inner sum left unevaluated would be evaluated again by SymPy's doit,
        # under its own convention: the outer one stays unevaluated too.
        return unevaluated
    try:
        closed = unevaluated.doit(deep=False)  # SymPy proposes (Karr's convention) ...
    except (NotImplementedError, ValueError, TypeError, RecursionError, AttributeError):
        return unevaluated
    if closed.has(sympy.RisingFactorial, sympy.FallingFactorial, sympy.factorial, sympy.gamma):
        # Π (k + 1)/k comes back as RisingFactorial(2, n)/n!; gammasimp's identities
        # of the gamma function make it n + 1 (the same value wherever both are defined).
        try:
            closed = min((closed, sympy.gammasimp(closed)), key=sympy.count_ops)
        except (TypeError, ValueError, RecursionError, AttributeError):
            pass
    value = sums.closed_form_value(kind, closed, a, b, enclosing)  # ... the kernel disposes
    return unevaluated if value is None else value
