"""The queue of claims behind the worker pool: contiguous shares, stolen from the back."""

from __future__ import annotations

from derivcheck.model import Claim
from derivcheck.workers import _Queue


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
