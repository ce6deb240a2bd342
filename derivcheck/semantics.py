"""From a claim as written to the mathematics to decide: one instance per case.

Names with finite domains (lists, ``range``, sizes) are enumerated: each
combination of their values, and each choice of distribution for the random
symbols, is one :class:`Instance` in which every vector has a concrete length
and every index a concrete value. Continuous names become SymPy symbols
carrying the assumptions of their domain, plus the interval they range over
(for sampling). The ``where`` bindings, the conditions, and the claim or the
chain's items are then read: interpreted (:mod:`derivcheck.interpreter`), then
evaluated (:mod:`derivcheck.evaluate`). :func:`written` builds them once more as
the author wrote them, for people.
"""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache
from typing import Any, Iterator

import sympy
from sympy.matrices import MatrixBase

from derivcheck import domains as kinds
from derivcheck.distributions import Distribution
from derivcheck.domains import MAX_INSTANCES, Domain, Reading, parse_domain
from derivcheck.errors import ClaimError, LimitExceeded
from derivcheck.evaluate import read
from derivcheck.formula import Connective, Formula, Rel, Truth, to_sympy
from derivcheck.interpreter import interpret
from derivcheck.model import Claim, Text
from derivcheck.parser import MAX_SIZE, valid_name
from derivcheck.problem import Instance, Problem, Scope, Variable
from derivcheck.unevaluated import as_written

__all__ = ["MAX_INSTANCES", "build", "written"]


def build(claim: Claim) -> Problem:
    """Build every instance of ``claim``.

    Raises:
        ClaimError: anything in the claim that cannot be read.
    """
    domains: dict[str, Domain] = {}
    for name, text in claim.symbols:
        if not valid_name(name):
            raise ClaimError(f"'{name}' cannot be a name", text.loc)
        domains[name] = parse_domain(name, text)
    random_names = [name for name, _ in claim.random]
    for name, texts in claim.random:
        if name in domains and not kinds.random_entries(domains[name]):
            raise ClaimError(
                f"'{name}' is declared under symbols and under random; declare it once "
                "(a vector under symbols and random makes its entries independent draws)",
                texts[0].loc,
            )
    for name, text in claim.where:
        if name in domains or name in random_names:
            raise ClaimError(f"'{name}' is both declared and bound under where", text.loc)

    scalars: dict[str, sympy.Symbol] = {}
    variables: dict[str, Variable] = {}
    declared = dict(claim.symbols)
    for name, dom in domains.items():
        variable = kinds.variable(dom, _reading(name, declared[name], {}))
        if variable is not None:
            variables[name] = variable
            scalars[name] = variable.symbol
    enumerated = [n for n, d in domains.items() if kinds.finite(d)]
    instances: list[Instance] = []
    for assignment in _enumerate(claim, domains, enumerated):
        for choice in _random_choices(claim):
            instances.append(_instance(claim, domains, scalars, variables, assignment, choice))
            if len(instances) > MAX_INSTANCES:
                raise LimitExceeded(
                    f"the finite domains give more than {MAX_INSTANCES} cases", claim.loc
                )
    scope_words = [f"{n} {kinds.scope_words(d)}" for n, d in domains.items()]
    for name, texts in claim.random:
        scope_words.append(f"{name} ~ " + " | ".join(t.value for t in texts))
    return Problem(claim, instances, "; ".join(scope_words), enumerated)


def _reading(name: str, where: Text, known: dict[str, Any]) -> Reading:
    """How the domain of ``name`` reads its texts, with the values ``known`` in the case."""
    scope = Scope(names=dict(known))
    return Reading(name, where.loc, lambda text: read(Text(text, where.loc, inline=False), scope))


