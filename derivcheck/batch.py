"""Claims at dataset scale: JSON Lines in, one result per line out, resumable.

``derivcheck batch IN.jsonl -o OUT.jsonl`` and :func:`derivcheck.check_many`
sit on this module. Input is read lazily, one line at a time (gzip is
recognised by its magic bytes or the ``.gz`` suffix); each line is read as one
claim by :mod:`derivcheck.jsonclaims`; an engine of :mod:`derivcheck.engines`
checks the claims with a bounded number in flight. So memory stays flat
whatever the input's size, but for the ids seen, kept to find duplicates.

The output is safe to interrupt and to resume:

- each result is written as one ``write`` of its JSON and a line break, then
  flushed, in the order results finish;
- on start, a last line without its line break (a write cut short) is cut off;
- the ids of the complete lines are skipped: running the same command again
  checks only the claims that have no result yet.

Every output id is unique, so that an id names one result: a second use of an
id is an ``invalid`` result naming the line of the first, and a line that
cannot be read at all is an ``invalid`` result with the id ``line-<n>``.
A duplicate's result is recognised on resume by its id and line.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import sys
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any, BinaryIO, Iterable, Iterator, Mapping, Protocol, cast

from derivcheck.engines import Item, Limits, engine
from derivcheck.errors import UsageError
from derivcheck.jsonclaims import MAX_LINE_BYTES, claim_of_line, claim_of_value
from derivcheck.model import Claim, ClaimResult, LoadFailure, Location, Verdict
from derivcheck.runner import failure_result
from derivcheck.summary import EXIT_FAILED, EXIT_OK, fails

#: The file name of the claims handed to :func:`check_mappings` (their line is their position, from 1).
MAPPINGS_FILE = "<check_many>"

#: The file name of standard input.
STDIN = "<stdin>"

_GZIP_MAGIC = b"\x1f\x8b"


# ---------------------------------------------------------------------------
# Claims in: lines, ids, duplicates, what is already done.
# ---------------------------------------------------------------------------


@dataclass
class Done:
    """The results already in the output: their ids, and (id, line) for duplicates' results."""

    ids: set[str] = field(default_factory=set)
    at: set[tuple[str, int]] = field(default_factory=set)
    results: int = 0  # how many lines hold a result
    failed: int = 0  # how many of them fail a run (for the exit status of a resumed run)


def _line_id(item: Claim | LoadFailure) -> str:
    if isinstance(item, Claim):
        return item.id
    return item.claim_id or f"line-{item.loc.line}"


def checkable(items: Iterable[Claim | LoadFailure], done: Done | None = None) -> Iterator[Item]:
    """Claims to check, and ``invalid`` results for what cannot be: the stream an engine takes.

    An item whose id has a result in ``done`` is left out; a second use of an
    id becomes an ``invalid`` result naming the first's line.
    """
    done = done or Done()
    first: dict[str, Location] = {}
    for item in items:
        claim_id = _line_id(item)
        if claim_id in first:
            if (claim_id, item.loc.line) in done.at:
                continue
            at = first[claim_id]
            message = f"duplicate id '{claim_id}' (first at {at.file}:{at.line})"
            yield failure_result(LoadFailure(item.loc, message, claim_id, item.title, expect=item.expect))
            continue
        first[claim_id] = item.loc
        if claim_id in done.ids:
            continue
        if isinstance(item, LoadFailure):
            yield failure_result(replace(item, claim_id=claim_id))
        else:
            yield item


class Readable(Protocol):
    """What the input is read through: a file, standard input, or a gzip stream over either."""

    def readline(self, size: int = -1, /) -> bytes: ...

    def close(self) -> None: ...


def open_input(path: str) -> tuple[Readable, str]:
    """The bytes of the input (``-``: standard input), gunzipped when gzip; and its name for locations.

    Raises:
        UsageError: the file cannot be opened.
    """
    try:
        raw: BinaryIO = sys.stdin.buffer if path == "-" else open(path, "rb")  # noqa: SIM115 - closed by the caller
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None
    name = STDIN if path == "-" else path
    if not hasattr(raw, "peek"):  # a stream substituted for standard input (under tests, say)
        raw = cast(BinaryIO, io.BufferedReader(raw))  # type: ignore[arg-type, unused-ignore]
    # A buffered reader shows its first bytes without taking them.
    if path.endswith(".gz") or raw.peek(2)[:2] == _GZIP_MAGIC:  # type: ignore[attr-defined]
        return gzip.GzipFile(fileobj=raw, mode="rb"), name
    return raw, name


def lines(stream: Readable, name: str) -> Iterator[tuple[int, bytes]]:
    """The numbered lines of the input, each read within the line limit.

    A line longer than the limit is not kept: its first bytes, without a line
    break, stand for it (the reader refuses it by its length), the rest is
    skipped unkept.

    Raises:
        UsageError: the input cannot be read (a truncated or corrupt gzip stream).
    """
    number = 0
    try:
        while True:
            data = stream.readline(MAX_LINE_BYTES + 1)
            if not data:
                return
            number += 1
            if len(data) > MAX_LINE_BYTES and not data.endswith(b"\n"):
                while True:  # skip the rest of the long line
                    rest = stream.readline(MAX_LINE_BYTES)
                    if not rest or rest.endswith(b"\n"):
                        break
            yield number, data
    except (OSError, EOFError) as exc:
        raise UsageError(f"cannot read {name} after line {number}: {exc}") from None


