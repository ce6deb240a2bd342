"""Probability: expectations, variances, covariances, densities, and the distributions."""

from __future__ import annotations

from typing import Any, Callable

import sympy

from derivcheck.distributions import DISTRIBUTIONS, Distribution
from derivcheck.errors import ClaimError
from derivcheck.parser import Call
from derivcheck.unevaluated import CovarianceOf, ExpectationOf, VarianceOf
from derivcheck.vocabulary.registry import VOCABULARY, Entry, function


# --- probability ------------------------------------------------------------------
@function("E", summary="the expectation of an expression in random symbols")
def _expectation(call: Call) -> Any:
    return ExpectationOf(call.scalar(0), sympy.Integer(call.scope.site(call.loc())))


@function("Var", summary="the variance of an expression in random symbols")
def _variance(call: Call) -> Any:
    return VarianceOf(call.scalar(0), sympy.Integer(call.scope.site(call.loc())))


@function("Cov", args=(2, 2), summary="the covariance of two expressions in random symbols")
def _covariance(call: Call) -> Any:
    site = sympy.Integer(call.scope.site(call.loc()))
    return CovarianceOf(call.scalar(0), call.scalar(1), site)


@function("pdf", args=(2, 2), summary="pdf(X, t): the density of the random symbol X at t")
def _pdf(call: Call) -> Any:
    x = call.args[0]
    dist = call.scope.random.get(x) if isinstance(x, sympy.Symbol) else None
    if dist is None:
        raise call.error("pdf needs a random symbol (declared under random:) as its first argument")
    try:
        return dist.pdf(call.scalar(1))
    except ClaimError as exc:
        raise call.error(exc.message) from None


def _distribution(name: str) -> Callable[[Call], Any]:
    spec = DISTRIBUTIONS[name]

    def impl(call: Call) -> Distribution:
        params = [call.scalar(i) for i in range(len(call.args))]
        try:
            return spec.build(*params)
        except ClaimError as exc:
            raise call.error(exc.message) from None

    return impl


for _spec in DISTRIBUTIONS.values():
    VOCABULARY[_spec.name] = Entry(
        _spec.name, _distribution(_spec.name), len(_spec.params), len(_spec.params), _spec.summary
    )