def _enumerate(
    claim: Claim, domains: dict[str, Domain], names: list[str]
) -> Iterator[list[tuple[str, Any]]]:
    """Every combination of values of the enumerated names, respecting their dependencies."""
    texts = dict(claim.symbols)
    count = 0

    def values(name: str, known: dict[str, Any]) -> list[sympy.Expr]:
        found = kinds.values(domains[name], _reading(name, texts[name], known))
        assert found is not None  # the names enumerated are those of finite domains
        return found

    def depends(name: str) -> set[str]:
        words = " ".join(kinds.mentions(domains[name]))
        return {n for n in names if n != name and _mention_pattern(n).search(words)}

    # Computed once per name: the loop below looks at each name many times,
    # and a claim may declare a thousand of them.
    needs = {n: depends(n) for n in names}
    order: list[str] = []
    pending = list(names)
    while pending:
        placed = set(order)
        ready = [n for n in pending if needs[n] <= placed]
        if not ready:
            raise ClaimError(f"the domains of {', '.join(pending)} depend on each other", claim.loc)
        order.extend(ready)
        pending = [n for n in pending if n not in ready]

    def walk(i: int, known: dict[str, Any], acc: list[tuple[str, Any]]) -> Iterator[list[tuple[str, Any]]]:
        nonlocal count
        if i == len(order):
            count += 1
            if count > MAX_INSTANCES:
                raise LimitExceeded(f"the finite domains give more than {MAX_INSTANCES} cases", claim.loc)
            # report the values in the order the file declares them
            yield sorted(acc, key=lambda kv: names.index(kv[0]))
            return
        name = order[i]
        for v in values(name, known):
            yield from walk(i + 1, {**known, name: v}, [*acc, (name, v)])

    yield from walk(0, {}, [])


@lru_cache(maxsize=4096)
def _mention_pattern(name: str) -> re.Pattern[str]:
    # Compiled once per name: re's own cache holds 512 patterns, and a claim
    # with a thousand finite names would compile a million of them.
    return re.compile(rf"(?<![A-Za-z0-9_]){re.escape(name)}(?![A-Za-z0-9_])")


def _mentions(text: str, name: str) -> bool:
    return _mention_pattern(name).search(text) is not None


def _random_choices(claim: Claim) -> Iterator[list[tuple[str, Text]]]:
    def walk(i: int, acc: list[tuple[str, Text]]) -> Iterator[list[tuple[str, Text]]]:
        if i == len(claim.random):
            yield acc
            return
        name, texts = claim.random[i]
        for t in texts:
            yield from walk(i + 1, [*acc, (name, t)])

    yield from walk(0, [])


def _instance(
    claim: Claim,
    domains: dict[str, Domain],
    scalars: dict[str, sympy.Symbol],
    variables: dict[str, Variable],
    assignment: list[tuple[str, Any]],
    choice: list[tuple[str, Text]],
) -> Instance:
    scope = Scope()
    scope.declared.update(scalars)
    known = dict(assignment)
    scope.names.update(known)
    scope.names.update(scalars)
    inst_vars = [variables[n] for n in variables]
    texts = dict(claim.symbols)
    random_names = {name for name, _ in choice}
    vector_entries: dict[str, list[sympy.Symbol]] = {}
    domain_conditions: list[Formula] = []
    special: list[dict[sympy.Symbol, sympy.Expr]] = []
    for name, dom in domains.items():
        layout = kinds.layout(dom, name, lambda t, name=name: _size(t, known, texts[name], name))  # type: ignore[misc]
        if layout is not None:
            for u in layout.unknowns:
                if u.symbol.name in domains:
                    raise ClaimError(f"the name '{u.symbol.name}' clashes with an entry of '{name}'", texts[name].loc)
                if name not in random_names:
                    inst_vars.append(Variable(u.symbol, u.label, u.lo, u.hi, u.lo_open, u.hi_open))
                vector_entries.setdefault(name, []).append(u.symbol)
            domain_conditions.extend(layout.conditions)
            if name not in random_names:  # a random vector's entries are drawn, not sampled
                special.extend(layout.special)
            scope.names[name] = sympy.ImmutableMatrix(layout.rows, layout.cols, layout.entries)
    chosen = list(assignment)
    alternatives = dict(claim.random)
    for name, text in choice:
        dist = read(text, scope)
        if not isinstance(dist, Distribution):
            raise ClaimError(f"the distribution of '{name}' must be one such as Normal(0, 1)", text.loc)
        if name in vector_entries:
            for sym in vector_entries[name]:
                scope.random[sym] = dist
        else:
            sym = sympy.Symbol(name, real=True)
            scope.random[sym] = dist
            scope.names[name] = sym
        if len(alternatives[name]) > 1:
            chosen.append((name, dist))
    for var in inst_vars:
        if var.lo != -sympy.oo or var.hi != sympy.oo:
            scope.bounds[var.symbol] = (var.lo, var.hi)
    for name, text in claim.where:
        scope.names[name] = read(text, scope)
    inst = Instance(chosen, inst_vars, scope)
    inst.conditions.extend(domain_conditions)
    inst.special.extend(special)
    for text in claim.assume:
        inst.conditions.append(_statement(read(text, scope), text, "a condition under assume"))
    if claim.claim is not None:
        inst.claim = _statement(read(claim.claim, scope), claim.claim, "the claim")
    else:
        for k, step in enumerate(claim.steps):
            value = read(step.expr, scope)
            if isinstance(value, (Rel, Connective, Truth)):
                raise ClaimError(
                    f"step {k + 1} is a statement; each step must be an expression, "
                    "related to the one before by its rel",
                    step.expr.loc,
                )
            if isinstance(value, MatrixBase) and value.shape == (1, 1):
                value = value[0, 0]
            if not isinstance(value, (sympy.Expr, MatrixBase)):
                raise ClaimError(f"step {k + 1} must be an expression", step.expr.loc)
            inst.items.append(value)
            inst.items_text.append(step.expr)
            if k > 0:
                inst.rels.append(step.rel)
        for k in range(len(inst.items) - 1):
            a, b = inst.items[k], inst.items[k + 1]
            am, bm = isinstance(a, MatrixBase), isinstance(b, MatrixBase)
            if am != bm or (am and a.shape != b.shape):
                raise ClaimError(f"steps {k + 1} and {k + 2} have different shapes", claim.steps[k + 1].expr.loc)
            if am and inst.rels[k] not in ("==", "!="):
                raise ClaimError(f"matrices cannot be related by '{inst.rels[k]}'", claim.steps[k + 1].expr.loc)
    return inst