def claims_of_lines(numbered: Iterable[tuple[int, bytes]], name: str) -> Iterator[Claim | LoadFailure]:
    """Each non-blank line as a claim, or as the reason it cannot be one."""
    for number, data in numbered:
        item = claim_of_line(data, name, number)
        if item is not None:
            yield item


# ---------------------------------------------------------------------------
# Results out.
# ---------------------------------------------------------------------------


class Output:
    """The output file: complete lines only, read back on start to resume.

    Each result goes out as one write of ``json + "\\n"`` and a flush, so an
    interrupted run leaves at most a last line without its line break, which
    the next run cuts off before it appends.
    """

    def __init__(self, path: str, strict: bool = False) -> None:
        self.path = path
        self.done = Done()
        if path == "-":
            self._stream: IO[bytes] = sys.stdout.buffer
            return
        try:
            if os.path.exists(path):
                self._resume(Path(path), strict)
            self._stream = open(path, "ab", buffering=0)  # noqa: SIM115 - closed by close()
        except OSError as exc:
            raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None

    def _resume(self, path: Path, strict: bool) -> None:
        with open(path, "r+b") as handle:
            size = handle.seek(0, os.SEEK_END)
            end = size
            while end > 0:  # find the last line break, reading back in blocks
                start = max(0, end - 65536)
                handle.seek(start)
                block = handle.read(end - start)
                at = block.rfind(b"\n")
                if at >= 0:
                    end = start + at + 1
                    break
                end = start
            if end < size:
                handle.truncate(end)
            handle.seek(0)
            for data in handle:
                self._take(data, strict)

    def _take(self, data: bytes, strict: bool) -> None:
        try:
            entry = json.loads(data)
            result = ClaimResult.from_dict(entry)
        except (ValueError, KeyError, TypeError):
            return  # not a result of ours: its claim is checked again
        if result.id is None:
            return
        self.done.ids.add(result.id)
        self.done.at.add((result.id, result.line))
        self.done.results += 1
        self.done.failed += fails(result, strict)

    def write(self, result: ClaimResult) -> None:
        data = (json.dumps(result.to_dict(), ensure_ascii=False) + "\n").encode("utf-8")
        view = memoryview(data)
        try:
            while view:  # one write, unless the system takes less at a time
                view = view[self._stream.write(view) :]
            self._stream.flush()
        except BrokenPipeError:  # `derivcheck batch IN | head`: the reader has all it wants
            shown = "standard output" if self.path == "-" else self.path
            raise UsageError(f"the output ({shown}) was closed before every claim was checked") from None

    def close(self) -> None:
        if self._stream is not sys.stdout.buffer:
            self._stream.close()


# ---------------------------------------------------------------------------
# A batch run, and the API's stream.
# ---------------------------------------------------------------------------


@dataclass
class Tally:
    """The counts of a batch run: verdicts of the claims checked now, and those already done."""

    verdicts: dict[Verdict, int] = field(default_factory=lambda: {v: 0 for v in Verdict})
    failed: int = 0
    resumed: int = 0
    resumed_failed: int = 0
    seconds: float = 0.0

    @property
    def checked(self) -> int:
        return sum(self.verdicts.values())

    def exit_status(self) -> int:
        """As ``derivcheck run``: 1 when a result of the whole output (earlier runs' too) fails."""
        return EXIT_FAILED if self.failed or self.resumed_failed else EXIT_OK

    def line(self) -> str:
        """The summary line: counts per verdict, the rate, what an earlier run had done."""
        counts = ", ".join(f"{n} {v.value}" for v, n in self.verdicts.items() if n) or "nothing to check"
        rate = f"{self.checked / self.seconds:.1f} claims/s" if self.seconds > 0 else "—"
        resumed = f"; {self.resumed} already in the output" if self.resumed else ""
        failed = f"{self.failed + self.resumed_failed} failed" if self.failed or self.resumed_failed else "all as expected"
        return f"{self.checked} claims in {self.seconds:.1f} s ({rate}): {counts}{resumed}; {failed}"


def run_batch(source: str, output: str, engine_name: str, limits: Limits, *, strict: bool = False) -> Tally:
    """Check every claim of a JSONL file (``-``: standard input) into ``output`` (``-``: standard output).

    Raises:
        UsageError: no such engine, the input cannot be read or the output written.
    """
    chosen = engine(engine_name, limits)
    stream, name = open_input(source)
    out = Output(output, strict)
    tally = Tally(resumed=out.done.results, resumed_failed=out.done.failed)
    start = time.monotonic()
    results = chosen.run(checkable(claims_of_lines(lines(stream, name), name), out.done), limits)
    try:
        for result in results:
            out.write(result)
            tally.verdicts[result.verdict] += 1
            tally.failed += fails(result, strict)
    finally:
        results.close()  # on an interruption, the engine's workers end here
        tally.seconds = time.monotonic() - start
        out.close()
        if stream is not sys.stdin.buffer:
            stream.close()
    return tally


def check_mappings(claims: Iterable[Mapping[str, Any]], engine_name: str, limits: Limits) -> Iterator[ClaimResult]:
    """Check claims given as mappings (the keys of a YAML claim), yielding results as they finish.

    Raises:
        UsageError: at once, not at the first result: no such engine, or its
            optional dependency is missing.
    """
    chosen = engine(engine_name, limits)
    read = (claim_of_value(value, Location(MAPPINGS_FILE, number, 1)) for number, value in enumerate(claims, start=1))
    return chosen.run(checkable(read), limits)
