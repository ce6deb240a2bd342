"""Generated claims for the benchmark: template identities and the softmax Jacobian.

    python bench/corpus.py N FOLDER     # write the first N claims of the corpus into FOLDER

Each template gives a true identity and a "perturbed twin": the same identity
with one of the slips a derivation really makes (a lost factor 2, a lost sign,
an exponent off by one), written with ``expect: refuted``. The parameters are
small random integers from a fixed seed, so the corpus is the same on every run
and its first N claims are a prefix of its first M > N.
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

#: Claims per generated file.
PER_FILE = 50
SEED = 20240604


@dataclass(frozen=True)
class Generated:
    """One generated claim."""

    id: str
    title: str
    symbols: str  # a YAML flow mapping
    claim: str
    holds: bool


def _nonzero(rng: random.Random, lo: int = -9, hi: int = 9) -> int:
    return rng.choice([k for k in range(lo, hi + 1) if k != 0])


def _times_x(c: int) -> str:
    """``c*x`` as a person writes it: ``x``, ``-x``, ``3*x``, ``-3*x``."""
    return "x" if c == 1 else "-x" if c == -1 else f"{c}*x"


def _plus(c: int) -> str:
    """`` + c`` or `` - |c|``."""
    return f" + {c}" if c >= 0 else f" - {-c}"


def _square(rng: random.Random, holds: bool) -> tuple[str, str, str]:
    a = _nonzero(rng)
    rhs = f"x**2{_plus(2 * a)}*x + {a * a}" if holds else f"x**2{_plus(a)}*x + {a * a}"  # the lost factor 2
    return "a binomial square", "{x: real}", f"(x{_plus(a)})**2 == {rhs}"


def _exp_product(rng: random.Random, holds: bool) -> tuple[str, str, str]:
    a, b = _nonzero(rng), _nonzero(rng)
    while a + b == a * b:  # the slip below would be true
        b = _nonzero(rng)
    rhs = f"exp({_times_x(a + b)})" if holds else f"exp({_times_x(a * b)})"  # exponents multiplied, not added
    if a + b == 0 and holds:
        rhs = "1"
    return "a product of exponentials", "{x: real}", f"exp({_times_x(a)})*exp({_times_x(b)}) == {rhs}"


def _sigmoid_symmetry(rng: random.Random, holds: bool) -> tuple[str, str, str]:
    a = rng.randint(1, 9)
    rhs = f"1 - sigmoid({a}*x)" if holds else f"1/(1 + exp(-{a}*x))"  # the sign of the exponent lost
    return "the symmetry of the sigmoid", "{x: real}", f"sigmoid(-{a}*x) == {rhs}"


def _power_rule(rng: random.Random, holds: bool) -> tuple[str, str, str]:
    k = rng.randint(2, 12)
    rhs = f"{k}*x**{k - 1}" if holds else f"{k}*x**{k}"  # the exponent not lowered
    return "the power rule", "{x: real}", f"diff(x**{k}, x) == {rhs}"


def _log_power(rng: random.Random, holds: bool) -> tuple[str, str, str]:
    k = rng.randint(2, 9)
    rhs = f"{k}*log(p)" if holds else f"log(p)**{k}"  # the power taken outside the log
    return "the logarithm of a power", "{p: positive}", f"log(p**{k}) == {rhs}"


def _pythagoras(rng: random.Random, holds: bool) -> tuple[str, str, str]:
    a = rng.randint(1, 9)
    b = a if holds else rng.choice([k for k in range(1, 10) if k != a])  # mismatched frequencies
    return "sin² + cos² = 1", "{x: real}", f"sin({a}*x)**2 + cos({b}*x)**2 == 1"


def _difference_of_squares(rng: random.Random, holds: bool) -> tuple[str, str, str]:
    a = _nonzero(rng)
    rhs = f"x{_plus(a)}" if holds else f"x{_plus(-a)}"  # the wrong sign
    return "a difference of squares over its factor", "{x: real}", f"(x**2 - {a * a})/(x{_plus(-a)}) == {rhs}"


def _softplus_derivative(rng: random.Random, holds: bool) -> tuple[str, str, str]:
    a = rng.randint(2, 9)  # with a = 1 the slip below is no slip
    rhs = f"{a}*sigmoid({a}*x)" if holds else f"sigmoid({a}*x)"  # the chain rule's factor lost
    return "the derivative of the softplus", "{x: real}", f"diff(log(1 + exp({a}*x)), x) == {rhs}"


def _tanh_sigmoid(rng: random.Random, holds: bool) -> tuple[str, str, str]:
    a = rng.randint(1, 9)
    rhs = f"2*sigmoid({2 * a}*x) - 1" if holds else f"2*sigmoid({a}*x) - 1"  # the argument not doubled
    return "tanh through the sigmoid", "{x: real}", f"tanh({a}*x) == {rhs}"


#: The templates: each takes the random source and whether the claim should hold.
TEMPLATES: tuple[Callable[[random.Random, bool], tuple[str, str, str]], ...] = (
    _square,
    _exp_product,
    _sigmoid_symmetry,
    _power_rule,
    _log_power,
    _pythagoras,
    _difference_of_squares,
    _softplus_derivative,
    _tanh_sigmoid,
)


def corpus(n: int, seed: int = SEED) -> list[Generated]:
    """The first ``n`` claims: the templates in turn, every third claim a perturbed twin."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        template = TEMPLATES[i % len(TEMPLATES)]
        holds = (i // len(TEMPLATES)) % 3 != 2
        title, symbols, claim = template(rng, holds)
        word = "" if holds else " (perturbed)"
        out.append(Generated(f"gen-{i + 1:04d}", f"{title}{word}", symbols, claim, holds))
    return out


def _yaml_string(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def claims_yaml(claims: list[Generated], source: str) -> str:
    lines = [f"title: {_yaml_string(source)}", "claims:"]
    for c in claims:
        lines += [
            f"  - id: {c.id}",
            f"    title: {_yaml_string(c.title)}",
            f"    symbols: {c.symbols}",
            f"    claim: {_yaml_string(c.claim)}",
        ]
        if not c.holds:
            lines.append("    expect: refuted")
    return "\n".join(lines) + "\n"


def write_corpus(claims: list[Generated], folder: Path) -> list[Path]:
    """Write ``claims`` into ``folder`` as files of :data:`PER_FILE` claims each."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for k in range(0, len(claims), PER_FILE):
        path = folder / f"generated-{k // PER_FILE + 1:03d}.yaml"
        path.write_text(claims_yaml(claims[k : k + PER_FILE], "generated identities"), encoding="utf-8")
        paths.append(path)
    return paths


def jacobian_yaml(n: int) -> str:
    """The softmax Jacobian claim for vectors of length ``n``."""
    return (
        f'title: "softmax Jacobian, n = {n}"\n'
        "claims:\n"
        f"  - id: softmax-jacobian-n{n}\n"
        f'    title: "The softmax Jacobian is Diag(S) - S Sᵀ, n = {n}"\n'
        "    symbols:\n"
        "      x: vector[n]\n"
        f"      n: [{n}]\n"
        '    claim: "jacobian(softmax(x), x) == diag(softmax(x)) - softmax(x)*softmax(x).T"\n'
    )


if __name__ == "__main__":
    count, target = int(sys.argv[1]), Path(sys.argv[2])
    for p in write_corpus(corpus(count), target):
        print(p)
