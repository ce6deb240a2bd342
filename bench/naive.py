"""The naive notebook baseline: ``simplify(lhs - rhs) == 0`` for every relation of every claim.

    python bench/naive.py [all | PATH... | ID...] [--cap SECONDS]

This is what a user would do instead of derivcheck: one long-lived process that
has already imported SymPy (a notebook), the claims one after the other, and
for each relation the one-liner ``simplify(lhs - rhs) == 0``. The claims are
built into SymPy objects by :func:`derivcheck.semantics.build` (the same
parsing derivcheck does; its time is recorded but not charged to the
baseline), so both sides check exactly the same mathematics.

A relation is one instance of a claim, one link of a chain, or one entry of a
matrix relation. The baseline decides a claim only when the claim is expected
to hold and every relation simplifies to 0: it cannot refute (a nonzero
``simplify`` result proves nothing), nor decide inequalities or boolean
statements. Each claim's check gets ``--cap`` seconds (default 20), enforced by
``setitimer``: SymPy is pure Python, so a signal handler can stop it between
bytecodes.

Prints one JSON object: ``{"import_seconds": ..., "claims": [...]}``, one
record per claim, in the order of the selection.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import time
from dataclasses import asdict, dataclass
from typing import Any, Callable, TypeVar

T = TypeVar("T")

#: A generous ceiling on building one claim (not charged, but it must end).
BUILD_CAP = 120.0


class Cap(BaseException):
    """The time cap ran out.

    A BaseException, not an Exception: SymPy has many ``except Exception``
    blocks that would otherwise swallow it and carry on.
    """


_armed = False


def _on_alarm(signum: int, frame: Any) -> None:
    if _armed:
        raise Cap


def capped(fn: Callable[[], T], seconds: float) -> tuple[T | None, float, bool]:
    """Run ``fn`` for at most ``seconds``: (its value or None, seconds taken, whether it was cut off).

    The timer repeats every 0.25 s after it first fires, in case a bare
    ``except:`` somewhere swallows the first interruption.
    """
    global _armed
    t0 = time.perf_counter()
    try:
        try:
            _armed = True
            signal.setitimer(signal.ITIMER_REAL, seconds, 0.25)
            value = fn()
        finally:
            _armed = False
            signal.setitimer(signal.ITIMER_REAL, 0)
    except Cap:
        return None, time.perf_counter() - t0, True
    return value, time.perf_counter() - t0, False


@dataclass
class Record:
    """What the baseline did with one claim."""

    id: str
    expect: str
    kind: str  # "equalities" | "inequality" | "statement" | "build error" | "build cap"
    relations: int = 0
    build_seconds: float = 0.0
    check_seconds: float = 0.0
    zero: bool = False  # every relation simplified to 0
    decided: bool = False
    capped: bool = False
    error: str | None = None


class NotEqualities(Exception):
    """A claim with something other than equalities: the baseline cannot decide it."""


def relations(problem: Any) -> list[tuple[Any, Any]]:
    """Every (lhs, rhs) pair the baseline must show equal, matrices entry by entry.

    Raises:
        NotEqualities: an inequality, a ``!=`` or a boolean statement.
    """
    from sympy.matrices import MatrixBase

    from derivcheck.formula import Connective, Rel, Truth

    pairs: list[tuple[Any, Any]] = []

    def add(op: str, lhs: Any, rhs: Any) -> None:
        if op != "==":
            raise NotEqualities("inequality")
        if isinstance(lhs, MatrixBase) and isinstance(rhs, MatrixBase) and lhs.shape == rhs.shape:
            pairs.extend(zip(list(lhs), list(rhs)))
        else:
            pairs.append((lhs, rhs))

    for inst in problem.instances:
        if inst.claim is not None:
            f = inst.claim
            if isinstance(f, Truth):
                # Already settled while building (e.g. `1 != 2`): no simplify
                # needed; a true one counts for the baseline, a false one cannot.
                if not f.value:
                    raise NotEqualities("statement")
            elif isinstance(f, Connective):
                raise NotEqualities("statement")
            else:
                assert isinstance(f, Rel)
                add(f.op, f.lhs, f.rhs)
        else:
            for k, rel in enumerate(inst.rels):
                add(rel, inst.items[k], inst.items[k + 1])
    return pairs


def all_zero(pairs: list[tuple[Any, Any]]) -> bool:
    """``simplify(lhs - rhs) == 0`` for each pair, stopping at the first that is not."""
    import sympy

    for lhs, rhs in pairs:
        if not (sympy.simplify(lhs - rhs) == 0):
            return False
    return True


def check(claim: Any, cap: float) -> Record:
    from derivcheck.semantics import build

    rec = Record(id=claim.id, expect=claim.expect.value, kind="equalities")
    try:
        problem, rec.build_seconds, cut = capped(lambda: build(claim), BUILD_CAP)
    except Exception as exc:  # a claim derivcheck would call invalid  # noqa: BLE001
        rec.kind, rec.error = "build error", f"{type(exc).__name__}: {str(exc)[:200]}"
        return rec
    if cut:
        rec.kind = "build cap"
        return rec
    try:
        pairs = relations(problem)
    except NotEqualities as exc:
        rec.kind = str(exc)
        return rec
    rec.relations = len(pairs)
    try:
        zero, rec.check_seconds, rec.capped = capped(lambda: all_zero(pairs), cap)
    except Exception as exc:  # lhs - rhs of values SymPy cannot subtract  # noqa: BLE001
        rec.error = f"{type(exc).__name__}: {str(exc)[:200]}"
        return rec
    rec.zero = bool(zero)
    rec.decided = rec.zero and rec.expect == "holds"
    return rec


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("targets", nargs="*", default=["all"])
    parser.add_argument("--cap", type=float, default=20.0, help="seconds per claim (default 20)")
    args = parser.parse_args(argv)

    t0 = time.perf_counter()
    import sympy  # noqa: F401  (the notebook's first cell)

    import derivcheck.semantics  # noqa: F401
    from derivcheck.project import locate
    from derivcheck.runner import select

    import_seconds = time.perf_counter() - t0
    signal.signal(signal.SIGALRM, _on_alarm)
    selection = select(args.targets, locate())
    records = []
    for claim in selection.claims:
        rec = check(claim, args.cap)
        records.append(asdict(rec))
        print(f"{rec.id:<60} {rec.kind:<12} {rec.check_seconds:7.2f}s decided={rec.decided}", file=sys.stderr)
    json.dump({"import_seconds": import_seconds, "claims": records}, sys.stdout)


if __name__ == "__main__":
    main()
