"""A display's statements: its rows grouped into chains, each cut at its top-level relations.

This is the second stage of ``derivcheck extract``. It reads only the layout of a
display (rows ``\\\\``, alignment ``&``, environments, brackets) and the relation
symbols standing outside every bracket; what the terms mean is the translator's
business (:mod:`derivcheck.latex`).

- Rows of a ``chain`` display (``aligned``, ``align``, ``eqnarray``, …): a row whose
  text before its first ``&`` is blank (``&= …``, ``&\\le …``) continues the statement
  above; any other row starts a new one. ``gather`` rows are separate statements;
  ``single`` rows (``equation``, ``multline``, ``$$…$$``) are one statement.
- A relation counts only outside every bracket and inner environment: the ``=`` of
  ``p(y = 1|x)``, ``\\sum_{j=1}`` or a ``cases`` row is part of a term.
- ``\\text{ and }`` (or ``,\\quad``) at the top level separates two statements written on one line.

The scan is one counted pass per display (no recursion), so a deeply nested or
unbalanced display costs time linear in its length and never fails: unbalanced
brackets only make fewer relations count as top-level.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from derivcheck.extract.documents import ENVIRONMENTS, matching_brace

#: LaTeX relations with a claim-language counterpart, by command or symbol.
RELATIONS: dict[str, str] = {
    "=": "==",
    ":=": "==",
    "=:": "==",
    "\\coloneqq": "==",
    "\\eqqcolon": "==",
    "<": "<",
    "\\lt": "<",
    ">": ">",
    "\\gt": ">",
    "\\le": "<=",
    "\\leq": "<=",
    "\\leqslant": "<=",
    "\\leqq": "<=",
    "\\ge": ">=",
    "\\geq": ">=",
    "\\geqslant": ">=",
    "\\geqq": ">=",
    "\\ne": "!=",
    "\\neq": "!=",
}

#: Relations that cut a chain into terms but that a claim cannot state (yet): the
#: link becomes a TODO item naming the relation.
OTHER_RELATIONS: frozenset[str] = frozenset(
    {
        "\\approx", "\\sim", "\\simeq", "\\equiv", "\\cong", "\\propto", "\\iff",
        "\\Leftrightarrow", "\\Longleftrightarrow", "\\implies", "\\impliedby", "\\Rightarrow",
        "\\Longrightarrow", "\\Leftarrow", "\\in", "\\notin", "\\subset", "\\subseteq",
        "\\supset", "\\supseteq", "\\to", "\\rightarrow", "\\mapsto", "\\ll", "\\gg",
    }
)

#: Logical connectives between relations: ``a = 1 \\iff b > 0`` is the claim ``iff(a == 1, b > 0)``.
CONNECTIVES: dict[str, str] = {
    "\\iff": "iff",
    "\\Leftrightarrow": "iff",
    "\\Longleftrightarrow": "iff",
    "\\implies": "implies",
    "\\Rightarrow": "implies",
    "\\Longrightarrow": "implies",
}

#: Commands that put a label over a relation: ``\\stackrel{(a)}{=}`` is the relation ``=``.
_STACKED = ("\\stackrel", "\\overset", "\\underset")

#: Markup of the document, not of the mathematics: removed from every term.
_MARKUP = re.compile(r"\\(?:label|tag\*?|eqref)\s*\{[^{}]*\}|\\(?:nonumber|notag)\b")
_TRAILING = re.compile(r"(?:\s|\\[,;:!]|\\q?quad\b|[.,;])+$")
_LEADING = re.compile(r"^(?:\s|\\[,;:!]|\\q?quad\b)+")
_SEPARATOR_WORDS = frozenset({"and", ",", "and,", ";"})
_LEAD = re.compile(r"(?:\s|\\begin\s*\{(?:" + "|".join(ENVIRONMENTS) + r")\*?\}(?:\{\d+\})?)*")
_COMMAND = re.compile(r"\\([A-Za-z]+|.)")
_OPENERS = "([{"
_CLOSERS = ")]}"


@dataclass(frozen=True)
class Statement:
    """One chain of a display: its terms and the relations between them.

    Attributes:
        terms: the LaTeX of each term, in order (markup and spacing at the ends removed).
        relations: for each link k (joining term k and term k+1), the claim relation
            (``==``, ``<=``, …), or None when the LaTeX relation has no counterpart.
        written: for each link, the relation as the LaTeX writes it (``\\le``, ``\\approx``).
        latex: the statement's source text.
        offset: where the statement starts in the display's body.
    """

    terms: tuple[str, ...]
    relations: tuple[str | None, ...]
    written: tuple[str, ...]
    latex: str
    offset: int


@dataclass(frozen=True)
class _Row:
    text: str  # the row with its top-level & removed
    raw: str  # the row as written
    offset: int
    continues: bool  # blank before its first top-level &: it continues the statement above


@dataclass(frozen=True)
class _Cut:
    start: int
    end: int
    written: str


def _scan(text: str) -> tuple[list[int], list[int], list[_Cut], list[tuple[int, int]]]:
    """The top-level row breaks, ampersands, relations and statement separators of a text.

    Returns:
        (row breaks as (start) offsets of ``\\\\``, ampersand offsets, relation cuts,
        separator spans), each at bracket depth 0 and outside inner environments.
    """
    breaks: list[int] = []
    amps: list[int] = []
    cuts: list[_Cut] = []
    separators: list[tuple[int, int]] = []
    depth = 0
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "\\":
            m = _COMMAND.match(text, i)
            assert m is not None  # a backslash always starts a command, possibly one character
            name = "\\" + m.group(1)
            end = m.end()
            if name == "\\\\":
                if depth == 0:
                    breaks.append(i)
                i = end
                continue
            if name in ("\\begin", "\\end"):
                env = re.match(r"\s*\{([A-Za-z*]+)\}", text[end : end + 40])
                inner = env.group(1).rstrip("*") if env else ""
                skip = end + (env.end() if env else 0)
                if inner in ENVIRONMENTS:
                    i = skip  # a chain environment's markers are layout: its rows are ours
                    continue
                depth += 1 if name == "\\begin" else -1
                depth = max(depth, 0)
                i = skip
                continue
            if name in ("\\left", "\\right"):
                depth += 1 if name == "\\left" else -1
                depth = max(depth, 0)
                d = _COMMAND.match(text, end) if text.startswith("\\", end) else None
                i = d.end() if d else min(end + 1, n)
                continue
            if name in ("\\{", "\\}"):
                depth += 1 if name == "\\{" else -1
                depth = max(depth, 0)
                i = end
                continue
            if depth == 0:
                if name in RELATIONS or name in OTHER_RELATIONS:
                    cuts.append(_Cut(i, end, name))
                elif name in _STACKED:
                    stacked = _stacked_relation(text, end)
                    if stacked is not None:
                        cuts.append(_Cut(i, stacked[0], stacked[1]))
                        i = stacked[0]
                        continue
                elif name == "\\text":
                    close = _group_end(text, end)
                    if close is not None and text[end:close].strip(" {}\t\n") in _SEPARATOR_WORDS:
                        separators.append((i, close))
                        i = close
                        continue
            i = end
            continue
        if c in _OPENERS:
            depth += 1
        elif c in _CLOSERS:
            depth = max(depth - 1, 0)
        elif depth == 0:
            if c == "&":
                amps.append(i)
            elif c in "=<>":
                two = text[i : i + 2]
                if c == "=" and two == "=:":
                    cuts.append(_Cut(i, i + 2, "=:"))
                    i += 2
                    continue
                cuts.append(_Cut(i, i + 1, c))
            elif c == ":" and text.startswith(":=", i):
                cuts.append(_Cut(i, i + 2, ":="))
                i += 2
                continue
            elif c == "," and re.match(r",\s*\\q?quad\b", text[i : i + 12]):
                separators.append((i, i + 1))
        i += 1
    return breaks, amps, cuts, separators


def _group_end(text: str, start: int) -> int | None:
    """The offset just past the ``{…}`` group starting at ``start`` (spaces allowed before it)."""
    i = start
    while i < len(text) and text[i] in " \t\n":
        i += 1
    if i >= len(text) or text[i] != "{":
        return None
    close = matching_brace(text, i)
    return None if close is None else close + 1


def _stacked_relation(text: str, start: int) -> tuple[int, str] | None:
    """``\\stackrel{label}{rel}``: the end of the whole and the relation it stands for."""
    label_end = _group_end(text, start)
    if label_end is None:
        return None
    rel_end = _group_end(text, label_end)
    if rel_end is None:
        return None
    inner = text[label_end:rel_end].strip(" \t\n{}")
    if inner in RELATIONS or inner in OTHER_RELATIONS:
        return rel_end, inner
    return None


def _clean(term: str) -> str:
    term = _MARKUP.sub(" ", term)
    term = _TRAILING.sub("", term)
    term = _LEADING.sub("", term)
    return " ".join(term.split())


def _rows(body: str) -> list[_Row]:
    breaks, amps, _, _ = _scan(body)
    rows: list[_Row] = []
    start = 0
    for stop in [*breaks, len(body)]:
        raw = body[start:stop]
        row_amps = [a - start for a in amps if start <= a < stop]
        text = "".join(" " if k in row_amps else ch for k, ch in enumerate(raw))
        text = _strip_wrappers(text)
        before = raw[: row_amps[0]] if row_amps else None
        continues = before is not None and not _strip_wrappers(before).strip()
        if text.strip():
            lead = _LEAD.match(raw)
            rows.append(_Row(text, raw, start + (lead.end() if lead else 0), continues))
        start = stop + 2
        # ``\\[2pt]``: the optional space after a row break is layout.
        spacing = re.match(r"\s*\[[^\]]{0,20}\]", body[start : start + 24])
        if spacing and stop < len(body):
            start += spacing.end()
    return rows


def _strip_wrappers(text: str) -> str:
    """A row without the markers of the chain environments around it."""
    return re.sub(r"\\(?:begin|end)\s*\{(?:" + "|".join(ENVIRONMENTS) + r")\*?\}(?:\{\d+\})?", " ", text)


def _inner_kind(body: str, kind: str) -> str:
    """The rows' reading: a ``$$`` display holding ``aligned`` reads as a chain, ``gathered`` as a gather."""
    m = re.search(r"\\begin\s*\{(" + "|".join(ENVIRONMENTS) + r")\*?\}", body)
    return ENVIRONMENTS[m.group(1)] if (m and kind == "single") else kind


