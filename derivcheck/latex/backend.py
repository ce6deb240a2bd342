"""The registry's LaTeX parser, configured so that nothing is evaluated or executed.

``latex2sympy2_extended`` (the parser behind Math-Verify) reads LaTeX with an ANTLR
grammar and builds a SymPy tree. It is used here:

- inside ``sympy.evaluate(False)``, and without its text normalisation (which
  rewrites the input by regular expressions meant for answers, not derivations);
- with no ``variable_values`` (the one place it would call ``parse_expr`` on text);
- with symbols kept as written (``lowercase_symbols=False``) and ``2 \\frac{1}{2}``
  a product, not a mixed number;
- with two of its readings corrected, in a subclass: ``\\frac{2}{4}`` stays 2 over 4
  (it makes the reduced ``Rational(1, 2)``), and a limit written without a direction
  is two-sided (it reads ``\\lim_{x \\to 0}`` as the limit from the right).

Whatever it raises is caught here: a parse failure is a message, never a traceback.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import sympy
from antlr4 import PredictionMode  # type: ignore[import-untyped]
from antlr4.error.ErrorStrategy import BailErrorStrategy  # type: ignore[import-untyped]
from latex2sympy2_extended.latex2sympy2 import ConversionConfig, _Latex2Sympy

from derivcheck.latex.lexer import slot_letters

_CONFIG = ConversionConfig(
    interpret_as_mixed_fractions=False,
    interpret_simple_eq_as_assignment=False,
    interpret_contains_as_eq=False,
    lowercase_symbols=False,
)


class _Converter(_Latex2Sympy):  # type: ignore[misc]
    """The parser's converter with two readings of its own (see the module's description)."""

    #: ANTLR's prediction mode: "ll" (the full one, the parser's default) or "sll" (the
    #: cheaper one, which bails out at the first error instead of recovering).
    mode = "ll"

    def create_parser(self, latex_str: str) -> Any:
        parser = super().create_parser(latex_str)
        if self.mode == "sll":
            parser._interp.predictionMode = PredictionMode.SLL
            parser._errHandler = BailErrorStrategy()
        return parser

    def convert_frac(self, frac: Any) -> Any:
        out = super().convert_frac(frac)
        if isinstance(out, sympy.Rational) and not isinstance(out, sympy.Integer):
            top = self.convert_expr(frac.upper)
            bottom = self.convert_expr(frac.lower)
            if isinstance(top, sympy.Integer) and isinstance(bottom, sympy.Integer):
                return sympy.Mul(top, sympy.Pow(bottom, -1, evaluate=False), evaluate=False)
        return out

    def handle_limit(self, func: Any) -> Any:
        out = super().handle_limit(func)
        sub = func.limit_sub()
        if isinstance(out, sympy.Limit) and sub.CARET() is None:
            body, var, point, _ = out.args
            return sympy.Limit(body, var, point, "+-")
        return out


class ParseFailure(Exception):
    """The parser could not read the text; the message is for a user."""


#: A formula the parser is not needed for: a letter, a Greek letter, a placeholder, a whole number.
_SIMPLE = re.compile(r"\s*(?:([A-Za-z])|\\([A-Za-z]+)|(\\mathrm\{Zzq[a-z]+\})|([0-9]+))\s*")


def parse(latex: str) -> Any:
    """The SymPy tree of ``latex``, built with nothing evaluated.

    The parser (ANTLR in Python) takes about a tenth of a second for a line of a
    derivation, so its trees are kept (they are immutable), and the one-token
    formulas that a function's arguments mostly are do not reach it.

    Raises:
        ParseFailure: the text is not LaTeX the parser reads.
    """
    simple = _SIMPLE.fullmatch(latex)
    if simple is not None:
        letter, command, slot, number = simple.groups()
        if letter:
            return sympy.Symbol(letter)
        if slot:
            return sympy.Symbol(slot[1:].replace("mathrm", "math", 1))
        if number:
            return sympy.Integer(number)
        if command in _GREEK:
            return sympy.Symbol(command)
    # Placeholders renamed in the order they appear, so that "a + b" of two
    # placeholders is one parse whatever their names, then named back.
    names: list[str] = []

    def canonical(m: re.Match[str]) -> str:
        if m.group(1) not in names:
            names.append(m.group(1))
        return "\\mathrm{Zzq" + slot_letters(names.index(m.group(1))) + "}"

    tree = _parse(_SLOT.sub(canonical, latex))
    if not names:
        return tree
    back: dict[Any, Any] = {}
    for k, name in enumerate(names):
        back[sympy.Symbol("math{Zzq" + slot_letters(k) + "}")] = sympy.Symbol("math{" + name + "}")
    with sympy.evaluate(False):
        return tree.xreplace(back)


_SLOT = re.compile(r"\\mathrm\{(Zzq[a-z]+)\}")


#: The Greek letters the parser makes symbols of, by their names.
_GREEK = frozenset(
    "alpha beta gamma delta epsilon zeta eta theta iota kappa mu nu xi rho sigma tau upsilon"
    " phi chi psi omega".split()
)


def _parse_in(latex: str, mode: str) -> Any:
    """The parser's tree of ``latex`` in one prediction mode, uncached (for measuring them)."""
    converter = _Converter(None, None, False, config=_CONFIG)
    converter.mode = mode
    with sympy.evaluate(False):
        return converter.parse(latex)


@lru_cache(maxsize=4096)
def _parse(latex: str) -> Any:
    # Two stages: ANTLR's SLL prediction first (a third of LL's cost once warm), and the
    # full LL prediction for what SLL does not accept. A tree SLL builds can differ from
    # LL's only for an ambiguous input; tests/test_latex_cost.py checks that the two agree
    # on every fragment of the test formulas, the claims and the assignment.
    try:
        return _parse_in(latex, "sll")
    except Exception:  # noqa: BLE001 - a rejection, or any failure: LL decides and words it
        pass
    converter = _Converter(None, None, False, config=_CONFIG)
    try:
        with sympy.evaluate(False):
            return converter.parse(latex)
    except RecursionError:
        raise ParseFailure("the LaTeX is nested too deeply to parse") from None
    except Exception as exc:  # noqa: BLE001 - the parser raises bare Exceptions for syntax
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ParseFailure(f"the LaTeX parser cannot read it ({first[:120]})") from None
