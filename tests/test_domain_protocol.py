"""The optional methods of the Domain protocol, and the rule fields of the primitives table.

Each new kind of domain here is one class, registered by its reader alone
(:func:`derivcheck.domains.register`), used end to end on claims and removed
again by its fixture: a shaped one (positive vectors, with special points), a
finite one (powers of two, enumerated), a continuous scalar one (an interval
given by its centre and radius). tests/test_extending.py is the model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterator, Sequence

import mpmath
import pytest
import sympy

from derivcheck import domains, semantics
from derivcheck.checking import check_claim
from derivcheck.engine.sampling import points
from derivcheck.kernel import ballrules as br
from derivcheck.kernel import balls, primitives
from derivcheck.kernel.integrals import singular_points
from derivcheck.loader import load_text
from derivcheck.model import Claim, ClaimResult, Verdict
from derivcheck.problem import Variable


def _claim(symbols: str, claim: str, random: str = "") -> Claim:
    body = f"  - id: domain\n    title: a domain at work\n    symbols: {symbols}\n    claim: {claim}\n"
    if random:
        body += f"    random: {random}\n"
    loaded = load_text("claims:\n" + body, "domains.yaml")
    assert not loaded.failures, loaded.failures
    (found,) = loaded.claims
    return found


def _check(symbols: str, claim: str, random: str = "") -> ClaimResult:
    return check_claim(_claim(symbols, claim, random))


def _registered(reader: Callable[[str], domains.Domain | None]) -> Iterator[None]:
    undo = domains.register(reader)
    yield
    undo()


# ------------------------------------------------------------------ a shaped domain, with special points


@dataclass(frozen=True)
class PositiveVector:
    """Vectors of ``n`` positive entries; worth trying first: every entry 1/1000 (near the boundary).

    A plain class (it does not subclass Domain): the methods it lacks take
    their defaults.
    """

    size: str
    tiny: sympy.Expr = sympy.Rational(1, 1000)

    def describe(self) -> str:
        return f"positive vector[{self.size}]"

    def layout(self, name: str, size: domains.SizeOf) -> domains.Layout | None:
        n = size(self.size)
        unknowns = [
            domains.Unknown(sympy.Symbol(f"{name}_{i + 1}", positive=True), f"{name}[{i + 1}]", sympy.Integer(0))
            for i in range(n)
        ]
        return domains.Layout(n, 1, [u.symbol for u in unknowns], unknowns)

    def contains(self, values: Sequence[sympy.Expr]) -> bool | None:
        return all(v > 0 for v in values)

    def special_points(self, layout: domains.Layout) -> list[domains.Point]:
        return [{u.symbol: self.tiny for u in layout.unknowns}]

    def random_entries(self) -> bool:
        return True


@dataclass(frozen=True)
class PlainPositiveVector(PositiveVector):
    """The same domain without special points."""

    def special_points(self, layout: domains.Layout) -> list[domains.Point]:
        return []


def _read_positive(text: str) -> domains.Domain | None:
    m = re.fullmatch(r"\s*(plain )?positive\s+vector\s*\[\s*(\w+)\s*\]\s*", text)
    if m is None:
        return None
    return (PlainPositiveVector if m.group(1) else PositiveVector)(m.group(2))


@pytest.fixture
def with_positive() -> Iterator[None]:
    yield from _registered(_read_positive)


def test_a_positive_vector_is_one_class(with_positive: None) -> None:
    proved = _check("{x: 'positive vector[2]'}", "x[1]*x[2] > 0")
    assert proved.verdict is Verdict.PROVED, proved
    refuted = _check("{x: 'positive vector[3]'}", "x[1] + x[2] + x[3] >= 1")
    assert refuted.verdict is Verdict.REFUTED, refuted
    assert refuted.witness is not None
    entries = [sympy.Rational(refuted.witness[f"x[{i}]"]) for i in (1, 2, 3)]
    assert PositiveVector("3").contains(entries)
    assert sum(entries) < 1


def test_the_special_points_of_a_layout_are_tried_first(with_positive: None) -> None:
    claim = "x[1] + x[2] != 1/500"  # false at the special point alone
    special = _check("{x: 'positive vector[2]'}", claim)
    assert special.verdict is Verdict.REFUTED, special
    assert special.witness == {"x[1]": "1/1000", "x[2]": "1/1000"}
    plain = _check("{x: 'plain positive vector[2]'}", claim)
    assert plain.verdict is not Verdict.REFUTED or plain.witness != special.witness


def test_the_layout_carries_the_special_points(with_positive: None) -> None:
    problem = semantics.build(_claim("{x: 'positive vector[2]'}", "x[1] > 0"))
    (inst,) = problem.instances
    x1, x2 = (v.symbol for v in inst.variables)
    assert inst.special == [{x1: sympy.Rational(1, 1000), x2: sympy.Rational(1, 1000)}]
    assert problem.scope == "x positive vector[2]"
    # Its entries may be drawn instead (random_entries): then there is nothing to sample.
    drawn = semantics.build(_claim("{x: 'positive vector[2]'}", "x[1] == x[1]", random="{x: 'Normal(0, 1)'}"))
    assert drawn.instances[0].special == [] and drawn.instances[0].variables == []


def test_a_domain_without_random_entries_refuses_a_random_declaration() -> None:
    undo = domains.register(lambda text: PositiveVector("2") if text == "pv" else None)
    try:
        assert _check("{x: pv}", "x[1] == x[1]", random="{x: 'Normal(0, 1)'}").verdict is not Verdict.INVALID
    finally:
        undo()
    undo = domains.register(lambda text: _NoRandom("2") if text == "pv" else None)
    try:
        result = _check("{x: pv}", "x[1] == x[1]", random="{x: 'Normal(0, 1)'}")
    finally:
        undo()
    assert result.verdict is Verdict.INVALID
    assert "declared under symbols and under random" in (result.error or "")


@dataclass(frozen=True)
class _NoRandom(PositiveVector):
    def random_entries(self) -> bool:
        return False


def test_sampling_puts_the_given_points_first_and_changes_nothing_after() -> None:
    x, y = sympy.symbols("x y", real=True)
    variables = [Variable(x, "x"), Variable(y, "y")]
    before = list(points(variables, 5, 12))
    after = list(points(variables, 5, 12, first=[{y: sympy.Integer(7)}]))
    assert after[0] == {x: before[0][x], y: 7}  # completed with x's first special value
    assert after[1:] == before


# ------------------------------------------------------------------ a finite domain


@dataclass(frozen=True)
class Powers(domains.Domain):
    """1, 2, 4, ..., 2**k: a finite domain, enumerated; ``k`` may name another finite name."""

    k: str

    def describe(self) -> str:
        return f"powers({self.k})"

    def layout(self, name: str, size: domains.SizeOf) -> domains.Layout | None:
        return None

    def contains(self, values: Sequence[sympy.Expr]) -> bool | None:
        (v,) = values
        return bool(v.is_Integer and v > 0 and (int(v) & (int(v) - 1)) == 0)

    def values(self, reading: domains.Reading) -> list[sympy.Expr] | None:
        k = reading.read(self.k)
        if not isinstance(k, sympy.Integer):
            raise reading.error(f"the exponent of '{reading.name}' must be a whole number")
        return [sympy.Integer(2) ** i for i in range(int(k) + 1)]

    def mentions(self) -> tuple[str, ...]:
        return (self.k,)

    def scope_words(self) -> str:
        return f"a power of two up to 2**{self.k}"


@pytest.fixture
def with_powers() -> Iterator[None]:
    yield from _registered(lambda text: Powers(m.group(1)) if (m := re.fullmatch(r"\s*powers\(([\w/]+)\)\s*", text)) else None)


def test_a_finite_domain_is_enumerated_by_its_values(with_powers: None) -> None:
    claim = _claim("{k: '{1, 2}', p: 'powers(k)'}", "p <= 2**k")
    problem = semantics.build(claim)
    assert problem.enumerated == ["k", "p"]
    cases = [dict(inst.assignment) for inst in problem.instances]
    assert cases == [{"k": 1, "p": 1}, {"k": 1, "p": 2}, {"k": 2, "p": 1}, {"k": 2, "p": 2}, {"k": 2, "p": 4}]
    assert problem.scope == "k in {1, 2}; p a power of two up to 2**k"
    assert all(Powers("k").contains([c["p"]]) for c in cases)
    assert check_claim(claim).verdict is Verdict.PROVED
    refuted = _check("{k: '{1, 2}', p: 'powers(k)'}", "p < 2**k")
    assert refuted.verdict is Verdict.REFUTED, refuted


def test_a_finite_domain_reports_its_own_errors_where_it_is_written(with_powers: None) -> None:
    result = _check("{p: 'powers(1/2)'}", "p > 0")
    assert result.verdict is Verdict.INVALID
    assert "the exponent of 'p' must be a whole number" in (result.error or "")
    assert "domains.yaml:" in (result.error or "")


# ------------------------------------------------------------------ a continuous scalar domain


@dataclass(frozen=True)
class Around(domains.Domain):
    """The closed interval [c - r, c + r], written ``around(c, r)``."""

    centre: str
    radius: str

    def describe(self) -> str:
        return f"around({self.centre}, {self.radius})"

    def layout(self, name: str, size: domains.SizeOf) -> domains.Layout | None:
        return None

    def contains(self, values: Sequence[sympy.Expr]) -> bool | None:
        return None

    def variable(self, reading: domains.Reading) -> Variable | None:
        c = reading.constant(self.centre, "a centre")
        r = reading.constant(self.radius, "a radius")
        return Variable(reading.symbol({"real": True}), reading.name, c - r, c + r, False, False)


@pytest.fixture
def with_around() -> Iterator[None]:
    yield from _registered(
        lambda text: Around(m.group(1), m.group(2)) if (m := re.fullmatch(r"around\((\w+), (\w+)\)", text)) else None
    )


def test_a_scalar_domain_makes_its_own_variable(with_around: None) -> None:
    (inst,) = semantics.build(_claim("{x: 'around(3, 1)'}", "x >= 2")).instances
    (var,) = inst.variables
    assert (var.name, var.lo, var.hi, var.lo_open, var.hi_open) == ("x", 2, 4, False, False)
    refuted = _check("{x: 'around(3, 1)'}", "x < 4")
    assert refuted.verdict is Verdict.REFUTED, refuted
    assert refuted.witness is not None and sympy.Rational(refuted.witness["x"]) == 4
    bad = _check("{x: 'around(3, I)'}", "x >= 2")
    assert bad.verdict is Verdict.INVALID
    assert "a radius must be a real number, not 'I'" in (bad.error or "")


# ------------------------------------------------------------------ the defaults


def test_the_optional_methods_have_their_defaults() -> None:
    @dataclass(frozen=True)
    class Subclass(domains.Domain):
        def describe(self) -> str:
            return "mine"

        def layout(self, name: str, size: domains.SizeOf) -> domains.Layout | None:
            return None

        def contains(self, values: Sequence[sympy.Expr]) -> bool | None:
            return None

    reading = domains.Reading("a", None, lambda text: sympy.Integer(0))
    plain = PlainPositiveVector("2")
    for dom in (Subclass(), plain):
        assert domains.values(dom, reading) is None
        assert domains.variable(dom, reading) is None
        assert not domains.finite(dom)
        assert domains.mentions(dom) == ()
        assert domains.scope_words(dom) == dom.describe()
    assert not domains.random_entries(Subclass()) and domains.random_entries(plain)
    assert Subclass().special_points(domains.Layout(1, 1, [], [])) == []
    assert domains.finite(Powers("2")) and not domains.finite(Around("0", "1"))


def test_the_built_in_domains_answer_for_themselves() -> None:
    reading = domains.Reading("n", None, lambda text: sympy.Integer(int(text)))
    assert domains.values(domains.IntRange("2", "4"), reading) == [2, 3, 4]
    assert domains.values(domains.FiniteSet(("1", "5")), reading) == [1, 5]
    assert domains.values(domains.Interval("0", "1", True, True), reading) is None
    assert domains.scope_words(domains.FiniteSet(("1", "5"))) == "in {1, 5}"
    assert domains.mentions(domains.IntRange("1", "m")) == ("1", "m")
    assert domains.random_entries(domains.VectorOf("3")) and not domains.random_entries(domains.Assumed(("real",)))
    var = domains.variable(domains.Interval("0", "1", False, True), reading)
    assert var is not None and var.symbol.is_nonnegative and (var.lo, var.hi) == (0, 1)


# ------------------------------------------------------------------ the rule fields of the primitives


class lumpy(sympy.Function):
    """x + sin(x)**2, a made-up function, with its rows varied by each test."""


def _row(**fields: object) -> primitives.Primitive:
    return primitives.Primitive(
        lumpy, ball=lambda x: x + x.sin() ** 2, fast=lambda x: x + mpmath.sin(x) ** 2, **fields  # type: ignore[arg-type]
    )


def test_rule_i2_reads_continuity_from_the_table() -> None:
    t = sympy.Symbol("t", real=True)
    undo = primitives.register(_row())
    try:
        assert "no rule says where" in (singular_points(lumpy(t), t, sympy.Integer(0), sympy.Integer(1)).doubt or "")
    finally:
        undo()
    undo = primitives.register(_row(continuous=True))
    try:
        assert singular_points(lumpy(t), t, sympy.Integer(0), sympy.Integer(1)).doubt is None
    finally:
        undo()
    undo = primitives.register(_row(jumps=True))
    try:
        assert singular_points(lumpy(t), t, sympy.Integer(0), sympy.Integer(1)).doubt is None
        assert "may jump" in (singular_points(lumpy(t), t, sympy.Integer(0), sympy.Integer(1), steps_ok=False).doubt or "")
    finally:
        undo()


def test_a_rigorous_integral_reads_analyticity_from_the_table() -> None:
    t = sympy.Symbol("t", real=True)
    integral = sympy.Integral(lumpy(t), (t, 0, 1))
    undo = primitives.register(_row())
    try:
        value = balls._Encloser()(integral)
        exact = float(sympy.integrate(t + sympy.sin(t) ** 2, (t, 0, 1)))
        assert abs(float(value.mid()) - exact) < 1e-9 and float(value.rad()) < 1e-9  # type: ignore[union-attr]
    finally:
        undo()
    for fields, why in (({"analytic": False}, "is not analytic"), ({"cuts": True}, "branch cuts")):
        undo = primitives.register(_row(**fields))
        try:
            with pytest.raises(br.Unknown, match=why):
                balls._Encloser(analytic=True)(lumpy(t))
        finally:
            undo()
