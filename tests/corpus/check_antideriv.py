#!/usr/bin/env python3
"""Independent oracle for antideriv.yaml.

Every claim is `diff(F, x) == f`.  For each id this file holds a hand-written
mpmath version of F and f (not read from the YAML).  The label is decided by
numerical differentiation of F at 50 digits (mpmath.diff) compared with f:
  * TRUE claims: agreement to 1e-25 relative at many random points of the
    declared domain and at edge points;
  * FALSE claims: disagreement at the witness point named in the note.
A second, separate check parses the YAML expressions with SymPy (used only as
an evaluator, never for differentiation) and compares their values with the
hand-written F and f at random points, to catch transcription errors.
"""
import random
import re
import sys

import mpmath as M
from mpmath import mp, mpf, mpc
import yaml

mp.dps = 50

log, exp, sqrt, pi = M.log, M.exp, M.sqrt, M.pi
sin, cos, tan, sec, csc, cot = M.sin, M.cos, M.tan, M.sec, M.csc, M.cot
sinh, cosh, tanh, coth = M.sinh, M.cosh, M.tanh, M.coth
asin, acos, atan, asinh, acosh, atanh = M.asin, M.acos, M.atan, M.asinh, M.acosh, M.atanh
erf, erfc, erfi = M.erf, M.erfc, M.erfi
Ei, li, Si, Ci, Shi, Chi = M.ei, M.li, M.si, M.ci, M.shi, M.chi
fresnels, fresnelc, polylog = M.fresnels, M.fresnelc, M.polylog
gamma, digamma, lgamma = M.gamma, M.digamma, M.loggamma
floor, ceiling = M.floor, M.ceil
Abs = abs


def sign(v):
    return M.sign(v)


def uppergamma(s, x):
    return M.gammainc(s, x, M.inf)


def lowergamma(s, x):
    return M.gammainc(s, 0, x)


def sigmoid(v):
    return 1/(1 + exp(-v))


def softplus(v):
    return log(1 + exp(v))


def relu(v):
    return v if v > 0 else mpf(0)


def Max(*a):
    return max(a)


def Min(*a):
    return min(a)


# id -> (F, f, expect_true, witness or None, options)
C = {}


def T(cid, F, f, **opt):
    C[cid] = (F, f, True, None, opt)


def Fl(cid, F, f, wit, **opt):
    C[cid] = (F, f, False, wit, opt)


# ---------------- rational functions ----------------
T('antideriv-log-recip', lambda x: log(x), lambda x: 1/x)
T('antideriv-log-abs-recip', lambda x: log(abs(x)), lambda x: 1/x)
Fl('antideriv-recip-square-sign', lambda x: -1/x, lambda x: -1/x**2, {'x': 1})
T('antideriv-log-quadratic', lambda x: log(x**2 + 1)/2, lambda x: x/(x**2 + 1))
T('antideriv-atan-basic', lambda x: atan(x), lambda x: 1/(1 + x**2))
Fl('antideriv-atan-scaled-missing-factor', lambda x, a: atan(x/a), lambda x, a: 1/(a**2 + x**2), {'a': 2, 'x': 0})
T('antideriv-atan-scaled', lambda x, a: atan(x/a)/a, lambda x, a: 1/(a**2 + x**2))
T('antideriv-partial-fractions-log-ratio', lambda x: log((x - 1)/(x + 1))/2, lambda x: 1/(x**2 - 1))
T('antideriv-partial-fractions-two-logs', lambda x: log(x - 1)/2 - log(x + 1)/2, lambda x: 1/(x**2 - 1))
Fl('antideriv-partial-fractions-missing-half', lambda x: log(x - 1) - log(x + 1), lambda x: 1/(x**2 - 1), {'x': 2})
T('antideriv-partial-fractions-general', lambda x, a, b: log(x - a)/(a - b) + log(x - b)/(b - a),
  lambda x, a, b: 1/((x - a)*(x - b)))
Fl('antideriv-partial-fractions-general-sign', lambda x, a, b: (log(x - a) - log(x - b))/(b - a),
   lambda x, a, b: 1/((x - a)*(x - b)), {'a': 0, 'b': 1, 'x': 2})
T('antideriv-improper-rational-linear', lambda x: x - log(x + 1), lambda x: x/(x + 1))
T('antideriv-improper-rational-quadratic', lambda x: x**2/2 - x + log(x + 1), lambda x: x**2/(x + 1))
Fl('antideriv-improper-rational-quadratic-sign', lambda x: x**2/2 - x - log(x + 1), lambda x: x**2/(x + 1), {'x': 1})
T('antideriv-rational-square-denominator', lambda x: -1/(2*(x**2 + 1)), lambda x: x/(x**2 + 1)**2)
T('antideriv-rational-reduction-formula', lambda x: x/(2*(x**2 + 1)) + atan(x)/2, lambda x: 1/(x**2 + 1)**2)
Fl('antideriv-rational-reduction-formula-missing-half', lambda x: x/(2*(x**2 + 1)) + atan(x),
   lambda x: 1/(x**2 + 1)**2, {'x': 0})
