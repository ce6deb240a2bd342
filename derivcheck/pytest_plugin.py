"""A pytest plugin: ``pytest --derivcheck`` makes each claim of the claims folder a test.

Registered through the ``pytest11`` entry point, so installing derivcheck is
enough; without ``--derivcheck`` it adds two options and does nothing else.

Each claim becomes one item named by its id (a file that cannot be read, one
item named by the file), collected from its claims file like any test module:
``pytest --derivcheck claims/02-bad.yaml::output-is-sigmoid`` re-runs one
claim, ``pytest --derivcheck claims/01-good.yaml`` one file. The claims files
of the claims folder that pytest's own collection does not reach (the folder
lies outside ``testpaths``, or is the bundled one) are added when no claims
file was named on the command line.

The claims run through the same runner as ``derivcheck run`` (worker pool,
time budgets, cache), all at once before the first test, so that a session
with many claims still uses every CPU; each test then reports its own claim's
time. An item's outcome is the summary module's: a claim judged against its
``expect`` passes or fails, an ``invalid`` or ``timeout`` claim is an error
(as in derivcheck's JUnit report), an undecided claim is skipped (a failure
under ``strict = true``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Generator, Iterator

import pytest

from derivcheck.errors import UsageError
from derivcheck.model import Claim, ClaimResult, LoadFailure
from derivcheck.options import check_format, settings
from derivcheck.project import Project, locate
from derivcheck.render.formats import explanation
from derivcheck.render.place import finding_place
from derivcheck.runner import Selection, failure_result, run, select
from derivcheck.summary import Outcome, outcome

#: The claims of the session (one per pytest session).
_CLAIMS = pytest.StashKey["_Claims"]()

_SUFFIXES = (".yaml", ".yml")


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("derivcheck", "derivcheck: check the claims of a claims folder")
    group.addoption("--derivcheck", action="store_true", default=False, help="Check each claim of the claims folder as a test item.")
    group.addoption(
        "--derivcheck-claims",
        metavar="DIR",
        default=None,
        help="The claims folder (default: ./claims, or claims = ... under [tool.derivcheck] in pyproject.toml).",
    )


class ClaimFailed(Exception):
    """A claim judged against its ``expect`` that fails a run (or an undecided one, under strict)."""


class ClaimNotJudged(Exception):
    """A claim that could not be judged at all: ``invalid`` or ``timeout`` (a test error)."""


class ClaimsFile(pytest.File):
    """A claims file: its claims, and the entries that cannot be read."""

    def __init__(self, *, entries: list[Claim | LoadFailure], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.entries = entries

    def collect(self) -> Iterator[pytest.Item]:
        for entry in sorted(self.entries, key=lambda e: e.loc.line):
            if isinstance(entry, Claim):
                yield ClaimItem.from_parent(self, name=entry.id, claim=entry)
            else:
                yield ClaimItem.from_parent(self, name=entry.claim_id or self.path.name, failure=entry)


class ClaimItem(pytest.Item):
    """One claim (or one unreadable file) as a test."""

    def __init__(self, *, claim: Claim | None = None, failure: LoadFailure | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.claim = claim
        self.failure = failure
        self.add_marker("derivcheck")

    @property
    def line(self) -> int:
        loc = self.claim.loc if self.claim is not None else self.failure.loc if self.failure is not None else None
        return loc.line if loc is not None else 1

    def result(self) -> ClaimResult:
        return self.config.stash[_CLAIMS].result_of(self)

    def setup(self) -> None:
        # An error in setup is what pytest calls an error: the claim could not be judged.
        result = self.result()
        if outcome(result, self.config.stash[_CLAIMS].strict) is Outcome.ERROR:
            raise ClaimNotJudged(_failure_text(result))

    def runtest(self) -> None:
        claims = self.config.stash[_CLAIMS]
        result = self.result()
        kind = outcome(result, claims.strict)
        if kind is Outcome.SKIPPED:
            pytest.skip(f"undecided: {' '.join(result.detail.split()) or 'neither proved nor refuted'}")
        if kind is not Outcome.PASSED:
            raise ClaimFailed(_failure_text(result))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: str | None = None) -> str:
        if isinstance(excinfo.value, (ClaimFailed, ClaimNotJudged)):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, self.line - 1, f"derivcheck: {self.name}"


def _failure_text(result: ClaimResult) -> str:
    # The first line is what pytest's short summary shows: say what is wrong there.
    place = finding_place(result)
    return f"{explanation(result)}\nat {result.file}:{place.line}:{place.col or 1}"


class _Claims:
    """The claims folder of the session, loaded once, and the results of its items, run together."""

    def __init__(self, project: Project) -> None:
        self.project = project
        # The claims' mathematics is not printed: a failed item shows its explanation.
        self.settings = settings(project, display=False)
        self.strict = self.settings.strict
        try:
            selection = select([], project)
        except UsageError as exc:
            raise pytest.UsageError(f"derivcheck: {exc}") from None
        #: The entries of each claims file of the folder, by resolved path.
        self.by_file: dict[Path, list[Claim | LoadFailure]] = {}
        entries: list[Claim | LoadFailure] = [*selection.claims, *selection.failures]
        for entry in entries:
            self.by_file.setdefault(Path(entry.loc.file).resolve(), []).append(entry)
        for loaded in selection.files:  # a file without claims is still a claims file of the folder
            self.by_file.setdefault(Path(loaded.path).resolve(), [])
        self.results: dict[int, ClaimResult] | None = None

    def entries_of(self, path: Path) -> list[Claim | LoadFailure]:
        """The entries of a claims file named on the command line, outside the folder."""
        try:
            selection = select([str(path)], self.project)
        except UsageError as exc:
            raise pytest.UsageError(f"derivcheck: {exc}") from None
        return [*selection.claims, *selection.failures]

    def result_of(self, item: ClaimItem) -> ClaimResult:
        if self.results is None:
            self.run(item.session)
        assert self.results is not None
        return self.results[id(item)]

    def run(self, session: pytest.Session) -> None:
        # Only the items still selected (after -k, -m, --deselect, node ids) are checked.
        items = [i for i in session.items if isinstance(i, ClaimItem)]
        out: dict[int, ClaimResult] = {}
        claims: list[tuple[ClaimItem, Claim]] = []
        for item in items:
            if item.claim is not None:
                claims.append((item, item.claim))
            elif item.failure is not None:
                out[id(item)] = failure_result(item.failure)
        results = run(Selection(claims=[c for _, c in claims]), self.settings.run)
        # The runner sorts its results; each one carries its claim's place.
        by_place = {(r.file, r.line, r.col): r for r in results}
        for item, claim in claims:
            found = by_place.get((claim.loc.file, claim.loc.line, claim.loc.col))
            if found is None:  # pragma: no cover - the runner returns one result per claim
                raise RuntimeError(f"derivcheck returned no result for {claim.id} ({claim.loc})")
            out[id(item)] = found
        self.results = out


def _project(config: pytest.Config) -> Project:
    try:
        project = locate()
        check_format(project.config)
    except UsageError as exc:
        raise pytest.UsageError(f"derivcheck: {exc}") from None
    folder = config.getoption("derivcheck_claims")
    if folder is not None:
        path = Path(folder)
        if not path.is_dir():
            raise pytest.UsageError(f"derivcheck: no such folder: {folder}")
        project = Project(path, project.config)
    return project


def _claims(config: pytest.Config) -> _Claims:
    if _CLAIMS not in config.stash:
        config.stash[_CLAIMS] = _Claims(_project(config))
    return config.stash[_CLAIMS]


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> ClaimsFile | None:
    """A claims file of the folder, or one named on the command line, as a test file."""
    config = parent.config
    if not config.getoption("derivcheck") or file_path.suffix not in _SUFFIXES:
        return None
    claims = _claims(config)
    entries = claims.by_file.get(file_path.resolve())
    if entries is None:
        # Any other YAML file (a CI workflow, a pre-commit config) is not a claims
        # file, unless the command line names it.
        if not parent.session.isinitpath(file_path):
            return None
        entries = claims.entries_of(file_path)
    node: ClaimsFile = ClaimsFile.from_parent(parent, path=file_path, entries=entries)
    return node


def _named_claims_files(config: pytest.Config) -> bool:
    """Whether the command line names tests itself (claims files among them), rather than leaving it to pytest."""
    source = getattr(config, "args_source", None)
    return source is not None and source is pytest.Config.ArgsSource.ARGS


@pytest.hookimpl(tryfirst=True)  # before -k and -m deselect items: they apply to claims too
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    if not config.getoption("derivcheck"):
        return
    claims = _claims(config)
    collected = {item.path.resolve() for item in items if isinstance(item, ClaimItem)}
    if collected and _named_claims_files(config):
        return  # `pytest --derivcheck claims/a.yaml`: that file, not the whole folder
    for path in sorted(claims.by_file):
        if path in collected:
            continue
        collector = ClaimsFile.from_parent(session, path=path, entries=claims.by_file[path])
        # genitems reports the collection as pytest's own does, so that the
        # terminal counts the claims and --collect-only lists them.
        for item in session.genitems(collector):
            items.append(item)


@pytest.hookimpl(tryfirst=True)
def pytest_runtestloop(session: pytest.Session) -> None:
    """Check every selected claim before the first test runs, so that no test is charged the batch."""
    config = session.config
    if not config.getoption("derivcheck") or config.option.collectonly:
        return
    if session.testsfailed and not config.option.continue_on_collection_errors:
        return  # pytest stops on collection errors: nothing will run
    if any(isinstance(item, ClaimItem) for item in session.items):
        _claims(config).run(session)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, None]:
    made = yield
    report: pytest.TestReport = made.get_result()
    if not isinstance(item, ClaimItem) or _CLAIMS not in item.config.stash or item.config.stash[_CLAIMS].results is None:
        return
    result = item.result()
    if call.when == "call":
        report.duration = result.seconds  # the claim's own time, as the worker measured it
    if call.excinfo is not None and isinstance(call.excinfo.value, ClaimNotJudged):
        report.longrepr = str(call.excinfo.value)  # the message, not a traceback into this plugin
    if report.skipped and isinstance(report.longrepr, tuple):
        # Point a skip at the claim (its stuck link), not at the line of this plugin that skipped it.
        reason = report.longrepr[2]
        report.longrepr = (str(item.path), finding_place(result).line, reason)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "derivcheck: a claim checked by derivcheck (added by pytest --derivcheck)")
