"""A pytest plugin: ``pytest --derivcheck`` makes each claim of the claims folder a test.

Registered through the ``pytest11`` entry point, so installing derivcheck is
enough; without ``--derivcheck`` it adds two options and does nothing else.

Each claim becomes one item named by its id (a file that cannot be read, one
item named by the file). The claims run through the same runner as
``derivcheck run`` (worker pool, time budgets, cache), all at once when the
first of them runs, so a session with many claims still uses every CPU. An
item's outcome is the summary module's: a claim that fails a run fails its
test, an undecided claim is skipped (a failure under ``strict = true``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from derivcheck.errors import UsageError
from derivcheck.model import Claim, ClaimResult, LoadFailure
from derivcheck.project import Project, locate
from derivcheck.render.formats import explanation, finding_line
from derivcheck.runner import DEFAULT_TIMEOUT, RunOptions, Selection, failure_result, run, select
from derivcheck.summary import Outcome, outcome

#: Where the session keeps its batch of claims (one per pytest session).
_BATCH = pytest.StashKey["_Batch"]()


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
    """A claim that fails a run: the verdict contradicts ``expect``, or it is invalid or timed out."""


class ClaimsFile(pytest.File):
    """A claims file of the selection: its claims, and the entries that cannot be read."""

    def __init__(self, *, entries: list[Claim | LoadFailure], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.entries = entries

    def collect(self) -> Iterator[pytest.Item]:
        for entry in sorted(self.entries, key=lambda e: e.loc.line):
            if isinstance(entry, Claim):
                yield ClaimItem.from_parent(self, name=entry.id, claim=entry)
            else:
                yield ClaimItem.from_parent(self, name=entry.claim_id or self.path.name, failure=entry)


class ClaimItem(pytest.Item):
    """One claim (or one unreadable file) as a test."""

    def __init__(self, *, claim: Claim | None = None, failure: LoadFailure | None = None, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.claim = claim
        self.failure = failure
        self.add_marker("derivcheck")

    @property
    def line(self) -> int:
        loc = self.claim.loc if self.claim is not None else self.failure.loc if self.failure is not None else None
        return loc.line if loc is not None else 1

    def runtest(self) -> None:
        batch = self.session.stash[_BATCH]
        result = batch.result_of(self)
        kind = outcome(result, batch.strict)
        if kind is Outcome.SKIPPED:
            pytest.skip(f"undecided: {' '.join(result.detail.split()) or 'neither proved nor refuted'}")
        if kind is not Outcome.PASSED:
            # The first line is what pytest's short summary shows: say what is wrong there.
            raise ClaimFailed(f"{explanation(result)}\nat {result.file}:{finding_line(result)}")

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: str | None = None) -> str:
        if isinstance(excinfo.value, ClaimFailed):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, self.line - 1, f"derivcheck: {self.name}"


class _Batch:
    """The claims of the session, run together the first time an item asks for its result."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.strict = bool(project.config.strict)
        self.items: list[ClaimItem] = []
        self.results: dict[int, ClaimResult] | None = None

    def result_of(self, item: ClaimItem) -> ClaimResult:
        if self.results is None:
            self.results = self._run(item.session)
        return self.results[id(item)]

    def _run(self, session: pytest.Session) -> dict[int, ClaimResult]:
        # Only the items still selected (after -k, -m, --deselect) are checked.
        selected = {id(i) for i in session.items}
        items = [i for i in self.items if id(i) in selected]
        out: dict[int, ClaimResult] = {}
        claims: list[tuple[ClaimItem, Claim]] = []
        for item in items:
            if item.claim is not None:
                claims.append((item, item.claim))
            elif item.failure is not None:
                out[id(item)] = failure_result(item.failure)
        config = self.project.config
        options = RunOptions(jobs=config.jobs or 0, timeout=config.timeout or DEFAULT_TIMEOUT)
        results = run(Selection(claims=[c for _, c in claims]), options)
        # The runner sorts its results; each one carries its claim's place.
        by_place = {(r.file, r.line, r.col): r for r in results}
        for item, claim in claims:
            found = by_place.get((claim.loc.file, claim.loc.line, claim.loc.col))
            if found is None:  # pragma: no cover - the runner returns one result per claim
                raise RuntimeError(f"derivcheck returned no result for {claim.id} ({claim.loc})")
            out[id(item)] = found
        return out


def _project(config: pytest.Config) -> Project:
    try:
        project = locate()
    except UsageError as exc:
        raise pytest.UsageError(f"derivcheck: {exc}") from None
    folder = config.getoption("derivcheck_claims")
    if folder is not None:
        path = Path(folder)
        if not path.is_dir():
            raise pytest.UsageError(f"derivcheck: no such folder: {folder}")
        project = Project(path, project.config)
    return project


@pytest.hookimpl(tryfirst=True)  # before -k and -m deselect items: they apply to claims too
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    if not config.getoption("derivcheck"):
        return
    project = _project(config)
    try:
        selection = select([], project)
    except UsageError as exc:
        raise pytest.UsageError(f"derivcheck: {exc}") from None
    batch = _Batch(project)
    session.stash[_BATCH] = batch
    by_file: dict[str, list[Claim | LoadFailure]] = {}
    entries: list[Claim | LoadFailure] = [*selection.claims, *selection.failures]
    for entry in entries:
        by_file.setdefault(entry.loc.file, []).append(entry)
    for file in sorted(by_file):
        collector = ClaimsFile.from_parent(session, path=Path(file).resolve(), entries=by_file[file])
        # genitems reports the collection as pytest's own does, so that the
        # terminal counts the claims and --collect-only lists them.
        for item in session.genitems(collector):
            assert isinstance(item, ClaimItem)
            batch.items.append(item)
            items.append(item)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "derivcheck: a claim checked by derivcheck (added by pytest --derivcheck)")