T('antideriv-completing-square', lambda x: log(x**2 + x + 1)/2 + atan((2*x + 1)/sqrt(3))/sqrt(3),
  lambda x: (x + 1)/(x**2 + x + 1))
Fl('antideriv-completing-square-factor-two', lambda x: log(x**2 + x + 1)/2 + 2*atan((2*x + 1)/sqrt(3))/sqrt(3),
   lambda x: (x + 1)/(x**2 + x + 1), {'x': 0})
T('antideriv-partial-fractions-positive', lambda x: log(x/(x + 1)), lambda x: 1/(x*(x + 1)))
T('antideriv-cubic-sum', lambda x: log(x + 1)/3 - log(x**2 - x + 1)/6 + atan((2*x - 1)/sqrt(3))/sqrt(3),
  lambda x: 1/(x**3 + 1))
Fl('antideriv-cubic-sum-sign', lambda x: log(x + 1)/3 + log(x**2 - x + 1)/6 + atan((2*x - 1)/sqrt(3))/sqrt(3),
   lambda x: 1/(x**3 + 1), {'x': 0})
T('antideriv-quartic-difference', lambda x: log((x - 1)/(x + 1))/4 - atan(x)/2, lambda x: 1/(x**4 - 1))

# ---------------- powers ----------------
T('antideriv-power-rule', lambda x, n: x**(n + 1)/(n + 1), lambda x, n: x**n)
Fl('antideriv-power-rule-divide-by-n', lambda x, n: x**(n + 1)/n, lambda x, n: x**n, {'n': 1, 'x': 1})
T('antideriv-power-rule-exponent-above-minus-one', lambda x, n: x**(n + 1)/(n + 1), lambda x, n: x**n)
T('antideriv-power-rule-shifted-phrasing', lambda x, n: x**n/n, lambda x, n: x**(n - 1))
T('antideriv-power-rule-negative-exponent', lambda x, n: -1/((n - 1)*x**(n - 1)), lambda x, n: 1/x**n)
T('antideriv-exponential-base', lambda x, a: a**x/log(a), lambda x, a: a**x)
Fl('antideriv-exponential-base-times-log', lambda x, a: a**x*log(a), lambda x, a: a**x, {'a': 2, 'x': 0})
Fl('antideriv-exponential-base-power-rule', lambda x, a: a**(x + 1)/(x + 1), lambda x, a: a**x, {'a': 2, 'x': 1})
T('antideriv-power-times-log', lambda x, n: x**(n + 1)*log(x)/(n + 1) - x**(n + 1)/(n + 1)**2,
  lambda x, n: x**n*log(x))
Fl('antideriv-power-times-log-sign', lambda x, n: x**(n + 1)*log(x)/(n + 1) + x**(n + 1)/(n + 1)**2,
   lambda x, n: x**n*log(x), {'n': 1, 'x': 1})
T('antideriv-linear-base-power', lambda x, a, b, n: (a + b*x)**(n + 1)/(b*(n + 1)), lambda x, a, b, n: (a + b*x)**n)
Fl('antideriv-linear-base-power-missing-b', lambda x, a, b, n: (a + b*x)**(n + 1)/(n + 1),
   lambda x, a, b, n: (a + b*x)**n, {'a': 1, 'b': 2, 'n': 1, 'x': 1})
T('antideriv-sqrt-recip', lambda x: 2*sqrt(x), lambda x: 1/sqrt(x))
T('antideriv-three-halves', lambda x: 2*x**(mpf(3)/2)/3, lambda x: sqrt(x))
Fl('antideriv-three-halves-inverted', lambda x: 3*x**(mpf(3)/2)/2, lambda x: sqrt(x), {'x': 1})
Fl('antideriv-abs-power-odd-extension', lambda x, n: abs(x)**(n + 1)/(n + 1), lambda x, n: x**n, {'n': 2, 'x': -1})

# ---------------- exponentials ----------------
T('antideriv-x-exp', lambda x: (x - 1)*exp(x), lambda x: x*exp(x))
Fl('antideriv-x-exp-sign', lambda x: (x + 1)*exp(x), lambda x: x*exp(x), {'x': 0})
T('antideriv-x2-exp', lambda x: (x**2 - 2*x + 2)*exp(x), lambda x: x**2*exp(x))
Fl('antideriv-x2-exp-constant-sign', lambda x: (x**2 - 2*x - 2)*exp(x), lambda x: x**2*exp(x), {'x': 0})

