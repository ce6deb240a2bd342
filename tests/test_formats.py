"""The report formats: each on hand-made results of every kind, and on real passing and failing folders.

The hand-made results cover what a tiny claims folder cannot produce on
demand (undecided, timeout) and the awkward characters GitHub and XML need
escaped; the folders check that a real run renders and exits as it should.
"""

from __future__ import annotations

import importlib.util
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from conftest import BAD_YAML
from conftest import FAILING_YAML as SHARED_FAILING
from conftest import PASSING_YAML as SHARED_PASSING
from derivcheck.cli import main
from derivcheck.errors import UsageError
from derivcheck.model import ClaimResult, Display, Expect, LinkResult, Verdict
from derivcheck.evidence import Invalid
from derivcheck.render import formats, markdown
from derivcheck.render.formats import RENDERERS, RULES, escape_data, escape_property, format_for_path, rule_for
from derivcheck.summary import Outcome, Summary, fails, outcome, summarize

# ---------------------------------------------------------------------------
# Hand-made results: one of every kind.
# ---------------------------------------------------------------------------


def make(id: str | None, verdict: Verdict, expect: Expect = Expect.HOLDS, **fields: Any) -> ClaimResult:
    defaults: dict[str, Any] = {"title": f"the claim {id}", "file": "claims/a.yaml", "line": 3, "col": 5}
    defaults.update(fields)
    return ClaimResult(id=id, verdict=verdict, expect=expect, **defaults)


CHAIN_LINKS = (
    LinkResult(index=1, relation="==", verdict=Verdict.PROVED, proof="structural", line=16),
    LinkResult(index=2, relation="<=", verdict=Verdict.REFUTED, witness={"x": "1"}, lhs_value="2", rhs_value="3", line=17),
)

SAMPLE: dict[str, ClaimResult] = {
    "proved": make("double", Verdict.PROVED, proof="structural", line=3, display=Display(latex="2 x = 2 x")),
    "refuted-as-expected": make("triple-known", Verdict.REFUTED, Expect.REFUTED, witness={"x": "1"}, line=8),
    "refuted": make(
        "triple",
        Verdict.REFUTED,
        witness={"x": "1"},
        lhs_value="2",
        rhs_value="3",
        diagnosis="off by a constant factor",
        file="claims/b.yaml",
        line=2,
        display=Display(latex=r"\left|x\right| < 3 x"),
    ),
    "proved-against-expect": make("double-wrong", Verdict.PROVED, Expect.REFUTED, proof="structural", file="claims/b.yaml", line=7),
    "undecided": make("hard", Verdict.UNDECIDED, detail="consistent at 200 random points, not proved", file="claims/b.yaml", line=12),
    "timeout": make("slow", Verdict.TIMEOUT, detail="ran out of its 20 s budget", file="claims/b.yaml", line=20),
    "chain": make(
        "chain",
        Verdict.REFUTED,
        witness={"x": "1"},
        steps=CHAIN_LINKS,
        detail="link 2 (step 2 to step 3) is false",
        file="claims/b.yaml",
        line=14,
        display=Display(latex=r"x + x \\ 2 x \\ 3 x"),
    ),
    "invalid-claim": make(
        "broken", Verdict.INVALID, file="claims/b.yaml", line=30, error="claims/b.yaml:31:7: unknown name 'y'", evidence=Invalid("unknown name 'y'", 31, 7)
    ),
    "invalid-file": make(
        None,
        Verdict.INVALID,
        title="(unreadable file)",
        file="claims/we,ird:name.yaml",
        line=2,
        col=3,
        error="claims/we,ird:name.yaml:2:3: invalid YAML: 100% wrong,\nsecond line",
        evidence=Invalid("invalid YAML: 100% wrong,\nsecond line", 2, 3),
    ),
}

PASSING = [SAMPLE["proved"], SAMPLE["refuted-as-expected"]]
RESULTS = list(SAMPLE.values())


def summary_of(results: list[ClaimResult], strict: bool = False) -> Summary:
    return summarize(results, 0.5, strict=strict)


# ---------------------------------------------------------------------------
# The outcome of a result, the one classification every format uses.
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("strict", [False, True])
def test_outcome_agrees_with_fails(strict: bool) -> None:
    for r in RESULTS:
        assert (outcome(r, strict) in (Outcome.FAILED, Outcome.ERROR)) == fails(r, strict), r.id


