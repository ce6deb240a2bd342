"""Fuzz the parser and the loader for minutes, outside the test suite.

Runs the strategies of ``tests/test_fuzz.py`` (random text, random syntax
trees, random bytes, random claims files) and one more (random domains),
round after round with fresh seeds, until the time is up. Each input either
gives a value or is refused with a ClaimError; anything else is a crash, and
loading or parsing that takes longer than the suite's bound is a hang (the
main process does both, with no budget). Both are printed with the input that
caused them, once per distinct place. An expression slow to *evaluate* is
only counted: in a real run it is a worker's, under the claim's budget.

Usage::

    .venv/bin/python fuzz/fuzz_parser.py --minutes 5
    .venv/bin/python fuzz/fuzz_parser.py --minutes 1 --targets trees files

The exit status is 1 when anything crashed or hung, else 0.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import hypothesis.configuration
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the suite's strategies, one definition

import test_fuzz  # noqa: E402  (after the path is set)
from test_fuzz import Slow, bounded  # noqa: E402

from derivcheck.domains import parse_domain  # noqa: E402
from derivcheck.errors import ClaimError  # noqa: E402
from derivcheck.model import Location, Text  # noqa: E402

#: Inputs per round: each round is one hypothesis run with a fresh seed.
ROUND = 200


@dataclass
class Tally:
    """What one target has seen so far."""

    tried: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    crashes: dict[str, tuple[str, str]] = field(default_factory=dict)  # place -> (input, trace)
    crash_count: int = 0
    hangs: list[str] = field(default_factory=list)


def _read_domain(source: str) -> str:
    text = Text(source, Location("fuzz.yaml", 4, 9))
    with bounded(2.0):  # a domain is read with regular expressions: never slow
        try:
            parse_domain("x", text)
        except ClaimError as exc:
            assert exc.message and "\n" not in exc.message and len(exc.message) < 400, exc.message
            return "refused"
    return "domain"


domain_texts = st.one_of(
    st.tuples(
        st.sampled_from(["(", "[", "range(", "vector[", "matrix[", "{", ""]),
        st.text(alphabet=" ,a1()[]{}-o\t", max_size=3000),
        st.sampled_from([")", "]", "}", "", "a"]),
    ).map("".join),
    st.text(max_size=100),
)

#: name -> (strategy, the function each input goes through)
TARGETS: dict[str, tuple[st.SearchStrategy[Any], Callable[[Any], Any]]] = {
    "text": (test_fuzz.texts, test_fuzz.read_expression),
    "trees": (test_fuzz.expressions, test_fuzz.read_expression),
    "bytes": (st.one_of(st.binary(max_size=2000), st.text(max_size=2000)), test_fuzz.read_claims_file),
    "files": (test_fuzz.claim_files(), test_fuzz.read_claims_file),
    "mutations": (test_fuzz.mutated_files(), test_fuzz.read_claims_file),
    "domains": (domain_texts, _read_domain),
}


def _place(exc: BaseException) -> str:
    """Where an exception was raised: its type and the innermost frame of derivcheck, if any."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "derivcheck" in f.filename and "fuzz" not in f.filename]
    frame = (ours or frames)[-1] if frames else None
    where = f"{Path(frame.filename).name}:{frame.lineno}" if frame else "?"
    return f"{type(exc).__name__} at {where}"


def run_round(name: str, tally: Tally, seed: int) -> None:
    strategy, target = TARGETS[name]

    @settings(
        max_examples=ROUND,
        deadline=None,
        database=None,
        derandomize=False,
        phases=[Phase.generate],  # nothing fails inside, so nothing to shrink
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def one(value: Any) -> None:
        tally.tried += 1
        try:
            tally.outcomes[str(target(value))] += 1
        except Slow:
            tally.hangs.append(repr(value)[:2000])
            tally.outcomes["hang"] += 1
        except Exception as exc:  # noqa: BLE001 - every escape is a finding
            tally.crash_count += 1
            tally.outcomes["crash"] += 1
            place = _place(exc)
            if place not in tally.crashes:
                tally.crashes[place] = (repr(value)[:2000], "".join(traceback.format_exception(exc))[-3000:])
                print(f"\n  CRASH [{name}] {place}\n  input: {repr(value)[:500]}", flush=True)

    one._hypothesis_internal_use_seed = seed  # type: ignore[attr-defined]
    one()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--minutes", type=float, default=5.0, help="how long to fuzz, in all (default 5)")
    ap.add_argument("--targets", nargs="+", choices=sorted(TARGETS), default=sorted(TARGETS))
    args = ap.parse_args()
    # Hypothesis caches constants under .hypothesis/ in the working folder: not in the repository.
    hypothesis.configuration.set_hypothesis_home_dir(tempfile.mkdtemp(prefix="derivcheck-fuzz-"))
    tallies = {name: Tally() for name in args.targets}
    start = time.monotonic()
    end = start + args.minutes * 60
    rounds = 0
    print(f"fuzzing {', '.join(args.targets)} for {args.minutes:g} min, {ROUND} inputs a round", flush=True)
    while time.monotonic() < end:
        for name in args.targets:
            if time.monotonic() >= end:
                break
            run_round(name, tallies[name], seed=rounds * 7919 + hash(name) % 1000)
        rounds += 1
        tried = sum(t.tried for t in tallies.values())
        crashes = sum(t.crash_count for t in tallies.values())
        print(f"  round {rounds}: {tried} inputs tried, {crashes} crashes, "
              f"{sum(len(t.hangs) for t in tallies.values())} hangs, {time.monotonic() - start:.0f} s", flush=True)  # fmt: skip
    print("\nper target:")
    for name, tally in tallies.items():
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(tally.outcomes.items()))
        print(f"  {name:8} {tally.tried:7} inputs tried ({kinds}); {tally.crash_count} crashes, {len(tally.hangs)} hangs")
    total = sum(t.tried for t in tallies.values())
    crashes = sum(t.crash_count for t in tallies.values())
    hangs = sum(len(t.hangs) for t in tallies.values())
    print(f"\ntotal: {total} inputs tried, {crashes} crashes, {hangs} hangs in {time.monotonic() - start:.0f} s")
    for name, tally in tallies.items():
        for place, (value, trace) in tally.crashes.items():
            print(f"\n--- crash [{name}] {place}\ninput: {value}\n{trace}")
        for value in tally.hangs[:5]:
            print(f"\n--- hang [{name}]\ninput: {value}")
    return 1 if crashes or hangs else 0


if __name__ == "__main__":
    sys.exit(main())
