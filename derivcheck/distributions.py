"""Probability distributions for ``random:`` declarations, as a registry.

A distribution is described by its density on a list of pieces (continuous) or
by its atoms (discrete), written with SymPy expressions in a placeholder
variable. Splitting the support into pieces keeps absolute values and
conditions out of the densities (a Laplace density is two exponentials), which
is what lets expectations be computed by plain definite integrals.

Adding a distribution is adding one :class:`DistributionSpec` to
:data:`DISTRIBUTIONS`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import sympy

from derivcheck.errors import ClaimError

#: The variable densities are written in; replaced by the integration variable.
T = sympy.Dummy("t", real=True)


@dataclass(frozen=True)
class Piece:
    """The density ``pdf`` (an expression in :data:`T`) on ``[lo, hi]``."""

    lo: sympy.Expr
    hi: sympy.Expr
    pdf: sympy.Expr


@dataclass(frozen=True)
class Distribution:
    """A distribution with its parameters bound."""

    name: str
    params: tuple[sympy.Expr, ...]
    pieces: tuple[Piece, ...] = ()
    atoms: tuple[tuple[sympy.Expr, sympy.Expr], ...] = ()  # (value, probability)

    @property
    def discrete(self) -> bool:
        return bool(self.atoms)

    def describe(self) -> str:
        return f"{self.name}({', '.join(sympy.sstr(p) for p in self.params)})"

    def pdf(self, x: sympy.Expr) -> sympy.Expr:
        """The density at ``x`` as one expression (for ``pdf(X, t)`` in claims)."""
        if self.discrete:
            raise ClaimError(f"{self.describe()} is discrete: it has no density")
        parts = [
            (piece.pdf.subs(T, x), sympy.And(x >= piece.lo, x <= piece.hi))
            for piece in self.pieces
        ]
        return sympy.Piecewise(*parts, (0, True))


@dataclass(frozen=True)
class DistributionSpec:
    """How to build a distribution from its parameters, and what they must satisfy."""

    name: str
    params: tuple[str, ...]
    build: Callable[..., Distribution]
    summary: str


def _positive(name: str, what: str, value: sympy.Expr) -> None:
    # A scale must be known positive: a density with a negative or zero scale
    # is not a density, and integrating it would prove nonsense.
    if value.is_positive is not True:
        raise ClaimError(
            f"{name} needs {what} > 0, and {sympy.sstr(value)} is not known to be positive "
            "(declare its symbols positive)"
        )


def _normal(mu: sympy.Expr, sigma: sympy.Expr) -> Distribution:
    if mu.is_extended_real is False or mu.is_finite is False:
        raise ClaimError("Normal needs a real mean")
    _positive("Normal(mu, sigma)", "sigma (the standard deviation)", sigma)
    pdf = sympy.exp(-((T - mu) ** 2) / (2 * sigma**2)) / (sigma * sympy.sqrt(2 * sympy.pi))
    return Distribution("Normal", (mu, sigma), pieces=(Piece(-sympy.oo, sympy.oo, pdf),))


def _uniform(a: sympy.Expr, b: sympy.Expr) -> Distribution:
    _positive("Uniform(a, b)", "b - a", b - a)
    return Distribution("Uniform", (a, b), pieces=(Piece(a, b, 1 / (b - a)),))


def _laplace(mu: sympy.Expr, b: sympy.Expr) -> Distribution:
    _positive("Laplace(mu, b)", "b", b)
    left = sympy.exp((T - mu) / b) / (2 * b)
    right = sympy.exp(-(T - mu) / b) / (2 * b)
    return Distribution(
        "Laplace", (mu, b), pieces=(Piece(-sympy.oo, mu, left), Piece(mu, sympy.oo, right))
    )


def _exponential(rate: sympy.Expr) -> Distribution:
    _positive("Exponential(rate)", "rate", rate)
    return Distribution(
        "Exponential", (rate,), pieces=(Piece(sympy.Integer(0), sympy.oo, rate * sympy.exp(-rate * T)),)
    )


def _bernoulli(p: sympy.Expr) -> Distribution:
    if p.is_number:
        if not (p.is_real and 0 <= p <= 1):  # noqa: PLR2004
            raise ClaimError(f"Bernoulli(p) needs 0 <= p <= 1, not {sympy.sstr(p)}")
    elif p.is_extended_real is False:
        raise ClaimError("Bernoulli(p) needs a real p")
    return Distribution(
        "Bernoulli", (p,), atoms=((sympy.Integer(1), p), (sympy.Integer(0), 1 - p))
    )


DISTRIBUTIONS: dict[str, DistributionSpec] = {
    spec.name: spec
    for spec in (
        DistributionSpec("Normal", ("mu", "sigma"), _normal, "normal; sigma is the standard deviation"),
        DistributionSpec("Uniform", ("a", "b"), _uniform, "uniform on [a, b]"),
        DistributionSpec("Laplace", ("mu", "b"), _laplace, "Laplace with location mu and scale b"),
        DistributionSpec("Exponential", ("rate",), _exponential, "exponential with the given rate"),
        DistributionSpec("Bernoulli", ("p",), _bernoulli, "1 with probability p, else 0"),
    )
}
