"""Rewritings and sign readings the strategies share, each an equivalence on the declared domain.

- :func:`exp_to_rational`: ``exp(c·x)`` as ``X**c`` with a positive ``X`` per real ``x``;
- :func:`settle_atoms`: the arguments of piecewise atoms factored, so that SymPy sees their signs;
- :func:`reparametrise`: an interval domain as pieces over a positive unknown;
- :func:`known_sign` and :func:`product_sign`: signs shown by the assumptions (and a ball for a constant);
- :func:`factorable`: whether polynomials are short enough to be given to SymPy's ``factor``.
"""

from __future__ import annotations

import sympy

from derivcheck.kernel import balls
from derivcheck.kernel.primitives import branching_atoms
from derivcheck.problem import Variable


def exp_to_rational(e: sympy.Expr) -> sympy.Expr:
    """Replace ``exp(c·x + ...)`` by ``X**c · exp(...)`` with a positive ``X`` per real ``x``."""
    e = e.replace(
        lambda z: isinstance(z, (sympy.tanh, sympy.sinh, sympy.cosh)), lambda z: z.rewrite(sympy.exp)
    )
    names: dict[sympy.Symbol, sympy.Symbol] = {}

    def atom(x: sympy.Symbol) -> sympy.Symbol:
        if x not in names:
            names[x] = sympy.Dummy(f"exp_{x.name}", positive=True)
        return names[x]

    def convert(arg: sympy.Expr) -> sympy.Expr:
        out = sympy.Integer(1)
        for term in sympy.Add.make_args(sympy.expand(arg)):
            c, rest = term.as_coeff_Mul()
            if isinstance(rest, sympy.Symbol) and rest.is_extended_real and c.is_Rational:
                out *= atom(rest) ** c
            else:
                out *= sympy.exp(term)
        return out

    return e.replace(lambda z: isinstance(z, sympy.exp), lambda z: convert(z.args[0]))


def settle_atoms(e: sympy.Expr) -> sympy.Expr:
    """Factor the arguments of piecewise atoms, so that SymPy sees their signs.

    After a substitution, H(x - x*(2u/(1+u) - 1)) does not know it is H(2x/(1+u)),
    whose sign follows from x < 0 and u > 0; factoring the argument lets the
    atom evaluate itself. Factoring is an identity, so this is sound.
    """
    atoms = [a for a in e.atoms(*branching_atoms()) if a.free_symbols and not isinstance(a, sympy.Piecewise)]
    if not atoms:
        return e
    mapping = {}
    for a in atoms:
        try:
            mapping[a] = a.func(*[sympy.factor(arg) if sympy.count_ops(arg) < 60 else arg for arg in a.args])
        except (sympy.PolynomialError, TypeError, ValueError):
            continue
    return e.xreplace(mapping)


def reparametrise(e: sympy.Expr, variables: list[Variable]) -> list[sympy.Expr]:
    """The expression over each piece of the variables' interval domains.

    An open interval (lo, hi) becomes lo + (hi - lo)·u/(1 + u) with u > 0, a
    half-line lo + u or hi - u; a closed end adds the case v = end. The
    pieces cover the domain exactly, so showing the claim on each shows it.
    """
    cases = [e]
    for var in variables:
        if var.symbol not in e.free_symbols:
            continue
        lo, hi = var.lo, var.hi
        if lo == -sympy.oo and hi == sympy.oo:
            continue
        u = sympy.Dummy(f"u_{var.symbol.name}", positive=True)
        if lo != -sympy.oo and hi != sympy.oo:
            inner = lo + (hi - lo) * u / (1 + u)
        elif lo != -sympy.oo:
            inner = lo + u
        else:
            inner = hi - u
        new: list[sympy.Expr] = []
        for c in cases:
            new.append(settle_atoms(c.xreplace({var.symbol: inner})))
            if not var.lo_open and lo != -sympy.oo:
                new.append(c.xreplace({var.symbol: lo}))
            if not var.hi_open and hi != sympy.oo:
                new.append(c.xreplace({var.symbol: hi}))
        cases = new
    return cases


def known_sign(e: sympy.Expr, strict: bool) -> bool:
    """True if SymPy's assumptions show e > 0 (or e >= 0).

    A sum whose constant part has a certified sign (a ball, in the kernel) and
    whose other terms the assumptions sign, such as 2 - log(3) + u with u > 0,
    is signed too: SymPy's assumptions do not evaluate constants.
    """
    if (e.is_positive if strict else e.is_nonnegative):
        return True
    if not isinstance(e, sympy.Add):
        return False
    constant = sympy.Add(*[t for t in e.args if t.is_number])
    rest = sympy.Add(*[t for t in e.args if not t.is_number])
    if constant == 0 or rest == 0:
        return False
    c = balls.sign(constant)
    if c == 1:
        return bool(rest.is_nonnegative)
    return False


#: Polynomials with more terms than this in all are not factored: multivariate
#: factoring takes seconds on a long sum (a 90-term quartic in 11 unknowns), and
#: the signs it shows are those of a few short factors.
FACTOR_MAX_TERMS = 48


def factorable(*polys: sympy.Expr) -> bool:
    """True if the expanded ``polys`` have at most :data:`FACTOR_MAX_TERMS` terms in all (a count, not a clock)."""
    return sum(len(sympy.Add.make_args(p)) for p in polys) <= FACTOR_MAX_TERMS


def product_sign(e: sympy.Expr, strict: bool) -> int | None:
    sign = 1
    for f in sympy.Mul.make_args(e):
        if known_sign(f, strict):
            continue
        if known_sign(-f, strict):
            sign = -sign
            continue
        return None
    return sign
