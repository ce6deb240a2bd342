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
  number), is a label, not a power: it needs a notation entry (``"h^{(k)}": h``).
- ``\\frac{\\partial}{\\partial x}`` and ``\\frac{d}{dx}`` apply to the product that
  follows, up to the next ``+`` or ``-``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from derivcheck.latex.lexer import (
    SLOT_PREFIX,
    Group,
    Item,
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
from derivcheck.vocabulary import VOCABULARY

#: The prefix of every placeholder; a document that writes it is refused.
PREFIX = SLOT_PREFIX


class Refused(ValueError):
    """The term cannot be read; the message is for a user."""


@dataclass(frozen=True)
class Slot:
    """What a placeholder stands for.

    ``kind`` is one of: ``name`` (a claim-language name, ``text``), ``literal`` (a number
    as written), ``expr`` (claim-language text already translated); and, until their
    arguments are read, the functions: ``call`` (the function ``text`` applied to the
    arguments), ``index`` (the first argument indexed by the others), ``diff`` (the
    derivative of the first argument by the others, with ``orders``), ``prime`` (the
    derivative of the function ``text`` at its one argument).
    """

    kind: str
    text: str = ""
    orders: tuple[int, ...] = ()


@dataclass
class Slots:
    """The placeholders of one term, by the name the parser gives them."""

    table: dict[str, Slot] = field(default_factory=dict)

    def add(self, slot: Slot, function: bool = False) -> Item:
        """A new placeholder for ``slot`` (the parser reads it as one name)."""
        key = PREFIX + _letters(len(self.table))
        self.table[key] = slot
        del function  # a function's placeholder is replaced, with its arguments, before parsing
        return "\\mathrm{" + key + "}"

    def lookup(self, parsed_name: str) -> Slot | None:
        """The slot of a name the parser made: ``\\mathrm{Zzqb}`` or ``math{Zzqb}``."""
        m = re.fullmatch(r"\\?math(?:rm)?\{(" + PREFIX + r"[a-z]+)\}", parsed_name)
        return self.table.get(m.group(1)) if m else None


def _letters(n: int) -> str:
    out = ""
    while True:
        out = chr(ord("a") + n % 26) + out
        n //= 26
        if n == 0:
            return out


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
        (r"\\mathrm\s*\{\s*d\s*\}", "d"),
    )
)
_UNBOUNDED = re.compile(r"\\(?:sum|prod)\s*_\s*(?:[A-Za-z]|\{[^{}]*\})(?!\s*\^)")
_ELLIPSIS = re.compile(r"\\(?:c|l|v|d)?dots(?![A-Za-z])|\.\.\.")
_DECORATED = re.compile(r"\\(hat|bar|tilde|mathcal|mathbb|mathfrak|mathscr)\s*\{\s*([A-Za-z])\s*\}")
_DECORATION = {"hat": "hat", "bar": "bar", "tilde": "tilde", "mathcal": "cal", "mathbb": "bb",
               "mathfrak": "frak", "mathscr": "scr"}  # fmt: skip
_WORDS = re.compile(r"\\(text|operatorname|mathrm|textrm|textit|mbox)\s*\{(?!" + SLOT_PREFIX + r")([^{}]*)\}")
_LABEL = re.compile(r"\(\s*(?:[A-Za-z]|[0-9]+|[A-Za-z]\s*[+-]\s*[0-9]+)\s*\)")
GREEK: frozenset[str] = frozenset(
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi"
    " rho varrho sigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma"
    " Upsilon Phi Psi Omega".split()
)
_BIG_OPERATORS = frozenset({"\\sum", "\\prod", "\\int", "\\lim", "\\max", "\\min", "\\log", "\\ln"})


def _key_regex(key: str) -> re.Pattern[str]:
    parts = []
    for tok in re.findall(r"\\[A-Za-z]+|\\.|\S", normalise_key(key).replace(" ", "")):
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


#: Translates LaTeX already rewritten (a function's argument) into claim-language text.
Reader = Callable[[str], str]


