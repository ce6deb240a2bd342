"""Pretty-printed pictures laid out for a fixed-width terminal: split, folded, wrapped.

SymPy's pretty printer draws an expression as a block of lines (a picture).
``explain`` shows a chain's pictures one under the other and must fit them in
the terminal's width: a picture too wide is folded at its top-level signs
(:func:`fold_picture`) and, where no sign is left to cut at, wrapped in
slices (:func:`wrap_picture`), never cropped. Only cell widths come from rich.
"""

from __future__ import annotations

from rich.cells import cell_len

#: The relation signs SymPy's pretty printer puts between two sides.
_PRETTY_RELS = frozenset("=≠<>≤≥")


def split_pictures(text: str, count: int) -> list[list[str]] | None:
    """Split the pretty-printed pictures of ``count`` expressions joined by newlines.

    SymPy pads every line of one picture to the picture's width, and never
    emits an empty line inside a picture, so these splits are sound when they
    yield exactly ``count`` pictures: at empty lines; one line each; or at
    each change of line width. Anything else is ambiguous: None.

    >>> split_pictures("a\\nb + c", 2)
    [['a'], ['b + c']]
    >>> split_pictures(" 1\\n──\\n a\\nb", 2)
    [[' 1', '──', ' a'], ['b']]
    >>> split_pictures("ab\\ncd", 3) is None
    True
    """
    if "\n\n" in text:
        blocks = [block.split("\n") for block in text.split("\n\n")]
        return blocks if len(blocks) == count else None
    lines = text.split("\n")
    if len(lines) == count:
        return [[line] for line in lines]
    runs: list[list[str]] = []
    for line in lines:
        if runs and cell_len(runs[-1][-1]) == cell_len(line):
            runs[-1].append(line)
        else:
            runs.append([line])
    return runs if len(runs) == count else None


#: Where a picture too wide for the terminal may be cut, weakest binding first:
#: (signs, whether the sign stands on a line of its own). A sign on its own
#: line suits a relation or an equivalence; a sum or a conjunction carries on
#: with its sign at the start of the next line, as in print.
_CUTS: tuple[tuple[frozenset[str], bool], ...] = (
    (frozenset("⇔⇒→"), True),
    (frozenset("∨"), False),
    (frozenset("∧"), False),
    (_PRETTY_RELS, True),
    (frozenset("+-"), False),
)

#: The pieces of SymPy's brackets, tall or not, opening and closing.
_OPENING = frozenset("([{⎛⎜⎝⎡⎢⎣⎧⎨⎩")
_CLOSING = frozenset(")]}⎞⎟⎠⎤⎥⎦⎫⎬⎭")