def test_outcomes_of_each_kind() -> None:
    expected = {
        "proved": Outcome.PASSED,
        "refuted-as-expected": Outcome.PASSED,
        "refuted": Outcome.FAILED,
        "proved-against-expect": Outcome.FAILED,
        "undecided": Outcome.SKIPPED,
        "timeout": Outcome.ERROR,
        "chain": Outcome.FAILED,
        "invalid-claim": Outcome.ERROR,
        "invalid-file": Outcome.ERROR,
    }
    assert {k: outcome(r) for k, r in SAMPLE.items()} == expected
    assert outcome(SAMPLE["undecided"], strict=True) is Outcome.FAILED


def test_rules_are_stable_and_one_per_verdict() -> None:
    assert [(r.id, r.name) for r in RULES] == [
        ("DC001", "refuted-against-expectation"),
        ("DC002", "invalid"),
        ("DC003", "timeout"),
        ("DC004", "undecided"),
        ("DC005", "proved-but-expected-refuted"),
        ("DC006", "unfaithful-to-latex"),  # not a verdict: a claim that is not its latex's statement
    ]
    got = {k: (rule.id if (rule := rule_for(r)) else None) for k, r in SAMPLE.items()}
    assert got == {
        "proved": None,
        "refuted-as-expected": None,
        "refuted": "DC001",
        "proved-against-expect": "DC005",
        "undecided": "DC004",
        "timeout": "DC003",
        "chain": "DC001",
        "invalid-claim": "DC002",
        "invalid-file": "DC002",
    }


# ---------------------------------------------------------------------------
# concise
# ---------------------------------------------------------------------------

CONCISE = re.compile(r"^(?P<file>[^\n]+?):(?P<line>\d+):(?P<col>\d+): (?P<id>\S+) (?P<verdict>proved|refuted|undecided|invalid|timeout) (?P<message>.+)$")


def test_concise_one_line_per_claim_then_the_counts() -> None:
    lines = formats.concise(RESULTS, summary_of(RESULTS)).splitlines()
    assert len(lines) == len(RESULTS) + 1
    for line, r in zip(lines, RESULTS):
        m = CONCISE.match(line)
        assert m, line
        place = formats.finding_place(r)
        assert (m["file"], int(m["line"]), int(m["col"]), m["verdict"]) == (r.file, place.line, place.col or 1, r.verdict.value)
        assert m["id"] == (r.id or "-")
    assert lines[-1].startswith(f"{len(RESULTS)} claims: ")


def test_concise_quiet_keeps_failures_and_very_quiet_nothing() -> None:
    s = summary_of(RESULTS)
    quiet = formats.concise(RESULTS, s, quiet=1).splitlines()
    assert len(quiet) - 1 == sum(fails(r) for r in RESULTS)
    assert formats.concise(RESULTS, s, quiet=2) == ""


# ---------------------------------------------------------------------------
# junit
# ---------------------------------------------------------------------------


def counts(element: ET.Element) -> dict[str, int]:
    # junit-10.xsd has no `skipped` on <testsuites>: there it is what the suites skip.
    skipped = element.attrib.get("skipped") or sum(int(s.attrib["skipped"]) for s in element.iter("testsuite"))
    return {"tests": int(element.attrib["tests"]), "failures": int(element.attrib["failures"]), "errors": int(element.attrib["errors"]), "skipped": int(skipped)}


