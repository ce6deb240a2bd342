"""What a verdict rests on, as data: one frozen class per kind of finding.

The engine records *what it found* (the point where a relation is false and
both sides' values there, the strategies of a proof and the cases they cover,
the near miss that was proved instead, why a check was left undecided);
:mod:`derivcheck.wording` says it in words, and every renderer reads the
fields. Nothing here is prose to be parsed back: a value is a value, a case
label is a label.

Every class has a JSON form (:func:`to_data`, :func:`from_data`), used by the
report and the result cache. Nothing in this module imports SymPy.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, ClassVar, Mapping

#: Name → value pairs in the order of the claims file (a witness, a diagnosis's parameters).
Pairs = tuple[tuple[str, str], ...]


def pairs(mapping: Mapping[str, str] | None) -> Pairs:
    """A mapping as pairs, keeping its order."""
    return tuple((str(k), str(v)) for k, v in (mapping or {}).items())


@dataclass(frozen=True)
class Withheld:
    """A value SymPy computed that the engine did not use, and why (a limit it could not confirm, say).

    When numbers contradicted the value, ``near`` is where the variable was
    taken (``k = 1.0e-15`` for a limit), ``point`` the values of the other
    unknowns, and ``then`` the words that end the sentence;
    :func:`derivcheck.wording.withheld` says it.
    """

    reason: str
    near: Pairs = ()
    point: Pairs = ()
    then: str = ""


@dataclass(frozen=True)
class RelationAt:
    """One relation of a statement at a refuting point: both sides' values and whether it holds."""

    lhs: str
    op: str
    rhs: str
    holds: bool


@dataclass(frozen=True)
class Refutation:
    """A relation (or statement) false at a point of its domain, confirmed by the kernel.

    ``how`` says how the point was found: ``screen`` (a test point whose
    values the kernel confirmed), ``closed`` (no unknowns: both sides
    evaluated), ``exact`` (a statement false by exact evaluation),
    ``statement`` (a boolean statement false at a test point), ``region``
    (a point of a region found by linear real arithmetic) or ``solved`` (a
    point found by solving: a root of the difference, a model of the negation).
    """

    kind: ClassVar[str] = "refutation"
    point: Pairs  # the witness: each name with an exact value
    lhs: str | None = None  # both sides' values at the point (a relation only)
    rhs: str | None = None
    reason: str = ""  # why these values make the relation false, when it is not plain
    case: str = ""  # the case refuted, when the claim has several
    how: str = "screen"
    relations: tuple[RelationAt, ...] = ()  # a statement's relations at the point

    @property
    def witness(self) -> dict[str, str]:
        return dict(self.point)


@dataclass(frozen=True)
class Cases:
    """The cases a proof covers: their number and each listed name's values."""

    count: int
    values: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class Proof:
    """A relation shown on its whole domain.

    ``how`` names the shape of the argument: ``same`` (both sides are one
    expression), ``value`` (closed, both sides evaluate to ``lhs``),
    ``values`` (closed, the sides are ``lhs`` and ``rhs``), ``shown`` (a
    strategy on a closed relation), ``screened`` (a strategy, after
    ``agreed`` test points agreed), ``true`` (a statement true by exact
    evaluation), ``parts`` (every part of a conjunction), ``linear`` (linear
    real arithmetic), ``by`` (the strategies alone), ``cases`` (each of
    ``cases`` by ``strategies``), ``links`` (every link of a chain).
    """

    kind: ClassVar[str] = "proof"
    strategies: tuple[str, ...]
    how: str = "by"
    lhs: str | None = None
    rhs: str | None = None
    agreed: int = 0
    cases: Cases | None = None
    links: int = 0


@dataclass(frozen=True)
class Undecided:
    """Neither proved nor refuted, and why.

    ``reason`` is a key of :data:`derivcheck.wording.UNDECIDED` (the template
    of its sentence) and ``args`` the values the template names, as pyflakes
    keeps ``message`` and ``message_args`` apart.
    """

    kind: ClassVar[str] = "undecided"
    reason: str
    args: Pairs = ()
    withheld: tuple[Withheld, ...] = ()
    case: str = ""

    def arg(self, name: str) -> str:
        return dict(self.args).get(name, "")


@dataclass(frozen=True)
class NearMiss:
    """A diagnosis: a named alternative claim that was proved, with its parameters."""

    kind: ClassVar[str] = "near-miss"
    name: str
    params: Pairs = ()

    def param(self, name: str) -> str:
        return dict(self.params).get(name, "")


@dataclass(frozen=True)
class BrokenChain:
    """A chain with a false link: the first one's refutation, the others, and the ends."""

    kind: ClassVar[str] = "broken-chain"
    first: int
    refutation: Refutation | None
    others: tuple[int, ...] = ()
    ends: str = ""  # "proved" or "refuted" when the first and last lines were compared


