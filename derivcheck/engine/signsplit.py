"""Splitting on the sign of ``sin(w)`` or ``cos(w)`` under ``Abs`` and ``sign``.

``sqrt(cos(x)**2)`` is ``Abs(cos(x))``, ``sqrt(1/cos(x)**2)`` is
``1/Abs(cos(x))``, ``(sin(x)**2)**(3/2)`` is ``sin(x)**2*Abs(sin(x))``, and
their derivatives hold ``sign(cos(x))``. For ``g = cos(w)`` (or ``sin(w)``),
``w`` real, every point of the domain has ``g > 0``, ``g < 0`` or ``g = 0``:

* ``g > 0``: there ``Abs(g) = g`` and ``sign(g) = 1``; the expression with
  these replaced is shown zero for *every* value of the unknowns (stronger
  than on the case's points), so ``d = 0`` on the case;
* ``g < 0``: the same with ``Abs(g) = −g`` and ``sign(g) = −1``;
* ``g = 0``: there ``Abs(g) = sign(g) = 0``, ``g = 0`` and the other of sin,
  cos of ``w`` is ``s = ±1`` (sin² + cos² = 1), after ``tan``, ``cot``,
  ``sec``, ``csc`` of ``w`` are written with sin and cos (equal wherever they
  are defined, and without a value where they are not). For each ``s`` the
  expression with these values put in is either zero for every value of the
  unknowns, or holds a division by zero (``zoo`` or ``nan``: at every point of
  the case the claim has no value there).

The three cases cover the domain, so the claim holds on the whole domain
minus the points where it has no value. Before the split, ``sqrt(1 - cos(w)**2)``
is written ``Abs(sin(w))`` (and the like, :func:`absolute_values`): equal for real ``w``.

The derivative of ``log(Abs(g))`` is ``g'·sign(g)/Abs(g)``, whatever ``g``: there
:func:`signs_absorbed` needs no split, since ``sign(u)·Abs(u)**b = u·Abs(u)**(b - 1)``
for every real ``u`` and integer ``b`` (both 0 at ``u = 0`` for ``b >= 1``, neither
with a value for ``b <= 0``), so ``sign(g)/Abs(g) = 1/g``.
"""

from __future__ import annotations

from collections.abc import Callable

import sympy

from derivcheck.engine.trig import TRIG

#: The atoms split on, and the functions whose sign they take.
_SPLIT = (sympy.Abs, sympy.sign)


def split_atom(d: sympy.Expr) -> sympy.Expr | None:
    """The smallest ``sin(w)`` or ``cos(w)`` under an ``Abs`` or ``sign`` of ``d`` (w real), or None."""
    found = {
        a.args[0]
        for a in d.atoms(*_SPLIT)
        if isinstance(a.args[0], (sympy.sin, sympy.cos)) and a.args[0].free_symbols and a.args[0].args[0].is_extended_real
    }
    if not found:
        return None
    return min(found, key=lambda g: (sympy.count_ops(g), sympy.default_sort_key(g)))


def _with_sin_cos(d: sympy.Expr, w: sympy.Expr) -> sympy.Expr:
    s, c = sympy.sin(w), sympy.cos(w)
    quotients = {sympy.tan: s / c, sympy.cot: c / s, sympy.sec: 1 / c, sympy.csc: 1 / s}
    mapping = {f: quotients[type(f)] for f in d.atoms(*TRIG) if f.args[0] == w and type(f) in quotients}
    return d.xreplace(mapping)


def absolute_values(d: sympy.Expr) -> sympy.Expr:
    """``(1 - cos(w)**2)**(k/2)`` as ``Abs(sin(w))**k`` and ``(1 - sin(w)**2)**(k/2)`` as ``Abs(cos(w))**k``.

    For a real ``w``, 1 − cos² w = sin² w ≥ 0, whose square root is |sin w|: an identity.
    """
    mapping: dict[sympy.Expr, sympy.Expr] = {}
    for p in d.atoms(sympy.Pow):
        if not (p.exp.is_Rational and p.exp.q == 2):
            continue
        for f in p.base.atoms(sympy.sin, sympy.cos):
            w = f.args[0]
            if not w.is_extended_real:
                continue
            c = sympy.Dummy("c")
            if sympy.expand(p.base.xreplace({f: c}) - (1 - c**2)) == 0:
                other = sympy.cos(w) if isinstance(f, sympy.sin) else sympy.sin(w)
                mapping[p] = sympy.Abs(other) ** p.exp.p
                break
    return d.xreplace(mapping) if mapping else d


def sign_cases(d: sympy.Expr) -> tuple[list[sympy.Expr], list[sympy.Expr]] | None:
    """The cases g > 0 and g < 0 (to be shown zero), and g = 0 (zero or without a value); None if no atom."""
    d = absolute_values(d)
    g = split_atom(d)
    if g is None:
        return None
    w = g.args[0]
    other = sympy.cos(w) if isinstance(g, sympy.sin) else sympy.sin(w)
    e = _with_sin_cos(d, w)
    signed = [
        e.xreplace({sympy.Abs(g): g, sympy.sign(g): sympy.Integer(1)}),
        e.xreplace({sympy.Abs(g): -g, sympy.sign(g): sympy.Integer(-1)}),
    ]
    zeros = [
        e.xreplace({sympy.Abs(g): sympy.Integer(0), sympy.sign(g): sympy.Integer(0), g: sympy.Integer(0), other: s})
        for s in (sympy.Integer(1), sympy.Integer(-1))
    ]
    return signed, zeros


def without_value(e: sympy.Expr) -> bool:
    """True if ``e`` holds a division by zero, so that it has no value anywhere."""
    return bool(e.has(sympy.zoo, sympy.nan))


#: What the split cannot see through: a division by zero inside them may never be evaluated.
_OPAQUE = (sympy.Piecewise, sympy.Integral, sympy.Sum, sympy.Product, sympy.Limit, sympy.Derivative)


def split_zero(d: sympy.Expr, prove: Callable[[sympy.Expr], bool]) -> bool:
    """Show ``d = 0`` case by case (see the module's header); ``prove`` shows one case zero."""
    if d.has(*_OPAQUE):
        return False
    cases = sign_cases(d)
    if cases is None:
        return False
    signed, zeros = cases
    return all(c == 0 or prove(c) for c in signed) and all(c == 0 or without_value(c) or prove(c) for c in zeros)


def signs_absorbed(d: sympy.Expr) -> sympy.Expr | None:
    """``d`` with each product ``sign(u)·Abs(u)**b`` (u real, b an integer) written
    ``u·Abs(u)**(b - 1)``; None if it has none."""

    def absorb(m: sympy.Expr) -> sympy.Expr:
        factors = list(m.args)
        for i, f in enumerate(factors):
            if not (isinstance(f, sympy.sign) and f.args[0].is_extended_real is True):
                continue
            u = f.args[0]
            for j, g in enumerate(factors):
                base, b = g.as_base_exp()
                if j != i and base == sympy.Abs(u) and b.is_Integer:
                    rest = [h for k, h in enumerate(factors) if k not in (i, j)]
                    return sympy.Mul(*rest, u * sympy.Abs(u) ** (b - 1))
        return m

    e = d.replace(lambda m: isinstance(m, sympy.Mul) and m.has(sympy.sign), absorb)
    return e if e != d else None
