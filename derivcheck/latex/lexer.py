"""LaTeX as a list of tokens and brace groups: what the pre-processing rewrites.

Only braces make groups here; parentheses and brackets stay tokens (LaTeX does
not balance them: ``[0, 1)``), matched where a rewrite needs them. The caller has
checked the nesting depth (:mod:`derivcheck.latex.guard`), so the recursion of
:func:`group` and :func:`render` is bounded.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

#: The prefix of the translation's placeholders (:mod:`derivcheck.latex.prepare`): one token each.
SLOT_PREFIX = "Zzq"

_TOKEN = re.compile(
    r"\\mathrm\{" + SLOT_PREFIX + r"[a-z]+\}|\\[A-Za-z]+\*?|\\.|\s+|[0-9]+(?:\.[0-9]+)?|.", re.DOTALL
)


@dataclass
class Group:
    """A brace group ``{...}``; ``items`` its content."""

    items: list[Item]


Item = str | Group


class Unbalanced(ValueError):
    """Braces that do not pair."""


def tokens(text: str) -> list[str]:
    """The tokens of ``text``: command words, escaped symbols, spaces, numbers, characters."""
    return _TOKEN.findall(text)


def group(text: str) -> list[Item]:
    """``text`` as items, brace groups nested. Raises :class:`Unbalanced`."""
    stack: list[list[Item]] = [[]]
    for tok in tokens(text):
        if tok == "{":
            stack.append([])
        elif tok == "}":
            if len(stack) == 1:
                raise Unbalanced("a '}' closes nothing")
            inner = stack.pop()
            stack[-1].append(Group(inner))
        else:
            stack[-1].append(tok)
    if len(stack) != 1:
        raise Unbalanced("a '{' is not closed")
    return stack[0]


def brace_end(text: str, start: int) -> int | None:
    """The index of the ``}`` that closes the ``{`` just before ``start`` (escaped braces skipped), or None."""
    depth = 1
    for k in range(start, len(text)):
        if text[k] == "{" and text[k - 1 : k] != "\\":
            depth += 1
        elif text[k] == "}" and text[k - 1 : k] != "\\":
            depth -= 1
            if depth == 0:
                return k
    return None


def render(items: list[Item]) -> str:
    """The items as LaTeX text again; a space keeps a command word from the letter after it."""
    out: list[str] = []
    for item in items:
        piece = "{" + render(item.items) + "}" if isinstance(item, Group) else item
        if out and re.search(r"\\[A-Za-z]+$", out[-1]) and piece[:1].isalpha():
            out.append(" ")
        out.append(piece)
    return "".join(out)


def is_space(item: Item) -> bool:
    return isinstance(item, str) and item.isspace()


def strip(items: list[Item]) -> list[Item]:
    """The items without leading and trailing spaces."""
    lo, hi = 0, len(items)
    while lo < hi and is_space(items[lo]):
        lo += 1
    while hi > lo and is_space(items[hi - 1]):
        hi -= 1
    return items[lo:hi]


def next_solid(items: list[Item], i: int) -> int:
    """The index of the first item at or after ``i`` that is not a space (``len`` if none)."""
    while i < len(items) and is_space(items[i]):
        i += 1
    return i


def prev_solid(items: list[Item], i: int) -> int:
    """The index of the last item at or before ``i`` that is not a space (-1 if none)."""
    while i >= 0 and is_space(items[i]):
        i -= 1
    return i


_OPENS = {"(": ")", "[": "]"}
_CLOSES = {")": "(", "]": "["}


def close_of(items: list[Item], i: int) -> int | None:
    """The index of the ``)`` or ``]`` that closes the one at ``i``, or None."""
    opener = items[i]
    if not isinstance(opener, str) or opener not in _OPENS:
        return None
    closer = _OPENS[opener]
    depth = 0
    for j in range(i, len(items)):
        if items[j] == opener:
            depth += 1
        elif items[j] == closer:
            depth -= 1
            if depth == 0:
                return j
    return None


def open_of(items: list[Item], j: int) -> int | None:
    """The index of the ``(`` or ``[`` that the one at ``j`` closes, or None."""
    closer = items[j]
    if not isinstance(closer, str) or closer not in _CLOSES:
        return None
    opener = _CLOSES[closer]
    depth = 0
    for i in range(j, -1, -1):
        if items[i] == closer:
            depth += 1
        elif items[i] == opener:
            depth -= 1
            if depth == 0:
                return i
    return None


def text_of(item: Item) -> str:
    """An item's LaTeX (a group without its braces)."""
    return render(item.items) if isinstance(item, Group) else item


def slot_letters(n: int) -> str:
    """The n-th name of a placeholder's letters: a, b, …, z, ba, bb, … (letters only: the parser keeps them whole)."""
    out = ""
    while True:
        out = chr(ord("a") + n % 26) + out
        n //= 26
        if n == 0:
            return out


def bracket_depths(items: list[Item]) -> Iterator[tuple[int, Item]]:
    """Each item with the depth of ( ) and [ ] brackets just after it (an opening bracket counts itself)."""
    depth = 0
    for it in items:
        if it in ("(", "["):
            depth += 1
        elif it in (")", "]"):
            depth -= 1
        yield depth, it
