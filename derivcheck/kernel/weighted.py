"""Weighted sums of squares: d ≥ 0 because d = Σ cₖ·qₖ² with every weight cₖ ≥ 0, checked exactly.

A quadratic form whose coefficients are not numbers (``vᵀ·H·v`` for the
Hessian of a logistic loss, whose entries hold σ(zᵢ)(1 − σ(zᵢ)); or the
Hessian of log-sum-exp, ``diag(s) − s·sᵀ`` with s = softmax(x)) is not a
polynomial with rational coefficients, so :mod:`derivcheck.kernel.gram` does
not apply. Its certificate is a list of terms ``(cₖ, qₖ)``, proposed by the
engine, and the rules are:

W1. **Atoms.** Every ``exp(a)`` of d whose argument is (after the same
    reading of the exponentials inside it) a rational function of real
    unknowns is replaced by a positive unknown, one per argument up to an
    integer factor (``exp(-2a)`` is ``A**-2`` with ``A`` standing for
    ``exp(a)``). What is left must be a rational function: ``+``, ``×``,
    integer powers, rational numbers and real unknowns, nothing else. Showing
    the result ≥ 0 for *every* positive value of the new unknowns shows it
    in particular at ``A = exp(a)``, where it is d: the reading forgets the
    relations between atoms, which can only lose proofs.

W2. **Identity.** ``d − Σ cₖ·qₖ²``, over one denominator, has a numerator
    that expands to the zero polynomial. Two rational functions equal as
    fractions agree at every point where both have a value.

W3. **Everywhere defined.** Each cₖ and qₖ over one denominator (SymPy's
    ``together``, an identity) has a denominator > 0 at every point (rule S):
    the sum Σ cₖ·qₖ² has a value everywhere, so d equals it wherever d has one.

W4. **Weights.** Each cₖ's numerator is ≥ 0 at every point (rule S). Then
    every term cₖ·qₖ² ≥ 0, and d ≥ 0 wherever it has a value. Only ``≥``:
    a strict inequality has no certificate here.

S. **Signs of polynomials.** A polynomial, expanded (exact flint arithmetic),
   is ≥ 0 when every coefficient is > 0 and every unknown not known positive
   has an even exponent in every term; > 0 when besides one term has only
   positive unknowns (or none). Failing that, by its exact factorization
   ``content·Π fᵢ^kᵢ``: a factor of odd multiplicity must be signed by its
   terms (itself or its negation, which flips the sign), one of even
   multiplicity is ≥ 0 (> 0 if its terms show it), and the signs must
   multiply to a positive one. So E/(1 + E)² > 0 and (E − 1)² ≥ 0.

The arithmetic is python-flint's exact multivariate polynomials over Q, in
the unknowns of the atomized claim; a polynomial past the counted budget of
:data:`derivcheck.settings.SETTINGS` gives up.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import Enum

import sympy
from flint import fmpq, fmpq_mpoly, fmpq_mpoly_ctx
from flint.utils.flint_exceptions import DomainError

from derivcheck.settings import SETTINGS

#: A proposed term of the certificate: its weight c and the q of c·q².
Term = tuple[sympy.Expr, sympy.Expr]

#: A fraction n/d of exact polynomials, d not the zero polynomial.
Fraction = tuple[fmpq_mpoly, fmpq_mpoly]


class Sign(Enum):
    """What rule S shows of a polynomial."""

    POSITIVE = "> 0"
    NONNEGATIVE = ">= 0"


def atomized(d: sympy.Expr) -> sympy.Expr | None:
    """d with its exponentials as positive unknowns (rule W1); None if what is left is not rational."""
    atoms: dict[sympy.Expr, sympy.Symbol] = {}
    try:
        out = _atomize(d, atoms)
    except (TypeError, ValueError, RecursionError):
        return None
    if out is None or not _rational(out):
        return None
    return out


def _atomize(e: sympy.Expr, atoms: dict[sympy.Expr, sympy.Symbol]) -> sympy.Expr | None:
    if isinstance(e, sympy.exp):
        arg = _atomize(e.args[0], atoms)
        if arg is None or not _rational(arg):
            return None
        arg = sympy.expand(arg)
        content, primitive = arg.as_content_primitive()
        if primitive.could_extract_minus_sign():
            content, primitive = -content, -primitive
        if not content.is_Integer:
            content, primitive = sympy.Integer(1), arg
        if primitive not in atoms:
            atoms[primitive] = sympy.Dummy(f"exp{len(atoms)}", positive=True)
        return atoms[primitive] ** content
    if not e.args:
        return e
    args = [_atomize(a, atoms) for a in e.args]
    if any(a is None for a in args):
        return None
    return e.func(*args)


def _rational(e: sympy.Basic) -> bool:
    """e is built of +, ×, integer powers, rational numbers and real unknowns only."""
    if isinstance(e, sympy.Rational):
        return True
    if isinstance(e, sympy.Symbol):
        return e.is_extended_real is True
    if isinstance(e, (sympy.Add, sympy.Mul)):
        return all(_rational(a) for a in e.args)
    if isinstance(e, sympy.Pow):
        return e.exp.is_Integer is True and _rational(e.base)
    return False


class Fractions:
    """Rational functions of fixed unknowns as fractions n/d of exact flint polynomials (rules W2, W3, W4, S)."""

    def __init__(self, symbols: Sequence[sympy.Symbol]) -> None:
        self.symbols = list(symbols)
        self.index = {s: i for i, s in enumerate(self.symbols)}
        self.ctx = fmpq_mpoly_ctx.get(tuple(f"u{i}" for i in range(len(self.symbols))) or ("u0",))
        self.one = self.ctx.constant(1)
        self.memo: dict[sympy.Basic, Fraction] = {}

    def read(self, e: sympy.Basic) -> Fraction:
        """e (rational, rule W1) as n/d, d not the zero polynomial; ValueError if it is not one."""
        known = self.memo.get(e)
        if known is None:
            known = self.memo[e] = self._read(e)
            if len(known[0]) > SETTINGS.rational_max_terms or len(known[1]) > SETTINGS.rational_max_terms:
                raise ValueError("a polynomial over the budget of terms")
        return known

    def _read(self, e: sympy.Basic) -> Fraction:
        if isinstance(e, sympy.Rational):
            return self.ctx.constant(fmpq(int(e.p), int(e.q))), self.one
        if isinstance(e, sympy.Symbol) and e in self.index:
            return self.ctx.gens()[self.index[e]], self.one
        if isinstance(e, sympy.Add):
            n, d = self.read(e.args[0])
            for a in e.args[1:]:
                n2, d2 = self.read(a)
                g = d.gcd(d2)
                n, d = n * (d2 / g) + n2 * (d / g), d * (d2 / g)
            return _reduced(n, d)
        if isinstance(e, sympy.Mul):
            n, d = self.read(e.args[0])
            for a in e.args[1:]:
                n2, d2 = self.read(a)
                n, d = n * n2, d * d2
            return _reduced(n, d)
        if isinstance(e, sympy.Pow) and e.exp.is_Integer and abs(int(e.exp)) <= SETTINGS.rational_max_exponent:
            n, d = self.read(e.base)
            k = int(e.exp)
            if k >= 0:
                return n**k, d**k
            if n.is_zero():
                raise ValueError("a division by the zero polynomial")
            return d ** (-k), n ** (-k)
        raise ValueError("not a rational function of the unknowns")

    def expr(self, p: fmpq_mpoly) -> sympy.Expr:
        """The polynomial p as a SymPy expression in the unknowns."""
        return sympy.Add(*[
            sympy.Rational(int(c.p), int(c.q)) * sympy.Mul(*[s**k for s, k in zip(self.symbols, m, strict=False)])
            for m, c in zip(p.monoms(), p.coeffs(), strict=True)
        ])  # fmt: skip

    def sign(self, p: fmpq_mpoly) -> Sign | None:
        """What rule S shows of p: by its terms as expanded, else by its exact factors."""
        found = self._terms_sign(p)
        if found is not None or p.is_constant():
            return found
        content, factors = p.factor()
        negative = content < 0
        weakest = Sign.POSITIVE
        for f, k in factors:
            s = self._terms_sign(f)
            if s is None and k % 2 == 1:
                s = self._terms_sign(-f)
                negative = not negative
            if s is None and k % 2 == 0:
                s = Sign.NONNEGATIVE
            if s is None:
                return None
            if s is Sign.NONNEGATIVE:
                weakest = Sign.NONNEGATIVE
        return None if negative or content == 0 else weakest

    def _terms_sign(self, p: fmpq_mpoly) -> Sign | None:
        """Every term ≥ 0 (a positive coefficient, even powers of the unknowns not known positive): ≥ 0; > 0 if one
        term is a positive constant or has only positive unknowns."""
        if p.is_zero():
            return Sign.NONNEGATIVE
        strict = False
        for m, c in zip(p.monoms(), p.coeffs(), strict=True):
            if c <= 0:
                return None
            odd = [i for i, k in enumerate(m) if k % 2 == 1 and self.symbols[i].is_positive is not True]
            if odd:
                return None
            if all(k == 0 or self.symbols[i].is_positive is True for i, k in enumerate(m)):
                strict = True
        return Sign.POSITIVE if strict else Sign.NONNEGATIVE


def _reduced(n: fmpq_mpoly, d: fmpq_mpoly) -> Fraction:
    if n.is_zero():
        return n, d / d
    if d.is_constant():
        return n / d, d / d
    g = n.gcd(d)
    return (n / g, d / g) if not g.is_one() else (n, d)


def unknowns(e: sympy.Expr) -> list[sympy.Symbol]:
    """The unknowns of an atomized expression, in a fixed order."""
    return sorted((s for s in e.free_symbols if isinstance(s, sympy.Symbol)), key=sympy.default_sort_key)


def certifies(d: sympy.Expr, propose: Callable[[sympy.Expr, Fractions], Sequence[Term] | None]) -> bool:
    """True if the terms ``propose`` gives for d's atomized form show d ≥ 0 wherever d has a value."""
    a = atomized(d)
    if a is None:
        return False
    fractions = Fractions(unknowns(a))
    terms = propose(a, fractions)
    if not terms:
        return False
    try:
        n, den = fractions.read(a)
        total_n, total_d = fractions.ctx.constant(0), fractions.one
        for c, q in terms:
            if not (_rational(c) and _rational(q)) or not (c.free_symbols | q.free_symbols) <= set(fractions.symbols):
                return False  # rule W1 for the terms themselves
            c_n, c_d = fractions.read(c)
            q_n, q_d = fractions.read(q)
            if fractions.sign(c_d) is not Sign.POSITIVE or fractions.sign(q_d) is not Sign.POSITIVE:
                return False  # rule W3
            if fractions.sign(c_n) is None:
                return False  # rule W4
            t_n, t_d = c_n * q_n**2, c_d * q_d**2
            g = total_d.gcd(t_d)
            total_n, total_d = total_n * (t_d / g) + t_n * (total_d / g), total_d * (t_d / g)
        return bool((n * total_d - total_n * den).is_zero())  # rule W2
    except (DomainError, ZeroDivisionError, ValueError, TypeError, RecursionError):
        return False


__all__ = ["Fraction", "Fractions", "Sign", "Term", "atomized", "certifies", "unknowns"]
