"""Calls, parentheses and brace groups, each read on its own into one placeholder.

The parser's prediction grows fast with nesting (ten levels of parentheses take it
seconds), so it is given one level at a time: a function's arguments, a parenthesis,
a group, are read first (innermost first) and replaced by the claim-language text
they are.
"""

from __future__ import annotations

import re

from derivcheck.latex.lexer import (
    Group,
    Item,
    brace_end,
    bracket_depths,
    close_of,
    is_space,
    next_solid,
    prev_solid,
    render,
    strip,
)
from derivcheck.latex.slots import (
    Reader,
    Refused,
    Slot,
    Slots,
    is_slot,
    is_word,
    name_of,
    wrap,
)
from derivcheck.vocabulary import VOCABULARY

#: LaTeX's functions, read as calls when their argument is in parentheses.
KNOWN_CALLS: dict[str, str] = {
    "\\exp": "exp", "\\ln": "log", "\\sin": "sin", "\\cos": "cos", "\\tan": "tan",
    "\\cot": "cot", "\\sec": "sec", "\\csc": "csc", "\\sinh": "sinh", "\\cosh": "cosh",
    "\\tanh": "tanh", "\\arcsin": "asin", "\\arccos": "acos", "\\arctan": "atan",
    "\\max": "Max", "\\min": "Min", "\\Gamma": "gamma",
}  # fmt: skip


#: The braces that annotate a part of a formula: the part counts, the note does not.
_BRACES = re.compile(r"\\(underbrace|overbrace)(?![A-Za-z])\s*\{")
_NOTE_MARK = {"underbrace": "_", "overbrace": "^"}


def _group_end(text: str, start: int) -> int:
    """The index just after the ``}`` closing the ``{`` at ``start``.

    Raises:
        Refused: the brace is not closed.
    """
    end = brace_end(text, start + 1)
    if end is None:
        raise Refused("a brace of \\underbrace or \\overbrace is not closed")
    return end + 1


def annotated(text: str, slots: Slots) -> str:
    """``\\underbrace{e}_{note}`` (``\\overbrace{e}^{note}``) as ``{(e)}``: the note is a remark.

    The note (``=0``, ``\\text{by (a)}``) says something of e that the chain checks
    anyway, or is prose; it is left out, recorded in ``slots.readings`` for review.
    """
    out: list[str] = []
    last = 0
    for m in _BRACES.finditer(text):
        if m.start() < last:
            continue
        body_end = _group_end(text, m.end() - 1)
        body = text[m.end() : body_end - 1]
        k = body_end
        while k < len(text) and text[k].isspace():
            k += 1
        after = body_end
        if k < len(text) and text[k] == _NOTE_MARK[m.group(1)]:
            j = k + 1
            while j < len(text) and text[j].isspace():
                j += 1
            if j >= len(text):
                raise Refused(f"the note of '\\{m.group(1)}' is missing")
            end = _group_end(text, j) if text[j] == "{" else j + 1
            note = text[j + 1 : end - 1] if text[j] == "{" else text[j]
            reading = f"the note {' '.join(note.split())} under \\{m.group(1)} is a remark, not read"
            if reading not in slots.readings:
                slots.readings.append(reading)
            after = end
        out += [text[last : m.start()], "{(", annotated(body, slots), ")}"]
        last = after
    return "".join(out) + text[last:]


def dots(items: list[Item], slots: Slots) -> list[Item]:
    """``u \\cdot v`` of two vectors (names of known length) as ``dot(u, v)``.

    Between numbers, or a matrix and a vector, ``\\cdot`` is a product; between two vectors it
    is their inner product, which the product of the claim language is not (it would not build,
    or, with the entries of a moment read as one, square one entry).
    """
    out: list[Item] = []
    i = 0
    while i < len(items):
        it = items[i]
        if it == "\\cdot" and out:
            j, k = prev_solid(out, len(out) - 1), next_solid(items, i + 1)
            left = name_of(out[j], slots) if j >= 0 else None
            right = name_of(items[k], slots) if k < len(items) else None
            if left in slots.lengths and right in slots.lengths:
                call = slots.add(Slot("expr", f"dot({left}, {right})"))
                slots.extra_names.update((left, right))
                out[j:] = [call]
                i = k + 1
                continue
        out.append(it)
        i += 1
    return out


