"""The project's exceptions: one base class, a few kinds, caught once at the boundary.

Every error a claims file can cause carries the place it stands (file, line,
column) so that the boundary can turn it into an ``invalid`` verdict whose
message says where and why.
"""

from __future__ import annotations

from derivcheck.model import Location


class DerivcheckError(Exception):
    """Base class of every error derivcheck raises on purpose."""


class ClaimError(DerivcheckError):
    """A claims file or a claim cannot be read: bad YAML, a wrong key, an unknown name.

    Args:
        message: what is wrong, in one line, without the location.
        loc: where it is wrong, when known.
    """

    def __init__(self, message: str, loc: Location | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.loc = loc

    def __str__(self) -> str:
        return f"{self.loc}: {self.message}" if self.loc else self.message


class LimitExceeded(ClaimError):
    """An input is larger than a named safety limit (file size, nodes, exponent, ...)."""


class Unsupported(DerivcheckError):
    """The engine meets a construct it cannot decide; the verdict becomes ``undecided``."""


class OutOfTime(DerivcheckError):
    """The claim's time ran out: the verdict is ``timeout``, never ``undecided``.

    Strategies stop by counted effort (depths, sizes, numbers of boxes and
    regions), which is the same on every machine; the clock is only the
    safety net, and what it stops is reported as such, not as a decision.
    """


class UsageError(DerivcheckError):
    """The command line asks for something that does not exist (exit status 2)."""