def prepare(term: str, notation: Notation, indexed: frozenset[str], slots: Slots, read: Reader) -> str:
    """``term`` rewritten for the parser, its placeholders recorded in ``slots``.

    A function's arguments are read (by ``read``) here, and the call becomes one
    placeholder: the parser never sees a call of a placeholder.

    Raises:
        Refused: something the translation does not read (with the reason).
    """
    if PREFIX.lower() in term.lower():
        raise Refused(f"the text '{PREFIX}' is reserved by the translation")
    text = term
    # The document's own patterns first, as the document spells them.
    for key, name in notation.patterns():
        text = _key_regex(key).sub(_placing(slots, name), text)
    text = _SIZING.sub(" ", text)
    text = _SPACES.sub(" ", text)
    for pattern, replacement in _RENAMES:
        text = pattern.sub(replacement, text)
    if _UNBOUNDED.search(text):
        raise Refused("a sum or product without its range (\\sum_k): write the bounds, \\sum_{k=1}^{n}")
    if _ELLIPSIS.search(text):
        raise Refused("an ellipsis (\\dots) stands for terms not written: write the sum or the vector")
    for key, name in sorted(notation.names(), key=lambda kv: -len(kv[0])):
        text = _key_regex(key).sub(_placing(slots, name), text)
    text = _DECORATED.sub(
        lambda m: " " + _str(slots.add(Slot("name", f"{m.group(2)}_{_DECORATION[m.group(1)]}"), False)) + " ", text
    )
    text = _WORDS.sub(lambda m: _word(m.group(1), m.group(2)), text)
    text = re.sub(r"(?<![0-9.])[0-9]+\.[0-9]+(?![0-9.])", lambda m: _str(slots.add(Slot("literal", m.group(0)), False)), text)
    try:
        items = group(text)
    except ValueError as exc:
        raise Refused(f"the braces do not pair: {exc}") from None
    items = _rewrite(items, indexed, slots, read)
    return render(items)


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
        f"'\\{command}{{{body}}}' is not a name the notation knows:"
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
    items = _hadamard(items, slots)
    return _calls(items, slots, read)


_FUNCTION_KINDS = frozenset({"call", "index", "diff", "prime"})


def _function_slot(item: Item, slots: Slots) -> Slot | None:
    slot = _is_slot(item, slots)
    if slot is None:
        return None
    if slot.kind in _FUNCTION_KINDS:
        return slot
    if slot.kind == "name" and slot.text in VOCABULARY:
        return Slot("call", slot.text)
    return None


def _arguments(items: list[Item]) -> list[list[Item]]:
    parts: list[list[Item]] = [[]]
    depth = 0
    for it in items:
        if it in ("(", "["):
            depth += 1
        elif it in (")", "]"):
            depth -= 1
        if it == "," and depth == 0:
            parts.append([])
        else:
            parts[-1].append(it)
    return [strip(p) for p in parts]


def _calls(items: list[Item], slots: Slots, read: Reader) -> list[Item]:
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
        args = [read(render(_calls(a, slots, read))) for a in _arguments(items[j + 1 : end])]
        if any(not a for a in args):
            raise Refused(f"an empty argument of {slot.text or 'a function'}")
        out.append(slots.add(Slot("expr", _call_text(slot, args))))
        i = end + 1
    return out


_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9_]*(\[[^\[\]]*\])?")


def _call_text(slot: Slot, args: list[str]) -> str:
    if slot.kind == "call":
        return f"{slot.text}({', '.join(args)})"
    if slot.kind == "index":
        base = args[0] if re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*|[A-Za-z_][A-Za-z0-9_]*\(.*\)", args[0]) else f"({args[0]})"
        return f"{base}[{', '.join(args[1:])}]"
    if slot.kind == "diff":
        spec: list[str] = []
        for var, order in zip(args[1:], slot.orders, strict=False):
            if not _PLAIN.fullmatch(var):
                raise Refused(f"a derivative by '{var}': the variable must be a name or an entry x[i]")
            spec += [var] if order == 1 else [var, str(order)]
        return f"diff({args[0]}, {', '.join(spec)})"
    # A prime: the derivative of the function at a name.
    if len(args) != 1 or not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", args[0]):
        raise Refused(f"{slot.text}' is read only at a plain name, as in {slot.text}'(x)")
    return f"diff({slot.text}({args[0]}), {args[0]})"