def hadamards(items: list[Item], slots: Slots) -> list[Item]:
    """``a \\odot b`` (the whole list) as hadamard(a, b); mixed with + or - it is refused.

    An ``\\odot`` inside parentheses belongs to what they hold, each argument of a call apart:
    ``\\exp(a \\odot b)`` is exp(hadamard(a, b)).
    """
    out: list[Item] = []
    i = 0
    while i < len(items):
        j = close_of(items, i)
        if j is not None and "\\odot" in items[i + 1 : j]:
            args: list[list[Item]] = [[]]
            for depth, it in bracket_depths(items[i + 1 : j]):
                if depth == 0 and it == ",":
                    args.append([])
                else:
                    args[-1].append(it)
            out.append(items[i])
            for k, arg in enumerate(args):
                out += ([","] if k else []) + hadamards(arg, slots)
            out.append(items[j])
            i = j + 1
            continue
        out.append(items[i])
        i += 1
    items = out
    if not any(depth == 0 and it == "\\odot" for depth, it in bracket_depths(items)):
        return items
    for depth, it in bracket_depths(items):
        if depth == 0 and it in ("+", "-"):
            raise Refused("'\\odot' beside '+' or '-' is ambiguous here: put its product in parentheses")
    parts: list[list[Item]] = [[]]
    for depth, it in bracket_depths(items):
        if depth == 0 and it == "\\odot":
            parts.append([])
        else:
            parts[-1].append(it)
    acc = strip(parts[0])
    for part in parts[1:]:
        if not strip(acc) or not strip(part):
            raise Refused("'\\odot' needs a factor on each side")
        acc = [slots.add(Slot("call", "hadamard"), True), "(", *acc, ",", *strip(part), ")"]
    return acc


def known_calls(items: list[Item], slots: Slots) -> list[Item]:
    out = list(items)
    for i, it in enumerate(out):
        if isinstance(it, str) and it in KNOWN_CALLS:
            j = next_solid(out, i + 1)
            if j < len(out) and out[j] == "(":
                out[i] = slots.add(Slot("call", KNOWN_CALLS[it]))
    return out


#: What a brace group after them is read by the parser itself (a range, a bound, a sign).
_KEEP_AFTER = frozenset({"\\sum", "\\prod", "\\int", "\\lim"})


def collapse(items: list[Item], slots: Slots, read: Reader) -> list[Item]:
    """Each group and parenthesis of this level read on its own, into one placeholder.

    The parser's prediction grows fast with nesting (ten levels of parentheses take
    seconds): it is given one level at a time.
    """
    out: list[Item] = []
    i = 0
    while i < len(items):
        it = items[i]
        if it in ("(", "["):
            end = close_of(items, i)
            if end is None:
                raise Refused(f"a '{it}' is not closed")
            inner = strip(items[i + 1 : end])
            if not inner:
                raise Refused("empty parentheses")
            p = prev_solid(out, len(out) - 1)
            head = name_of(out[p], slots) if p >= 0 and it == "(" else None
            if len(arguments(inner)) > 1:
                if head is not None:
                    raise Refused(
                        f"'{head}({render(inner).strip()})': the function {head} is not known:"
                        f" add a notation entry for it (e.g. \"{head}\": sigmoid, or the whole call as a name)"
                    )
                closer = ")" if it == "(" else "]"
                raise Refused(f"'{it}{render(inner).strip()}{closer}' is a list or an interval, not an expression")
            if head is not None and _one_name(inner):
                # f(x) is read as the parser reads it, a function applied; y(1 - x) as a product.
                raise Refused(
                    f"'{head}({render(inner).strip()})': the function {head} is not known:"
                    f" add a notation entry for it (e.g. \"{head}\": sigmoid, or the whole call as a name)"
                )
            # Innermost first: the parser then never sees a parenthesis inside another.
            out.append(slots.add(Slot("expr", wrap(read(render(collapse(inner, slots, read)))))))
            i = end + 1
            continue
        if isinstance(it, Group) and not _kept(out, it) and not _flat(it):
            p = prev_solid(out, len(out) - 1)
            if not strip(it.items):
                raise Refused("an empty group {}")
            slot = slots.add(Slot("expr", wrap(read(render(it.items)))))
            braced = p >= 0 and is_word(out[p], ("^", "\\frac", "\\sqrt")) or _second_of_frac(out)
            out.append(Group([slot]) if braced else slot)
            i += 1
            continue
        out.append(it)
        i += 1
    return out


def _one_name(items: list[Item]) -> bool:
    solid = [it for it in items if not is_space(it)]
    return len(solid) == 1 and isinstance(solid[0], str) and re.fullmatch(r"[A-Za-z]|\\[A-Za-z]+|\\mathrm\{Zzq[a-z]+\}", solid[0]) is not None


def _flat(group_item: Group) -> bool:
    """True for a group with no group or parenthesis left in it: the parser may read it in place.

    So no parse meets more than two levels of nesting, and ``x^{-1}`` stays ``x^{-1}``.
    """
    return not any(isinstance(it, Group) or it in ("(", "[") for it in group_item.items)


