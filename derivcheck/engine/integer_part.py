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


#: The derivatives of the functions that are constant between the integers, which SymPy's
#: rules leave unevaluated: (the first derivative, every higher one) at an argument that
#: is not an integer. At an integer there is none.
OFF_INTEGERS: dict[type, tuple[int, int]] = {
    sympy.floor: (0, 0),
    sympy.ceiling: (0, 0),
}


def derivatives_off_integers(e: sympy.Expr) -> tuple[sympy.Expr, list[sympy.Expr]]:
    """``e`` with each derivative of floor or ceiling that SymPy left unevaluated
    replaced by its value off the integers, and the expressions that must not be 0
    where that value stands.

    SymPy's rules take ``diff`` of ``floor(u)`` by the chain rule to
    ``Subs(Derivative(floor(t), t), t, u)·u'`` (``Derivative(floor(x), x)`` when
    ``u`` is the variable itself): the derivative of floor *at u*. floor is
    constant on every interval between two integers, so that derivative is 0
    where ``u`` is not an integer; at an integer floor jumps and has no
    derivative, and the claim has no value there, as at a division by zero.
    ``sin(π·u)``, which is 0 exactly at the integers, is returned for the caller
    to record as such a condition. Only these two forms are read: a derivative
    of floor(u) in another variable than u itself stays as SymPy left it.
    """
    if not e.has(sympy.Derivative):
        return e, []
    mapping: dict[sympy.Basic, sympy.Expr] = {}
    conditions: list[sympy.Expr] = []
    for s in sorted(e.atoms(sympy.Subs), key=sympy.default_sort_key):
        (t,), (u,) = s.variables, s.point
        value = _off_integers(s.expr, t)
        if value is not None and u.is_extended_real is True:
            mapping[s] = value
            conditions.append(sympy.sin(sympy.pi * u))
    for d in sorted(e.xreplace(mapping).atoms(sympy.Derivative), key=sympy.default_sort_key):
        value = _off_integers(d, None)
        if value is not None and d.expr.args[0].is_extended_real is True:
            mapping[d] = value
            conditions.append(sympy.sin(sympy.pi * d.expr.args[0]))
    return (e.xreplace(mapping), list(dict.fromkeys(conditions))) if mapping else (e, [])


def _off_integers(d: sympy.Basic, t: sympy.Basic | None) -> sympy.Expr | None:
    """The value of ``Derivative(f(t), (t, n))`` off the integers, for f of :data:`OFF_INTEGERS`
    and ``t`` the given variable (any, when None); else None."""
    if not isinstance(d, sympy.Derivative) or type(d.expr) not in OFF_INTEGERS or len(d.variable_count) != 1:
        return None
    (v, n), arg = d.variable_count[0], d.expr.args[0]
    if arg != v or (t is not None and v != t):
        return None
    first, higher = OFF_INTEGERS[type(d.expr)]
    return sympy.Integer(first if n == 1 else higher)