@pytest.mark.parametrize("strict", [False, True])
def test_junit_is_xml_with_the_right_counts(strict: bool) -> None:
    root = ET.fromstring(formats.junit(RESULTS, summary_of(RESULTS, strict), strict=strict))
    assert root.tag == "testsuites"
    # Failures: refuted, proved-against-expect, chain (and undecided, under --strict).
    # Errors: timeout and the two invalid ones.
    assert counts(root) == {"tests": 9, "failures": 4 if strict else 3, "errors": 3, "skipped": 0 if strict else 1}
    suites = {s.attrib["name"]: s for s in root.findall("testsuite")}
    assert set(suites) == {"claims/a.yaml", "claims/b.yaml", "claims/we,ird:name.yaml"}
    assert counts(suites["claims/a.yaml"]) == {"tests": 2, "failures": 0, "errors": 0, "skipped": 0}
    assert sum(counts(s)["tests"] for s in suites.values()) == 9
    cases = {c.attrib["name"]: c for c in root.iter("testcase")}
    assert cases["triple"].attrib == {"classname": "claims/b.yaml", "name": "triple", "time": "0.000"}
    locations = {p.attrib["name"]: p.attrib["value"] for p in suites["claims/b.yaml"].iter("property")}
    assert locations["location:triple"] == "claims/b.yaml:2:5"
    assert locations["location:chain"] == "claims/b.yaml:17:1"  # the link that broke
    assert locations["location:broken"] == "claims/b.yaml:31:7"  # the error's own place
    assert suites["claims/b.yaml"].attrib["file"] == "claims/b.yaml"
    assert cases["triple"].find("failure") is not None
    assert cases["slow"].find("error") is not None
    assert cases["broken"].find("error") is not None
    assert list(cases["double"]) == []
    assert (cases["hard"].find("failure") is not None) is strict
    assert (cases["hard"].find("skipped") is not None) is not strict
    assert "(unreadable file)" in cases


def test_junit_survives_characters_xml_forbids() -> None:
    r = make("odd", Verdict.INVALID, error="claims/a.yaml:1:1: a \x00 nul and a \x1b escape & <tag>")
    root = ET.fromstring(formats.junit([r], summary_of([r])))
    error = root.find("testsuite/testcase/error")
    assert error is not None and "& <tag>" in error.attrib["message"]


# ---------------------------------------------------------------------------
# github
# ---------------------------------------------------------------------------

COMMAND = re.compile(r"^::(?P<command>error|warning) file=(?P<file>[^,]*),line=(?P<line>\d+)(,col=(?P<col>\d+))?,title=(?P<title>[^,:]*)::(?P<message>.*)$")


def unescape(text: str) -> str:
    for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(code, char)
    return text


def test_escaping_follows_the_actions_toolkit() -> None:
    assert escape_data("100% done\r\nnext: a, b") == "100%25 done%0D%0Anext: a, b"
    assert escape_property("100% done\r\nnext: a, b") == "100%25 done%0D%0Anext%3A a%2C b"
    # The order matters: % first, or the escapes themselves would be escaped again.
    assert escape_property("%3A") == "%253A"


def test_github_annotates_each_claim_that_did_not_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    lines = formats.github(RESULTS, summary_of(RESULTS)).splitlines()
    annotations = [COMMAND.match(line) for line in lines[:-1]]
    assert all(annotations), lines
    by_title = {unescape(m["title"]): m for m in annotations if m}
    assert set(by_title) == {"triple", "double-wrong", "hard", "slow", "chain", "broken", "we,ird:name.yaml"}
    assert by_title["hard"]["command"] == "warning"
    assert all(m["command"] == "error" for t, m in by_title.items() if t != "hard")
    assert (by_title["triple"]["file"], by_title["triple"]["line"]) == ("claims/b.yaml", "2")
    # A chain points at the link that broke, not at its first line.
    assert by_title["chain"]["line"] == "17"
    odd = by_title["we,ird:name.yaml"]
    assert odd["file"] == "claims/we%2Cird%3Aname.yaml"
    assert unescape(odd["message"]) == "invalid YAML: 100% wrong, second line"
    assert "%0A" in by_title["triple"]["message"]  # the near miss on a line of its own
    assert unescape(by_title["triple"]["message"]).endswith("near miss: off by a constant factor")
    assert lines[-1].startswith("9 claims:")


def test_github_strict_makes_undecided_an_error_and_quiet_drops_warnings() -> None:
    strict = formats.github([SAMPLE["undecided"]], summary_of([SAMPLE["undecided"]], True), strict=True)
    assert strict.startswith("::error ")
    assert formats.github([SAMPLE["undecided"]], summary_of([SAMPLE["undecided"]]), quiet=2) == ""
    assert formats.github(PASSING, summary_of(PASSING), quiet=2) == ""


