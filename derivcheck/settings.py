"""The numbers the engine works with: digits, tolerances and effort budgets, in one place.

Each is a count or a precision, never a time, except :attr:`EngineSettings.soft_budget`
(a share of the claim's clock): the same claim is decided the same way on every
machine. The values are chosen for soundness first; the comment beside each
says why it is what it is.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EngineSettings:
    """Digits, tolerances and budgets of the numeric screen, the proofs and the diagnoses."""

    # -- the numeric screen (engine/refute.py, engine/decide.py) --
    #: Digits at which both sides are evaluated, escalating on doubt: a disagreement
    #: that shrinks as the precision grows is cancellation, not an error.
    screen_digits: tuple[int, ...] = (30, 60, 120)
    #: Digits of slack below the working precision within which two values count as equal.
    equal_slack_digits: int = 8
    #: A difference stable to this relative change between the last two precisions is real.
    stable_relative: int = 10  # 10^-10
    #: A difference that shrank by this factor between the last two precisions is noise.
    noise_relative: int = 15  # 10^-15
    #: Test points before the cheap proofs, and after them.
    first_screen: int = 8
    second_screen: int = 24
    #: The stride between the seeds of the two screens (a prime, so the streams do not meet).
    seed_stride: int = 7919
    #: Digits of a value shown to people, when it is not exact.
    shown_digits: int = 30

    # -- the claim's budget (checking.py) --
    #: Share of the time budget after which expensive strategies are no longer started.
    soft_budget: float = 0.6

    # -- near-miss diagnoses (diagnose.py) --
    #: Relations larger than this (in operations) get no diagnosis.
    diagnosis_max_ops: int = 600
    #: A diagnosis is proved case by case; past this many cases none is given.
    most_diagnosed_cases: int = 64
    #: Digits of the diagnoses' numeric sketch.
    sketch_digits: int = 30
    #: The relative gap that counts as a clear difference in the sketch (10^-12: far
    #: above the rounding error of 30-digit arithmetic, so never noise).
    sketch_clear: int = 12
    #: Below 10^-20 a value counts as zero when taking a relative gap or a ratio.
    sketch_floor: int = 20
    #: The sketch's points: their seed and their number.
    sketch_seed: int = 97
    sketch_points: int = 6
    #: Random points at which an alternative that moves the unknowns (swapped, negated) is tried numerically first.
    moved_points: int = 1

    # -- polynomial real arithmetic (kernel/nra.py, engine/nonlinear.py) --
    #: z3's resource limit per question (its own count of steps, not a time): the
    #: targets (AM-GM, Cauchy-Schwarz for n = 3) need under a tenth of it.
    nra_rlimit: int = 2_000_000
    #: Expressions larger than this (in operations) are not given to z3.
    nra_max_ops: int = 300

    # -- calculus inequalities (engine/inequalities.py) --
    #: Differences larger than this (in operations) get no tangent-line bounds.
    tangent_max_ops: int = 300
    #: Functions larger than this (in operations) get no critical-point analysis.
    critical_max_ops: int = 200
    #: Derivatives whose numerator has a higher degree are not solved for their zeros.
    critical_max_degree: int = 12
    #: "f' >= 0 on the domain" is a sub-goal at most this deep (x - x**3/6 <= sin x needs f', f'' and f''').
    critical_chain: int = 3
    #: ... and only for derivatives at most this large (in operations).
    critical_chain_ops: int = 30
    #: Sub-goals (each a run of the sign ladder) one chain of these strategies may set.
    inequality_subgoals: int = 16  # the targets need at most 12
    #: At most this many cuts of the interval where an Abs, Max or Min switches branch.
    critical_most_cuts: int = 4

    # -- counterexamples by solving (engine/solving.py) --
    #: Points proposed by solving, at most, per relation (each judged like a test point).
    most_solved_points: int = 24
    #: Differences larger than this (in operations) are not solved.
    solving_max_ops: int = 200
    #: Polynomials of higher degree are not solved for their real roots.
    solving_max_degree: int = 12
    #: Linear systems with more unknowns than this are not solved.
    solving_max_unknowns: int = 12
    # -- antiderivative identities (engine/trig.py, engine/signsplit.py, engine/powers.py) --
    #: Expressions larger than this (in operations) get no half-angle rewriting.
    most_trig_ops: int = 300
    #: Distinct angles, each an indeterminate of the half-angle rewriting.
    most_trig_angles: int = 4
    #: Shifted arguments u = c0 + c1*x tried per expression.
    most_shift_candidates: int = 2
    #: Terms expand may make; an expression over it is decided without expanding.
    most_expanded_terms: int = 20_000
    #: An integer power of an unknown base over this is abstracted as one unknown.
    large_exponent: int = 1_000
    #: Bits of c**k, the content of an abstracted power's base to its exponent.
    most_abstracted_bits: int = 14_000

    # -- sampling (engine/sampling.py) --
    #: Hint points (breakpoints, special values) tried at most per screen.
    most_hints: int = 12

    # -- the simplest witness (engine/shorten.py) --
    #: Candidate points tried, at most, to make one counterexample simpler; each is
    #: judged exactly, so the bound keeps a large claim's refutation cheap.
    shrink_tries: int = 48
    #: Candidate values tried, at most, for one coordinate.
    shrink_per_coordinate: int = 12
    #: Operations of the relation judged in all while shrinking: a try judges every
    #: entry exactly, so a large matrix claim gets fewer tries (a 3×3 Hessian, ~10).
    shrink_effort: int = 40_000
    # -- exact rational identities in flint polynomials (engine/rational.py) --
    #: Terms of one polynomial past which the reading gives up (SymPy's route stays).
    rational_max_terms: int = 20_000
    #: The largest integer exponent read (b**k costs like k products).
    rational_max_exponent: int = 64

    # -- Gram-matrix (sum-of-squares) certificates (engine/quadratic.py) --
    #: Unknowns, total degree, candidate monomials (the Newton box) and kept monomials at most.
    gram_max_unknowns: int = 12
    gram_max_degree: int = 6
    gram_most_candidates: int = 4096
    gram_max_monomials: int = 40


#: The settings every module reads.
SETTINGS = EngineSettings()

__all__ = ["EngineSettings", "SETTINGS"]
