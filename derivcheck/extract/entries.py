"""Vectors written without their subscripts inside a moment: one entry, as the document means.

A derivation about a layer of iid units often "drops the subscripts for clarity": it writes
``\\text{Var}\\{w^{(k)}\\}`` for the variance of any one weight w_ij, and
``\\mathbb{E}\\{\\partial \\text{Cost}/\\partial a^{(k)}\\}`` for the mean of any one entry. Read
literally, a moment of a vector is a vector, and the claim does not load or compares a vector
with a number. So, inside ``E(...)``, ``Var(...)`` and ``Cov(...)`` only:

- only the vectors the notation file names under a section's ``dropped:`` are read so (the
  document says it drops their subscripts; elsewhere a bare vector in a moment is a vector);
- a random vector or matrix of the claim (its entries are independent and identically
  distributed, as ``random:`` makes them) written bare is its first entry, ``w[1]`` or
  ``w[1, 1]``: every entry has the same law, so any one stands for all;
- a bound vector (a ``where:`` name of the notation file whose domain says ``vector[n]``) written
  bare is its entry ``[q]`` for a fresh index q from 1 to n: its entries need not be alike, so
  the claim is made for each of them;
- the derivative of an entry-by-entry function at such a vector, which the LaTeX reading
  writes ``jacobian(relu(a), a)*ones(n)``, is the derivative at that one entry.

Each rewriting is a reading, reported for review. Outside a moment nothing is changed: there a
vector is a vector. Inside one, a vector used twice (``w*w``: the dot product w·w, or two
entries?), beside one of its written entries, or as the argument of anything but a function of
a number (``norm``, ``dot``, ``Abs``, ``Max``, ``.T``, ``@``) leaves the moment as written.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass

_MOMENT = re.compile(r"(?<![A-Za-z0-9_])(?:E|Var|Cov)\(")
_SHAPE = re.compile(r"(vector|matrix)\s*\[\s*([A-Za-z0-9_]+)\s*(?:,\s*([A-Za-z0-9_]+)\s*)?\]")
#: The names a fresh index may take, in order.
_FRESH = ("q", "q1", "q2", "q3")
#: The functions of a number: a bare vector inside one of them (or in arithmetic) is read as
#: an entry. Inside any other (norm, dot, trace, softmax, ...) or next to ``.T`` or ``@`` the
#: document may well mean the whole vector, and the moment is left as written.
SCALAR_FUNCTIONS = frozenset({
    "relu", "H", "Heaviside", "sigmoid", "exp", "log", "sqrt", "sign", "tanh", "sin", "cos",
    "diff", "xlogy", "erf", "E", "Var", "Cov",
})  # fmt: skip


@dataclass(frozen=True)
class Entries:
    """What reading bare vectors as entries made of a claim's items.

    Attributes:
        items: the items' texts, rewritten.
        index: the fresh index and its domain (``range(1, n)``), when one was needed.
        readings: one sentence per rewriting.
    """

    items: tuple[str, ...]
    index: tuple[str, str] | None
    readings: tuple[str, ...]


def _span_end(text: str, start: int) -> int:
    """The index of the ``)`` closing the ``(`` just before ``start`` (len(text) if none)."""
    depth = 1
    for k in range(start, len(text)):
        if text[k] == "(":
            depth += 1
        elif text[k] == ")":
            depth -= 1
            if depth == 0:
                return k
    return len(text)


def _bare(name: str) -> re.Pattern[str]:
    return re.compile(r"(?<![A-Za-z0-9_.])" + re.escape(name) + r"(?![A-Za-z0-9_]|\s*\[)")


def one_entry(
    items: Collection[str],
    domains: Mapping[str, object],
    random: Collection[str],
    bound: Collection[str],
    used: Collection[str],
    dropped: Collection[str],
) -> Entries:
    """``items`` with each bare vector inside a moment read as one entry (see the module).

    Args:
        items: the claim's items, claim-language text.
        domains: the domains in force (a vector's is ``vector[n]``).
        random: the random names.
        bound: the bound names.
        used: every name the claim uses, so that a fresh index is new.
        dropped: the vectors the notation file says the document writes without subscripts;
            no other is read as an entry.
    """
    entry: dict[str, str] = {}
    lengths: dict[str, str] = {}
    for name, domain in domains.items():
        m = _SHAPE.fullmatch(domain.strip()) if isinstance(domain, str) else None
        if m is None or name not in dropped:
            continue
        if name in random:
            entry[name] = "[1]" if m.group(1) == "vector" else "[1, 1]"
        elif name in bound and m.group(1) == "vector":
            lengths[name] = m.group(2)
    # Only the bound vectors the items use bare need an index.
    lengths = {n: k for n, k in lengths.items() if any(_bare(n).search(t) for t in items)}
    fresh = next((f for f in _FRESH if f not in used), None)
    if len(set(lengths.values())) > 1 or fresh is None:
        lengths = {}  # bound vectors of two lengths in one claim: no one index fits; left as written
    readings: list[str] = []
    out: list[str] = []
    for text in items:
        out.append(_rewrite(text, entry, {n: f"[{fresh}]" for n in lengths}, readings))
    index = None
    if lengths and any(f"[{fresh}]" in t for t in out):
        index = (str(fresh), f"range(1, {next(iter(lengths.values()))})")
    return Entries(tuple(out), index, tuple(dict.fromkeys(readings)))


def _rewrite(text: str, entry: Mapping[str, str], each: Mapping[str, str], readings: list[str]) -> str:
    out: list[str] = []
    last = 0
    for m in _MOMENT.finditer(text):
        if m.start() < last:
            continue
        end = _span_end(text, m.end())
        body = text[m.end() : end]
        if not _scalar_uses(body, [*entry, *each]):
            out.append(text[last:end])
            last = end
            continue
        for name, index in {**entry, **each}.items():
            at = name + index
            body = re.sub(_JACOBIAN_AT.format(re.escape(name)), f"diff(\\1({at}), {at})", body)
            written, count = _bare(name).subn(name + index, body)
            if count:
                body = written
                if name in entry:
                    readings.append(f"{name} inside a moment without its subscripts is one of its alike entries, {name}{index}")
                else:
                    readings.append(f"{name} inside a moment without its subscript is its entry {index[1:-1]}, for each of them")
        out += [text[last : m.end()], body]
        last = end
    return "".join(out) + text[last:]


_JACOBIAN_AT = r"jacobian\((\w+)\({0}\), {0}\)\*ones\(\w+\)"


def _scalar_uses(body: str, names: Collection[str]) -> bool:
    """Whether every bare use of ``names`` in a moment's body is as a number (see SCALAR_FUNCTIONS).

    A name used bare twice (``w*w``, the dot product w·w) or beside one of its written entries
    (``w[1]*w``) may stand for the whole vector, or for two entries: neither is one entry.
    """
    for name in names:
        plain = re.sub(_JACOBIAN_AT.format(re.escape(name)), "diff(\\1(x), x)", body)
        # The variable of the derivative at the name is the name again, not a second use.
        plain = re.sub(r"diff\((\w+)\(" + re.escape(name) + r"\), " + re.escape(name) + r"\)", "diff(\\1(" + name + "))", plain)
        uses = list(_bare(name).finditer(plain))
        if len(uses) > 1 or re.search(r"(?<![A-Za-z0-9_])" + re.escape(name) + r"\s*\[", plain):
            return False
        for m in uses:
            after = plain[m.end() :].lstrip()
            before = plain[: m.start()].rstrip()
            if after.startswith((".T", "@")) or before.endswith("@"):
                return False
            call = _enclosing_call(plain, m.start())
            if call is not None and call not in SCALAR_FUNCTIONS:
                return False
    return True


def _enclosing_call(text: str, at: int) -> str | None:
    """The function whose parentheses hold position ``at`` (None: no call, or a bare parenthesis)."""
    depth = 0
    for k in range(at - 1, -1, -1):
        if text[k] == ")":
            depth += 1
        elif text[k] == "(":
            if depth == 0:
                head = re.search(r"([A-Za-z_][A-Za-z0-9_]*)\s*$", text[:k])
                return head.group(1) if head else None
            depth -= 1
    return None