T('antideriv-exp-linear-times-x', lambda x, a: exp(a*x)*(a*x - 1)/a**2, lambda x, a: x*exp(a*x))
Fl('antideriv-exp-linear-times-x-missing-a', lambda x, a: exp(a*x)*(a*x - 1)/a, lambda x, a: x*exp(a*x), {'a': 2, 'x': 1})
T('antideriv-x-exp-minus', lambda x: -exp(-x)*(x + 1), lambda x: x*exp(-x))
T('antideriv-gaussian-moment', lambda x: exp(x**2)/2, lambda x: x*exp(x**2))
Fl('antideriv-gaussian-moment-factor-two', lambda x: exp(x**2), lambda x: x*exp(x**2), {'x': 1})
T('antideriv-normal-kernel-moment', lambda x: -exp(-x**2/2), lambda x: x*exp(-x**2/2))
Fl('antideriv-normal-kernel-moment-sign', lambda x: exp(-x**2/2), lambda x: x*exp(-x**2/2), {'x': 1})
T('antideriv-exp-sin', lambda x: exp(x)*(sin(x) - cos(x))/2, lambda x: exp(x)*sin(x))
Fl('antideriv-exp-sin-swapped', lambda x: exp(x)*(sin(x) + cos(x))/2, lambda x: exp(x)*sin(x), {'x': 0})
T('antideriv-exp-sin-general', lambda x, a, b: exp(a*x)*(a*sin(b*x) - b*cos(b*x))/(a**2 + b**2),
  lambda x, a, b: exp(a*x)*sin(b*x))
T('antideriv-x3-exp', lambda x: exp(x)*(x**3 - 3*x**2 + 6*x - 6), lambda x: x**3*exp(x))

# ---------------- logs ----------------
T('antideriv-log', lambda x: x*log(x) - x, lambda x: log(x))
Fl('antideriv-log-sign', lambda x: x*log(x) + x, lambda x: log(x), {'x': 1})
Fl('antideriv-log-forgot-correction', lambda x: x*log(x), lambda x: log(x), {'x': 1})
T('antideriv-x-log', lambda x: x**2*log(x)/2 - x**2/4, lambda x: x*log(x))
T('antideriv-log-squared', lambda x: x*log(x)**2 - 2*x*log(x) + 2*x, lambda x: log(x)**2)
T('antideriv-log-over-x', lambda x: log(x)**2/2, lambda x: log(x)/x)
Fl('antideriv-log-over-x-factor-two', lambda x: log(x)**2, lambda x: log(x)/x, {'x': 2})
T('antideriv-log-log', lambda x: log(log(x)), lambda x: 1/(x*log(x)))
T('antideriv-log-scaled', lambda x, a: x*log(a*x) - x, lambda x, a: log(a*x))
T('antideriv-log-linear', lambda x, a, b: (a + b*x)*log(a + b*x)/b - x, lambda x, a, b: log(a + b*x))
Fl('antideriv-log-linear-missing-b', lambda x, a, b: (a + b*x)*log(a + b*x) - x, lambda x, a, b: log(a + b*x),
   {'a': 1, 'b': 2, 'x': 1})
T('antideriv-log-quadratic-argument', lambda x: x*log(x**2 + 1) - 2*x + 2*atan(x), lambda x: log(x**2 + 1))
Fl('antideriv-log-square-domain-forgotten', lambda x: 2*x*log(x) - 2*x, lambda x: log(x**2), {'x': -1})
T('antideriv-log-square', lambda x: x*log(x**2) - 2*x, lambda x: log(x**2))

