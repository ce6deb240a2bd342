"""A document's displayed equations, each with its place: the first stage of ``derivcheck extract``.

:func:`find_displays` reads Markdown (``$$…$$``, ``\\[…\\]``) or LaTeX (the display
environments of :data:`ENVIRONMENTS`, ``\\[…\\]``, ``$$…$$``) in one linear pass and
returns every display with the document line it starts on and the section it
stands in. Inline math (``$…$``, ``\\(…\\)``) is skipped: it is prose, not a claim.
Code (Markdown fences and backtick spans, LaTeX ``%`` comments and ``verbatim``)
is skipped too, so a ``$`` in an e-mail address or a code sample opens nothing.

A heading without a number inside a numbered section (``### Remarks`` under ``# 2
Second``, ``\\subsection*{Remarks}`` under a numbered ``\\section``) stays in that
section: its label stays §2, so what the notation file gives §2 still applies; its
title adds the subheading ("Second: Remarks"). An unnumbered heading at the level of
the numbered one or above (``# Appendix``) is a section of its own.

Nothing here raises for a malformed document: an unterminated display is a
:class:`Problem` (with its line) and the rest of the document is still read.
Only a document over :data:`MAX_DOCUMENT_BYTES` is refused, before it is scanned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from derivcheck.errors import DerivcheckError

#: Documents larger than this are refused before they are scanned.
MAX_DOCUMENT_BYTES = 2 * 1024 * 1024

#: The most characters of prose before a display kept with it (where its conditions are read).
MAX_PROSE_CHARS = 2000

#: The most displays one document may give; a document with more is refused. Each term is
#: parsed by the LaTeX translator (about a hundredth of a second), so this bounds a run to
#: about a minute; a long paper has a few hundred displays.
MAX_DISPLAYS = 2000


class ExtractError(DerivcheckError):
    """The document cannot be extracted at all (too large, not text)."""


class Syntax(str, Enum):
    """How a document is written."""

    MARKDOWN = "markdown"
    LATEX = "latex"


#: Display environments and how their rows are read (see :mod:`derivcheck.extract.chains`):
#: ``chain`` rows continue the statement above when they start with ``&``; ``gather`` rows
#: are separate statements; ``single`` rows are one statement broken over lines.
ENVIRONMENTS: dict[str, str] = {
    "equation": "single",
    "displaymath": "single",
    "multline": "single",
    "align": "chain",
    "aligned": "chain",
    "alignat": "chain",
    "flalign": "chain",
    "eqnarray": "chain",
    "split": "chain",
    "gather": "gather",
    "gathered": "gather",
}


@dataclass(frozen=True)
class Section:
    """Where a display stands: the nearest heading and item label above it.

    Attributes:
        number: the heading's number as written ("4", "2.1"), or None.
        title: the heading's words without the number ("" before any heading).
        item: the item label of the paragraph, e.g. "a" for "(a) ...", or None.
    """

    number: str | None = None
    title: str = ""
    item: str | None = None

    @property
    def label(self) -> str:
        """The section as the claims cite it: "§4(a)", "§4", or the heading's words."""
        if self.number is not None:
            return f"§{self.number}" + (f"({self.item})" if self.item else "")
        if self.item:
            return f"{self.title} ({self.item})".strip()
        return self.title


@dataclass(frozen=True)
class Display:
    """One displayed equation of a document.

    Attributes:
        body: its LaTeX, between the delimiters.
        line: the document line the body starts on (1-based).
        kind: its rows' reading: ``single``, ``chain`` or ``gather`` (see :data:`ENVIRONMENTS`).
        delimiter: how it was opened, e.g. ``$$``, ``\\[`` or ``align*``.
        section: the heading and item above it.
        prose: the document's text between the previous display (or heading) and this one,
            where a condition such as "When $x > 0$ we have:" stands.
    """

    body: str
    line: int
    kind: str
    delimiter: str
    section: Section
    prose: str = ""


@dataclass(frozen=True)
class Problem:
    """Something in the document that stops a display from being read (an unterminated one)."""

    line: int
    message: str


@dataclass(frozen=True)
class Scan:
    """Every display of a document, and the problems met on the way."""

    syntax: Syntax
    displays: tuple[Display, ...]
    problems: tuple[Problem, ...]


_ENV_NAMES = "|".join(sorted((re.escape(n) for n in ENVIRONMENTS), key=len, reverse=True))
_BEGIN = re.compile(r"\\begin\{(" + _ENV_NAMES + r")(\*?)\}")
_MD_HEADING = re.compile(r"[ ]{0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$")
_NUMBERED = re.compile(r"(\d+(?:\.\d+)*)\.?\s+(.*)$")
# "(a) ...", "- (a) ...", "\item[(a)] ...": the label of an item of a list of parts.
_ITEM = re.compile(r"[ \t]*(?:[-*+][ \t]+|\\item\s*\[)?\(([a-z]{1,3}|[ivx]{1,5}|\d{1,2})\)")
_LATEX_HEADING = re.compile(r"\\(section|subsection|subsubsection)(\*?)\s*\{")
_FENCE = re.compile(r"[ ]{0,3}(`{3,}|~{3,})")
_LATEX_SIGNS = re.compile(r"\\documentclass|\\begin\{document\}|\\section\*?\{")


