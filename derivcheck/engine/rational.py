"""Zero of a rational expression, in python-flint's exact multivariate polynomials.

This decides what ``expand(numerator(together(e))) == 0`` decides, the
identity of rational functions behind the ``cancel`` strategy, in compiled
arithmetic instead of SymPy's expression trees: the Jacobians of a
logistic-regression Hessian or a batch-norm backward pass hold a few hundred
operations whose SymPy expansion takes seconds, and flint's a few milliseconds.

The rule, and why it is sound. The expression is read bottom-up as a fraction
``n/d`` of polynomials with rational coefficients in *generators*: its
symbols, and every subexpression that is not ``+``, ``×`` or an integer power
(``log(u)``, ``Abs(u)``, ``pi``), each one generator per distinct expression.
Two readings are identities valid at every point, so they may introduce
generators of their own:

* ``b**(p/q)`` (q > 1) is ``t**p`` with the generator ``t = b**(1/q)``: for the
  principal power, ``exp((p/q)·Log b) = exp((1/q)·Log b)**p``; a second reading
  takes it as ``b**k · t**r`` with ``p = k·q + r``, 0 ≤ r < q (for b ≠ 0,
  ``exp((p/q)·Log b) = exp(k·Log b)·exp((1/q)·Log b)**r``; at b = 0 the
  expression has no value or both are 0), and a zero in either reading is a proof;
* ``exp(c₁·r₁ + … + cₖ·rₖ)`` with rational ``cᵢ = pᵢ/qᵢ`` is the product of
  ``exp(rᵢ/qᵢ)**pᵢ``: exp is a homomorphism from + to ×, everywhere.

The map from such expressions to the field of fractions Q(generators) respects
+, × and division by a non-zero polynomial. So if ``n`` is the zero polynomial,
the expression is 0 at every point where it has a value (where no denominator
met on the way vanishes), whatever values the generators take there: the
claim's semantics skip the points where it has none. A division by the zero
polynomial gives up. Treating related generators (``x`` and ``sqrt(x)``) as
independent only loses proofs, never makes a false one. Anything else (a
float, an infinity, ``nan``) gives up, as does an expression that grows past
the counted budgets of :data:`derivcheck.settings.SETTINGS`.
"""

from __future__ import annotations

from typing import Any

import sympy
from flint import fmpq, fmpq_mpoly, fmpq_mpoly_ctx
from flint.utils.flint_exceptions import DomainError

from derivcheck.settings import SETTINGS

#: A fraction n/d of flint polynomials, d not the zero polynomial.
Fraction = tuple[fmpq_mpoly, fmpq_mpoly]


class _GiveUp(Exception):
    """Not a rational expression this reading handles, or over its budget."""


