"""The registry of the language's functions, and what their entries share.

An entry receives a :class:`~derivcheck.parser.Call` with its evaluated
arguments (or, for the ``lazy`` entries that bind a variable, such as ``Sum``
and ``limit``, the unevaluated argument nodes). It returns a SymPy object, a
matrix, a statement, or a distribution.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from sympy.matrices import MatrixBase

from derivcheck.errors import LimitExceeded
from derivcheck.parser import MAX_SIZE, Call


@dataclass(frozen=True)
class Entry:
    """One function of the language."""

    name: str
    impl: Callable[[Call], Any]
    min_args: int
    max_args: int | None
    summary: str
    lazy: bool = False
    #: Built unevaluated when the claim is shown as written (H(0) stays H(0)): a
    #: function of numbers. The others (jacobian, softmax...) are computed from
    #: their arguments as written, since SymPy cannot show them otherwise.
    shown: bool = False


VOCABULARY: dict[str, Entry] = {}


def function(
    *names: str, args: tuple[int, int | None] = (1, 1), summary: str, lazy: bool = False, shown: bool = False
) -> Callable[[Callable[[Call], Any]], Callable[[Call], Any]]:
    """Register ``impl`` under each of ``names``."""

    def register(impl: Callable[[Call], Any]) -> Callable[[Call], Any]:
        for name in names:
            VOCABULARY[name] = Entry(name, impl, args[0], args[1], summary, lazy, shown)
        return impl

    return register


def elementwise(f: Callable[..., Any]) -> Callable[[Call], Any]:
    """Apply a one-argument function to a number, or to each entry of a vector or matrix."""

    def impl(call: Call) -> Any:
        value = call.args[0]
        if isinstance(value, MatrixBase):
            return value.applyfunc(f)
        return f(call.scalar(0))

    return impl


# --- what several entries use ------------------------------------------------------
def vector_arg(call: Call, i: int) -> list[Any]:
    m = call.matrix(i)
    if 1 not in m.shape:
        raise call.error(f"argument {i + 1} of {call.name} must be a vector", call.node.args[i])
    return list(m)


def size(call: Call, i: int) -> int:
    n = call.integer(i, "a size")
    if not 1 <= n <= MAX_SIZE:
        raise LimitExceeded(f"a size of {n}; sizes go from 1 to {MAX_SIZE}", call.loc(call.node.args[i]))
    return n
