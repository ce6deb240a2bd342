"""What the LaTeX parser is given: a term rewritten so that it reads it as the document means it.

The parser reads textbook LaTeX but not all of a derivation's: ``S(x)_i``,
``\\frac{\\partial f}{\\partial x_j}``, ``\\sigma'(x)``, ``\\|v\\|``, ``a \\odot b``,
``\\text{Diag}`` and the document's own names. Each of those is replaced by a
*slot*: a placeholder function ``\\mathrm{Zzq...}(args)`` or name ``\\mathrm{Zzq...}``
that the parser passes through untouched, and that the walk
(:mod:`derivcheck.latex.walk`) turns back into the claim language from the slot's
:class:`Slot`. What cannot be read is a :class:`Refused` with a message for a user.

Rules of reading, documented for users in the README:

- ``x_i`` is the entry ``x[i]`` when ``x`` is *indexed* (a vector or matrix of the
  claim), else the name ``x_i``; ``A_{ij}`` and ``A_{i,j}`` are ``A[i, j]``; ``x_{12}``
  is ``x[12]``.
- ``\\log`` is the natural logarithm (``\\log_b`` is to base b).
- ``h^{(k)}``, a superscript of one letter or number in parentheses (optionally ``±`` a
  number), is a label, not a power: on a letter it makes the name ``h__k`` (``h^{(k-1)}``:
  ``h__km1``), reported as a reading; a notation entry (``"h^{(k)}": h``) comes first.
- ``a^{(k)}(x)``, a labelled name applied to a letter the caller names *implicit* (the
  document's input, carried by every quantity), is the name ``a__k``: the argument is
  left implicit, reported as a reading.
- ``\\frac{\\partial}{\\partial x}`` and ``\\frac{d}{dx}`` apply to the product that
  follows, up to the next ``+`` or ``-``.
- ``d`` is a differential only at the end of an integrand (``\\int_a^b f\\, dt``,
  ``\\mathrm{d}t``) and in ``\\frac{d ...}{d ...}``; elsewhere it is the name d (``d y`` is
  ``d*y``), and ``d`` against a letter (``dx``) is refused
  (:mod:`derivcheck.latex.differentials`). So is an integral without its differential.
- ``\\begin{cases} e & c \\\\ ... \\end{cases}`` is ``Piecewise((e, c), ...)``.
- ``\\sum_k e`` without bounds is the sum over the whole of the vectors ``e`` indexes by
  k, when they are all of one known length (``lengths``), reported as a reading.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from derivcheck.latex import opaque
from derivcheck.latex.differentials import joined, protect
from derivcheck.latex.groups import (
    PLAIN,
    annotated,
    bodies,
    calls,
    collapse,
    dots,
    hadamards,
    known_calls,
)
from derivcheck.latex.lexer import (
    SLOT_PREFIX,
    Group,
    Item,
    bracket_depths,
    close_of,
    group,
    is_space,
    next_solid,
    open_of,
    prev_solid,
    render,
    strip,
    text_of,
)
from derivcheck.latex.notation import Notation, normalise_key
from derivcheck.latex.readings import densities, whole_lists
from derivcheck.latex.slots import (
    BIG_OPERATORS,
    PREFIX,
    Reader,
    Refused,
    Slot,
    Slots,
    is_slot,
    name_of,
)

_SIZING = re.compile(r"\\(?:left|right|middle|[bB]igg?[lrm]?)(?![A-Za-z])\s*\.?")
_SPACES = re.compile(
    r"\\[,;:! ]|~|\\q?quad(?![A-Za-z])|\\(?:display|text|script)style(?![A-Za-z])"
)
_RENAMES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"\\[td]frac(?![A-Za-z])", r"\\frac"),
        (r"\\(?:long)?rightarrow(?![A-Za-z])", r"\\to"),
        (r"\\lbrace(?![A-Za-z])|\\\{", "("),
        (r"\\rbrace(?![A-Za-z])|\\\}", ")"),
        (r"\\[lr]?vert(?![A-Za-z])", "|"),
        (r"\\[lr]?Vert(?![A-Za-z])", r"\\|"),
        (r"\^\s*(?:\\top|\\intercal|\{\s*(?:\\top|\\intercal|T|\\mathsf\{T\}|\\mathrm\{T\})\s*\})", "^T"),
        (r"\\log(?![A-Za-z])(?!\s*_)", r"\\ln"),
        (r"\^\s*([+-])\s*(?=\})", r"^{\1}"),
        (r"\\int\s*_\s*\{\s*[A-Za-z]\s*=", r"\\int_{"),
        (r"\\(?:mathbf|boldsymbol|bm|vec|mathit)\s*\{([^{}]*)\}", r"\1"),
        (r"\\mathrm\s*\{\s*d\s*\}\s*", "d"),
    )
)
_SUPERSCRIPT_LABEL = re.compile(r"\^\s*\{\s*\(\s*(?:[A-Za-z]|[0-9]+|[A-Za-z]\s*[+-]\s*[0-9]+)\s*\)\s*\}")
_LETTER_RUN = re.compile(r"(?<![\\A-Za-z])(?<!begin\{)(?<!end\{)(?<!_\{)(?!Zzq)[A-Za-z]{3,}(?![A-Za-z])")
_UNBOUNDED = re.compile(r"\\(?:sum|prod)\s*_\s*(?:[A-Za-z]|\{[^{}]*\})(?!\s*\^)")
_SUM_LETTER = re.compile(r"\\(sum|prod)\s*_\s*(?:([A-Za-z])(?![A-Za-z])|\{\s*([A-Za-z])\s*\})(?!\s*\^)")
_CASES = re.compile(r"\\begin\s*\{cases\}((?:(?!\\begin\s*\{cases\}).)*?)\\end\s*\{cases\}", re.DOTALL)
_OTHERWISE = re.compile(r"\s*(?:\\text\s*\{\s*(?:otherwise|else)\s*\}|otherwise)\s*")
_ELLIPSIS = re.compile(r"\\(?:c|l|v|d)?dots(?![A-Za-z])|\.\.\.")
_DECORATED = re.compile(r"\\(hat|bar|tilde|mathcal|mathbb|mathfrak|mathscr)\s*\{\s*([A-Za-z])\s*\}")
_DECORATION = {"hat": "hat", "bar": "bar", "tilde": "tilde", "mathcal": "cal", "mathbb": "bb",
               "mathfrak": "frak", "mathscr": "scr"}  # fmt: skip
_WORDS = re.compile(r"\\(text|operatorname|mathrm|textrm|textit|mbox)\s*\{(?!" + SLOT_PREFIX + r")([^{}]*)\}")
#: A letter with a label, ``h^{(k)}``, ``b_i^{(k)}`` or ``w_{ij}^{(k-1)}``: the letter, its
#: subscript (kept for the later reading of subscripts) and the label.
_LABELLED = re.compile(
    r"(?<![\\A-Za-z])([A-Za-z])(\s*_\s*(?:[A-Za-z0-9]|\{[^{}]*\}))?"
    r"\s*\^\s*\{\s*\(\s*([A-Za-z]|[0-9]+|[A-Za-z]\s*[+-]\s*[0-9]+)\s*\)\s*\}"
    r"(\s*\(\s*([A-Za-z])\s*\))?"
)
#: The same after the d of a differential, ``da^{(k)}``, read only in a term with an integral.
_DIFFERENTIAL_LABELLED = re.compile(r"(?<=[^\\A-Za-z]d)" + _LABELLED.pattern[len(r"(?<![\\A-Za-z])") :])
_LABEL = re.compile(r"\(\s*(?:[A-Za-z]|[0-9]+|[A-Za-z]\s*[+-]\s*[0-9]+)\s*\)")


def _key_regex(key: str) -> re.Pattern[str]:
    parts = []
    for tok in re.findall(r"\\[A-Za-z]+|\\.|\S", normalise_key(key)):
        piece = re.escape(tok)
        if re.fullmatch(r"\\[A-Za-z]+", tok):
            piece += r"(?![A-Za-z])"
        parts.append(piece)
    body = r"\s*".join(parts)
    if re.fullmatch(r"[A-Za-z]", key):
        # A one-letter key (S: softmax) is the function only where it is applied:
        # elsewhere the letter is an ordinary name, and xS(x) is x times S(x).
        return re.compile(r"(?<![\\_^])" + body + r"(?=\s*(?:\(|\\left\s*\(|'|\[))")
    if key[:1].isalpha():
        body = r"(?<![A-Za-z\\])" + body
    if key[-1:].isalpha():
        body += r"(?![A-Za-z])"
    return re.compile(body)


def prepare(
    term: str,
    notation: Notation,
    indexed: frozenset[str],
    slots: Slots,
    read: Reader,
    lengths: Mapping[str, str] | None = None,
    whole: Reader | None = None,
    *,
    implicit: frozenset[str] = frozenset(),
    random: frozenset[str] = frozenset(),
) -> str:
    """``term`` rewritten for the parser, its placeholders recorded in ``slots``.

    A function's arguments are read (by ``read``) here, and the call becomes one
    placeholder: the parser never sees a call of a placeholder.

    ``whole`` translates a fragment that may be a relation (a row of ``cases``); without
    it, ``cases`` is refused. ``implicit``: the letters a labelled name may be applied to
    and read without (``a^{(k)}(x)`` is ``a__k``); ``random``: the random names, for the
    readings of :mod:`derivcheck.latex.readings`.

    Raises:
        Refused: something the translation does not read (with the reason).
    """
    if PREFIX.lower() in term.lower():
        raise Refused(f"the text '{PREFIX}' is reserved by the translation")
    text = term
    if _CASES.search(text):
        if whole is None:
            raise Refused("a 'cases' environment is read only as a whole term")
        text = _CASES.sub(lambda m: _piecewise(m.group(1), slots, whole), text)
    # The document's own patterns first, as the document spells them.
    for key, name in notation.patterns():
        text = _key_regex(key).sub(_placing(slots, name), text)
    text = annotated(text, slots)
    text = _SIZING.sub(" ", text)
    text = _SPACES.sub(" ", text)
    for pattern, replacement in _RENAMES:
        text = pattern.sub(replacement, text)
    text = _LABELLED.sub(lambda m: _labelled(m, slots, implicit), text)
    if "\\int" in text:
        text = _DIFFERENTIAL_LABELLED.sub(lambda m: _labelled(m, slots), text)
    label = _SUPERSCRIPT_LABEL.search(text)
    if label is not None:
        raise Refused(
            f"the superscript '{label.group(0).strip()}' is read as a label, not a power:"
            f" add a notation entry for the labelled name (e.g. \"h{label.group(0).strip()}\": h)"
        )
    text = densities(text, random, {k for k, v in notation.names() if v == "pdf"}, slots)
    text = _whole_ranges(text, lengths or {}, slots)
    text = whole_lists(text, lengths or {}, slots)
    if _UNBOUNDED.search(text):
        raise Refused("a sum or product without its range (\\sum_k): write the bounds, \\sum_{k=1}^{n}")
    if _ELLIPSIS.search(text):
        raise Refused("an ellipsis (\\dots) stands for terms not written: write the sum or the vector")
    for key, name in sorted(notation.names(), key=lambda kv: -len(kv[0])):
        text = _key_regex(key).sub(_placing(slots, name), text)
    text = _DECORATED.sub(
        lambda m: " " + _str(slots.add(Slot("name", f"{m.group(2)}_{_DECORATION[m.group(1)]}"), False)) + " ", text
    )
    text = opaque.mark(text, slots)
    text = _WORDS.sub(lambda m: _word(m.group(1), m.group(2)), text)
    word = _LETTER_RUN.search(text)
    if word is not None:
        raise Refused(
            f"'{word.group(0)}' would be read as a product of {len(word.group(0))} letters: write it"
            f" \\text{{{word.group(0)}}} with a notation entry, or with spaces for a product"
        )
    text = re.sub(r"(?<![0-9.])[0-9]+\.[0-9]+(?![0-9.])", lambda m: _str(slots.add(Slot("literal", m.group(0)), False)), text)
    try:
        items = group(text)
    except ValueError as exc:
        raise Refused(f"the braces do not pair: {exc}") from None
    items = _rewrite(protect(items, slots), indexed, slots, read)
    prepared = render(items)
    opaque.refuse_left(prepared, slots)
    return prepared


def _piecewise(body: str, slots: Slots, whole: Reader) -> str:
    """``\\begin{cases} e_1 & c_1 \\\\ e_2 & c_2 \\end{cases}`` as one placeholder for
    ``Piecewise((e_1, c_1), (e_2, c_2))``: the first value whose condition holds.

    Each row must have one value and one condition; ``\\text{otherwise}`` is ``True``. A
    condition "for all other x" not written is not guessed: a row without one is refused.
    """
    rows: list[str] = []
    for row in re.split(r"\\\\", body):
        if not row.strip():
            continue
        parts = row.split("&")
        if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
            raise Refused("a row of 'cases' must be a value & a condition")
        value, condition = parts
        condition = re.sub(r"^\s*(?:\\text\s*\{\s*(?:if|for|when)\s*\}|if)\s*", "", condition)
        if _OTHERWISE.fullmatch(condition):
            cond = "True"
        else:
            cond = whole(condition)
        shown = whole(value)
        if re.search(r"[<>=!]", shown):
            raise Refused("a value of 'cases' is a relation: write the relation as its condition")
        rows.append(f"({shown}, {cond})")
    if not rows:
        raise Refused("an empty 'cases' environment")
    return " " + _str(slots.add(Slot("expr", "Piecewise(" + ", ".join(rows) + ")"), False)) + " "


def _labelled(m: re.Match[str], slots: Slots, implicit: frozenset[str] = frozenset()) -> str:
    """``h^{(k)}`` as the name ``h__k`` (``h^{(k-1)}``: ``h__km1``; ``h^{(L+1)}``: ``h__Lp1``).

    A label in parentheses is never a power. The double underscore keeps the generated
    name apart from a subscript's (``h_k`` is ``h`` with the subscript k); each name made
    is recorded in ``slots.readings`` for review. Applied to an implicit letter,
    ``a^{(k)}(x)`` is the name too; any other argument is left to the reading of calls.
    """
    letter, sub, label = m.group(1), m.group(2) or "", m.group(3)
    code = re.sub(r"\s+", "", label).replace("+", "p").replace("-", "m")
    name = f"{letter}__{code}"
    shown = f"{letter}^{{({re.sub(r'[ ]+', '', label)})}}"
    applied, argument = m.group(4) or "", m.group(5)
    reading = f"{shown} is the name {name}"
    if argument is not None and argument in implicit and not sub:
        reading = f"{shown}({argument}) is the name {name}, its argument {argument} left implicit"
        applied = ""
    if reading not in slots.readings:
        slots.readings.append(reading)
    return " " + _str(slots.add(Slot("name", name), False)) + sub + applied


def _whole_ranges(text: str, lengths: Mapping[str, str], slots: Slots) -> str:
    """``\\sum_k`` over the whole range of the vectors the term indexes by k.

    Read only when every name the term subscripts by ``k`` is a vector of ``lengths``
    (name → its length), all of one length ``n``: the sum is then ``\\sum_{k=1}^{n}``,
    recorded in ``slots.readings`` for review. Otherwise the sum stays unbounded (refused).
    """
    def bounded(m: re.Match[str]) -> str:
        k = m.group(2) or m.group(3)
        used = set(re.findall(r"(?<![\\A-Za-z])([A-Za-z])\s*_\s*(?:" + k + r"(?![A-Za-z])|\{\s*" + k + r"\s*\})", text))
        sizes = {lengths.get(name) for name in used}
        if not used or len(sizes) != 1 or None in sizes:
            return m.group(0)
        (n,) = sizes
        reading = f"\\{m.group(1)}_{k} is read over the whole of {', '.join(sorted(used))}: {k} from 1 to {n}"
        if reading not in slots.readings:
            slots.readings.append(reading)
        return f"\\{m.group(1)}_{{{k}=1}}^{{{n}}}"

    return _SUM_LETTER.sub(bounded, text)


def _placing(slots: Slots, name: str) -> Callable[[re.Match[str]], str]:
    """A replacement by a new placeholder of the name, for ``re.sub``."""

    def place(_: re.Match[str]) -> str:
        return " " + _str(slots.add(Slot("name", name))) + " "

    return place


def _str(item: Item) -> str:
    return render([item])


def _word(command: str, body: str) -> str:
    word = body.strip()
    if re.fullmatch(r"[A-Za-z]", word):
        return word
    if command in ("text", "textrm", "textit", "mbox") and (" " in word or not word):
        raise Refused(f"the words '\\{command}{{{body}}}' are prose, not mathematics")
    raise Refused(
        f"'\\{command}{{{body}}}' is prose, or a name the notation does not know:"
        f" add an entry for it to the notation table (e.g. \"\\{command}{{{body}}}\": name)"
    )


def _rewrite(items: list[Item], indexed: frozenset[str], slots: Slots, read: Reader) -> list[Item]:
    """One list of items (and, first, every group in it) rewritten."""
    items = [Group(_rewrite(it.items, indexed, slots, read)) if isinstance(it, Group) else it for it in items]
    items = _norms(items, slots)
    items = _derivatives(items, slots)
    items = _primes(items, slots)
    items = _scripts(items, indexed, slots)
    items = _brackets(items, slots)
    items = hadamards(dots(items, slots), slots)
    items = known_calls(items, slots)
    items = calls(items, slots, read)
    return bodies(collapse(items, slots, read), slots, read)


def _norms(items: list[Item], slots: Slots) -> list[Item]:
    marks = [i for i, it in enumerate(items) if it == "\\|"]
    if not marks:
        return items
    if len(marks) % 2:
        raise Refused("a '\\|' norm bar is not closed")
    out: list[Item] = []
    last = 0
    for a, b in zip(marks[::2], marks[1::2], strict=False):
        out += items[last:a]
        out += [slots.add(Slot("call", "norm"), True), "(", *items[a + 1 : b], ")"]
        last = b + 1
    return out + items[last:]


def _split_d(items: list[Item], mark: str) -> tuple[int, list[Item]] | None:
    """``\\partial^2 f`` or ``d^2 f``: the order and what follows; None when it is not one."""
    items = strip(items)
    if not items or items[0] != mark:
        return None
    rest = items[1:]
    order = 1
    j = next_solid(rest, 0)
    if j < len(rest) and rest[j] == "^":
        k = next_solid(rest, j + 1)
        if k >= len(rest):
            return None
        power = text_of(rest[k]).strip()
        if not power.isdigit():
            raise Refused(f"a derivative of order '{power}' is not read: write a whole number")
        order = int(power)
        rest = rest[k + 1 :]
    return order, strip(rest)


def _variables(items: list[Item], mark: str, slots: Slots) -> list[tuple[list[Item], int]] | None:
    """``\\partial x \\partial y^2`` or ``dx``: each variable with its order; None when not one.

    A variable is one letter, Greek letter or name slot (``x_j`` is one by now).
    """
    pieces: list[list[Item]] = []
    for it in strip(items):
        if it == mark:
            pieces.append([])
        elif not pieces:
            return None
        elif not is_space(it):
            pieces[-1].append(it)
    result: list[tuple[list[Item], int]] = []
    for var in pieces:
        order = 1
        if len(var) == 3 and var[1] == "^":
            power = text_of(var[2]).strip()
            if not power.isdigit():
                return None
            order, var = int(power), var[:1]
        if len(var) != 1:
            return None
        entry = is_slot(var[0], slots, "expr")
        if name_of(var[0], slots) is None and (entry is None or not PLAIN.fullmatch(entry.text)):
            return None
        result.append((var, order))
    return result or None


def _ambiguous_operand(operand: list[Item]) -> bool:
    """Whether an operator's operand holds an explicit product sign or another derivative.

    ``\\frac{d}{dt} t \\cdot \\frac{d}{dt} t^2`` may be the product of two derivatives or the
    derivative of a product: neither is guessed.
    """
    depths = [d for d, _ in bracket_depths(operand)]
    for k, it in enumerate(operand):
        if depths[k] > 0:
            continue  # inside parentheses: what they hold is one factor
        if it in ("\\cdot", "\\times"):
            return True
        nxt = operand[k + 1] if k + 1 < len(operand) else None
        if it == "\\frac" and isinstance(nxt, Group) and _split_d(nxt.items, "d") is not None:
            return True
        if it == "\\frac" and isinstance(nxt, Group) and _split_d(nxt.items, "\\partial") is not None:
            return True
    return False


def _operand_end(items: list[Item], start: int) -> int:
    """Where the product that starts at ``start`` ends: the next top-level ``+`` or ``-``."""
    depth = 0
    for j in range(start, len(items)):
        it = items[j]
        if it in ("(", "["):
            depth += 1
        elif it in (")", "]"):
            depth -= 1
        elif depth == 0 and it in ("+", "-") and j > start:
            return j
    return len(items)


def _derivatives(items: list[Item], slots: Slots) -> list[Item]:
    out: list[Item] = []
    i = 0
    while i < len(items):
        it = items[i]
        if it == "\\frac" and i + 2 < len(items) and isinstance(items[i + 1], Group) and isinstance(items[i + 2], Group):
            num, den = items[i + 1], items[i + 2]
            assert isinstance(num, Group) and isinstance(den, Group)
            for mark in ("\\partial", "d"):
                top = _split_d(num.items, mark)
                variables = _variables(den.items, mark, slots) if top is not None else None
                if top is None or variables is None:
                    if top is not None and mark == "\\partial":
                        raise Refused("the denominator of a derivative must be \\partial x, for one name x")
                    continue
                order, operand = top
                if sum(o for _, o in variables) != order:
                    raise Refused("the orders of a derivative's numerator and denominator differ")
                if operand and operand[0] in ("+", "-", "=", ")", "]"):
                    continue
                after = i + 3
                if not operand:  # an operator: it applies to what follows
                    j = next_solid(items, after)
                    end = _operand_end(items, j)
                    operand = strip(items[j:end])
                    after = end
                    if not operand:
                        raise Refused("a derivative operator applies to nothing")
                    if _ambiguous_operand(operand):
                        raise Refused(
                            "what a derivative operator applies to is ambiguous before \\cdot, \\times or another"
                            " derivative: put it in parentheses"
                        )
                made = opaque.derivative(operand, variables, slots)
                if made is not None:
                    out.append(made)
                    i = after
                    break
                args: list[Item] = ["(", *operand]
                for var, _ in variables:
                    args += [",", *var]
                args.append(")")
                slot = Slot("diff", orders=tuple(o for _, o in variables))
                out += [slots.add(slot, True), *args]
                i = after
                break
            else:
                if joined(den.items):  # the parser would read d and its letter as one name
                    raise Refused("the denominator of \\frac{d}{dx} must be dx, for one name x")
                out.append(it)
                i += 1
            continue
        out.append(it)
        i += 1
    return out


def _primes(items: list[Item], slots: Slots) -> list[Item]:
    out: list[Item] = []
    for _i, it in enumerate(items):
        if it == "'":
            j = prev_solid(out, len(out) - 1)
            slot = is_slot(out[j], slots, "name") if j >= 0 else None
            if slot is None:
                raise Refused("a prime (f') is read only on a function the notation names, e.g. \\sigma'(x)")
            out[j] = slots.add(Slot("prime", slot.text), True)
            continue
        out.append(it)
    return out


def _indices(sub: Item) -> list[list[Item]]:
    if isinstance(sub, Group):
        parts: list[list[Item]] = [[]]
        for it in sub.items:
            if it == ",":
                parts.append([])
            else:
                parts[-1].append(it)
        parts = [strip(p) for p in parts]
        solid = parts[0] if len(parts) == 1 else []
        letters = all(isinstance(t, str) and re.fullmatch(r"[A-Za-z]", t) for t in solid)
        if len(solid) == 2 and letters:
            return [[solid[0]], [solid[1]]]
        if len(solid) > 2 and letters:
            raise Refused(f"the index '{render(solid)}' is not read: separate the indices with commas")
        return parts
    return [[sub]]


def _scripts(items: list[Item], indexed: frozenset[str], slots: Slots) -> list[Item]:
    out: list[Item] = []
    i = 0
    while i < len(items):
        it = items[i]
        if it == "^":
            j = next_solid(items, i + 1)
            if j < len(items) and isinstance(items[j], Group) and _LABEL.fullmatch(render(items[j].items).strip()):  # type: ignore[union-attr]
                label = render(items[j].items).strip()  # type: ignore[union-attr]
                raise Refused(
                    f"the superscript '^{{{label}}}' is read as a label, not a power:"
                    f" add a notation entry for the labelled name (e.g. \"h^{{{label}}}\": h)"
                )
        if it != "_":
            out.append(it)
            i += 1
            continue
        j = next_solid(items, i + 1)
        if j >= len(items):
            raise Refused("a subscript '_' has nothing after it")
        sub = items[j]
        b = prev_solid(out, len(out) - 1)
        base = out[b] if b >= 0 else None
        if isinstance(base, str) and base in BIG_OPERATORS:
            out += [it, sub]
            i = j + 1
            continue
        if base == ")":
            start = open_of(out, b)
            if start is None:
                raise Refused("a subscript after an unmatched ')'")
            head = prev_solid(out, start - 1)
            if head >= 0 and is_slot(out[head], slots) is not None:
                start = head
            called = out[start : b + 1]
            del out[start:]
            args: list[Item] = ["(", *called]
            for part in _indices(sub):
                args += [",", *part]
            out += [slots.add(Slot("index"), True), *args, ")"]
            i = j + 1
            continue
        name = name_of(base, slots) if base is not None else None
        if name is None or base is None:
            raise Refused(f"a subscript on '{render([base]) if base is not None else ''}' is not read")
        del out[b:]
        if name in indexed:
            args = ["(", base]
            for part in _indices(sub):
                args += [",", *part]
            out += [slots.add(Slot("index"), True), *args, ")"]
        else:
            label = re.sub(r"\\", "", render(sub.items) if isinstance(sub, Group) else sub)
            label = re.sub(r"\s+", "", label)
            if not re.fullmatch(r"[A-Za-z0-9]+", label):
                raise Refused(
                    f"the subscript '{name}_{{{label}}}' is not a name: declare '{name}' a vector"
                    " to read it as an entry, or add a notation entry for it"
                )
            out.append(slots.add(Slot("name", f"{name}_{label}"), False))
        i = j + 1
    return out


def _brackets(items: list[Item], slots: Slots) -> list[Item]:
    """``\\mathbb{E}[X]``: square brackets after a function slot are its parentheses."""
    out = list(items)
    for i, it in enumerate(out):
        if is_slot(it, slots) is None:
            continue
        j = next_solid(out, i + 1)
        if j < len(out) and out[j] == "[":
            k = close_of(out, j)
            if k is not None:
                out[j], out[k] = "(", ")"
    return out