def detect(text: str, name: str = "") -> Syntax:
    """Markdown or LaTeX: by the file's suffix, else by what the text contains.

    Example:
        >>> detect("# Title\\n\\n$$x = 1$$\\n")
        <Syntax.MARKDOWN: 'markdown'>
        >>> detect("\\\\section{One}\\n\\\\begin{equation}x = 1\\\\end{equation}\\n")
        <Syntax.LATEX: 'latex'>
    """
    lower = name.lower()
    if lower.endswith((".tex", ".ltx", ".latex")):
        return Syntax.LATEX
    if lower.endswith((".md", ".markdown", ".mdown")):
        return Syntax.MARKDOWN
    return Syntax.LATEX if _LATEX_SIGNS.search(text) else Syntax.MARKDOWN


def _line_starts(text: str) -> list[int]:
    return [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]


class _Scanner:
    """One pass over a document: a position, the section so far, what was found."""

    def __init__(self, text: str, syntax: Syntax) -> None:
        self.text = text
        self.syntax = syntax
        self.starts = _line_starts(text)
        self.section = Section()
        self.displays: list[Display] = []
        self.problems: list[Problem] = []
        self.latex_numbers: list[int] = [0, 0, 0]
        self.prose_start = 0
        #: The latest numbered heading's level (1 for "#", 0 for \\section) and section.
        self.numbered: tuple[int, Section] | None = None

    def heading(self, level: int, section: Section) -> Section:
        """The section a heading of ``level`` opens: an unnumbered subheading stays in its numbered section."""
        if section.number is not None:
            self.numbered = (level, section)
            return section
        if self.numbered is not None and level > self.numbered[0]:
            parent = self.numbered[1]
            return Section(parent.number, f"{parent.title}: {section.title}" if parent.title else section.title)
        self.numbered = None
        return section

    def line_of(self, offset: int) -> int:
        """The 1-based line of an offset (binary search over the line starts)."""
        lo, hi = 0, len(self.starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1

    def add(self, body: str, offset: int, kind: str, delimiter: str, opened: int) -> None:
        if len(self.displays) >= MAX_DISPLAYS:
            raise ExtractError(f"the document has more than {MAX_DISPLAYS} displays")
        prose = self.text[self.prose_start : opened][-MAX_PROSE_CHARS:]
        self.displays.append(Display(body, self.line_of(offset), kind, delimiter, self.section, prose))
        self.prose_start = offset + len(body)

    def unterminated(self, offset: int, opener: str, closer: str) -> int:
        self.problems.append(
            Problem(self.line_of(offset), f"'{opener}' is never closed by '{closer}': the rest of the document is not read")
        )
        return len(self.text)

    # -- the line-start rules: headings, item labels, code fences -------------------

    def at_line_start(self, i: int) -> int | None:
        """Handle what only counts at the start of a line; the new position, or None."""
        end = self.text.find("\n", i)
        end = len(self.text) if end < 0 else end
        line = self.text[i:end]
        if self.syntax is Syntax.MARKDOWN:
            fence = _FENCE.match(line)
            if fence:
                closing = re.compile(r"^[ ]{0,3}" + re.escape(fence.group(1)[0]) + "{" + str(len(fence.group(1))) + r",}[ \t]*$", re.M)
                found = closing.search(self.text, end + 1)
                return len(self.text) if found is None else found.end()
            heading = _MD_HEADING.match(line)
            if heading:
                self.section = self.heading(len(heading.group(1)), _section(heading.group(2)))
                self.prose_start = end
                return end
        item = _ITEM.match(line)
        if item:
            self.section = Section(self.section.number, self.section.title, item.group(1))
        return None

    def latex_heading(self, i: int, match: re.Match[str]) -> int:
        """A ``\\section{...}``: numbered by counting, as LaTeX does (a starred one is not)."""
        close = matching_brace(self.text, match.end() - 1)
        title = " ".join(self.text[match.end() : close].split()) if close is not None else ""
        depth = ("section", "subsection", "subsubsection").index(match.group(1))
        if match.group(2):
            self.section = self.heading(depth, Section(None, title))
        else:
            self.latex_numbers[depth] += 1
            for deeper in range(depth + 1, 3):
                self.latex_numbers[deeper] = 0
            number = ".".join(str(n) for n in self.latex_numbers[: depth + 1])
            self.section = self.heading(depth, Section(number, title))
        self.prose_start = match.end() if close is None else close + 1
        return self.prose_start

    # -- the scan --------------------------------------------------------------

    def run(self) -> None:
        text, n = self.text, len(self.text)
        i = 0
        line_start = True
        while i < n:
            if line_start:
                line_start = False
                moved = self.at_line_start(i)
                if moved is not None:
                    i = moved
                    continue
            c = text[i]
            if c == "\n":
                line_start = True
                i += 1
            elif c == "\\":
                i = self.backslash(i)
            elif c == "$":
                i = self.dollar(i)
            elif c == "`" and self.syntax is Syntax.MARKDOWN:
                i = _skip_code_span(text, i)
            elif c == "%" and self.syntax is Syntax.LATEX:
                end = text.find("\n", i)
                i = n if end < 0 else end
            else:
                i += 1

    def backslash(self, i: int) -> int:
        text = self.text
        nxt = text[i + 1 : i + 2]
        if nxt == "[":
            close = text.find("\\]", i + 2)
            if close < 0:
                return self.unterminated(i, "\\[", "\\]")
            self.add(text[i + 2 : close], i + 2, "single", "\\[", i)
            return close + 2
        if nxt == "(":
            close = text.find("\\)", i + 2)
            return i + 2 if close < 0 else close + 2
        begin = _BEGIN.match(text, i)
        if begin:
            name = begin.group(1) + begin.group(2)
            end_tag = "\\end{" + name + "}"
            close = text.find(end_tag, begin.end())
            if close < 0:
                return self.unterminated(i, "\\begin{" + name + "}", end_tag)
            self.add(text[begin.end() : close], begin.end(), ENVIRONMENTS[begin.group(1)], name, i)
            return close + len(end_tag)
        if self.syntax is Syntax.LATEX:
            if text.startswith("\\begin{verbatim}", i):
                close = text.find("\\end{verbatim}", i)
                return len(text) if close < 0 else close + len("\\end{verbatim}")
            heading = _LATEX_HEADING.match(text, i)
            if heading:
                return self.latex_heading(i, heading)
            item = _ITEM.match(text, i)
            if item and text.startswith("\\item", i):
                self.section = Section(self.section.number, self.section.title, item.group(1))
                return item.end()
        return i + 2  # an escaped character (\$, \%) or a command: nothing opens here

    def dollar(self, i: int) -> int:
        text = self.text
        if text.startswith("$$", i):
            close = _find_unescaped(text, "$$", i + 2)
            if close < 0:
                return self.unterminated(i, "$$", "$$")
            self.add(text[i + 2 : close], i + 2, "single", "$$", i)
            return close + 2
        # Inline math: skipped up to its closing $, within the paragraph. A lone $ (a price) opens nothing.
        close = _find_unescaped(text, "$", i + 1)
        paragraph_end = text.find("\n\n", i + 1)
        if close < 0 or (0 <= paragraph_end < close):
            return i + 1
        return close + 1


def _find_unescaped(text: str, needle: str, start: int) -> int:
    """The first ``needle`` at or after ``start`` not preceded by an odd run of backslashes."""
    at = text.find(needle, start)
    while at >= 0:
        slashes = 0
        while at - slashes - 1 >= start and text[at - slashes - 1] == "\\":
            slashes += 1
        if slashes % 2 == 0:
            return at
        at = text.find(needle, at + 1)
    return -1


def _skip_code_span(text: str, i: int) -> int:
    """Past a Markdown code span opened by a run of backticks at ``i`` (or past the run alone)."""
    j = i
    while j < len(text) and text[j] == "`":
        j += 1
    run = text[i:j]
    close = text.find(run, j)
    paragraph_end = text.find("\n\n", j)
    if close < 0 or (0 <= paragraph_end < close):
        return j
    return close + len(run)


def matching_brace(text: str, open_at: int) -> int | None:
    """The offset of the ``}`` closing the ``{`` at ``open_at``, or None (counted, no recursion)."""
    depth = 0
    i = open_at
    while i < len(text):
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return None


def _section(heading: str) -> Section:
    """A Markdown heading as a section: "4 Gradients and Networks" is §4, "Gradients and Networks"."""
    words = " ".join(heading.split())
    numbered = _NUMBERED.match(words)
    if numbered:
        return Section(numbered.group(1), numbered.group(2))
    return Section(None, words)


def find_displays(text: str, name: str = "", syntax: Syntax | None = None) -> Scan:
    """Every display of a document, in order, each with its line and section.

    Args:
        text: the document.
        name: its file name (its suffix decides Markdown or LaTeX when given).
        syntax: force one syntax instead of detecting it.

    Returns:
        The displays and the problems met (an unterminated ``$$`` or environment).

    Raises:
        ExtractError: for a document over :data:`MAX_DOCUMENT_BYTES` or with more
        than :data:`MAX_DISPLAYS` displays.

    Example:
        >>> scan = find_displays("## 4 Gradients\\n\\n(a) Inline $x = 1$ is prose.\\n$$y = 2$$\\n")
        >>> [(d.body, d.line, d.section.label) for d in scan.displays]
        [('y = 2', 4, '§4(a)')]
    """
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_DOCUMENT_BYTES:
        raise ExtractError(
            f"the document is {size} bytes, more than the limit of {MAX_DOCUMENT_BYTES} bytes"
        )
    chosen = syntax if syntax is not None else detect(text, name)
    scanner = _Scanner(text.replace("\r\n", "\n").replace("\r", "\n"), chosen)
    scanner.run()
    return Scan(chosen, tuple(scanner.displays), tuple(scanner.problems))