def _is_slot(item: Item, slots: Slots, kind: str = "") -> Slot | None:
    if not isinstance(item, str):
        return None
    slot = slots.lookup(item)
    return slot if slot is not None and (not kind or slot.kind == kind) else None


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
        entry = _is_slot(var[0], slots, "expr")
        if _name_of(var[0], slots) is None and (entry is None or not _PLAIN.fullmatch(entry.text)):
            return None
        result.append((var, order))
    return result or None


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
                args: list[Item] = ["(", *operand]
                for var, _ in variables:
                    args += [",", *var]
                args.append(")")
                slot = Slot("diff", orders=tuple(o for _, o in variables))
                out += [slots.add(slot, True), *args]
                i = after
                break
            else:
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
            slot = _is_slot(out[j], slots, "name") if j >= 0 else None
            if slot is None:
                raise Refused("a prime (f') is read only on a function the notation names, e.g. \\sigma'(x)")
            out[j] = slots.add(Slot("prime", slot.text), True)
            continue
        out.append(it)
    return out


def _name_of(item: Item, slots: Slots) -> str | None:
    """The claim-language name an item is, when it is a letter, a Greek letter or a name slot."""
    if isinstance(item, str):
        if re.fullmatch(r"[A-Za-z]", item):
            return item
        if item[1:] in GREEK and item[:1] == "\\":
            return "lam" if item == "\\lambda" else item[1:]
        slot = _is_slot(item, slots, "name")
        if slot is not None and re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", slot.text):
            return slot.text
    return None


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
        if len(solid) == 2 and all(isinstance(t, str) and re.fullmatch(r"[A-Za-z]", t) for t in solid):
            return [[solid[0]], [solid[1]]]
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
        if base in _BIG_OPERATORS:
            out += [it, sub]
            i = j + 1
            continue
        if base == ")":
            start = open_of(out, b)
            if start is None:
                raise Refused("a subscript after an unmatched ')'")
            head = prev_solid(out, start - 1)
            if head >= 0 and _is_slot(out[head], slots) is not None:
                start = head
            called = out[start : b + 1]
            del out[start:]
            args: list[Item] = ["(", *called]
            for part in _indices(sub):
                args += [",", *part]
            out += [slots.add(Slot("index"), True), *args, ")"]
            i = j + 1
            continue
        name = _name_of(base, slots) if base is not None else None
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
        if _is_slot(it, slots) is None:
            continue
        j = next_solid(out, i + 1)
        if j < len(out) and out[j] == "[":
            k = close_of(out, j)
            if k is not None:
                out[j], out[k] = "(", ")"
    return out


def _hadamard(items: list[Item], slots: Slots) -> list[Item]:
    """``a \\odot b`` (the whole list) as hadamard(a, b); mixed with + or - it is refused."""
    if "\\odot" not in items:
        return items
    depth = 0
    for it in items:
        if it in ("(", "["):
            depth += 1
        elif it in (")", "]"):
            depth -= 1
        elif depth == 0 and it in ("+", "-"):
            raise Refused("'\\odot' beside '+' or '-' is ambiguous here: put its product in parentheses")
    parts: list[list[Item]] = [[]]
    for it in items:
        if it == "\\odot":
            parts.append([])
        else:
            parts[-1].append(it)
    acc = strip(parts[0])
    for part in parts[1:]:
        if not strip(acc) or not strip(part):
            raise Refused("'\\odot' needs a factor on each side")
        acc = [slots.add(Slot("call", "hadamard"), True), "(", *acc, ",", *strip(part), ")"]
    return acc

