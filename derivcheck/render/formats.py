"""Report formats for machines and CI: one small renderer each.

Every renderer has the signature of :class:`Renderer`: it takes the results
and the summary of a run and returns text. None of them decides anything:
whether a result fails comes from :func:`derivcheck.summary.fails` and
:func:`derivcheck.summary.outcome`; a renderer only chooses words and syntax.

To add a format, write one function and add one entry to :data:`FORMATS`
(or call :func:`register`).
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import re
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any, Callable, Iterator, Mapping, Protocol, Sequence
from urllib.parse import quote

from derivcheck.version import __version__
from derivcheck.errors import UsageError
from derivcheck.model import ClaimResult, Verdict
from derivcheck.render import json_report
from derivcheck.render.markdown import render as render_markdown
from derivcheck.render.messages import counts_line, explanation, message
from derivcheck.render.place import finding_line, finding_place
from derivcheck.summary import Outcome, Summary, fails, outcome

__all__ = [
    "RENDERERS", "RULES", "Renderer", "Rule", "append_step_summary", "artifact_path", "counts_line", "escape_data",
    "escape_property", "explanation", "finding_line", "format_for_path", "message", "names", "render", "rule_for",
]

#: Where SARIF viewers send a reader who wants to know what derivcheck is.
INFORMATION_URI = "https://pypi.org/project/derivcheck/"

#: The OASIS schema of SARIF 2.1.0 (errata 01), named by ``$schema`` in a SARIF log.
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


class Renderer(Protocol):
    """What every entry of :data:`RENDERERS` is."""

    def __call__(self, results: Sequence[ClaimResult], summary: Summary, *, strict: bool = False, quiet: int = 0) -> str: ...


def artifact_path(file: str, environ: Mapping[str, str] | None = None) -> str:
    """A claims file as CI services want it: relative to the repository, with ``/``.

    In GitHub Actions annotations and code scanning resolve paths against the
    checkout (``$GITHUB_WORKSPACE``), not against the folder derivcheck ran in.
    """
    env = os.environ if environ is None else environ
    workspace = env.get("GITHUB_WORKSPACE")
    if workspace:
        absolute = os.path.abspath(file)
        try:
            rel = os.path.relpath(absolute, workspace)
        except ValueError:  # another drive, on Windows
            rel = ""
        if rel and not rel.startswith(".."):
            return PurePath(rel).as_posix()
    return PurePath(file).as_posix()


# ---------------------------------------------------------------------------
# The kinds of finding: stable rule ids for SARIF (and for people searching logs).
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """A kind of finding: the verdict of a result that did not pass."""

    id: str
    name: str
    verdict: Verdict | None  # None: a finding about the claim's latex, whatever its verdict
    summary: str
    help: str
    level: str  # SARIF's default level: "error" or "warning"


#: Append new kinds at the end: code scanning tracks alerts by these ids.
RULES: tuple[Rule, ...] = (
    Rule(
        "DC001", "refuted-against-expectation", Verdict.REFUTED,
        "A claim expected to hold is refuted by a counterexample.",
        "derivcheck found values of the symbols, checked exactly or at certified precision, where the claim "
        "is false. Fix the claim (or its source), or record the known error with `expect: refuted`.",
        "error",
    ),
    Rule(
        "DC002", "invalid", Verdict.INVALID,
        "A claim or a claims file cannot be read.",
        "The YAML is malformed, a name is undeclared, or a value has the wrong shape. The message says where and why.",
        "error",
    ),
    Rule(
        "DC003", "timeout", Verdict.TIMEOUT,
        "A claim ran out of its time budget.",
        "The engine neither proved nor refuted the claim within --timeout seconds. Raise the budget, or split the claim into steps.",
        "error",
    ),
    Rule(
        "DC004", "undecided", Verdict.UNDECIDED,
        "A claim is neither proved nor refuted.",
        "No proof and no counterexample were found (for example, it holds at many random points but is not proved). "
        "This fails a run only under --strict.",
        "warning",
    ),
    Rule(
        "DC005", "proved-but-expected-refuted", Verdict.PROVED,
        "A claim marked `expect: refuted` is proved.",
        "The claim holds for every value of its symbols, but the claims file records it as a known error. "
        "Remove `expect: refuted`, or check that the claim says what the source says.",
        "error",
    ),
    Rule(
        "DC006", "unfaithful-to-latex", None,
        "A claim does not say what its latex says.",
        "The claim's `latex:` (the statement as the document writes it), translated through the file's `notation:`, "
        "differs from the claim: derivcheck found a point where a term of the claim and the latex's term differ. "
        "Fix the claim, or the notation; or explain in the claim's note why they differ.",
        "error",
    ),
)

_RULE_OF_VERDICT: dict[Verdict, Rule] = {rule.verdict: rule for rule in RULES if rule.verdict is not None}
_UNFAITHFUL = next(rule for rule in RULES if rule.id == "DC006")


def rule_for(r: ClaimResult) -> Rule | None:
    """The kind of finding a result is, or None when it passed."""
    # A result that did not pass is wrong in exactly one way per verdict: a
    # refuted one was expected to hold, a proved one was expected refuted.
    # One whose verdict is as expected fails only when it is not its latex's statement.
    if r.passed:
        return _UNFAITHFUL if r.unfaithful else None
    return _RULE_OF_VERDICT[r.verdict]


# ---------------------------------------------------------------------------
# concise
# ---------------------------------------------------------------------------


def concise(results: Sequence[ClaimResult], summary: Summary, *, strict: bool = False, quiet: int = 0) -> str:
    """``file:line:col: id verdict message``, one line per claim (-q: failures only; -qq: nothing)."""
    if quiet >= 2:
        return ""
    lines = []
    for r in results:
        if quiet and not fails(r, strict):
            continue
        place = finding_place(r)
        lines.append(f"{r.file}:{place.line}:{place.col or 1}: {r.id or '-'} {r.verdict.value} {message(r)}")
    lines.append(counts_line(summary))
    return "\n".join(lines) + "\n"


def statistics_text(rows: Sequence[tuple[str, Summary]], summary: Summary) -> str:
    """``--statistics`` in the concise view: one line of counts per file, then the counts of the run."""
    return "".join(f"{file}: {counts_line(s)}\n" for file, s in rows) + counts_line(summary) + "\n"


# ---------------------------------------------------------------------------
# json
# ---------------------------------------------------------------------------


def json_format(results: Sequence[ClaimResult], summary: Summary, *, strict: bool = False, quiet: int = 0) -> str:
    """The contract's JSON document (quiet does not apply: a machine wants every claim)."""
    return json_report.render(results, summary)