@dataclass(frozen=True)
class PendingChain:
    """A chain none of whose links is false, with a link left undecided."""

    kind: ClassVar[str] = "pending-chain"
    link: int
    pending: Undecided | None


@dataclass(frozen=True)
class Invalid:
    """A claim that cannot be checked as written, and why."""

    kind: ClassVar[str] = "invalid"
    message: str
    line: int = 0  # where in the claim's file it is wrong (0: not known)
    col: int = 0


@dataclass(frozen=True)
class OutOfBudget:
    """A claim the engine stopped on when its time budget ran out."""

    kind: ClassVar[str] = "timeout"
    seconds: float


@dataclass(frozen=True)
class LatexCheck:
    r"""How a claim compares with its ``latex:``, the statement as the document writes it.

    ``status`` is ``faithful`` (every compared pair of terms proved equal),
    ``mismatch`` (a pair refuted: the claim does not say what its latex
    says), ``partial`` (the latex states some of the claim's parts, each proved,
    and not the others) or ``unchecked`` (the latex could not be read, is prose,
    or a comparison was left undecided). ``reason`` is a key of :data:`derivcheck.wording.LATEX_REASONS`
    and ``args`` the values its sentence names. For a mismatch, ``term`` is the
    claim's term (1-based: a ``claim:``'s left side is 1, its right side 2; a
    chain's items) and ``latex_term`` the latex's term it was compared with
    (1-based, in the display's order); ``point`` is where they differ and
    ``claim_value`` / ``latex_value`` both terms' values there. ``compared``
    counts the pairs proved equal, ``skipped`` the latex's terms left out
    (a ``\dots``, prose, a name the claim does not declare).
    """

    kind: ClassVar[str] = "latex-check"
    status: str
    reason: str = ""
    args: Pairs = ()
    term: int = 0
    latex_term: int = 0
    point: Pairs = ()
    claim_value: str | None = None
    latex_value: str | None = None
    compared: int = 0
    skipped: tuple[int, ...] = ()

    @property
    def witness(self) -> dict[str, str]:
        return dict(self.point)

    def arg(self, name: str) -> str:
        return dict(self.args).get(name, "")


#: What a result rests on, and what one case's decision rests on.
Evidence = Refutation | Proof | Undecided | BrokenChain | PendingChain | Invalid | OutOfBudget
Finding = Refutation | Proof | Undecided

_KINDS: dict[str, type[Any]] = {
    cls.kind: cls
    for cls in (Refutation, Proof, Undecided, NearMiss, BrokenChain, PendingChain, Invalid, OutOfBudget, LatexCheck)
}


def to_data(item: Any) -> Any:
    """The JSON form of a finding: its fields, plus ``kind`` for the top-level classes."""
    if isinstance(item, tuple):
        return [to_data(x) for x in item]
    if not hasattr(item, "__dataclass_fields__"):
        return item
    out: dict[str, Any] = {}
    kind = getattr(type(item), "kind", None)
    if kind is not None:
        out["kind"] = kind
    for f in fields(item):
        value = getattr(item, f.name)
        if f.name in ("point", "near", "params", "args"):
            out[f.name] = dict(value)
        else:
            out[f.name] = to_data(value)
    return out


def from_data(data: Any) -> Any:
    """The inverse of :func:`to_data` for a top-level finding (None stays None).

    Raises KeyError, TypeError or ValueError on data of another shape.
    """
    if data is None:
        return None
    cls = _KINDS[str(data["kind"])]
    values: dict[str, Any] = {}
    for f in fields(cls):
        if f.name not in data:
            continue
        raw = data[f.name]
        if f.name in ("point", "params", "args"):
            values[f.name] = pairs(raw)
        elif f.name == "withheld":
            values[f.name] = tuple(
                Withheld(str(w["reason"]), pairs(w.get("near")), pairs(w.get("point")), str(w.get("then") or "")) for w in raw
            )
        elif f.name == "relations":
            values[f.name] = tuple(RelationAt(str(r["lhs"]), str(r["op"]), str(r["rhs"]), bool(r["holds"])) for r in raw)
        elif f.name == "cases":
            values[f.name] = None if raw is None else Cases(int(raw["count"]), tuple((str(k), tuple(str(x) for x in v)) for k, v in raw["values"]))
        elif f.name in ("refutation", "pending"):
            values[f.name] = from_data(raw)
        elif f.name in ("strategies", "others", "skipped"):
            values[f.name] = tuple(raw)
        else:
            values[f.name] = raw
    return cls(**values)


__all__ = [
    "BrokenChain",
    "Cases",
    "Evidence",
    "Finding",
    "Invalid",
    "LatexCheck",
    "NearMiss",
    "OutOfBudget",
    "Pairs",
    "PendingChain",
    "Proof",
    "Refutation",
    "RelationAt",
    "Undecided",
    "Withheld",
    "from_data",
    "pairs",
    "to_data",
]
