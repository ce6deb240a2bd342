"""The limits on LaTeX read from a document, checked before any parser sees it.

LaTeX from a document is as untrusted as a claims file. It gets the same kind of
limits: a size, a nesting depth (checked here, by counting, so that the parser's
recursion is never reached with a deep input), a number of tokens; and the macros
that define, include or write anything are refused outright (nothing in a document
is ever run, and a definition would change what the rest means).
"""

from __future__ import annotations

import re

#: Characters of one LaTeX formula (a display of the assignment is under 600).
MAX_LATEX_CHARS = 20_000
#: Nesting of braces, brackets and parentheses together.
MAX_LATEX_DEPTH = 40
#: Tokens of one formula: command words, letters, digits, single symbols.
MAX_LATEX_TOKENS = 3_000
#: Superscripts of one formula (a display of the assignment has at most 17): the parser's
#: prediction takes about 20 ms of CPU for each, whatever the rest, so 3 000 tokens of
#: powers would take it ten seconds.
MAX_LATEX_POWERS = 64

#: Macros refused: they define, include, read, write or change how the input is read.
REFUSED_MACROS: frozenset[str] = frozenset({
    "def", "edef", "gdef", "xdef", "let", "futurelet", "newcommand", "renewcommand",
    "providecommand", "DeclareMathOperator", "DeclareRobustCommand", "newenvironment",
    "renewenvironment", "input", "include", "includeonly", "InputIfFileExists", "openin",
    "openout", "read", "readline", "write", "immediate", "catcode", "lccode", "uccode",
    "mathcode", "delcode", "sfcode", "csname", "endcsname", "expandafter", "noexpand",
    "makeatletter", "makeatother", "usepackage", "RequirePackage", "documentclass",
    "special", "directlua", "latelua", "pdfprimitive", "primitive", "scantokens",
    "everymath", "everydisplay", "everypar", "afterassignment", "aftergroup", "jobname",
    "loop", "repeat", "href", "url",
})  # fmt: skip

_TOKEN = re.compile(r"\\[A-Za-z@]+|\\.|[A-Za-z]|[0-9]+|\S")
_COMMAND = re.compile(r"\\([A-Za-z@]+)")
_OPEN = "{[("
_CLOSE = "}])"


def check(latex: str) -> str | None:
    """Why ``latex`` is refused before parsing, or None when it is within the limits.

    Linear in the length of the text, whatever the text is.
    """
    # The size first: every later check is linear in it.
    if len(latex) > MAX_LATEX_CHARS:
        return (
            f"the LaTeX has {len(latex)} characters, more than the limit of {MAX_LATEX_CHARS}"
        )
    if "\x00" in latex:
        return "the LaTeX holds a NUL character"
    depth = deepest = 0
    escaped = False
    for ch in latex:
        if escaped:
            escaped = False
            continue
        if ch == "\\":
            escaped = True
        elif ch in _OPEN:
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_LATEX_DEPTH:
                return (
                    f"the LaTeX is nested more than {MAX_LATEX_DEPTH} levels deep"
                    " (braces, brackets and parentheses)"
                )
        elif ch in _CLOSE:
            depth = max(depth - 1, 0)
    for match in _COMMAND.finditer(latex):
        if match.group(1) in REFUSED_MACROS or "@" in match.group(1):
            return (
                f"the macro \\{match.group(1)} is refused: a formula may not define, include,"
                " read or write anything (write the formula out)"
            )
    if latex.count("^") > MAX_LATEX_POWERS:
        return f"the LaTeX has {latex.count('^')} superscripts (^), more than the limit of {MAX_LATEX_POWERS}"
    tokens = 0
    for _ in _TOKEN.finditer(latex):
        tokens += 1
        if tokens > MAX_LATEX_TOKENS:
            return f"the LaTeX has more than {MAX_LATEX_TOKENS} tokens"
    return None