def fold_picture(lines: list[str], width: int, *, wrap: bool = False) -> list[str]:
    """A picture too wide for ``width``, cut into pieces stacked one under the other.

    Cuts are made only at a top-level sign: outside every bracket, in a
    column where one line holds the sign between spaces and every other line
    is blank. The weakest-binding sign is cut first (see :data:`_CUTS`); a
    relation's sign goes on a line of its own, a sum is cut as late as the
    width allows, the rest starting with its sign. What cannot be cut is
    returned as it is, or with ``wrap`` sliced by :func:`wrap_picture`.

    >>> fold_picture(["aaaa = bbbb"], 6)
    ['aaaa', '=', 'bbbb']
    >>> fold_picture(["aa + bb + cc"], 8)
    ['aa + bb', '+ cc']
    >>> fold_picture(["(aa < bb) ⇔ cc"], 10)
    ['(aa < bb)', '⇔', 'cc']
    >>> fold_picture(["f(aaaa)"], 4, wrap=True)
    ['f(aa', '', 'aa)']
    """
    if not lines or max(cell_len(line) for line in lines) <= width:
        return lines
    span = max(len(line) for line in lines)
    padded = [line.ljust(span) for line in lines]
    for signs, own_line in _CUTS:
        cuts = [(c, row) for c, row in _gutters(padded, signs) if _depth(padded[row][:c]) == 0]
        if not cuts:
            continue
        if own_line:
            # The cut nearest the middle: the top-level one when a side holds another.
            c, row = min(cuts, key=lambda g: abs(g[0] - span // 2))
            left = _trim([line[: c - 1] for line in padded])
            right = _trim([line[c + 2 :] for line in padded])
            return fold_picture(left, width, wrap=wrap) + [padded[row][c]] + fold_picture(right, width, wrap=wrap)
        fitting = [g for g in cuts if _left_width(padded, g[0]) <= width]
        c, row = fitting[-1] if fitting else cuts[0]
        left = _trim([line[: c - 1] for line in padded])
        right = _trim([(line[c] if r == row else " ") + line[c + 1 :] for r, line in enumerate(padded)])
        return fold_picture(left, width, wrap=wrap) + fold_picture(right, width, wrap=wrap)
    return wrap_picture(lines, width) if wrap else lines


def wrap_picture(lines: list[str], width: int) -> list[str]:
    """A picture wider than ``width`` sliced into columns, the slices stacked, a blank line between.

    This is the last resort, for what :func:`fold_picture` finds no sign to cut
    at (a long product, a tall bracket): as SymPy's own ``wrap_line`` does, every
    line of the picture is cut at the same column, so that fraction bars and
    tall brackets stay aligned within a slice. A column blank on every line,
    in the right half of the slice, is preferred to cutting through a symbol.

    >>> wrap_picture(["aa bb cc"], 5)
    ['aa bb', '', 'cc']
    >>> wrap_picture([" 1 ", "───", " x "], 3)
    [' 1 ', '───', ' x ']
    """
    if not lines or width < 1 or max(cell_len(line) for line in lines) <= width:
        return lines
    span = max(len(line) for line in lines)
    padded = [line.ljust(span) for line in lines]
    cut = width
    # A double-width character (rare in SymPy's pictures) can make a slice of `width` characters too wide.
    while cut > 1 and max(cell_len(line[:cut]) for line in padded) > width:
        cut -= 1
    blank = [c for c in range(cut // 2, cut + 1) if c < span and all(line[c] == " " for line in padded)]
    if blank:
        cut = blank[-1]
    head = [line[:cut].rstrip() for line in padded]
    tail = _trim([line[cut:] for line in padded])
    return _trim(head) + [""] + wrap_picture(tail, width)


def _depth(prefix: str) -> int:
    """How many brackets are open at the end of ``prefix`` (one row of a picture)."""
    return sum(ch in _OPENING for ch in prefix) - sum(ch in _CLOSING for ch in prefix)


def _left_width(padded: list[str], c: int) -> int:
    """The width of a picture's columns left of ``c``, once its trailing blanks are dropped."""
    return max(cell_len(line[: c - 1].rstrip()) for line in padded)


def _gutters(padded: list[str], signs: frozenset[str]) -> list[tuple[int, int]]:
    """The columns (with the row of the sign) where a picture can be cut at one of ``signs``."""
    found = []
    for c in range(1, len(padded[0]) - 1):
        rows = [r for r, line in enumerate(padded) if line[c] != " "]
        if len(rows) != 1 or padded[rows[0]][c] not in signs:
            continue
        if all(line[c - 1] == " " and line[c + 1] == " " for line in padded):
            found.append((c, rows[0]))
    return found


def _trim(lines: list[str]) -> list[str]:
    """Drop the blank lines above and below a picture, and its common left margin."""
    while lines and not lines[0].strip():
        lines = lines[1:]
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    margin = min((len(line) - len(line.lstrip(" ")) for line in lines if line.strip()), default=0)
    return [line[margin:] for line in lines]


def baseline(lines: list[str]) -> int:
    """The row a label should sit on: the main fraction bar, else the middle row.

    The main bar is the longest run of ``─`` when it spans most of the
    picture; small bars inside a matrix or a sum do not count.
    """
    width = max((cell_len(line) for line in lines), default=0)
    best_row, best_run = len(lines) // 2, 0
    for row, line in enumerate(lines):
        run = _longest_run(line, "─")
        if run > best_run:
            best_row, best_run = row, run
    return best_row if best_run * 5 >= width * 3 else len(lines) // 2


def _longest_run(line: str, char: str) -> int:
    longest = current = 0
    for ch in line:
        current = current + 1 if ch == char else 0
        longest = max(longest, current)
    return longest
