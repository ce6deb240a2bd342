"""Values that are not numbers, shared by the engine and the kernel."""

from __future__ import annotations

from typing import Any

import sympy


class NoLimit(sympy.Function):  # type: ignore[misc]
    """A limit that does not exist: ``NoLimit(from_right, from_left)``.

    It stays unevaluated; a relation with a side that contains it is false,
    because a limit that does not exist equals nothing.
    """

    nargs = 2
    #: Why a relation with it as a side is false (a subclass names what does not exist).
    absent = "the limit does not exist"

    def _sympystr(self, printer: Any) -> str:
        right, left = self.args
        return f"(no limit: {printer.doprint(right)} from the right, {printer.doprint(left)} from the left)"
