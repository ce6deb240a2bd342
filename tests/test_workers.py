"""The worker pool: its queue of claims (contiguous shares, stolen from the back) and its memory ceiling."""

from __future__ import annotations

from typing import Any

import pytest

from derivcheck import checking
from derivcheck.loader import load_text
from derivcheck.model import Claim, ClaimResult, Verdict
from derivcheck.workers import WorkerPool, _Queue


def _jobs(n: int) -> list[tuple[int, Claim]]:
    return [(i, None) for i in range(n)]  # type: ignore[misc]  # the queue never looks at the claim


def test_each_slot_works_through_its_own_contiguous_share() -> None:
    q = _Queue(_jobs(10), 2)
    assert [q.take(0)[0] for _ in range(3)] == [0, 1, 2]
    assert [q.take(1)[0] for _ in range(3)] == [5, 6, 7]


def test_an_idle_slot_steals_from_the_back_of_the_longest_share() -> None:
    q = _Queue(_jobs(6), 2)
    for _ in range(3):
        q.take(1)  # slot 1 finishes 3, 4, 5
    assert q.take(1)[0] == 2  # then takes slot 0's last claim
    assert q.take(0)[0] == 0  # while slot 0 goes on from its front


def test_every_job_is_handed_out_exactly_once() -> None:
    q = _Queue(_jobs(11), 3)
    seen = []
    slot = 0
    while q:
        seen.append(q.take(slot)[0])
        slot = (slot + 1) % 3
    assert sorted(seen) == list(range(11))


def test_a_job_put_back_is_the_next_its_slot_takes() -> None:
    q = _Queue(_jobs(4), 2)
    job = q.take(0)
    q.put_back(0, job)
    assert q.take(0) == job


def test_a_claim_beyond_the_memory_ceiling_ends_its_worker_not_the_run(monkeypatch: pytest.MonkeyPatch) -> None:
    # The workers are forked from this process, so the check they run is the one
    # patched here: for the hog it asks for 4 GiB at once, past any ceiling of 600 MiB.
    real = checking.check_claim

    def check(claim: Claim, **options: Any) -> ClaimResult:
        if claim.id == "memory-hog":
            bytearray(4 * 2**30)
        return real(claim, **options)

    monkeypatch.setattr(checking, "check_claim", check)
    claims = load_text(
        "claims:\n"
        "  - {id: memory-hog, title: t, symbols: {x: real}, claim: x == x}\n"
        "  - {id: good-after-memory, title: t, symbols: {x: real}, claim: sqrt(x**2) == Abs(x)}\n",
        "memory.yaml",
    ).claims
    results: dict[str, ClaimResult] = {}
    WorkerPool(jobs=1, timeout=60, memory_mb=600).run(
        list(enumerate(claims)), lambda i, r: results.__setitem__(claims[i].id, r)
    )
    assert results["memory-hog"].verdict is Verdict.TIMEOUT
    assert "memory ceiling of 600 MiB" in results["memory-hog"].detail
    assert results["good-after-memory"].verdict is Verdict.PROVED


def test_a_worker_is_replaced_after_its_quota_of_claims() -> None:
    # x + k == k + x holds for every k: each claim is proved whichever worker checks it.
    claims = load_text(
        "claims:\n" + "".join(f"  - {{id: c{k}, title: t, symbols: {{x: real}}, claim: x + {k} == {k} + x}}\n" for k in range(5)),
        "quota.yaml",
    ).claims
    pool = WorkerPool(jobs=1, timeout=60, recycle_after=2)
    spawned: list[int] = []
    spawn = pool._spawn

    def counting(slot: int) -> Any:
        spawned.append(slot)
        return spawn(slot)

    pool._spawn = counting  # type: ignore[method-assign]
    results: list[ClaimResult] = []
    pool.run(list(enumerate(claims)), lambda i, r: results.append(r))
    assert len(spawned) == 3  # claims 1-2, 3-4, 5: a fresh worker after every second claim
    assert [r.verdict for r in results] == [Verdict.PROVED] * 5
