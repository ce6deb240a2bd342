"""Counting results, and the exit status: decided in one place, apart from printing."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Iterable

from derivcheck.model import ClaimResult, Expect, Verdict

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


def fails(result: ClaimResult, strict: bool = False) -> bool:
    """Whether a result fails a run.

    A claim fails when its verdict contradicts its ``expect``, when it is
    ``invalid`` or ``timeout``, when it does not say what its ``latex:`` says
    (a failure of its own kind: the verdict is about another statement than
    the document's), and, under ``--strict``, when it is ``undecided``.
    """
    if result.verdict in (Verdict.INVALID, Verdict.TIMEOUT) or result.unfaithful:
        return True
    if result.verdict is Verdict.UNDECIDED:
        return strict
    return not result.passed


class Outcome(str, Enum):
    """How a result counts, in the words of test reports (JUnit, pytest, SARIF levels).

    ``FAILED`` and ``ERROR`` are exactly the results :func:`fails` says fail a
    run; ``ERROR`` marks those whose claim could not be judged at all
    (``invalid``, ``timeout``), ``FAILED`` those judged against their ``expect``.
    """

    PASSED = "passed"
    FAILED = "failed"
    ERROR = "error"
    SKIPPED = "skipped"


def outcome(result: ClaimResult, strict: bool = False) -> Outcome:
    """The :class:`Outcome` of a result; consistent with :func:`fails` by construction."""
    if result.verdict in (Verdict.INVALID, Verdict.TIMEOUT):
        return Outcome.ERROR
    if fails(result, strict):
        return Outcome.FAILED
    if result.verdict is Verdict.UNDECIDED:
        return Outcome.SKIPPED
    return Outcome.PASSED


def missed(result: ClaimResult) -> bool:
    """Whether a claim recorded as a known error (``expect: refuted``) came back undecided.

    It does not fail a run (an undecided claim never does, without --strict),
    but the tool did not find an error the author knows is there: every
    summary says so rather than "all as expected".
    """
    return result.verdict is Verdict.UNDECIDED and result.expect is Expect.REFUTED


@dataclass(frozen=True)
class Summary:
    """The counts of a run.

    Every claim is exactly one of ``passed``, ``failed`` and ``skipped`` (an
    undecided claim that does not fail the run), so the three add up to
    :attr:`total`. ``missed`` counts the skipped claims that are known errors.
    """

    proved: int = 0
    refuted: int = 0
    undecided: int = 0
    invalid: int = 0
    timeout: int = 0
    passed: int = 0
    failed: int = 0
    cached: int = 0
    seconds: float = 0.0
    skipped: int = 0
    missed: int = 0
    unfaithful: int = 0  # claims that do not say what their latex says (each also counted as failed)

    @property
    def total(self) -> int:
        return self.proved + self.refuted + self.undecided + self.invalid + self.timeout

    @property
    def verdict_words(self) -> str:
        """How the run went, in words: the failures, else the known errors not found, else all as expected."""
        if self.failed:
            return f"{self.failed} failed"
        if self.missed:
            return f"{self.missed} known error{'s' if self.missed != 1 else ''} not found (expect: refuted, undecided)"
        return "all as expected"

    def exit_status(self) -> int:
        return EXIT_FAILED if self.failed else EXIT_OK

    def to_dict(self) -> dict[str, float | int]:
        return {
            "proved": self.proved,
            "refuted": self.refuted,
            "undecided": self.undecided,
            "invalid": self.invalid,
            "timeout": self.timeout,
            "passed": self.passed,
            "failed": self.failed,
            "seconds": round(self.seconds, 3),
            "total": self.total,
            "skipped": self.skipped,
            "missed": self.missed,
            "unfaithful": self.unfaithful,
        }


def summarize(results: Iterable[ClaimResult], seconds: float = 0.0, *, strict: bool = False) -> Summary:
    """Count verdicts, passes and failures."""
    counts = {v: 0 for v in Verdict}
    passed = failed = cached = skipped = missing = unfaithful = 0
    for r in results:
        counts[r.verdict] += 1
        # A claim whose verdict is as expected but which is unfaithful to its latex fails:
        # counted once, as failed, so that passed + failed + skipped is the total.
        passed += r.passed and not r.unfaithful
        unfaithful += r.unfaithful
        failed += fails(r, strict)
        skipped += outcome(r, strict) is Outcome.SKIPPED
        missing += missed(r) and not fails(r, strict)
        cached += r.cached
    return Summary(
        proved=counts[Verdict.PROVED],
        refuted=counts[Verdict.REFUTED],
        undecided=counts[Verdict.UNDECIDED],
        invalid=counts[Verdict.INVALID],
        timeout=counts[Verdict.TIMEOUT],
        passed=passed,
        failed=failed,
        cached=cached,
        seconds=seconds,
        skipped=skipped,
        missed=missing,
        unfaithful=unfaithful,
    )


def statistics(results: Iterable[ClaimResult], *, strict: bool = False) -> list[tuple[str, Summary]]:
    """The counts of each claims file (``--statistics``), in the order the files first appear."""
    by_file: dict[str, list[ClaimResult]] = {}
    for r in results:
        by_file.setdefault(r.file, []).append(r)
    return [(file, summarize(group, sum(r.seconds for r in group), strict=strict)) for file, group in by_file.items()]