def test_github_paths_are_relative_to_the_workspace(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))
    r = make("x", Verdict.REFUTED, file=str(tmp_path / "docs" / "maths" / "a.yaml"))
    assert formats.artifact_path(r.file) == "docs/maths/a.yaml"
    assert "file=docs/maths/a.yaml," in formats.github([r], summary_of([r]))


def test_step_summary_is_appended(tmp_path: Path) -> None:
    target = tmp_path / "summary.md"
    target.write_text("before\n", encoding="utf-8")
    assert formats.append_step_summary(RESULTS, summary_of(RESULTS), environ={}) is None
    assert formats.append_step_summary(RESULTS, summary_of(RESULTS), environ={"GITHUB_STEP_SUMMARY": str(target)}) == target
    text = target.read_text(encoding="utf-8")
    assert text.startswith("before\n### ❌ derivcheck")


# ---------------------------------------------------------------------------
# sarif
# ---------------------------------------------------------------------------

#: The parts of the SARIF 2.1.0 schema (OASIS, errata 01) that a log must satisfy:
#: every ``required`` of the objects derivcheck writes, their types, and the enum of ``level``.
SARIF_REQUIRED: dict[str, Any] = {
    "type": "object",
    "required": ["version", "runs"],
    "properties": {
        "$schema": {"type": "string", "format": "uri"},
        "version": {"const": "2.1.0"},
        "runs": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["tool"],
                "properties": {
                    "tool": {
                        "type": "object",
                        "required": ["driver"],
                        "properties": {
                            "driver": {
                                "type": "object",
                                "required": ["name"],
                                "properties": {
                                    "name": {"type": "string"},
                                    "version": {"type": "string"},
                                    "informationUri": {"type": "string", "format": "uri"},
                                    "rules": {
                                        "type": "array",
                                        "items": {
                                            "type": "object",
                                            "required": ["id"],
                                            "properties": {
                                                "id": {"type": "string"},
                                                "shortDescription": {"$ref": "#/$defs/multiformatMessageString"},
                                                "fullDescription": {"$ref": "#/$defs/multiformatMessageString"},
                                                "defaultConfiguration": {
                                                    "type": "object",
                                                    "properties": {"level": {"$ref": "#/$defs/level"}},
                                                },
                                            },
                                        },
                                    },
                                },
                            }
                        },
                    },
                    "results": {"type": "array", "items": {"$ref": "#/$defs/result"}},
                },
            },
        },
    },
    "$defs": {
        "level": {"enum": ["none", "note", "warning", "error"]},
        "multiformatMessageString": {"type": "object", "required": ["text"], "properties": {"text": {"type": "string"}}},
        "result": {
            "type": "object",
            "required": ["message"],
            "properties": {
                "ruleId": {"type": "string"},
                "ruleIndex": {"type": "integer", "minimum": -1},
                "level": {"$ref": "#/$defs/level"},
                "message": {"type": "object", "anyOf": [{"required": ["text"]}, {"required": ["id"]}]},
                "locations": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "physicalLocation": {
                                "type": "object",
                                "anyOf": [{"required": ["address"]}, {"required": ["artifactLocation"]}],
                                "properties": {
                                    "artifactLocation": {"type": "object", "properties": {"uri": {"type": "string"}}},
                                    "region": {
                                        "type": "object",
                                        "properties": {
                                            "startLine": {"type": "integer", "minimum": 1},
                                            "startColumn": {"type": "integer", "minimum": 1},
                                        },
                                    },
                                },
                            }
                        },
                    },
                },
            },
        },
    },
}