# ---------------- roots / inverse functions ----------------
T('antideriv-asin', lambda x: asin(x), lambda x: 1/sqrt(1 - x**2))
T('antideriv-asin-scaled', lambda x, a: asin(x/a), lambda x, a: 1/sqrt(a**2 - x**2))
Fl('antideriv-asin-scaled-extra-a', lambda x, a: asin(x/a), lambda x, a: a/sqrt(a**2 - x**2), {'a': 2, 'x': mpf(1)/2})
T('antideriv-acos', lambda x: acos(x), lambda x: -1/sqrt(1 - x**2))
Fl('antideriv-acos-sign', lambda x: acos(x), lambda x: 1/sqrt(1 - x**2), {'x': 0})
T('antideriv-asinh', lambda x: asinh(x), lambda x: 1/sqrt(x**2 + 1))
T('antideriv-asinh-log-form', lambda x: log(x + sqrt(x**2 + 1)), lambda x: 1/sqrt(x**2 + 1))
T('antideriv-acosh', lambda x: acosh(x), lambda x: 1/sqrt(x**2 - 1))
Fl('antideriv-acosh-wrong-radicand', lambda x: acosh(x), lambda x: 1/sqrt(1 - x**2), {'x': 2})
T('antideriv-atanh', lambda x: atanh(x), lambda x: 1/(1 - x**2))
T('antideriv-atanh-log-form', lambda x: log((1 + x)/(1 - x))/2, lambda x: 1/(1 - x**2))
T('antideriv-sqrt-one-minus-square', lambda x: x*sqrt(1 - x**2)/2 + asin(x)/2, lambda x: sqrt(1 - x**2))
Fl('antideriv-sqrt-one-minus-square-sign', lambda x: x*sqrt(1 - x**2)/2 - asin(x)/2, lambda x: sqrt(1 - x**2), {'x': 0})
T('antideriv-sqrt-one-plus-square', lambda x: x*sqrt(x**2 + 1)/2 + asinh(x)/2, lambda x: sqrt(x**2 + 1))
T('antideriv-x-over-sqrt', lambda x: sqrt(x**2 + 1), lambda x: x/sqrt(x**2 + 1))
Fl('antideriv-x-over-sqrt-factor-two', lambda x: 2*sqrt(x**2 + 1), lambda x: x/sqrt(x**2 + 1), {'x': 1})
T('antideriv-x-over-sqrt-one-minus', lambda x: -sqrt(1 - x**2), lambda x: x/sqrt(1 - x**2))
T('antideriv-atan-by-parts', lambda x: x*atan(x) - log(x**2 + 1)/2, lambda x: atan(x))
Fl('antideriv-atan-by-parts-sign', lambda x: x*atan(x) + log(x**2 + 1)/2, lambda x: atan(x), {'x': 1})
T('antideriv-asin-by-parts', lambda x: x*asin(x) + sqrt(1 - x**2), lambda x: asin(x))
T('antideriv-atan-plus-atan-recip', lambda x: atan(x) + atan(1/x), lambda x: mpf(0))
T('antideriv-asin-plus-acos', lambda x: asin(x) + acos(x), lambda x: mpf(0))
T('antideriv-asin-sqrt', lambda x: 2*asin(sqrt(x)), lambda x: 1/sqrt(x*(1 - x)))
Fl('antideriv-asin-sqrt-factor-two', lambda x: asin(sqrt(x)), lambda x: 1/sqrt(x*(1 - x)), {'x': mpf(1)/2})

# ---------------- trig powers ----------------
T('antideriv-sin-squared', lambda x: x/2 - sin(2*x)/4, lambda x: sin(x)**2)
Fl('antideriv-sin-squared-cos-form', lambda x: x/2 + sin(2*x)/4, lambda x: sin(x)**2, {'x': 0})
T('antideriv-tan-squared', lambda x: tan(x) - x, lambda x: tan(x)**2)
Fl('antideriv-tan-squared-power-rule', lambda x: tan(x)**3/3, lambda x: tan(x)**2, {'x': pi/4})
T('antideriv-sinh-squared', lambda x: sinh(x)*cosh(x)/2 - x/2, lambda x: sinh(x)**2)
Fl('antideriv-log-sinh-for-tanh', lambda x: log(sinh(x)), lambda x: tanh(x), {'x': 1})
T('antideriv-sec-cubed', lambda x: sec(x)*tan(x)/2 + log(sec(x) + tan(x))/2, lambda x: sec(x)**3)
T('antideriv-log-tan-half', lambda x: log(tan(x/2)), lambda x: csc(x))

# ---------------- shifted arguments ----------------
T('antideriv-tan-shift', lambda x, a, b: -log(cos(a + b*x))/b, lambda x, a, b: tan(a + b*x))
Fl('antideriv-tan-shift-missing-b', lambda x, a, b: -log(cos(a + b*x)), lambda x, a, b: tan(a + b*x),
   {'a': 0, 'b': 2, 'x': mpf(1)/2})
T('antideriv-sec-shift-log', lambda x, a, b: log(sec(a + b*x) + tan(a + b*x))/b, lambda x, a, b: sec(a + b*x))
T('antideriv-sec-shift-atanh', lambda x, a, b: atanh(sin(a + b*x))/b, lambda x, a, b: sec(a + b*x))
Fl('antideriv-sec-shift-cos', lambda x, a, b: log(sec(a + b*x) + tan(a + b*x))/b, lambda x, a, b: cos(a + b*x),
   {'a': 0, 'b': 1, 'x': 1})
T('antideriv-sin-squared-shift', lambda x, a, b: x/2 - sin(2*a + 2*b*x)/(4*b), lambda x, a, b: sin(a + b*x)**2)
Fl('antideriv-sin-squared-shift-missing-b', lambda x, a, b: x/2 - sin(2*a + 2*b*x)/4, lambda x, a, b: sin(a + b*x)**2,
   {'a': 0, 'b': 2, 'x': 1})
T('antideriv-cos-cubed-shift', lambda x, c, d: sin(c + d*x)/d - sin(c + d*x)**3/(3*d), lambda x, c, d: cos(c + d*x)**3)
Fl('antideriv-cos-cubed-shift-sign', lambda x, c, d: sin(c + d*x)/d + sin(c + d*x)**3/(3*d),
   lambda x, c, d: cos(c + d*x)**3, {'c': 0, 'd': 1, 'x': 1})