# ---------------------------------------------------------------------------
# junit
# ---------------------------------------------------------------------------

#: Characters XML 1.0 forbids even when escaped; a message holding one would make the report unreadable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def junit(results: Sequence[ClaimResult], summary: Summary, *, strict: bool = False, quiet: int = 0) -> str:
    """JUnit XML: one ``<testsuite>`` per claims file, one ``<testcase>`` per claim.

    A claim judged against its ``expect`` is a ``<failure>``; one that could not
    be judged (invalid, timeout) an ``<error>``; an undecided one ``<skipped>``
    (a ``<failure>`` under --strict).

    The file passes Jenkins' junit-10.xsd, the strictest consumer: that schema
    has no ``skipped`` on ``<testsuites>`` and no ``file`` or ``line`` on
    ``<testcase>``. So a suite carries its file as ``file``, and each case's
    place (:func:`finding_place`) is a suite property ``location:<case name>``
    with the value ``file:line:col``.
    """
    by_file: dict[str, list[ClaimResult]] = {}
    for r in results:
        by_file.setdefault(r.file, []).append(r)
    totals = _junit_counts(results, strict, summary.seconds)
    del totals["skipped"]
    root = ET.Element("testsuites", {"name": "derivcheck", **totals})
    for file, group in by_file.items():
        attributes = {"name": file, **_junit_counts(group, strict, sum(r.seconds for r in group)), "file": file}
        suite = ET.SubElement(root, "testsuite", attributes)
        properties = ET.SubElement(suite, "properties")
        for r in group:
            place = finding_place(r)
            ET.SubElement(properties, "property", {"name": f"location:{_case_name(r)}", "value": f"{file}:{place.line}:{place.col or 1}"})
        for r in group:
            case = ET.SubElement(suite, "testcase", {"classname": file, "name": _case_name(r), "time": f"{r.seconds:.3f}"})
            kind = outcome(r, strict)
            if kind is Outcome.PASSED:
                continue
            tag = {Outcome.FAILED: "failure", Outcome.ERROR: "error", Outcome.SKIPPED: "skipped"}[kind]
            element = ET.SubElement(case, tag, {"message": _xml(message(r)), "type": r.verdict.value})
            element.text = _xml(f"{r.file}:{finding_line(r)}: {r.id or r.title}\n{explanation(r)}")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _case_name(r: ClaimResult) -> str:
    return r.id or r.title


