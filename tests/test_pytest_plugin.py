"""``pytest --derivcheck`` as a pytest user drives it: node ids, re-runs, locations, durations, errors.

Every test runs pytest itself (``pytester``) on a small claims folder; the
claims are checked once for the module, through one cache.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterator

import pytest

import derivcheck.loader  # noqa: F401
from conftest import BAD_YAML, FAILING_YAML, PASSING_YAML
from derivcheck.model import ClaimResult, Verdict

# pytester's in-process runs drop the modules a run imported; PyYAML re-imported
# beside the loader's classes built on the first import would not compose. The
# loader (and PyYAML with it) is imported here, before any run, so both stay.

pytest_plugins = ["pytester"]

NO_CACHE = ("-p", "no:cacheprovider")


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("plugin-cache")


@pytest.fixture
def project(pytester: pytest.Pytester, cache: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.Pytester]:
    monkeypatch.setenv("DERIVCHECK_CACHE_DIR", str(cache))
    claims = pytester.mkdir("claims")
    (claims / "01-good.yaml").write_text(PASSING_YAML, encoding="utf-8")
    (claims / "02-bad.yaml").write_text(FAILING_YAML, encoding="utf-8")
    (claims / "03-broken.yaml").write_text(BAD_YAML, encoding="utf-8")
    # A YAML file that is not a claims file: pytest's collection meets it and must pass it over.
    pytester.makefile(".yml", **{"workflow": "on: push\n"})
    yield pytester


def test_a_node_id_from_a_failed_line_reruns_that_claim(project: pytest.Pytester) -> None:
    first = project.runpytest("--derivcheck", *NO_CACHE)
    failed = [line.split()[1] for line in first.stdout.lines if line.startswith("FAILED ")]
    assert failed == ["claims/02-bad.yaml::triple", "claims/02-bad.yaml::double-wrong"]
    again = project.runpytest("--derivcheck", *NO_CACHE, failed[0], "-v")
    again.assert_outcomes(failed=1)
    again.stdout.fnmatch_lines(["claims/02-bad.yaml::triple FAILED*"])
    assert again.ret == pytest.ExitCode.TESTS_FAILED


def test_a_claims_file_as_an_argument_runs_its_claims_only(project: pytest.Pytester) -> None:
    out = project.runpytest("--derivcheck", *NO_CACHE, "claims/01-good.yaml", "-v")
    out.assert_outcomes(passed=2)
    assert out.ret == pytest.ExitCode.OK
    out = project.runpytest("--derivcheck", *NO_CACHE, "claims/01-good.yaml::double", "claims/02-bad.yaml::double-wrong")
    out.assert_outcomes(passed=1, failed=1)


def test_the_claims_folder_as_an_argument(project: pytest.Pytester) -> None:
    out = project.runpytest("--derivcheck", *NO_CACHE, "claims")
    out.assert_outcomes(passed=2, failed=2, errors=1)


def test_a_node_id_in_a_fresh_process_as_copied_from_the_terminal(project: pytest.Pytester) -> None:
    out = project.runpytest_subprocess("--derivcheck", *NO_CACHE, "claims/02-bad.yaml::triple")
    out.assert_outcomes(failed=1)
    out.stdout.fnmatch_lines(["FAILED claims/02-bad.yaml::triple - refuted at x = 1"])


def test_invalid_and_timeout_claims_are_errors_as_in_derivcheck_junit(project: pytest.Pytester) -> None:
    out = project.runpytest("--derivcheck", *NO_CACHE, "claims/03-broken.yaml", "-rE")
    out.assert_outcomes(errors=1)
    out.stdout.fnmatch_lines(["ERROR claims/03-broken.yaml::03-broken.yaml - invalid*"])
    assert "Traceback" not in out.stdout.str() and "pytest_plugin.py" not in out.stdout.str()


def fake_run(verdicts: dict[str, tuple[Verdict, float]]) -> Any:
    def run(selection: Any, options: Any) -> list[ClaimResult]:
        return [
            ClaimResult.for_claim(c, verdicts[c.id][0], seconds=verdicts[c.id][1], detail="consistent at 200 points")
            for c in selection.claims
        ]

    return run


def test_each_test_reports_its_own_claims_time(project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    import derivcheck.pytest_plugin

    monkeypatch.setattr(
        derivcheck.pytest_plugin,
        "run",
        fake_run({"double": (Verdict.PROVED, 1.5), "triple-known": (Verdict.REFUTED, 0.25)}),
    )
    recorded = project.inline_run("--derivcheck", *NO_CACHE, "claims/01-good.yaml")
    calls = {r.nodeid: r.duration for r in recorded.getreports("pytest_runtest_logreport") if r.when == "call"}
    assert calls == {"claims/01-good.yaml::double": 1.5, "claims/01-good.yaml::triple-known": 0.25}


def test_a_skip_points_at_the_claim_not_at_the_plugin(project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    import derivcheck.pytest_plugin

    monkeypatch.setattr(derivcheck.pytest_plugin, "run", fake_run({"double": (Verdict.UNDECIDED, 0.0), "triple-known": (Verdict.UNDECIDED, 0.0)}))
    out = project.runpytest("--derivcheck", *NO_CACHE, "claims/01-good.yaml", "-rs")
    out.assert_outcomes(skipped=2)
    skips = [line for line in out.stdout.lines if line.startswith("SKIPPED")]
    assert skips == [
        "SKIPPED [1] claims/01-good.yaml:2: undecided: consistent at 200 points",
        "SKIPPED [1] claims/01-good.yaml:6: undecided: consistent at 200 points",
    ]


def test_collect_only_checks_nothing(project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    import derivcheck.pytest_plugin

    def refuse(*args: Any, **kwargs: Any) -> list[ClaimResult]:
        raise AssertionError("--collect-only must not check claims")

    monkeypatch.setattr(derivcheck.pytest_plugin, "run", refuse)
    out = project.runpytest("--derivcheck", *NO_CACHE, "--collect-only", "-q")
    ids = [line for line in out.stdout.lines if "::" in line]
    assert ids == [
        "claims/01-good.yaml::double",
        "claims/01-good.yaml::triple-known",
        "claims/02-bad.yaml::triple",
        "claims/02-bad.yaml::double-wrong",
        "claims/03-broken.yaml::03-broken.yaml",
    ]
    assert re.search(r"5 tests? collected", out.stdout.str())


def test_claims_outside_testpaths_are_still_added(project: pytest.Pytester) -> None:
    project.makepyprojecttoml('[tool.pytest.ini_options]\ntestpaths = ["tests"]\n')
    project.mkdir("tests")
    project.makepyfile(**{"tests/test_unit": "def test_unit():\n    assert True\n"})
    out = project.runpytest("--derivcheck", *NO_CACHE)
    out.assert_outcomes(passed=3, failed=2, errors=1)