Fl('antideriv-cos-cubed-power-rule', lambda x, c, d: cos(c + d*x)**4/(4*d), lambda x, c, d: cos(c + d*x)**3,
   {'c': 0, 'd': 1, 'x': 1})
Fl('antideriv-sin-shift-sign', lambda x, a, b: cos(a + b*x)/b, lambda x, a, b: sin(a + b*x), {'a': 0, 'b': 1, 'x': 1})
T('antideriv-sec-squared-shift', lambda x, a, b: tan(a + b*x)/b, lambda x, a, b: sec(a + b*x)**2)

# ---------------- Abs / sign / sqrt(cos**2) ----------------
T('antideriv-asinh-tan-abs-sec', lambda x: asinh(tan(x)), lambda x: sqrt(1/cos(x)**2))
Fl('antideriv-asinh-tan-sec', lambda x: asinh(tan(x)), lambda x: sec(x), {'x': 2})
T('antideriv-log-abs-sec', lambda x: log(sqrt(1/cos(x)**2)), lambda x: tan(x))
Fl('antideriv-asin-sin-one', lambda x: asin(sin(x)), lambda x: mpf(1), {'x': 2})
T('antideriv-asin-sin-sign', lambda x: asin(sin(x)), lambda x: cos(x)/sqrt(cos(x)**2))
Fl('antideriv-sqrt-one-minus-cos-squared-cos', lambda x: sqrt(1 - cos(x)**2), lambda x: cos(x), {'x': -1})
T('antideriv-sqrt-one-minus-cos-squared-sign', lambda x: sqrt(1 - cos(x)**2), lambda x: sign(sin(x))*cos(x))
T('antideriv-x-abs-x', lambda x: x*abs(x)/2, lambda x: abs(x))
T('antideriv-x-squared-sign', lambda x: x**2*sign(x)/2, lambda x: abs(x))
Fl('antideriv-abs-squared-half', lambda x: abs(x)**2/2, lambda x: abs(x), {'x': -1})
T('antideriv-sqrt-cos-squared-tan', lambda x: sqrt(cos(x)**2)*tan(x), lambda x: sqrt(cos(x)**2))
Fl('antideriv-sin-for-abs-cos', lambda x: sin(x), lambda x: sqrt(cos(x)**2), {'x': 2})
Fl('antideriv-clip-gradient-large', lambda x: Max(x, mpf(1000)), lambda x: mpf(0), {'x': 2000})
T('antideriv-abs-times-sign-product-rule', lambda x: abs(x)*sign(x), lambda x: sign(x)**2)
Fl('antideriv-sqrt-x-squared-one', lambda x: sqrt(x**2), lambda x: mpf(1), {'x': -1})
T('antideriv-relu-square', lambda x: relu(x)**2/2, lambda x: relu(x))
T('antideriv-softplus-sigmoid', lambda x: softplus(x), lambda x: sigmoid(x))
Fl('antideriv-softplus-reflected', lambda x: log(1 + exp(-x)), lambda x: sigmoid(x), {'x': 0})

# ---------------- special functions ----------------
T('antideriv-gaussian-erf', lambda x: sqrt(pi)*erf(x)/2, lambda x: exp(-x**2))
Fl('antideriv-gaussian-erf-scaled-missing-root', lambda x, a: sqrt(pi)*erf(sqrt(a)*x)/2, lambda x, a: exp(-a*x**2),
   {'a': 4, 'x': 0})