def _second_of_frac(out: list[Item]) -> bool:
    p = prev_solid(out, len(out) - 1)
    q = prev_solid(out, p - 1) if p >= 0 else -1
    return p >= 0 and isinstance(out[p], Group) and q >= 0 and is_word(out[q], ("\\frac",))


def _kept(out: list[Item], group_item: Group) -> bool:
    """True for a group the parser reads itself: a big operator's range or bound, a sign."""
    if render(group_item.items).strip() in ("+", "-"):
        return True
    p = prev_solid(out, len(out) - 1)
    if p < 0 or not is_word(out[p], ("_", "^")):
        return False
    q = prev_solid(out, p - 1)
    if q >= 0 and is_word(out[q], _KEEP_AFTER):
        return True
    # The bound after a range: \\sum_{k=1}^{n}.
    r = prev_solid(out, q - 1) if q >= 0 else -1
    op = prev_solid(out, r - 1) if r >= 0 else -1
    return isinstance(out[q], Group) and r >= 0 and is_word(out[r], ("_",)) and op >= 0 and is_word(out[op], _KEEP_AFTER)


_FUNCTION_KINDS = frozenset({"call", "index", "diff", "prime"})


def _function_slot(item: Item, slots: Slots) -> Slot | None:
    slot = is_slot(item, slots)
    if slot is None:
        return None
    if slot.kind in _FUNCTION_KINDS:
        return slot
    if slot.kind == "name" and slot.text in VOCABULARY:
        return Slot("call", slot.text)
    return None


def arguments(items: list[Item]) -> list[list[Item]]:
    parts: list[list[Item]] = [[]]
    for depth, it in bracket_depths(items):
        if it == "," and depth == 0:
            parts.append([])
        else:
            parts[-1].append(it)
    return [strip(p) for p in parts]


def calls(items: list[Item], slots: Slots, read: Reader) -> list[Item]:
    """Each function placeholder with its parenthesised arguments, read into one placeholder."""
    out: list[Item] = []
    i = 0
    while i < len(items):
        slot = _function_slot(items[i], slots)
        j = next_solid(items, i + 1)
        if slot is None:
            out.append(items[i])
            i += 1
            continue
        end = close_of(items, j) if j < len(items) and items[j] == "(" else None
        if end is None:
            if slot.kind == "call":
                raise Refused(f"the function {slot.text} is written without its argument in parentheses")
            raise Refused("a derivative, prime or index is missing its argument")
        args = [read(render(collapse(calls(a, slots, read), slots, read))) for a in arguments(items[j + 1 : end])]
        if any(not a for a in args):
            raise Refused(f"an empty argument of {slot.text or 'a function'}")
        out.append(slots.add(Slot("expr", _call_text(slot, args, slots))))
        i = end + 1
    return out


PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9_]*(\[[^\[\]]*\])?")


#: Functions the claim language applies entry by entry to a vector: their Jacobian is diagonal.
ELEMENTWISE = frozenset({"sigmoid", "tanh", "relu"})


def _call_text(slot: Slot, args: list[str], slots: Slots | None = None) -> str:
    if slot.kind == "call":
        return f"{slot.text}({', '.join(args)})"
    if slot.kind == "index":
        # One name, call or entry is indexed as it is; anything longer (a product whose last
        # factor is a call, f(x)*g(x)) in parentheses, or the index would take only that factor.
        base = wrap(args[0])
        return f"{base}[{', '.join(args[1:])}]"
    if slot.kind == "diff":
        spec: list[str] = []
        for var, order in zip(args[1:], slot.orders, strict=False):
            if not PLAIN.fullmatch(var):
                raise Refused(f"a derivative by '{var}': the variable must be a name or an entry x[i]")
            spec += [var] if order == 1 else [var, str(order)]
        return f"diff({args[0]}, {', '.join(spec)})"
    # A prime: the derivative of the function at a name.
    if len(args) != 1 or not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", args[0]):
        raise Refused(f"{slot.text}' is read only at a plain name, as in {slot.text}'(x)")
    x = args[0]
    n = slots.lengths.get(x) if slots is not None else None
    if n is None:
        return f"diff({slot.text}({x}), {x})"
    if slot.text not in ELEMENTWISE:
        raise Refused(f"{slot.text}'({x}) of the vector {x} is read only for a function applied entry by entry")
    # σ'(x) of a vector is the vector of the derivatives σ'(x_i): the Jacobian of an
    # entry-by-entry function is diagonal, and times ones(n) it is that vector.
    assert slots is not None
    reading = f"{slot.text}'({x}) of the vector {x} is the vector of its entries' derivatives, jacobian({slot.text}({x}), {x})*ones({n})"
    if reading not in slots.readings:
        slots.readings.append(reading)
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", n):
        slots.extra_names.add(n)
    return f"jacobian({slot.text}({x}), {x})*ones({n})"




