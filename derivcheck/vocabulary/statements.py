"""Statements: the connectives of boolean claims."""

from __future__ import annotations

from derivcheck.formula import Connective, Formula
from derivcheck.parser import Call
from derivcheck.vocabulary.registry import function


# --- statements -------------------------------------------------------------------
@function("iff", args=(2, 2), summary="p if and only if q")
def _iff(call: Call) -> Formula:
    return Connective("iff", (call.formula(0), call.formula(1)))


@function("implies", args=(2, 2), summary="if p then q")
def _implies(call: Call) -> Formula:
    return Connective("implies", (call.formula(0), call.formula(1)))


@function("And", args=(2, None), summary="all of the statements")
def _and(call: Call) -> Formula:
    return Connective("and", tuple(call.formula(i) for i in range(len(call.args))))


@function("Or", args=(2, None), summary="at least one of the statements")
def _or(call: Call) -> Formula:
    return Connective("or", tuple(call.formula(i) for i in range(len(call.args))))


@function("Not", summary="the negation of a statement")
def _not(call: Call) -> Formula:
    return Connective("not", (call.formula(0),))

