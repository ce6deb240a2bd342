"""The vocabulary of derivcheck: claims as loaded, and results as found.

Everything here is immutable data. The loader produces :class:`Claim` and
:class:`LoadFailure` objects; the engine turns a claim into a
:class:`ClaimResult`; renderers only read results. Nothing in this module
imports SymPy, so reading cached results stays fast.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Mapping, Sequence

from derivcheck.evidence import Evidence, LatexCheck, NearMiss, from_data, pairs, to_data
from derivcheck.wording import latex_check as latex_check_sentence


class Verdict(str, Enum):
    """What the engine concluded about a claim or a link of a chain."""

    PROVED = "proved"
    REFUTED = "refuted"
    UNDECIDED = "undecided"
    INVALID = "invalid"
    TIMEOUT = "timeout"


class Expect(str, Enum):
    """What the author of a claim says is true."""

    HOLDS = "holds"
    REFUTED = "refuted"


#: The relations a claim or a chain link may use, as written in claims files.
RELATIONS: tuple[str, ...] = ("==", "!=", "<", "<=", ">", ">=")


@dataclass(frozen=True)
class Location:
    """A place in a claims file; line and column start at 1."""

    file: str
    line: int
    col: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Text:
    """A string taken from a claims file, with the place it starts.

    ``inline`` is true when the string stands on one line exactly as written
    (a plain or quoted single-line scalar), so that an offset into ``value``
    is also a column offset in the file.
    """

    value: str
    loc: Location
    inline: bool = True

    def at(self, offset: int) -> Location:
        """The location of character ``offset`` of the value (0-based)."""
        if not self.inline:
            return self.loc
        return Location(self.loc.file, self.loc.line, self.loc.col + offset)


@dataclass(frozen=True)
class Step:
    """One item of a ``steps`` chain: an expression and its relation to the item before."""

    expr: Text
    rel: str = "=="
    why: str | None = None


@dataclass(frozen=True)
class Claim:
    """One claim as written in a claims file, not yet parsed into mathematics.

    ``symbols``, ``where`` and ``random`` keep the order of the file. A
    ``random`` entry holds one or more distributions (the claim is checked for
    each). ``assume`` holds extra conditions restricting the domain.
    """

    id: str
    title: str
    loc: Location
    source: str | None = None
    latex: str | None = None
    symbols: tuple[tuple[str, Text], ...] = ()
    random: tuple[tuple[str, tuple[Text, ...]], ...] = ()
    where: tuple[tuple[str, Text], ...] = ()
    assume: tuple[Text, ...] = ()
    claim: Text | None = None
    steps: tuple[Step, ...] = ()
    expect: Expect = Expect.HOLDS
    note: str | None = None
    document: str | None = None  # the file-level ``source``: the document quoted
    #: The file-level ``notation``, then the claim's own: (LaTeX, name) pairs, to be merged over the defaults
    #: (``derivcheck.latex.Notation.defaults().extended(claim.notation)``).
    notation: tuple[tuple[str, str], ...] = ()

    def canonical(self) -> dict[str, Any]:
        """The claim's content without its place in the file: the cache key's input."""
        out: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "source": self.source,
            "latex": self.latex,
            "symbols": [[k, v.value] for k, v in self.symbols],
            "random": [[k, [d.value for d in v]] for k, v in self.random],
            "where": [[k, v.value] for k, v in self.where],
            "assume": [a.value for a in self.assume],
            "claim": self.claim.value if self.claim else None,
            "steps": [[s.expr.value, s.rel, s.why] for s in self.steps],
            "expect": self.expect.value,
            "note": self.note,
            "document": self.document,
        }
        if self.notation:  # absent when empty: the keys of files without a table stay as they were
            out["notation"] = [list(pair) for pair in self.notation]
        return out


@dataclass(frozen=True)
class LoadFailure:
    """A claim, or a whole file, that cannot be read.

    ``claim_id`` is None when the whole file failed (or the claim has no
    readable id).
    """

    loc: Location
    message: str
    claim_id: str | None = None
    title: str | None = None
    whole_file: bool = False
    expect: Expect = Expect.HOLDS


@dataclass(frozen=True)
class ClaimFile:
    """A loaded claims file: its header, its readable claims, its failures."""

    path: str
    title: str | None = None
    source: str | None = None
    claims: tuple[Claim, ...] = ()
    failures: tuple[LoadFailure, ...] = ()
    #: The top-level ``notation``, as written: (LaTeX, name) pairs.
    notation: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Display:
    """The mathematics of a claim, printed for people (unicode, MathML, LaTeX).

    ``case`` names the case printed (``n = 2``) when the claim has several
    (sizes enumerated, a random symbol's law), empty otherwise.
    """

    text: str = ""
    mathml: str = ""
    latex: str = ""
    case: str = ""


@dataclass(frozen=True)
class LinkResult:
    """The verdict on one link of a ``steps`` chain: item ``index`` against item ``index + 1``."""

    index: int
    relation: str
    verdict: Verdict
    proof: str | None = None
    witness: Mapping[str, str] | None = None
    lhs_value: str | None = None
    rhs_value: str | None = None
    detail: str = ""
    diagnosis: str | None = None
    why: str | None = None
    line: int | None = None
    seconds: float = 0.0
    evidence: Evidence | None = None  # what the verdict rests on; ``detail`` words it
    near_miss: NearMiss | None = None  # the diagnosis as data; ``diagnosis`` words it
    #: The one case (a value of each size) a refutation or an undecided check was taken from.
    case: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "from": self.index,
            "to": self.index + 1,
            "relation": self.relation,
            "verdict": self.verdict.value,
            "proof": self.proof,
            "witness": dict(self.witness) if self.witness is not None else None,
            "lhs_value": self.lhs_value,
            "rhs_value": self.rhs_value,
            "detail": self.detail,
            "diagnosis": self.diagnosis,
            "why": self.why,
            "line": self.line,
            "seconds": round(self.seconds, 4),
            **_finding_fields(self.evidence, self.near_miss),
            "case": self.case,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LinkResult:
        return cls(
            index=int(data["from"]),
            relation=str(data["relation"]),
            verdict=Verdict(data["verdict"]),
            proof=data.get("proof"),
            witness=data.get("witness"),
            lhs_value=data.get("lhs_value"),
            rhs_value=data.get("rhs_value"),
            detail=data.get("detail") or "",
            diagnosis=data.get("diagnosis"),
            why=data.get("why"),
            line=data.get("line"),
            seconds=float(data.get("seconds") or 0.0),
            evidence=from_data(data.get("evidence")),
            near_miss=_near_miss_from(data),
            case=str(data.get("case") or ""),
        )


@dataclass(frozen=True)
class ClaimResult:
    """The verdict on one claim, with its evidence. Renderers read only this.

    ``detail`` says in words how the verdict was reached (the strategy and the
    sizes of a proof, the point count of an undecided check, the reason of an
    invalid claim). ``witness`` maps each free symbol to an exact value for a
    refutation; ``lhs_value``/``rhs_value`` are both sides there. ``case``
    names the one case (``n = 2``) a refutation or an undecided check was
    taken from, when the claim has several; empty for a proof (of every case).
    """

    id: str | None
    title: str
    file: str
    line: int
    verdict: Verdict
    expect: Expect = Expect.HOLDS
    col: int = 1
    source: str | None = None
    scope: str = ""
    proof: str | None = None
    witness: Mapping[str, str] | None = None
    lhs_value: str | None = None
    rhs_value: str | None = None
    diagnosis: str | None = None
    detail: str = ""
    steps: tuple[LinkResult, ...] = ()
    error: str | None = None
    note: str | None = None
    latex: str | None = None
    display: Display = field(default_factory=Display)
    seconds: float = 0.0
    cached: bool = False
    evidence: Evidence | None = None  # what the verdict rests on; ``detail`` words it
    near_miss: NearMiss | None = None  # the diagnosis as data; ``diagnosis`` words it
    case: str = ""
    #: How the claim compares with its ``latex:`` (None: no latex, or not checked).
    latex_check: LatexCheck | None = None

    @property
    def unfaithful(self) -> bool:
        """True when the claim does not say what its latex says: a failure of its own kind, whatever the verdict."""
        return self.latex_check is not None and self.latex_check.status == "mismatch"

    @classmethod
    def for_claim(cls, claim: Claim, verdict: Verdict, **fields: Any) -> ClaimResult:
        """A result about ``claim``, with its identity and place filled in."""
        return cls(
            id=claim.id,
            title=claim.title,
            file=claim.loc.file,
            line=claim.loc.line,
            col=claim.loc.col,
            verdict=verdict,
            expect=claim.expect,
            source=claim.source,
            note=claim.note,
            latex=claim.latex,
            **fields,
        )

    @property
    def passed(self) -> bool:
        """True when the verdict is what the author expects."""
        if self.verdict is Verdict.PROVED:
            return self.expect is Expect.HOLDS
        if self.verdict is Verdict.REFUTED:
            return self.expect is Expect.REFUTED
        # An undecided claim does not fail a run (unless --strict), but it
        # has not passed either: the summary counts it apart.
        return False

    @property
    def failing_link(self) -> LinkResult | None:
        """The first link of a chain that is not proved, if any."""
        for link in self.steps:
            if link.verdict is not Verdict.PROVED:
                return link
        return None

    def to_dict(self) -> dict[str, Any]:
        """The contract's JSON object for this claim, plus derivcheck's own fields."""
        out: dict[str, Any] = {
            "id": self.id,
            "file": self.file,
            "line": self.line,
            "verdict": self.verdict.value,
            "expect": self.expect.value,
            "passed": self.passed,
            "scope": self.scope,
            "proof": self.proof,
            "witness": dict(self.witness) if self.witness is not None else None,
            "diagnosis": self.diagnosis,
            "steps": [s.to_dict() for s in self.steps],
            "seconds": round(self.seconds, 4),
            "title": self.title,
            "col": self.col,
            "source": self.source,
            "detail": self.detail,
            "lhs_value": self.lhs_value,
            "rhs_value": self.rhs_value,
            "note": self.note,
            "latex": self.latex,
            "display": {
                "text": self.display.text,
                "mathml": self.display.mathml,
                "latex": self.display.latex,
                "case": self.display.case,
            },
            "cached": self.cached,
            **_finding_fields(self.evidence, self.near_miss),
            "case": self.case,
            "latex_check": _latex_fields(self.latex_check),
        }
        if self.error is not None:
            out["error"] = self.error
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ClaimResult:
        display = data.get("display") or {}
        return cls(
            id=data.get("id"),
            title=str(data.get("title") or ""),
            file=str(data["file"]),
            line=int(data["line"]),
            col=int(data.get("col") or 1),
            verdict=Verdict(data["verdict"]),
            expect=Expect(data.get("expect") or "holds"),
            source=data.get("source"),
            scope=str(data.get("scope") or ""),
            proof=data.get("proof"),
            witness=data.get("witness"),
            lhs_value=data.get("lhs_value"),
            rhs_value=data.get("rhs_value"),
            diagnosis=data.get("diagnosis"),
            detail=str(data.get("detail") or ""),
            steps=tuple(LinkResult.from_dict(s) for s in data.get("steps") or ()),
            error=data.get("error"),
            note=data.get("note"),
            latex=data.get("latex"),
            display=Display(
                text=str(display.get("text") or ""),
                mathml=str(display.get("mathml") or ""),
                latex=str(display.get("latex") or ""),
                case=str(display.get("case") or ""),
            ),
            seconds=float(data.get("seconds") or 0.0),
            cached=bool(data.get("cached")),
            evidence=from_data(data.get("evidence")),
            near_miss=_near_miss_from(data),
            case=str(data.get("case") or ""),
            latex_check=from_data(data.get("latex_check")),
        )


def _latex_fields(check: LatexCheck | None) -> dict[str, Any] | None:
    """The report's object for a latex check: its data, the witness as a mapping, and its sentence."""
    if check is None:
        return None
    return {**to_data(check), "witness": dict(check.point) if check.point else None, "detail": latex_check_sentence(check)}


def _finding_fields(evidence: Evidence | None, near_miss: NearMiss | None) -> dict[str, Any]:
    """The report's fields for a finding as data: the evidence, and the diagnosis's name and parameters."""
    return {
        "diagnosis_name": near_miss.name if near_miss else None,
        "diagnosis_parameters": dict(near_miss.params) if near_miss else None,
        "evidence": to_data(evidence) if evidence is not None else None,
    }


def _near_miss_from(data: Mapping[str, Any]) -> NearMiss | None:
    name = data.get("diagnosis_name")
    return NearMiss(str(name), pairs(data.get("diagnosis_parameters"))) if name else None


# ---------------------------------------------------------------------------
# A JSON form of loaded files, for the cache (never pickle: a cache folder may
# come from an untrusted CI cache, and unpickling runs code).
# ---------------------------------------------------------------------------


def _loc(d: Any) -> Location:
    return Location(str(d[0]), int(d[1]), int(d[2]))


def _text_to(t: Text) -> list[Any]:
    return [t.value, t.loc.file, t.loc.line, t.loc.col, t.inline]


def _text_from(d: Any) -> Text:
    return Text(str(d[0]), Location(str(d[1]), int(d[2]), int(d[3])), bool(d[4]))


def claim_file_to_dict(cf: ClaimFile) -> dict[str, Any]:
    """A loaded claims file as plain JSON data."""
    return {
        "path": cf.path,
        "title": cf.title,
        "source": cf.source,
        "claims": [
            {
                "id": c.id,
                "title": c.title,
                "loc": [c.loc.file, c.loc.line, c.loc.col],
                "source": c.source,
                "latex": c.latex,
                "symbols": [[k, _text_to(v)] for k, v in c.symbols],
                "random": [[k, [_text_to(t) for t in v]] for k, v in c.random],
                "where": [[k, _text_to(v)] for k, v in c.where],
                "assume": [_text_to(t) for t in c.assume],
                "claim": _text_to(c.claim) if c.claim else None,
                "steps": [[_text_to(s.expr), s.rel, s.why] for s in c.steps],
                "expect": c.expect.value,
                "note": c.note,
                "document": c.document,
                "notation": [list(e) for e in c.notation],
            }
            for c in cf.claims
        ],
        "failures": [
            {
                "loc": [f.loc.file, f.loc.line, f.loc.col],
                "message": f.message,
                "claim_id": f.claim_id,
                "title": f.title,
                "whole_file": f.whole_file,
                "expect": f.expect.value,
            }
            for f in cf.failures
        ],
    }


def claim_file_from_dict(d: Mapping[str, Any]) -> ClaimFile:
    """The inverse of :func:`claim_file_to_dict`; raises KeyError/TypeError/ValueError on bad data."""
    return ClaimFile(
        path=str(d["path"]),
        title=d["title"],
        source=d["source"],
        claims=tuple(
            Claim(
                id=str(c["id"]),
                title=str(c["title"]),
                loc=_loc(c["loc"]),
                source=c["source"],
                latex=c["latex"],
                symbols=tuple((str(k), _text_from(v)) for k, v in c["symbols"]),
                random=tuple((str(k), tuple(_text_from(t) for t in v)) for k, v in c["random"]),
                where=tuple((str(k), _text_from(v)) for k, v in c["where"]),
                assume=tuple(_text_from(t) for t in c["assume"]),
                claim=_text_from(c["claim"]) if c["claim"] is not None else None,
                steps=tuple(Step(_text_from(s[0]), str(s[1]), s[2]) for s in c["steps"]),
                expect=Expect(c["expect"]),
                note=c["note"],
                document=c["document"],
                notation=tuple((str(k), str(v)) for k, v in c.get("notation") or ()),
            )
            for c in d["claims"]
        ),
        failures=tuple(
            LoadFailure(
                loc=_loc(f["loc"]),
                message=str(f["message"]),
                claim_id=f["claim_id"],
                title=f["title"],
                whole_file=bool(f["whole_file"]),
                expect=Expect(f["expect"]),
            )
            for f in d["failures"]
        ),
    )


def duplicate_ids(files: Sequence[ClaimFile]) -> list[LoadFailure]:
    """The second and later uses of each claim id, across files and within one.

    A claim that failed to load still takes its id (when readable), so a later
    claim with the same id is reported; only loaded claims are reported, since
    a failed one already has its failure.

    Args:
        files: loaded files, in the order their claims are to be run.

    Returns:
        One failure per later use: "duplicate id 'x' (first at FILE:LINE)".
    """
    first: dict[str, Location] = {}
    out: list[LoadFailure] = []
    for claim_file in files:
        uses: list[tuple[Location, str, Claim | None]] = [(c.loc, c.id, c) for c in claim_file.claims]
        uses += [
            (f.loc, f.claim_id, None)
            for f in claim_file.failures
            if f.claim_id is not None and not f.whole_file
        ]
        uses.sort(key=lambda use: (use[0].line, use[0].col))
        for loc, claim_id, claim in uses:
            if claim_id not in first:
                first[claim_id] = loc
            elif claim is not None:
                at = first[claim_id]
                out.append(
                    LoadFailure(
                        loc,
                        f"duplicate id '{claim_id}' (first at {at.file}:{at.line})",
                        claim_id,
                        claim.title,
                        expect=claim.expect,
                    )
                )
    return out