T('antideriv-gaussian-erf-scaled', lambda x, a: sqrt(pi)*erf(sqrt(a)*x)/(2*sqrt(a)), lambda x, a: exp(-a*x**2))
T('antideriv-erfi', lambda x: sqrt(pi)*erfi(x)/2, lambda x: exp(x**2))
Fl('antideriv-erf-for-growing-gaussian', lambda x: sqrt(pi)*erf(x)/2, lambda x: exp(x**2), {'x': 1})
T('antideriv-x-erf', lambda x: x*erf(x) + exp(-x**2)/sqrt(pi), lambda x: erf(x))
T('antideriv-erf-sqrt', lambda x: sqrt(pi)*erf(sqrt(x)), lambda x: exp(-x)/sqrt(x))
T('antideriv-ei-scaled', lambda x, a: Ei(a*x), lambda x, a: exp(a*x)/x)
T('antideriv-li', lambda x: li(x), lambda x: 1/log(x))
Fl('antideriv-li-log-log-confusion', lambda x: li(x), lambda x: 1/(x*log(x)), {'x': 2})
Fl('antideriv-si-scaled-divided', lambda x, b: Si(b*x)/b, lambda x, b: sin(b*x)/x, {'b': 2, 'x': 1})
T('antideriv-si-scaled', lambda x, b: Si(b*x), lambda x, b: sin(b*x)/x)
T('antideriv-ci', lambda x: Ci(x), lambda x: cos(x)/x)
Fl('antideriv-chi-swapped', lambda x: Chi(x), lambda x: sinh(x)/x, {'x': 1})
T('antideriv-shi', lambda x: Shi(x), lambda x: sinh(x)/x)
T('antideriv-fresnels', lambda x: fresnels(x), lambda x: sin(pi*x**2/2))
Fl('antideriv-fresnels-normalisation', lambda x: fresnels(x), lambda x: sin(x**2), {'x': 1})
T('antideriv-fresnelc-rescaled', lambda x: sqrt(pi/2)*fresnelc(sqrt(2/pi)*x), lambda x: cos(x**2))
T('antideriv-dilog', lambda x: polylog(2, x), lambda x: -log(1 - x)/x)
Fl('antideriv-dilog-sign', lambda x: polylog(2, x), lambda x: log(1 - x)/x, {'x': mpf(1)/2})
T('antideriv-trilog', lambda x: polylog(3, x), lambda x: polylog(2, x)/x)
T('antideriv-uppergamma', lambda x, s: -uppergamma(s, x), lambda x, s: x**(s - 1)*exp(-x), dps=120)
Fl('antideriv-uppergamma-sign', lambda x, s: uppergamma(s, x), lambda x, s: x**(s - 1)*exp(-x), {'s': 2, 'x': 1})
Fl('antideriv-lowergamma-off-by-one', lambda x, s: lowergamma(s, x), lambda x, s: x**s*exp(-x), {'s': 2, 'x': 2})
T('antideriv-lowergamma', lambda x, s: lowergamma(s, x), lambda x, s: x**(s - 1)*exp(-x))
T('antideriv-uppergamma-any-order', lambda x, s: -uppergamma(s + 1, x), lambda x, s: x**s*exp(-x), dps=120)
T('antideriv-gamma-digamma', lambda x: gamma(x), lambda x: gamma(x)*digamma(x))
T('antideriv-lgamma-digamma', lambda x: lgamma(x), lambda x: digamma(x))
Fl('antideriv-log-gamma-chain-rule', lambda x: log(gamma(x)), lambda x: digamma(x)/gamma(x), {'x': 3})

# ---------------- Piecewise / floor ----------------
T('antideriv-piecewise-c1', lambda x: x**2/2 if x < 0 else x**3/3, lambda x: x if x < 0 else x**2)
T('antideriv-piecewise-abs', lambda x: -x**2/2 if x < 0 else x**2/2, lambda x: abs(x))
T('antideriv-piecewise-min', lambda x: x**2/2 if x < 1 else x - mpf(1)/2, lambda x: Min(x, mpf(1)))
T('antideriv-floor-continuous', lambda x: x*floor(x) - floor(x)*(floor(x) + 1)/2, lambda x: floor(x))
T('antideriv-x-floor', lambda x: x*floor(x), lambda x: floor(x))
Fl('antideriv-x-floor-product-rule', lambda x: x*floor(x), lambda x: floor(x) + x, {'x': mpf(1)/2})

# ---------------- more phrasings ----------------
T('antideriv-asinh-tan-abs-value', lambda x: asinh(tan(x)), lambda x: abs(sec(x)))
T('antideriv-asin-sin-sign-function', lambda x: asin(sin(x)), lambda x: sign(cos(x)))
T('antideriv-log-abs-sec-plus-tan', lambda x: log(abs(sec(x) + tan(x))), lambda x: sec(x))
T('antideriv-tan-shift-log-sec', lambda x, a, b: log(sec(a + b*x))/b, lambda x, a, b: tan(a + b*x))
T('antideriv-li-as-ei-of-log', lambda x: Ei(log(x)), lambda x: 1/log(x))
T('antideriv-erfc-gaussian', lambda x: -sqrt(pi)*erfc(x)/2, lambda x: exp(-x**2))
T('antideriv-uppergamma-half', lambda x: -uppergamma(mpf(1)/2, x), lambda x: exp(-x)/sqrt(x), dps=120)
T('antideriv-sin-squared-cos-squared', lambda x: x/8 - sin(4*x)/32, lambda x: sin(x)**2*cos(x)**2)
T('antideriv-cot-squared', lambda x: -cot(x) - x, lambda x: cot(x)**2)
T('antideriv-x-abs-x-sign-form', lambda x: x*abs(x)/2, lambda x: x*sign(x))
Fl('antideriv-log-abs-recip-abs', lambda x: log(abs(x)), lambda x: 1/abs(x), {'x': -1})


# ---------------------------------------------------------------------------
RNG = random.Random(20261201)


