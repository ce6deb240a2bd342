"""One worker of the benchmark's baselines: reads tasks as JSON lines on stdin, answers one line each.

    python bench/batch_worker.py mathverify|mathverify-plain|simplify

A task is ``{"id", "symbols", "lhs", "rhs", "latex": [lhs, rhs]}``; the answer is
``{"id", "outcome", "cpu"}`` with ``outcome`` one of ``equal``, ``not equal``, ``unparsed``,
``error``, and ``cpu`` the CPU seconds this worker spent on the task. The parent
(``bench/batch_pool.py``) enforces the outer per-task time limit by ending the worker.

* ``mathverify``: ``verify(parse(gold), parse(answer))`` with Math-Verify's documented timeouts
  (``parsing_timeout``, ``timeout_seconds``: 5 s each, by ``signal.alarm`` on this main thread),
  each side given as LaTeX between dollars, the way a model writes its answer; the right side is
  the gold. ``mathverify-plain`` gives it the claim's own plain strings instead.
  This mode runs in the bench's own environment (``bench/.venv-mathverify``), which has
  Math-Verify and no derivcheck.
* ``simplify``: the notebook one-liner, ``simplify(lhs - rhs) == 0``, the sides read by SymPy's
  ``parse_expr`` with the declared symbols (``positive`` or ``real``). It cannot refute: a nonzero
  result is ``not equal`` here and counted as undecided by the parent.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from typing import Any


def _mathverify(plain: bool) -> Callable[[dict[str, Any]], str]:
    from math_verify import parse, verify

    def check(task: dict[str, Any]) -> str:
        lhs, rhs = (task["lhs"], task["rhs"]) if plain else (f"${s}$" for s in task["latex"])
        gold, answer = parse(rhs, parsing_timeout=5), parse(lhs, parsing_timeout=5)
        if not gold or not answer:
            return "unparsed"
        return "equal" if verify(gold, answer, timeout_seconds=5) else "not equal"

    return check


def _simplify() -> Callable[[dict[str, Any]], str]:
    import sympy
    from sympy.parsing.sympy_parser import parse_expr

    def check(task: dict[str, Any]) -> str:
        names = {
            k: sympy.Symbol(k, positive=True) if v == "positive" else sympy.Symbol(k, real=True)
            for k, v in task["symbols"].items()
        }
        try:
            lhs, rhs = parse_expr(task["lhs"], local_dict=names), parse_expr(task["rhs"], local_dict=names)
        except Exception:  # noqa: BLE001  (a side SymPy cannot read)
            return "unparsed"
        return "equal" if sympy.simplify(lhs - rhs) == 0 else "not equal"

    return check


def main() -> None:
    mode = sys.argv[1]
    check = _simplify() if mode == "simplify" else _mathverify(mode == "mathverify-plain")
    print(json.dumps({"ready": mode}), flush=True)
    for line in sys.stdin:
        task = json.loads(line)
        t0 = time.process_time()
        try:
            outcome = check(task)
        except Exception as exc:  # noqa: BLE001  (the tool's own failure, counted, never a stop)
            outcome = f"error: {type(exc).__name__}"
        print(json.dumps({"id": task["id"], "outcome": outcome, "cpu": time.process_time() - t0}), flush=True)


if __name__ == "__main__":
    main()