def _statement(value: Any, text: Text, what: str) -> Formula:
    if isinstance(value, (Rel, Connective, Truth)):
        return value
    if value is sympy.true or value is sympy.false:
        return Truth(bool(value))
    raise ClaimError(f"{what} must be a statement, such as lhs == rhs", text.loc)


def _size(text: str, known: dict[str, Any], where: Text, name: str) -> int:
    value = read(Text(text, where.loc, inline=False), Scope(names=dict(known)))
    if not isinstance(value, sympy.Integer):
        raise ClaimError(
            f"the size of '{name}' must be a whole number or a size with listed values, not '{text}'",
            where.loc,
        )
    n = int(value)
    if not 1 <= n <= MAX_SIZE:
        raise LimitExceeded(f"the size of '{name}' is {n}; sizes go from 1 to {MAX_SIZE}", where.loc)
    return n


def written(problem: Problem) -> list[Any]:
    """The claim, or each item of the chain, as its author wrote it, in the first case.

    Built again, for people: nothing computed (``x + x`` stays ``x + x``, a
    limit stays a limit), the ``where`` bindings written out the same way. A
    statement is returned as SymPy's unevaluated relation. An item that cannot
    be built so (a vector indexed by a sum's variable, say) is given as evaluated.
    """
    if not problem.instances:
        return []
    inst = problem.instances[0]
    claim = problem.claim
    # A scope of its own: what is recorded while building for people is no
    # condition on the claim.
    scope = dataclasses.replace(inst.scope, names=dict(inst.scope.names), denominators=[], sites=[])
    for name, text in claim.where:
        try:
            scope.names[name] = interpret(text, scope, written=True)
        except ClaimError:
            break  # the names still hold their values
    if claim.claim is not None and inst.claim is not None:
        return [_written_or(claim.claim, scope, to_sympy(inst.claim))]
    return [_written_or(step.expr, scope, item) for step, item in zip(claim.steps, inst.items)]


def _written_or(text: Text, scope: Scope, evaluated: Any) -> Any:
    try:
        value = interpret(text, scope, written=True)
    except ClaimError:
        return evaluated
    if isinstance(value, (Rel, Connective, Truth)):
        value = to_sympy(value)
    if isinstance(value, MatrixBase) and value.shape == (1, 1):
        value = value[0, 0]
    return as_written(value)