class _Reader:
    """One expression's generators, and the fractions of its subexpressions (each read once)."""

    def __init__(self, split_roots: bool) -> None:
        self.split_roots = split_roots
        self.keys: dict[sympy.Basic, int] = {}
        self.ctx: Any = None
        self.memo: dict[sympy.Basic, Fraction] = {}

    # -- first pass: the generators --

    def collect(self, e: sympy.Basic) -> None:
        seen: set[sympy.Basic] = set()
        todo = [e]
        while todo:
            x = todo.pop()
            if x in seen:
                continue
            seen.add(x)
            if x.is_Rational:
                continue
            if x.is_Float or x in (sympy.oo, -sympy.oo, sympy.zoo, sympy.nan):
                raise _GiveUp("not an exact rational expression")
            if isinstance(x, (sympy.Add, sympy.Mul)):
                todo.extend(x.args)
            elif isinstance(x, sympy.Pow) and x.exp.is_Integer:
                if abs(int(x.exp)) > SETTINGS.rational_max_exponent:
                    raise _GiveUp("an exponent over the budget")
                todo.append(x.base)
            elif isinstance(x, sympy.Pow) and x.exp.is_Rational:
                self._generator(_root(x.base, int(x.exp.q)))
                todo.append(x.base)
            elif isinstance(x, sympy.exp):
                for rest, q, _ in _exp_terms(x.args[0]):
                    self._generator(sympy.exp(rest / q, evaluate=False))
            else:
                self._generator(x)

    def _generator(self, key: sympy.Basic) -> None:
        if key not in self.keys:
            self.keys[key] = len(self.keys)

    # -- second pass: the fractions --

    def start(self) -> None:
        names = tuple(f"g{i}" for i in range(len(self.keys))) or ("g0",)
        self.ctx = fmpq_mpoly_ctx.get(names)
        self.zero = self.ctx.from_dict({})
        self.one = self.ctx.constant(1)

    def gen(self, key: sympy.Basic) -> fmpq_mpoly:
        g: fmpq_mpoly = self.ctx.gens()[self.keys[key]]
        return g

    def read(self, e: sympy.Basic) -> Fraction:
        known = self.memo.get(e)
        if known is not None:
            return known
        out = self._read(e)
        for p in out:
            if len(p) > SETTINGS.rational_max_terms:
                raise _GiveUp("a polynomial over the budget of terms")
        self.memo[e] = out
        return out

    def _read(self, e: sympy.Basic) -> Fraction:
        if e.is_Rational:
            return self.ctx.constant(fmpq(int(e.p), int(e.q))), self.one
        if isinstance(e, sympy.Add):
            n, d = self.read(e.args[0])
            for a in e.args[1:]:
                n2, d2 = self.read(a)
                if d == d2:
                    n = n + n2
                else:
                    g = d.gcd(d2)
                    n, d = n * (d2 / g) + n2 * (d / g), d * (d2 / g)
            return n, d
        if isinstance(e, sympy.Mul):
            n, d = self.read(e.args[0])
            for a in e.args[1:]:
                n2, d2 = self.read(a)
                n, d = n * n2, d * d2
            return _reduced(n, d)
        if isinstance(e, sympy.Pow) and e.exp.is_Integer:
            n, d = self.read(e.base)
            return _power(n, d, int(e.exp))
        if isinstance(e, sympy.Pow) and e.exp.is_Rational:
            p, q = int(e.exp.p), int(e.exp.q)
            if not self.split_roots:
                return _power(self.gen(_root(e.base, q)), self.one, p)
            n, d = self.read(e.base)
            whole = _power(n, d, p // q)
            return whole[0] * self.gen(_root(e.base, q)) ** (p % q), whole[1]
        if isinstance(e, sympy.exp):
            n, d = self.one, self.one
            for rest, q, p in _exp_terms(e.args[0]):
                n2, d2 = _power(self.gen(sympy.exp(rest / q, evaluate=False)), self.one, p)
                n, d = n * n2, d * d2
            return n, d
        return self.gen(e), self.one


def _root(base: sympy.Basic, q: int) -> sympy.Basic:
    return sympy.Pow(base, sympy.Rational(1, q), evaluate=False)


def _exp_terms(arg: sympy.Basic) -> list[tuple[sympy.Expr, int, int]]:
    """exp's argument as terms c·r with c = p/q rational: (r, q, p) for each."""
    out = []
    for term in sympy.Add.make_args(sympy.expand(arg)):
        c, rest = term.as_coeff_Mul()
        if not c.is_Rational:
            c, rest = sympy.Integer(1), term
        out.append((rest, int(c.q), int(c.p)))
    return out


def _reduced(n: fmpq_mpoly, d: fmpq_mpoly) -> Fraction:
    if d.is_one():
        return n, d
    g = n.gcd(d)
    return (n / g, d / g) if not g.is_one() else (n, d)


def _power(n: fmpq_mpoly, d: fmpq_mpoly, k: int) -> Fraction:
    if k >= 0:
        return n**k, d**k
    if n.is_zero():
        raise _GiveUp("a division by the zero polynomial")
    return d ** (-k), n ** (-k)


def rational_zero(e: sympy.Basic) -> bool:
    """True if ``e`` is shown identically 0 as a rational function of its generators; False means not shown."""
    if e == 0:
        return True
    for split_roots in (False, True) if e.has(sympy.Pow) else (False,):
        reader = _Reader(split_roots)
        try:
            reader.collect(e)
            reader.start()
            n, _ = reader.read(e)
        except (_GiveUp, DomainError, ZeroDivisionError, ValueError, TypeError, RecursionError):
            continue
        if n.is_zero():
            return True
    return False


__all__ = ["rational_zero"]
