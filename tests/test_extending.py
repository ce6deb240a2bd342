"""Extending derivcheck from the outside: a function, a domain, a strategy, a diagnosis, a format.

Each is added here through its table alone (no other module changes), used end
to end on a claim, and removed again by its fixture, so that the other tests
see derivcheck as it ships.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence

import mpmath
import pytest
import sympy
from click.testing import CliRunner, Result
from flint import arb

from derivcheck import diagnose, domains
from derivcheck.checking import check_claim
from derivcheck.cli import main
from derivcheck.engine import strategies
from derivcheck.formula import Rel
from derivcheck.kernel import primitives
from derivcheck.loader import load_text
from derivcheck.model import ClaimResult, Verdict
from derivcheck.render import formats
from derivcheck.summary import Summary, summarize
from derivcheck.vocabulary import VOCABULARY, Entry, elementwise


class softplus(sympy.Function):  # lower case, as claims write it
    """log(1 + exp(x)): smooth, real and increasing on the whole line."""

    def _eval_is_extended_real(self) -> bool | None:
        return self.args[0].is_extended_real  # type: ignore[no-any-return]

    def _eval_is_positive(self) -> bool | None:
        return True if self.args[0].is_extended_real else None


def _softplus_ball(x: primitives.Ball) -> primitives.Ball:
    if not isinstance(x, arb):
        raise primitives.br.Unknown("softplus of a value not known to be real")
    return (1 + x.exp()).log()


@pytest.fixture
def with_softplus(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    undo = primitives.register(
        primitives.Primitive(
            softplus,
            ball=_softplus_ball,
            fast=lambda x: mpmath.log1p(mpmath.exp(x)),
            increasing=primitives.Needs.REAL,
        )
    )
    monkeypatch.setitem(VOCABULARY, "softplus", Entry("softplus", elementwise(softplus), 1, 1, "log(1 + exp(x))"))
    yield
    undo()


@pytest.fixture
def with_simplex() -> Iterator[None]:
    undo = domains.register(_read_simplex)
    yield
    undo()


def _check(symbols: str, claim: str) -> ClaimResult:
    body = f"  - id: extended\n    title: an extension at work\n    symbols: {symbols}\n    claim: {claim}\n"
    loaded = load_text("claims:\n" + body, "extending.yaml")
    assert not loaded.failures, loaded.failures
    (claim,) = loaded.claims
    return check_claim(claim)


# ------------------------------------------------------------------ a function


def test_softplus_is_one_row_of_the_table(with_softplus: None) -> None:
    proved = _check("{x: real}", "softplus(x) > softplus(x - 1)")
    assert proved.verdict is Verdict.PROVED, proved
    assert proved.proof == "monotone"
    refuted = _check("{x: real}", "softplus(x) >= x + 1")
    assert refuted.verdict is Verdict.REFUTED, refuted
    assert refuted.witness is not None


#: The language's own softplus (built as log(1 + exp(x))), which the fixture shadows.
_BUILT_IN_SOFTPLUS = VOCABULARY.get("softplus")


def test_without_the_row_softplus_is_unknown() -> None:
    assert primitives.lookup(softplus(sympy.Symbol("x"))) is None
    assert VOCABULARY.get("softplus") is _BUILT_IN_SOFTPLUS


# ------------------------------------------------------------------ a domain


@dataclass(frozen=True)
class Simplex:
    """Vectors of ``n`` nonnegative entries summing to 1.

    Reparametrised by breaking a stick: fractions t[1], ..., t[n-1] in [0, 1],
    x[1] = t[1], x[2] = (1 - t[1]) t[2], ..., x[n] = what is left. Every point
    of the box of fractions is a point of the simplex and every point of the
    simplex comes from one, so no further constraint is needed.
    """

    size: str

    def describe(self) -> str:
        return f"simplex[{self.size}]"

    def layout(self, name: str, size: domains.SizeOf) -> domains.Layout | None:
        n = size(self.size)
        unknowns = [
            domains.Unknown(sympy.Symbol(f"{name}_t{i + 1}", real=True), f"{name}.t[{i + 1}]", sympy.Integer(0), sympy.Integer(1), False, False)
            for i in range(n - 1)
        ]
        return domains.Layout(n, 1, self.entries([u.symbol for u in unknowns]), unknowns)

    @staticmethod
    def entries(fractions: Sequence[sympy.Expr]) -> list[sympy.Expr]:
        left: sympy.Expr = sympy.Integer(1)
        out = []
        for t in fractions:
            out.append(left * t)
            left = left * (1 - t)
        return [*out, left]

    def contains(self, values: Sequence[sympy.Expr]) -> bool | None:
        return all(v >= 0 for v in values) and sum(values) == 1


def _read_simplex(text: str) -> domains.Domain | None:
    m = re.fullmatch(r"\s*simplex\s*\[\s*(\w+)\s*\]\s*", text)
    return Simplex(m.group(1)) if m else None


def test_a_simplex_is_one_class(with_simplex: None) -> None:
    total = _check("{x: 'simplex[3]'}", "x[1] + x[2] + x[3] == 1")
    assert total.verdict is Verdict.PROVED, total
    half = _check("{x: 'simplex[3]'}", "x[1] <= 1/2")
    assert half.verdict is Verdict.REFUTED, half
    assert half.witness is not None
    point = Simplex.entries([sympy.Rational(half.witness[f"x.t[{i}]"]) for i in (1, 2)])
    assert Simplex("3").contains(point)
    assert point[0] > sympy.Rational(1, 2)


def test_without_the_class_simplex_is_the_built_in_one() -> None:
    # The registration is undone: the built-in simplex (its entries are the unknowns) answers.
    result = _check("{x: 'simplex[3]'}", "x[1] <= 1/2")
    assert result.verdict is Verdict.REFUTED, result
    assert result.witness is not None and list(result.witness) == ["x[1]", "x[2]", "x[3]"]


# ------------------------------------------------------------------ a strategy


def _expand(d: sympy.Expr, ctx: strategies.Context) -> bool:
    return bool(sympy.expand(d) == 0)


def test_a_strategy_is_one_entry() -> None:
    entry = strategies.Strategy("expand", _expand, "expand and compare", rank=2)
    undo = strategies.register(entry, before="structural")
    try:
        result = _check("{x: real}", "(x + 1)**2 == x**2 + 2*x + 1")
        assert result.verdict is Verdict.PROVED
        assert result.proof == "expand"
        assert strategies.join_proofs(["structural", "expand"]) == "expand"
    finally:
        undo()
    assert entry not in strategies.EQUALITY
    assert _check("{x: real}", "(x + 1)**2 == x**2 + 2*x + 1").proof != "expand"


# ------------------------------------------------------------------ a diagnosis


def _off_by_two(rel: Rel, inst: object, ctx: strategies.Context) -> tuple[tuple[str, str], ...] | None:
    if isinstance(rel.lhs, sympy.Expr) and isinstance(rel.rhs, sympy.Expr) and sympy.expand(rel.lhs - rel.rhs - 2) == 0:
        return (("side", "left"),)
    return None


def test_a_diagnosis_is_one_entry() -> None:
    undo = diagnose.register(diagnose.Kind("off-by-two", _off_by_two, words="the {side} side is 2 more than the other"), before="sign")
    try:
        result = _check("{x: real}", "x + 2 == x")
    finally:
        undo()
    assert result.verdict is Verdict.REFUTED
    assert result.diagnosis is not None and "2 more" in result.diagnosis
    assert result.near_miss is not None and result.near_miss.name == "off-by-two"
    assert all(d.name != "off-by-two" for d in diagnose.DIAGNOSES)


# ------------------------------------------------------------------ a format


def _ids(results: Sequence[ClaimResult], summary: Summary, *, strict: bool = False, quiet: int = 0) -> str:
    return "\n".join(f"{r.id}\t{r.verdict.value}" for r in results) + "\n"


def test_a_format_is_one_entry() -> None:
    result = _check("{x: real}", "x + 2 == 2 + x")
    undo = formats.register(formats.Format("ids", _ids, (".ids",)))
    try:
        text = formats.render("ids", [result], summarize([result]))
        assert text == f"extended\t{result.verdict.value}\n"
        assert formats.format_for_path("out.ids") == "ids"
    finally:
        undo()
    assert "ids" not in formats.RENDERERS
    assert formats.format_for_path("out.ids") is None
    assert json.loads(formats.render("json", [result], summarize([result])))["claims"][0]["id"] == "extended"


def test_a_registered_format_is_a_choice_of_the_command_line_and_of_the_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("GITHUB_ACTIONS", "DERIVCHECK_FORMAT"):
        monkeypatch.delenv(name, raising=False)
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "a.yaml").write_text(
        "claims:\n  - id: double\n    title: t\n    symbols: {x: real}\n    claim: x + x == 2*x\n", encoding="utf-8"
    )
    pyproject = tmp_path / "pyproject.toml"
    monkeypatch.chdir(tmp_path)
    run = ["run", "all", "--no-cache", "--jobs", "1"]

    def derivcheck(*args: str) -> Result:
        return CliRunner().invoke(main, list(args))

    undo = formats.register(formats.Format("ids", _ids, (".ids",)))
    try:
        out = derivcheck(*run, "--format", "ids")
        assert (out.exit_code, out.output) == (0, "double\tproved\n"), out.output
        assert "|html|ids]" in derivcheck("run", "--help").output  # listed among the choices
        pyproject.write_text('[tool.derivcheck]\nformat = "ids"\n', encoding="utf-8")
        out = derivcheck(*run)
        assert (out.exit_code, out.output) == (0, "double\tproved\n"), out.output
    finally:
        undo()
    out = derivcheck(*run)  # the config names a format that is gone
    assert out.exit_code == 2 and 'format must be one of auto, rich, concise, json, junit, github, sarif, markdown, html, not "ids"' in out.output
    pyproject.unlink()
    out = derivcheck(*run, "--format", "ids")
    assert out.exit_code == 2 and "'ids' is not one of" in out.output, out.output