def _junit_counts(results: Sequence[ClaimResult], strict: bool, seconds: float) -> dict[str, str]:
    kinds = Counter(outcome(r, strict) for r in results)
    return {
        "tests": str(len(results)),
        "failures": str(kinds[Outcome.FAILED]),
        "errors": str(kinds[Outcome.ERROR]),
        "skipped": str(kinds[Outcome.SKIPPED]),
        "time": f"{seconds:.3f}",
    }


# ---------------------------------------------------------------------------
# github
# ---------------------------------------------------------------------------


def escape_data(text: str) -> str:
    """Escape the message of a workflow command, as ``@actions/core`` does."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value of a workflow command, as ``@actions/core`` does."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github(results: Sequence[ClaimResult], summary: Summary, *, strict: bool = False, quiet: int = 0) -> str:
    """GitHub Actions workflow commands: an annotation at the line of each finding.

    Failures are ``::error``, undecided claims ``::warning`` (an error under
    --strict); a claim that passes gets none. With -q only the errors.
    """
    lines = []
    for r in results:
        kind = outcome(r, strict)
        if kind is Outcome.PASSED or (quiet and kind is Outcome.SKIPPED):
            continue
        command = "warning" if kind is Outcome.SKIPPED else "error"
        place = finding_place(r)
        properties = {"file": artifact_path(r.file), "line": str(place.line)}
        if place.col is not None:
            properties["col"] = str(place.col)
        properties["title"] = r.id or PurePath(r.file).name
        props = ",".join(f"{k}={escape_property(v)}" for k, v in properties.items())
        lines.append(f"::{command} {props}::{escape_data(explanation(r))}")
    if summary.total == 0:
        # A green job that checked nothing is a misconfiguration far more often than not: make it visible.
        lines.append("::warning title=derivcheck::no claims were checked")
    if quiet < 2:
        lines.append(counts_line(summary))
    return "\n".join(lines) + "\n" if lines else ""


def append_step_summary(
    results: Sequence[ClaimResult],
    summary: Summary,
    *,
    strict: bool = False,
    environ: Mapping[str, str] | None = None,
) -> Path | None:
    """Append the Markdown report to ``$GITHUB_STEP_SUMMARY`` when it is set.

    Returns:
        The file written to, or None outside GitHub Actions.
    """
    env = os.environ if environ is None else environ
    target = env.get("GITHUB_STEP_SUMMARY")
    if not target:
        return None
    with open(target, "a", encoding="utf-8") as handle:
        handle.write(render_markdown(results, summary, strict=strict) + "\n")
    return Path(target)


# ---------------------------------------------------------------------------
# sarif
# ---------------------------------------------------------------------------


def _uri(file: str) -> str:
    path = artifact_path(file)
    if PurePath(path).is_absolute():
        return Path(path).as_uri()
    return quote(path, safe="/")


def _sarif_rule(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.help},
        "defaultConfiguration": {"level": rule.level},
        "helpUri": INFORMATION_URI,
        "help": {"text": rule.help},
        "properties": {"verdict": rule.verdict.value if rule.verdict is not None else None},
    }


def sarif(results: Sequence[ClaimResult], summary: Summary, *, strict: bool = False, quiet: int = 0) -> str:
    """SARIF 2.1.0, for code scanning: one result per claim that did not pass."""
    index = {rule.id: i for i, rule in enumerate(RULES)}
    findings = []
    for r in results:
        rule = rule_for(r)
        if rule is None:
            continue
        place = finding_place(r)
        region: dict[str, int] = {"startLine": place.line}
        if place.col is not None:
            region["startColumn"] = place.col
        uri = _uri(r.file)
        # Code scanning matches an alert across runs by this fingerprint: the
        # claim's identity, not its line, so that editing above it keeps the alert.
        fingerprint = hashlib.sha256(f"{uri}\0{r.id or ''}\0{rule.id}".encode()).hexdigest()[:32]
        findings.append(
            {
                "ruleId": rule.id,
                "ruleIndex": index[rule.id],
                "level": "error" if fails(r, strict) else "warning",
                "message": {"text": f"{r.id or r.title}: {explanation(r)}"},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}, "region": region}}],
                "partialFingerprints": {"derivcheckClaim/v1": fingerprint},
                "properties": {
                    "claim": r.id,
                    "verdict": r.verdict.value,
                    "expect": r.expect.value,
                    "witness": dict(r.witness) if r.witness is not None else None,
                    "diagnosis": r.near_miss.name if r.near_miss else None,
                    "diagnosisParameters": dict(r.near_miss.params) if r.near_miss else None,
                    "case": r.case or None,
                    "latexCheck": r.latex_check.status if r.latex_check is not None else None,
                    "latexWitness": dict(r.latex_check.point) if r.latex_check is not None and r.latex_check.point else None,
                },
            }
        )
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "derivcheck",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": [_sarif_rule(rule) for rule in RULES],
                    }
                },
                "results": findings,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


# ---------------------------------------------------------------------------
# markdown and html live in modules of their own.
# ---------------------------------------------------------------------------


def markdown(results: Sequence[ClaimResult], summary: Summary, *, strict: bool = False, quiet: int = 0) -> str:
    """A Markdown summary: see :mod:`derivcheck.render.markdown`."""
    return render_markdown(results, summary, strict=strict, quiet=quiet)


def html(results: Sequence[ClaimResult], summary: Summary, *, strict: bool = False, quiet: int = 0) -> str:
    """A standalone HTML report: see ``derivcheck.render.html``.

    Raises:
        UsageError: that module is not part of this installation.
    """
    # Imported lazily: the module is optional, and heavier than the line formats.
    try:
        html_report = importlib.import_module("derivcheck.render.html")
    except ModuleNotFoundError as exc:
        if exc.name != "derivcheck.render.html":
            raise
        raise UsageError("the html format is not available in this installation") from None
    return str(html_report.render(results, summary, strict=strict, quiet=quiet))


@dataclass(frozen=True)
class Format:
    """One report format: its name, its renderer and the file suffixes that imply it."""

    name: str
    render: Renderer
    suffixes: tuple[str, ...] = ()


#: Every machine format, one entry each (``rich`` and ``auto`` are the terminal's).
FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("concise", concise, (".txt",)),
        Format("json", json_format, (".json",)),
        Format("junit", junit, (".xml",)),
        Format("github", github),
        Format("sarif", sarif, (".sarif", ".sarif.json")),
        Format("markdown", markdown, (".md",)),
        Format("html", html, (".html", ".htm")),
    )
}


#: The terminal's formats, not in :data:`FORMATS`: ``rich`` (the rich view) and
#: ``auto`` (github in GitHub Actions, rich on a terminal, concise otherwise).
TERMINAL = ("auto", "rich")


def names() -> tuple[str, ...]:
    """Every format ``--format`` and ``[tool.derivcheck] format`` accept: the terminal's, then the table's.

    Read from the table when called, so a format :func:`register` added is one.
    """
    return (*TERMINAL, *FORMATS)


def register(fmt: Format) -> Callable[[], None]:
    """Add a format; returns the function that removes it again."""
    FORMATS[fmt.name] = fmt

    def undo() -> None:
        FORMATS.pop(fmt.name, None)

    return undo


class _Renderers(Mapping[str, Renderer]):
    """The renderer of each format, read from :data:`FORMATS`."""

    def __getitem__(self, name: str) -> Renderer:
        return FORMATS[name].render

    def __iter__(self) -> Iterator[str]:
        return iter(FORMATS)

    def __len__(self) -> int:
        return len(FORMATS)


RENDERERS: Mapping[str, Renderer] = _Renderers()


def suffixes() -> dict[str, str]:
    """The format a report file's name implies, for ``--output-file`` without ``--format``."""
    return {suffix: f.name for f in FORMATS.values() for suffix in f.suffixes}


def format_for_path(path: str | os.PathLike[str]) -> str | None:
    """The format named by a report file's suffix (``report.xml`` is junit), if any."""
    name = PurePath(path).name.lower()
    # Longest suffix first, so that ``x.sarif.json`` is SARIF, not plain JSON.
    known = suffixes()
    for suffix in sorted(known, key=len, reverse=True):
        if name.endswith(suffix):
            return known[suffix]
    return None


def render(fmt: str, results: Sequence[ClaimResult], summary: Summary, *, strict: bool = False, quiet: int = 0) -> str:
    """Render ``results`` in the named format.

    Raises:
        ValueError: no such format (or it is not available in this installation).
    """
    try:
        renderer = RENDERERS[fmt]
    except KeyError:
        raise ValueError(f"the format {fmt!r} is not available yet") from None
    return renderer(results, summary, strict=strict, quiet=quiet)