def test_sarif_has_the_fields_of_2_1_0() -> None:
    log = json.loads(formats.sarif(RESULTS, summary_of(RESULTS)))
    jsonschema.validate(log, SARIF_REQUIRED)
    assert log["$schema"].endswith("sarif-schema-2.1.0.json")
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "derivcheck" and driver["version"] and driver["informationUri"].startswith("https://")
    assert [r["id"] for r in driver["rules"]] == ["DC001", "DC002", "DC003", "DC004", "DC005", "DC006"]
    found = {(r["ruleId"], r["level"]) for r in run["results"]}
    assert found == {("DC001", "error"), ("DC005", "error"), ("DC004", "warning"), ("DC003", "error"), ("DC002", "error")}
    assert len(run["results"]) == 7  # everything but the two passes
    for result in run["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        (location,) = result["locations"]
        assert location["physicalLocation"]["artifactLocation"]["uri"].startswith("claims/")
    chain = next(r for r in run["results"] if r["properties"]["claim"] == "chain")
    assert chain["locations"][0]["physicalLocation"]["region"] == {"startLine": 17}
    odd = next(r for r in run["results"] if r["properties"]["claim"] is None)
    assert odd["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "claims/we%2Cird%3Aname.yaml"


def test_sarif_strict_and_fingerprints() -> None:
    undecided = [SAMPLE["undecided"]]
    strict = json.loads(formats.sarif(undecided, summary_of(undecided, True), strict=True))
    assert strict["runs"][0]["results"][0]["level"] == "error"
    one = json.loads(formats.sarif(RESULTS, summary_of(RESULTS)))["runs"][0]["results"]
    moved = [make(r.id, r.verdict, r.expect, file=r.file, line=r.line + 10, error=r.error) for r in RESULTS]
    two = json.loads(formats.sarif(moved, summary_of(moved)))["runs"][0]["results"]
    # A claim that moves down its file keeps its alert.
    assert [r["partialFingerprints"] for r in one] == [r["partialFingerprints"] for r in two]
    assert json.loads(formats.sarif(PASSING, summary_of(PASSING)))["runs"][0]["results"] == []


# ---------------------------------------------------------------------------
# markdown
# ---------------------------------------------------------------------------


def rows(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("| ") and not line.startswith(("| proved", "| |", "| :-:", "| ---"))]


def test_markdown_table_of_every_claim() -> None:
    text = markdown.render(RESULTS, summary_of(RESULTS))
    assert text.startswith("### ❌ derivcheck: 6 of 9 claims failed")
    assert "| 2 | 3 | 1 | 2 | 1 | 2 | 6 | 0.50 s |" in text  # proved refuted undecided invalid timeout passed failed
    table = rows(text)[1:]
    assert len(table) == len(RESULTS)
    # Each row has the same number of cells as the header: no stray |.
    assert {row.count(" | ") for row in table} == {5}
    first = next(row for row in table if "`triple`" in row)
    assert first.startswith("| ❌ |")
    assert r"$\left\vert x\right\vert  \lt  3 x$" in first
    assert "at `x = 1`" in first and "near miss: off by a constant factor" in first and "`claims/b.yaml:2`" in first
    chain = next(row for row in table if "`chain`" in row)
    assert "$x + x = 2 x \\le 3 x$" in chain and "`claims/b.yaml:17`" in chain
    assert next(row for row in table if "`slow`" in row).startswith("| ⏳ |")
    assert next(row for row in table if "`hard`" in row).startswith("| ❔ |")
    assert "<details><summary>2 passed</summary>" in text
    # What needs attention comes first, the passes last.
    assert text.index("`broken`") < text.index("`triple`") < text.index("`hard`") < text.index("`double`")


def test_markdown_quiet_and_passing() -> None:
    quiet = markdown.render(RESULTS, summary_of(RESULTS), quiet=1)
    assert "`double`" not in quiet and "`triple`" in quiet
    ok = markdown.render(PASSING, summary_of(PASSING))
    assert ok.startswith("### ✅ derivcheck: 2 claims, all as expected")


# ---------------------------------------------------------------------------
# The table of formats.
# ---------------------------------------------------------------------------


def test_every_format_but_auto_and_rich_has_a_renderer() -> None:
    assert formats.names() == (*formats.TERMINAL, *RENDERERS)
    assert set(formats.TERMINAL) == {"auto", "rich"} and not set(formats.TERMINAL) & set(RENDERERS)


def test_html_is_imported_only_when_asked_for() -> None:
    if importlib.util.find_spec("derivcheck.render.html") is None:
        with pytest.raises(UsageError, match="html"):
            formats.render("html", RESULTS, summary_of(RESULTS))
    else:
        assert isinstance(formats.render("html", RESULTS, summary_of(RESULTS)), str)


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("r.xml", "junit"), ("out/r.sarif", "sarif"), ("r.sarif.json", "sarif"), ("r.json", "json"), ("R.MD", "markdown"), ("r.html", "html"), ("r", None)],
)
def test_format_of_a_report_file(name: str, fmt: str | None) -> None:
    assert format_for_path(name) == fmt