def _cut(text: str, offset: int, latex: str) -> Statement:
    _, _, cuts, _ = _scan(text)
    terms: list[str] = []
    relations: list[str | None] = []
    written: list[str] = []
    start = 0
    for cut in cuts:
        terms.append(_clean(text[start : cut.start]))
        relations.append(RELATIONS.get(cut.written))
        written.append(cut.written)
        start = cut.end
    terms.append(_clean(text[start:]))
    return Statement(tuple(terms), tuple(relations), tuple(written), latex, offset)


def statements(body: str, kind: str) -> list[Statement]:
    """The statements of a display, in order.

    Args:
        body: the display's LaTeX, between its delimiters.
        kind: ``single``, ``chain`` or ``gather`` (of the display's own environment).

    Returns:
        Each statement with its terms and relations; a statement with one term
        and no relation is returned too (the caller says it is skipped).

    Example:
        >>> [s.terms for s in statements("a &= b \\\\\\\\ &\\\\le c", "chain")]
        [('a', 'b', 'c')]
        >>> [s.relations for s in statements("x^2 \\\\ge 0 = 0", "single")]
        [('>=', '==')]
    """
    kind = _inner_kind(body, kind)
    rows = _rows(body)
    groups: list[list[_Row]] = []
    for row in rows:
        if kind == "single" and groups:
            groups[-1].append(row)
        elif kind == "chain" and groups and row.continues:
            groups[-1].append(row)
        else:
            groups.append([row])
    whole = len(groups) == 1
    out: list[Statement] = []
    for group in groups:
        text = " ".join(r.text for r in group)
        if whole:
            latex = body.strip()
        else:
            latex = " \\\\\n".join(r.raw.strip() for r in group)
            latex = _strip_wrappers(latex).strip()
            if "&" in latex:
                latex = "\\begin{aligned} " + latex + " \\end{aligned}"
        pieces = _separate(text)
        for piece_start, piece in pieces:
            piece_latex = latex if len(pieces) == 1 else " ".join(piece.split())
            out.append(_cut(piece, group[0].offset + (piece_start if len(group) == 1 else 0), piece_latex))
    return out


def _separate(text: str) -> list[tuple[int, str]]:
    """The statement cut at top-level separators (``\\text{ and }``, ``,\\quad``)."""
    _, _, _, separators = _scan(text)
    pieces: list[tuple[int, str]] = []
    start = 0
    for a, b in separators:
        pieces.append((start, text[start:a]))
        start = b
    pieces.append((start, text[start:]))
    return [(s, p) for s, p in pieces if p.strip()]