def sample(dom, k):
    """k random points of a domain (as mpf), plus edge points."""
    d = dom.strip()
    pts = []
    if d == 'real':
        pts = [mpf(RNG.uniform(-6, 6)) for _ in range(k)] + [mpf(RNG.uniform(-0.05, 0.05)) for _ in range(3)]
        pts += [mpf('-37.25'), mpf('41.5'), mpf('1e-6'), mpf('-1e-6')]
    elif d == 'nonzero':
        pts = [mpf(RNG.uniform(-6, 6)) for _ in range(k)] + [mpf('1e-5'), mpf('-1e-5'), mpf('-30.5'), mpf('33.25')]
    elif d == 'positive':
        pts = [exp(mpf(RNG.uniform(-3, 3))) for _ in range(k)] + [mpf('1e-5'), mpf('45.5')]
    elif d.startswith('(') or d.startswith('['):
        lo, hi = [s.strip() for s in d[1:-1].split(',')]
        lo = -M.inf if lo == '-oo' else mpf(lo)
        hi = M.inf if hi == 'oo' else mpf(hi)
        if hi == M.inf:
            pts = [lo + exp(mpf(RNG.uniform(-3, 3))) for _ in range(k)] + [lo + mpf('1e-4'), lo + 40]
        else:
            w = hi - lo
            pts = [lo + w*mpf(RNG.uniform(0, 1)) for _ in range(k)] + [lo + w*mpf('1e-4'), hi - w*mpf('1e-4')]
    else:
        raise ValueError('unknown domain ' + dom)
    return pts


def num_diff(F, var, pt):
    def g(t):
        q = dict(pt)
        q[var] = t
        return F(**q)
    return M.diff(g, pt[var])


def compare(F, f, var, pt, dps=50):
    """Return (lhs, rhs, err, scale) or None if a side has no value.

    dps > 50 is used only where F is huge and its derivative tiny (catastrophic
    cancellation in the difference quotient), e.g. uppergamma(42.5, 0.35)."""
    if dps != 50:
        with mp.workdps(dps):
            r = compare(F, f, var, {k: +v for k, v in pt.items()})
        return None if r is None else tuple(+v for v in r)
    try:
        rhs = f(**pt)
        lhs = num_diff(F, var, pt)
    except (ZeroDivisionError, ValueError):
        return None
    if not (M.isfinite(M.re(lhs)) and M.isfinite(M.im(lhs)) and M.isfinite(M.re(rhs)) and M.isfinite(M.im(rhs))):
        return None
    return lhs, rhs, abs(lhs - rhs), abs(rhs)


def random_points(symdoms, k):
    names = list(symdoms)
    cols = {n: sample(symdoms[n], k) for n in names}
    m = max(len(c) for c in cols.values())
    pts = []
    for i in range(m):
        pts.append({n: cols[n][i % len(cols[n])] if i < len(cols[n]) else RNG.choice(cols[n]) for n in names})
    # shuffle parameter columns against x so that edges of x meet random parameters
    return pts


# ---------------- SymPy cross-check of the YAML text against the hand lambdas ----------------
def sympy_env(symnames):
    import sympy as S
    env = {n: S.Symbol(n) for n in symnames}
    xx = S.Symbol('_t')
    env.update({
        'sec': S.sec, 'csc': S.csc, 'cot': S.cot, 'coth': S.coth, 'Abs': S.Abs, 'sign': S.sign,
        'erf': S.erf, 'erfc': S.erfc, 'erfi': S.erfi, 'Ei': S.Ei, 'li': S.li, 'Si': S.Si, 'Ci': S.Ci,
        'Shi': S.Shi, 'Chi': S.Chi, 'fresnels': S.fresnels, 'fresnelc': S.fresnelc, 'polylog': S.polylog,
        'uppergamma': S.uppergamma, 'lowergamma': S.lowergamma, 'gamma': S.gamma, 'digamma': S.digamma,
        'lgamma': S.loggamma, 'floor': S.floor, 'ceiling': S.ceiling, 'Piecewise': S.Piecewise,
        'Max': S.Max, 'Min': S.Min, 'pi': S.pi, 'asinh': S.asinh, 'acosh': S.acosh, 'atanh': S.atanh,
        'sigmoid': S.Lambda(xx, 1/(1 + S.exp(-xx))), 'softplus': S.Lambda(xx, S.log(1 + S.exp(xx))),
        'relu': S.Lambda(xx, S.Max(0, xx)), 'H': S.Lambda(xx, S.Heaviside(xx, S.Rational(1, 2))),
    })
    return S, env


DIFF_RE = re.compile(r'^diff\((.*), (\w+)\)$')


def split_claim(text):
    lhs, rhs = [s.strip() for s in text.split('==')]
    m = DIFF_RE.match(lhs)
    if m:
        return m.group(1), m.group(2), rhs
    m = DIFF_RE.match(rhs)
    if m:
        return m.group(1), m.group(2), lhs
    raise ValueError('claim not of the form diff(F, x) == f: ' + text)