# ---------------------------------------------------------------------------
# Real runs: a passing and a failing folder, through the command line.
# ---------------------------------------------------------------------------

PASSING_YAML = "title: passing\n" + SHARED_PASSING

FAILING_YAML = SHARED_FAILING + """\
  - id: chain
    title: a chain that breaks at its second link
    symbols: {x: real}
    steps:
      - x + x
      - 2*x
      - 3*x
"""



@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("folders")
    (root / "passing").mkdir()
    (root / "passing" / "a.yaml").write_text(PASSING_YAML, encoding="utf-8")
    (root / "failing").mkdir()
    (root / "failing" / "b.yaml").write_text(FAILING_YAML, encoding="utf-8")
    (root / "failing" / "c.yaml").write_text(BAD_YAML, encoding="utf-8")
    # One cache for the module: each claim is checked once, then served from it.
    return {"passing": root / "passing", "failing": root / "failing", "cache": root / "cache"}


def invoke(folders: dict[str, Path], which: str, fmt: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    args = ["run", str(folders[which]), "--format", fmt, "--jobs", "1", "--cache-dir", str(folders["cache"])]
    result = CliRunner().invoke(main, args)
    return result.exit_code, result.stdout


@pytest.mark.parametrize("which", ["passing", "failing"])
def test_concise_on_a_folder(folders: dict[str, Path], which: str, monkeypatch: pytest.MonkeyPatch) -> None:
    status, out = invoke(folders, which, "concise", monkeypatch)
    lines = out.splitlines()
    assert status == (0 if which == "passing" else 1)
    assert all(CONCISE.match(line) for line in lines[:-1]), out
    assert len(lines) - 1 == (2 if which == "passing" else 4)


@pytest.mark.parametrize("which", ["passing", "failing"])
def test_junit_on_a_folder(folders: dict[str, Path], which: str, monkeypatch: pytest.MonkeyPatch) -> None:
    status, out = invoke(folders, which, "junit", monkeypatch)
    root = ET.fromstring(out)
    if which == "passing":
        assert status == 0
        assert counts(root) == {"tests": 2, "failures": 0, "errors": 0, "skipped": 0}
    else:
        assert status == 1
        assert counts(root) == {"tests": 4, "failures": 3, "errors": 1, "skipped": 0}
        assert len(root.findall("testsuite")) == 2


@pytest.mark.parametrize("which", ["passing", "failing"])
def test_github_on_a_folder(folders: dict[str, Path], which: str, monkeypatch: pytest.MonkeyPatch) -> None:
    status, out = invoke(folders, which, "github", monkeypatch)
    annotations = [m for line in out.splitlines() if (m := COMMAND.match(line))]
    if which == "passing":
        assert status == 0 and annotations == []
        return
    assert status == 1
    places = {unescape(m["title"]): (unescape(m["file"]), int(m["line"])) for m in annotations}
    b = str(folders["failing"] / "b.yaml")
    assert places == {
        "triple": (b, 2),
        "double-wrong": (b, 6),
        "chain": (b, 17),  # the line of `- 3*x`: the link that breaks
        "c.yaml": (str(folders["failing"] / "c.yaml"), 2),
    }


@pytest.mark.parametrize("which", ["passing", "failing"])
def test_sarif_on_a_folder(folders: dict[str, Path], which: str, monkeypatch: pytest.MonkeyPatch) -> None:
    status, out = invoke(folders, which, "sarif", monkeypatch)
    log = json.loads(out)
    jsonschema.validate(log, SARIF_REQUIRED)
    rules = sorted(r["ruleId"] for r in log["runs"][0]["results"])
    assert (status, rules) == ((0, []) if which == "passing" else (1, ["DC001", "DC001", "DC002", "DC005"]))


@pytest.mark.parametrize("which", ["passing", "failing"])
def test_markdown_and_json_on_a_folder(folders: dict[str, Path], which: str, monkeypatch: pytest.MonkeyPatch) -> None:
    status, out = invoke(folders, which, "markdown", monkeypatch)
    assert status == (0 if which == "passing" else 1)
    assert out.startswith("### ✅" if which == "passing" else "### ❌ derivcheck: 4 of 4 claims failed")
    status, out = invoke(folders, which, "json", monkeypatch)
    doc = json.loads(out)
    assert doc["format"] == 1 and doc["summary"]["failed"] == (0 if which == "passing" else 4)


# ---------------------------------------------------------------------------
# One location rule for every format.
# ---------------------------------------------------------------------------


def places_in_every_format(results: list[ClaimResult]) -> dict[str, dict[str, tuple[int, int | None]]]:
    """Where each format puts each claim that did not pass, read back as its consumer reads it."""
    s = summary_of(results)
    out: dict[str, dict[str, tuple[int, int | None]]] = {}
    concise = [CONCISE.match(line) for line in formats.concise(results, s).splitlines()[:-1]]
    out["concise"] = {m["id"]: (int(m["line"]), int(m["col"])) for m in concise if m}
    github = [COMMAND.match(line) for line in formats.github(results, s).splitlines()[:-1]]
    out["github"] = {unescape(m["title"]): (int(m["line"]), int(m["col"]) if m["col"] else None) for m in github if m}
    log = json.loads(formats.sarif(results, s))
    out["sarif"] = {}
    for f in log["runs"][0]["results"]:
        region = f["locations"][0]["physicalLocation"]["region"]
        out["sarif"][f["properties"]["claim"]] = (region["startLine"], region.get("startColumn"))
    root = ET.fromstring(formats.junit(results, s))
    out["junit"] = {}
    for p in root.iter("property"):
        line, col = p.attrib["value"].rsplit(":", 2)[1:]
        out["junit"][p.attrib["name"].removeprefix("location:")] = (int(line), int(col))
    return out


def test_every_format_puts_a_finding_at_the_same_place(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    invalid = make(
        "broken", Verdict.INVALID, file="claims/b.yaml", line=24, col=5, error="claims/b.yaml:27:16: unknown name 'y'",
        evidence=Invalid("unknown name 'y'", 27, 16),
    )
    chain = SAMPLE["chain"]
    places = places_in_every_format([invalid, chain])
    # The error's own line and column; the broken link's line (its column is not known: 1, or none in SARIF and github).
    assert places["concise"] == {"broken": (27, 16), "chain": (17, 1)}
    assert places["github"] == {"broken": (27, 16), "chain": (17, None)}
    assert places["sarif"] == {"broken": (27, 16), "chain": (17, None)}
    assert places["junit"] == {"broken": (27, 16), "chain": (17, 1)}
    assert "`claims/b.yaml:27`" in markdown.render([invalid], summary_of([invalid]))


def test_a_real_invalid_claim_is_placed_at_its_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(
        "claims:\n  - id: undeclared\n    title: t\n    symbols: {x: real}\n    claim: x + yy == 2*x\n", encoding="utf-8"
    )
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    out = CliRunner().invoke(main, ["run", str(path), "--format", "github", "--jobs", "1"])
    (annotation,) = [m for line in out.stdout.splitlines() if (m := COMMAND.match(line))]
    assert (annotation["line"], annotation["col"]) == ("5", "16")  # `yy`, not the claim's first line (2)
    concise = CliRunner().invoke(main, ["run", str(path), "--format", "concise", "--jobs", "1"]).stdout
    assert concise.startswith(f"{path}:5:16: undeclared invalid")


# ---------------------------------------------------------------------------
# JUnit against the strictest consumer: Jenkins' junit-10.xsd.
# ---------------------------------------------------------------------------

JUNIT_XSD = Path(__file__).resolve().parent / "data" / "junit-10.xsd"


@pytest.mark.parametrize("strict", [False, True])
def test_junit_passes_jenkins_junit_10_xsd(strict: bool) -> None:
    xmlschema = pytest.importorskip("xmlschema")
    schema = xmlschema.XMLSchema(JUNIT_XSD)
    report = formats.junit(RESULTS, summary_of(RESULTS, strict), strict=strict)
    schema.validate(report)
    # The schema is no rubber stamp: what it refuses, derivcheck used to write.
    assert not schema.is_valid(report.replace('<testsuites name="derivcheck"', '<testsuites skipped="1" name="derivcheck"'))
    assert not schema.is_valid(report.replace('<testcase classname=', '<testcase line="3" classname=', 1))
