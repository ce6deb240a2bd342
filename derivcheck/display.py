"""Presentation MathML of a claim's mathematics, with what SymPy's printer loses put back.

SymPy's presentation printer drops the side of a one-sided limit (the limit
from the left, ``x → 0⁻``, prints as ``x → 0``) and prints the Heaviside step
with its value at zero as a second argument, ``θ(x, 1/2)``. A reader must see
the claim as it was written, so both are printed here as the claim writes them.
"""

from __future__ import annotations

from typing import Any

import sympy
from sympy.printing.mathml import MathMLPresentationPrinter

#: How a one-sided limit's side is marked on its point.
_SIDE = {"+": "+", "-": "\N{MINUS SIGN}"}


class _Presentation(MathMLPresentationPrinter):  # type: ignore[misc]  # SymPy's printers are untyped
    def _print_Limit(self, e: sympy.Limit) -> Any:
        mrow = super()._print_Limit(e)
        side = _SIDE.get(str(e.args[3]))
        if side is not None and e.args[2].is_finite:  # at ±∞ the side is implied
            target = mrow.firstChild.lastChild  # <munder><mi>lim</mi><mrow>x → a</mrow></munder>
            point = target.lastChild
            target.removeChild(point)
            marked = self.dom.createElement("msup")
            marked.appendChild(point)
            sign = self.dom.createElement("mo")
            sign.appendChild(self.dom.createTextNode(side))
            marked.appendChild(sign)
            target.appendChild(marked)
        return mrow

    def _print_Heaviside(self, e: sympy.Heaviside) -> Any:
        # H(x), as the claim writes it: the value at zero is the language's
        # documented 1/2, not a second argument.
        mrow = self.dom.createElement("mrow")
        name = self.dom.createElement("mi")
        name.appendChild(self.dom.createTextNode("H"))
        mrow.appendChild(name)
        fenced = self.dom.createElement("mrow")
        for text, node in (("(", None), (None, e.args[0]), (")", None)):
            if node is None:
                mo = self.dom.createElement("mo")
                mo.appendChild(self.dom.createTextNode(text))
                fenced.appendChild(mo)
            else:
                fenced.appendChild(self._print(node))
        mrow.appendChild(fenced)
        return mrow


def mathml(expr: sympy.Basic) -> str:
    """The presentation MathML of ``expr`` (no ``<math>`` wrapper), its terms in the author's order."""
    return str(_Presentation({"order": "none"}).doprint(expr))