def sym_value(S, expr, pt, env):
    sub = {env[n]: S.Float(str(v), 50) for n, v in pt.items()}
    v = S.N(expr.xreplace(sub), 40)
    re_, im_ = v.as_real_imag()
    return mpc(mpf(str(S.N(re_, 40))), mpf(str(S.N(im_, 40))))


def cross_check(cid, entry, yc):
    S, env = sympy_env(list(yc['symbols']))
    from sympy.parsing.sympy_parser import parse_expr
    Fs, var, fs = split_claim(yc['claim'])
    Fe = parse_expr(Fs, local_dict=env)
    fe = parse_expr(fs, local_dict=env)
    F, f = entry[0], entry[1]
    bad = []
    pts = random_points({n: d for n, d in yc['symbols'].items()}, 6)[:6]
    for pt in pts:
        for name, hand, se in (('F', F, Fe), ('f', f, fe)):
            try:
                hv = mpc(hand(**pt))
            except (ZeroDivisionError, ValueError):
                continue
            sv = sym_value(S, se, pt, env)
            if abs(hv - sv) > mpf('1e-20')*max(1, abs(hv)):
                bad.append((name, {k: M.nstr(v, 8) for k, v in pt.items()}, M.nstr(hv, 12), M.nstr(sv, 12)))
    return var, bad


def main():
    data = yaml.safe_load(open(__file__.rsplit('/', 1)[0] + '/antideriv.yaml' if '/' in __file__ else 'antideriv.yaml'))
    claims = data['claims']
    ids = [c['id'] for c in claims]
    problems = []
    if len(ids) != len(set(ids)):
        problems.append('duplicate ids in YAML')
    missing = [i for i in ids if i not in C]
    extra = [i for i in C if i not in ids]
    for i in missing:
        problems.append('no oracle entry for ' + i)
    for i in extra:
        problems.append('oracle entry not in YAML: ' + i)
    ntrue = nfalse = 0
    for yc in claims:
        cid = yc['id']
        if cid not in C:
            continue
        F, f, truth, wit, opt = C[cid]
        yaml_true = yc.get('expect', 'holds') != 'refuted'
        if yaml_true != truth:
            problems.append(f'{cid}: YAML label {yaml_true} but oracle entry says {truth}')
        var, bad = cross_check(cid, C[cid], yc)
        for b in bad:
            problems.append(f'{cid}: YAML text and hand lambda differ for {b[0]} at {b[1]}: hand {b[2]}, sympy {b[3]}')
        symdoms = dict(yc['symbols'])
        if truth:
            ntrue += 1
            pts = random_points(symdoms, 40)
            skip = opt.get('skip')
            checked = 0
            worst = mpf(0)
            for pt in pts:
                if skip and skip(**pt):
                    continue
                r = compare(F, f, var, pt, opt.get('dps', 50))
                if r is None:
                    continue
                checked += 1
                lhs, rhs, err, scale = r
                rel = err/(scale + mpf('1e-30'))
                worst = max(worst, rel)
                if err > mpf('1e-25')*scale + mpf('1e-40'):
                    problems.append(f'{cid}: TRUE claim fails at { {k: M.nstr(v, 10) for k, v in pt.items()} }: '
                                    f'diff F = {M.nstr(lhs, 15)}, f = {M.nstr(rhs, 15)}')
                    break
            if checked < 20:
                problems.append(f'{cid}: only {checked} usable points')
            print(f'  TRUE  {cid:58s} {checked:3d} pts, worst rel err {M.nstr(worst, 3)}')
        else:
            nfalse += 1
            pt = {k: (v if not isinstance(v, (int, float, str)) else mpf(v)) for k, v in wit.items()}
            if set(pt) != set(symdoms):
                problems.append(f'{cid}: witness names {sorted(pt)} differ from symbols {sorted(symdoms)}')
                continue
            r = compare(F, f, var, pt)
            if r is None:
                problems.append(f'{cid}: witness point has no value')
                continue
            lhs, rhs, err, scale = r
            ok = err > mpf('1e-8')*max(1, scale)
            if not ok:
                problems.append(f'{cid}: FALSE claim agrees at its witness {wit}')
            # also count how often random points refute (informational)
            hits = tot = 0
            for q in random_points(symdoms, 30):
                rr = compare(F, f, var, q)
                if rr is None:
                    continue
                tot += 1
                if rr[2] > mpf('1e-20')*max(1, rr[3]):
                    hits += 1
            print(f'  FALSE {cid:58s} at {wit}: lhs = {M.nstr(lhs, 8)}, rhs = {M.nstr(rhs, 8)}'
                  f'  [random points refuting: {hits}/{tot}]')
    print()
    print(f'claims in YAML: {len(ids)}  (true {ntrue}, false {nfalse}); oracle entries: {len(C)}')
    if problems:
        print(f'{len(problems)} PROBLEM(S):')
        for p in problems:
            print('  - ' + p)
        sys.exit(1)
    print('ALL LABELS CONFIRMED')


if __name__ == '__main__':
    main()