#: Big operators whose body, in the parser's grammar, is the product that follows them.
_BODIED = frozenset({"\\sum", "\\prod", "\\lim"})
#: A body longer than this (solid items) is read on its own: the parser's prediction over an
#: operator's body grows with the square of its length (a body of 40 factors took it seconds).
LONG_BODY = 8
#: What a body may hold to be cut out: the factors of a product and their scripts.
_FACTOR_WORDS = frozenset({"^", "_", "\\cdot", "\\times", "\\frac", "\\sqrt"})
#: What ends a body in the grammar: a sum's sign, a relation, a separator.
_BODY_ENDS = frozenset({
    "+", "-", "=", "<", ">", ",", "&", "\\le", "\\leq", "\\ge", "\\geq", "\\ne", "\\neq",
    "\\lt", "\\gt", "\\to",
})  # fmt: skip
_FACTOR = re.compile(r"[A-Za-z]|[0-9]+|\\mathrm\{Zzq[a-z]+\}")
#: The commands a body may hold as factors: letters of their own.
_LETTER_COMMANDS = frozenset(
    "\\" + w
    for w in "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu"
    " xi pi rho varrho sigma tau upsilon phi varphi chi psi omega Delta Theta Lambda Xi Pi Sigma"
    " Upsilon Phi Psi Omega infty ell".split()
)


def _factor(item: Item) -> bool:
    if isinstance(item, Group) or is_space(item):
        return True
    if not isinstance(item, str):
        return False
    return item in _FACTOR_WORDS or item in _LETTER_COMMANDS or _FACTOR.fullmatch(item) is not None


def _one_script(item: Item) -> bool:
    """A script the parser reads as one: a group, one character, or one command."""
    if isinstance(item, Group):
        return True
    return len(item) == 1 or item in _LETTER_COMMANDS or _FACTOR.fullmatch(item) is not None


def bodies(items: list[Item], slots: Slots, read: Reader) -> list[Item]:
    """Each long body of ``\\sum``, ``\\prod`` and ``\\lim`` read on its own, into one placeholder.

    The body is what the grammar makes it: the product after the operator's scripts, up to
    the next sign, relation or separator. It is cut out only when it is a plain product
    (names, numbers, placeholders, groups, powers, ``\\cdot``, ``\\frac``, ``\\sqrt``) that
    reaches one of those ends; then the operator with its body is one placeholder too, so
    that an operator in the body of another is read inner first. Anything else is left to
    the parser as it is.
    """
    out = list(items)
    for i in range(len(out) - 1, -1, -1):
        if is_word(out[i], ("\\int",)):
            _integral_body(out, i, slots, read)
            continue
        if not is_word(out[i], _BODIED):
            continue
        start = _after_scripts(out, i)
        if start is None:
            continue
        j = start
        end = j
        while end < len(out) and _factor(out[end]):
            end += 1
        if end < len(out) and not is_word(out[end], _BODY_ENDS):
            continue
        body = strip(out[j:end])
        if sum(1 for it in body if not is_space(it)) <= LONG_BODY:
            continue
        inner = slots.add(Slot("expr", wrap(read(render(body)))))
        whole = slots.add(Slot("expr", wrap(read(render([*out[i:j], inner])))))
        out[i:end] = [whole, " "]
    return out


def _integral_body(out: list[Item], i: int, slots: Slots, read: Reader) -> None:
    """The long body of the integral at ``out[i]`` read on its own, in place.

    In the grammar the body of ``\\int`` is a sum up to the differential, ``d`` and a letter
    (the parser's cost over it is linear, but about 10 ms a factor). It is cut out only when
    it is a plain sum of products reaching ``d x``; the integral itself stays for the parser.
    """
    j = _after_scripts(out, i)
    if j is None:
        return
    end = j
    while end < len(out) and (_factor(out[end]) or is_word(out[end], ("+", "-"))):
        if out[end] == "d":
            k = next_solid(out, end + 1)
            letter = out[k] if k < len(out) else None
            if isinstance(letter, str) and re.fullmatch(r"[A-Za-z]", letter):
                break
        end += 1
    if end >= len(out) or out[end] != "d":
        return
    body = strip(out[j:end])
    if sum(1 for it in body if not is_space(it)) <= LONG_BODY:
        return
    out[j:end] = [slots.add(Slot("expr", wrap(read(render(body))))), " "]


def _after_scripts(out: list[Item], i: int) -> int | None:
    """Where the body of the operator at ``out[i]`` starts, after its scripts; None when a
    script is not plainly one item (``^12`` is ``^1`` then 2)."""
    j = next_solid(out, i + 1)
    while j < len(out) and is_word(out[j], ("_", "^")):
        k = next_solid(out, j + 1)
        if k >= len(out) or not _one_script(out[k]):
            return None
        j = next_solid(out, k + 1)
    return j
