#!/usr/bin/env python3
"""Independent oracle for notes.yaml.

Every claim is re-implemented by hand with mpmath at 50 digits (matrices are
mpmath.matrix, derivatives are mpmath.diff, expectations are mpmath.quad or exact
Gauss-Hermite rules).  A true claim must hold at every random point (and edge
points); a false claim must fail at the witness named in its note, and for a false
chain the wrong link must fail there while the other links hold at random points.
"""
import itertools
import random
import sys
from fractions import Fraction

import yaml
from mpmath import mp, mpf, matrix

mp.dps = 50
TOL = mpf(10) ** -30
R = random.Random(20261201)

# ------------------------------------------------------------------ helpers


def F(v):
    """exact python number / nested list -> mpf / mpmath.matrix"""
    if isinstance(v, list):
        if v and isinstance(v[0], list):
            return matrix([[F(e) for e in row] for row in v])
        return matrix([[F(e)] for e in v])
    if isinstance(v, Fraction):
        return mpf(v.numerator) / v.denominator
    if isinstance(v, (int, float, str)):
        return mpf(v)
    return v


def rnum(lo=-3, hi=3):
    # a random rational turned into an mpf (exactly representable inputs help nothing; fine)
    return mpf(R.randint(-10**6, 10**6)) / 10**6 * (hi - lo) / 2 + mpf(lo + hi) / 2


REAL_EDGES = [0, mpf('1e-7'), mpf('-1e-7'), 1, -1, 7, -7]


def real(edge=0.15):
    if R.random() < edge:
        return mpf(R.choice(REAL_EDGES))
    return rnum(-3, 3)


def pos(edge=0.1):
    if R.random() < edge:
        return mpf(R.choice(['1e-5', '0.01', '1', '30']))
    return mp.exp(rnum(-2, 2))


def vec(n, kind=real):
    return matrix([[kind()] for _ in range(n)])


def mat(m, n, kind=real):
    return matrix([[kind() for _ in range(n)] for _ in range(m)])


def symmat(n):
    A = mat(n, n)
    return (A + A.T) / 2


def simplex(n):
    if R.random() < 0.15:
        k = R.randrange(n)
        return matrix([[mpf(1) if i == k else mpf(0)] for i in range(n)])
    v = [mp.exp(rnum(-2, 2)) for _ in range(n)]
    s = sum(v)
    return matrix([[e / s] for e in v])


def col(lst):
    return matrix([[e] for e in lst])


def ent(A):
    if isinstance(A, matrix):
        return [A[i, j] for i in range(A.rows) for j in range(A.cols)]
    return [A]


def shape(A):
    return (A.rows, A.cols) if isinstance(A, matrix) else ()


def sig(x):
    return 1 / (1 + mp.exp(-x))


def vsig(v):
    return col([sig(e) for e in ent(v)])


def softplus(x):
    return mp.log(1 + mp.exp(x))


def lse(v):
    return mp.log(sum(mp.exp(e) for e in ent(v)))


def softmax(v):
    L = lse(v)
    return col([mp.exp(e - L) for e in ent(v)])


def log_softmax(v):
    L = lse(v)
    return col([e - L for e in ent(v)])


def gelu(x):
    return x * (1 + mp.erf(x / mp.sqrt(2))) / 2


def relu(x):
    return max(mpf(0), x)


def dot(u, v):
    return sum(a * b for a, b in zip(ent(u), ent(v)))


def diag(v):
    e = ent(v)
    return mp.diag(e)


def eye(n):
    return mp.eye(n)


def kd(i, j):
    return 1 if i == j else 0


def onehot(k, n):
    return tuple(1 if t == k else 0 for t in range(n))


def d1(f, x, k=1):
    return mp.diff(f, x, k)


def grad(f, w):
    """f: column matrix -> scalar.  numeric gradient (column)."""
    n = w.rows
    g = lambda *a: f(col(list(a)))
    pt = tuple(ent(w))
    return col([mp.diff(g, pt, onehot(j, n)) for j in range(n)])


def hess(f, w):
    n = w.rows
    g = lambda *a: f(col(list(a)))
    pt = tuple(ent(w))
    H = matrix(n, n)
    for j in range(n):
        for k in range(n):
            o = [0] * n
            o[j] += 1
            o[k] += 1
            H[j, k] = mp.diff(g, pt, tuple(o))
    return H


def jac(Fn, x):
    n = x.rows
    pt = tuple(ent(x))
    m = Fn(x).rows
    J = matrix(m, n)
    for i in range(m):
        g = lambda *a, i=i: Fn(col(list(a)))[i]
        for j in range(n):
            J[i, j] = mp.diff(g, pt, onehot(j, n))
    return J


def EN(f, mu, s, pts=()):
    """E f(X), X ~ Normal(mu, s), by quadrature on the density."""
    br = sorted(set([mu] + [mpf(p) for p in pts]))
    pdf = lambda x: mp.exp(-(x - mu) ** 2 / (2 * s ** 2)) / (s * mp.sqrt(2 * mp.pi))
    return mp.quad(lambda x: f(x) * pdf(x), [-mp.inf] + br + [mp.inf])


_GH = {}


def gh_rule(m=12):
    """Gauss-Hermite nodes/weights (weight exp(-t^2)), exact for degree < 2m."""
    if m not in _GH:
        nodes = mp.polyroots(mp.taylor(lambda t: mp.hermite(m, t), 0, m)[::-1], maxsteps=200, extraprec=200)
        nodes = [mp.re(t) for t in nodes]
        ws = [2 ** (m - 1) * mp.factorial(m) * mp.sqrt(mp.pi) / (m ** 2 * mp.hermite(m - 1, t) ** 2) for t in nodes]
        _GH[m] = list(zip(nodes, ws))
    return _GH[m]


def EN2(f, mu1, s1, mu2, s2):
    """E f(X, Y) for independent normals, f a polynomial of low degree (exact rule)."""
    tot = 0
    for t1, w1 in gh_rule():
        for t2, w2 in gh_rule():
            tot += w1 * w2 * f(mu1 + mp.sqrt(2) * s1 * t1, mu2 + mp.sqrt(2) * s2 * t2)
    return tot / mp.pi


# ------------------------------------------------------------------ relations


INDEX_NAMES = ('n', 'i', 'j', 'k', 'c')


class Skip(Exception):
    pass


def close(a, b):
    A, B = ent(a), ent(b)
    if shape(a) != shape(b) and not (shape(a) in [(), (1, 1)] and shape(b) in [(), (1, 1)]):
        raise RuntimeError('shape mismatch %s %s' % (shape(a), shape(b)))
    for x, y in zip(A, B):
        scale = max(1, abs(x), abs(y))
        if abs(x - y) > TOL * scale:
            return False
    return True


def far(a, b):
    for x, y in zip(ent(a), ent(b)):
        if abs(x - y) > mpf(10) ** -12 * max(1, abs(x), abs(y)):
            return True
    return False


def realval(a):
    a = ent(a)
    assert len(a) == 1
    a = a[0]
    if isinstance(a, mp.mpc):
        if abs(a.imag) > TOL * max(1, abs(a)):
            raise Skip
        a = a.real
    return a


def link_holds(a, op, b, strict_fail=False):
    """True/False; for a FALSE check (strict_fail) a relation must fail with margin."""
    if op == '==':
        return (not far(a, b)) if strict_fail else close(a, b)
    x, y = realval(a), realval(b)
    eps = mpf(10) ** -40 * max(1, abs(x), abs(y))
    marg = TOL * max(1, abs(x), abs(y))
    if op == '<=':
        return x <= y + (eps if strict_fail else marg)
    if op == '>=':
        return x >= y - (eps if strict_fail else marg)
    # strict relations: in a true check require a positive margin;
    # in a false check an (exact) equality counts as failure
    if op == '<':
        return x < y - eps if strict_fail else x < y
    if op == '>':
        return x > y + eps if strict_fail else x > y
    raise ValueError(op)


# ------------------------------------------------------------------ registry

CL = {}


def claim(cid, truth, sample, f, ops=None, witness=None, bad=None, npts=24, exact=None):
    assert cid not in CL, cid
    CL[cid] = dict(truth=truth, sample=sample, f=f, ops=ops, witness=witness, bad=bad,
                   npts=npts, exact=exact)


def ops_for(c, vals):
    ops = c['ops']
    if ops is None:
        ops = ['=='] * (len(vals) - 1)
    if isinstance(ops, str):
        ops = [ops] * (len(vals) - 1)
    assert len(ops) == len(vals) - 1
    return ops


def run_random(cid, c, links=None):
    """check links (all if None) at random points; return number of points used"""
    used = 0
    tries = 0
    while used < c['npts'] and tries < 10 * c['npts']:
        tries += 1
        P = c['sample'](tries)
        try:
            vals = c['f'](P)
            ops = ops_for(c, vals)
            for k in range(len(ops)):
                if links is not None and (k + 1) not in links:
                    continue
                if not link_holds(vals[k], ops[k], vals[k + 1]):
                    return 'link %d fails at %r: %s vs %s' % (
                        k + 1, {q: (ent(v) if isinstance(v, matrix) else v) for q, v in P.items()},
                        mp.nstr(ent(vals[k]), 15), mp.nstr(ent(vals[k + 1]), 15))
            used += 1
        except (Skip, ZeroDivisionError):
            continue
    if used < max(3, c['npts'] // 3):
        return 'too few valid points (%d)' % used
    return used


def check(cid):
    c = CL[cid]
    if c['truth']:
        r = run_random(cid, c)
        return (isinstance(r, int), 'true at %s points' % r if isinstance(r, int) else r)
    # false claim
    P = {k: (v if k in INDEX_NAMES else F(v)) for k, v in c['witness'].items()}
    vals = c['f'](P)
    ops = ops_for(c, vals)
    links = [c['bad']] if c['bad'] else list(range(1, len(ops) + 1))
    failed = [k for k in links if not link_holds(vals[k - 1], ops[k - 1], vals[k], strict_fail=True)]
    if not failed:
        return (False, 'witness does not refute: %s' % [mp.nstr(ent(v), 12) for v in vals])
    msg = 'refuted at witness, link %s: %s' % (failed[0], ' vs '.join(
        mp.nstr(ent(vals[failed[0] - 1 + t]), 10) for t in (0, 1)))
    if c['exact'] is not None:
        if not c['exact']():
            return (False, 'exact sympy check of the witness failed')
        msg += ' (failure confirmed exactly with sympy)'
    if len(ops) > 1:  # a chain: the other links must hold
        others = [k for k in range(1, len(ops) + 1) if k != c['bad']]
        r = run_random(cid, c, links=others)
        if not isinstance(r, int):
            return (False, 'other link of the false chain fails: ' + r)
        msg += '; other links hold at %d points' % r
    return (True, msg)


# ------------------------------------------------------------------ samplers

def S_logreg(t, extra=()):
    P = dict(X=mat(3, 2), w=vec(2), y=vec(3))
    if t % 7 == 0:
        P['w'] = vec(2, lambda: mpf(0))
    if t % 5 == 0:
        P['y'] = vec(3, lambda: mpf(R.randint(0, 1)))
    for e in extra:
        if e == 'v':
            P['v'] = vec(2)
        if e == 'j':
            P['j'] = 1 + t % 2
        if e == 'jk':
            P['j'] = 1 + t % 2
            P['k'] = 1 + (t // 2) % 2
    return P


def S_vec(t, idx=0, more=None):
    """x: vector[n], n in 2..4, with idx index symbols enumerated by t"""
    combos = [(n,) + ij for n in (2, 3, 4) for ij in itertools.product(range(1, n + 1), repeat=idx)]
    cmb = combos[t % len(combos)]
    n = cmb[0]
    P = dict(n=n, x=vec(n))
    for q, v in zip('ij', cmb[1:]):
        P[q] = v
    if more:
        more(P, n)
    return P


Xw = [[1, 0], [0, 1], [1, 1]]


def L_logreg(X, w, y):
    z = X * w
    return sum(-y[i] * mp.log(sig(z[i])) - (1 - y[i]) * mp.log(1 - sig(z[i])) for i in range(3))


def L_logreg_sp(X, w, y):
    z = X * w
    return sum(softplus(z[i]) - y[i] * z[i] for i in range(3))


def zvec(X, w):
    return X * w


# ------------------------------------------------------------------ claims: logistic regression

claim('notes-logreg-grad-matrix', True, S_logreg,
      lambda P: [grad(lambda w: L_logreg(P['X'], w, P['y']), P['w']), P['X'].T * (vsig(P['X'] * P['w']) - P['y'])], npts=16)

claim('notes-logreg-grad-sign', False, S_logreg,
      lambda P: [grad(lambda w: L_logreg(P['X'], w, P['y']), P['w']), P['X'].T * (P['y'] - vsig(P['X'] * P['w']))],
      witness=dict(X=Xw, w=[0, 0], y=[1, 0, 0]))

claim('notes-logreg-grad-mean-missing-n', False, S_logreg,
      lambda P: [grad(lambda w: L_logreg(P['X'], w, P['y']) / 3, P['w']), P['X'].T * (vsig(P['X'] * P['w']) - P['y'])],
      witness=dict(X=Xw, w=[0, 0], y=[1, 0, 0]))

claim('notes-logreg-grad-mean', True, S_logreg,
      lambda P: [grad(lambda w: L_logreg(P['X'], w, P['y']) / 3, P['w']), P['X'].T * (vsig(P['X'] * P['w']) - P['y']) / 3], npts=16)

claim('notes-logreg-grad-entry-sum', True, lambda t: S_logreg(t, 'j'),
      lambda P: [grad(lambda w: L_logreg(P['X'], w, P['y']), P['w'])[P['j'] - 1],
                 sum((sig(sum(P['X'][i, k] * P['w'][k] for k in range(2))) - P['y'][i]) * P['X'][i, P['j'] - 1] for i in range(3))], npts=16)

claim('notes-logreg-grad-softplus-form', True, S_logreg,
      lambda P: [grad(lambda w: sum(softplus(e) for e in ent(P['X'] * w)) - dot(P['y'], P['X'] * w), P['w']),
                 P['X'].T * (vsig(P['X'] * P['w']) - P['y'])], npts=16)


def S_ay(t):
    return dict(a=real(), y=real())


claim('notes-logreg-loss-softplus', True, S_ay,
      lambda P: [-P['y'] * mp.log(sig(P['a'])) - (1 - P['y']) * mp.log(1 - sig(P['a'])), softplus(P['a']) - P['y'] * P['a']], npts=40)
claim('notes-logreg-loss-softplus-reflected', True, S_ay,
      lambda P: [-P['y'] * mp.log(sig(P['a'])) - (1 - P['y']) * mp.log(1 - sig(P['a'])), (1 - P['y']) * P['a'] + softplus(-P['a'])], npts=40)
claim('notes-logreg-loss-softplus-swapped', False, S_ay,
      lambda P: [-P['y'] * mp.log(sig(P['a'])) - (1 - P['y']) * mp.log(1 - sig(P['a'])), P['y'] * P['a'] + softplus(-P['a'])],
      witness=dict(a=1, y=0))


def H_logreg(P, sp=False):
    Lf = L_logreg_sp if sp else L_logreg
    return hess(lambda w: Lf(P['X'], w, P['y']), P['w'])


def diag_s1ms(P):
    z = P['X'] * P['w']
    return P['X'].T * diag(vsig(z)) * diag(vsig(-z)) * P['X']


claim('notes-logreg-hessian-diag', True, S_logreg, lambda P: [H_logreg(P), diag_s1ms(P)], npts=12)
claim('notes-logreg-hessian-eye-minus', True, S_logreg,
      lambda P: [H_logreg(P, True), P['X'].T * diag(vsig(P['X'] * P['w'])) * (eye(3) - diag(vsig(P['X'] * P['w']))) * P['X']], npts=12)
claim('notes-logreg-hessian-entry', True, lambda t: S_logreg(t, ['jk']),
      lambda P: [H_logreg(P)[P['j'] - 1, P['k'] - 1],
                 sum(sig(zvec(P['X'], P['w'])[i]) * (1 - sig(zvec(P['X'], P['w'])[i])) * P['X'][i, P['j'] - 1] * P['X'][i, P['k'] - 1] for i in range(3))], npts=12)
claim('notes-logreg-hessian-no-one-minus', False, S_logreg,
      lambda P: [H_logreg(P), P['X'].T * diag(vsig(P['X'] * P['w'])) * P['X']],
      witness=dict(X=Xw, w=[0, 0], y=[0, 0, 0]))
claim('notes-logreg-hessian-psd', True, lambda t: S_logreg(t, ['v']),
      lambda P: [dot(P['v'], H_logreg(P) * P['v']), mpf(0)], ops='>=', npts=12)
claim('notes-logreg-hessian-quadform', True, lambda t: S_logreg(t, ['v']),
      lambda P: [dot(P['v'], H_logreg(P, True) * P['v']),
                 sum(sig(zvec(P['X'], P['w'])[i]) * sig(-zvec(P['X'], P['w'])[i]) * (P['X'][i, 0] * P['v'][0] + P['X'][i, 1] * P['v'][1]) ** 2 for i in range(3))], npts=12)
claim('notes-logreg-hessian-bound', True, lambda t: S_logreg(t, ['v']),
      lambda P: [dot(P['v'], H_logreg(P, True) * P['v']), dot(P['X'] * P['v'], P['X'] * P['v']) / 4], ops='<=', npts=12)


def _exact_hess_strict():
    # at w = 0 every sigma'(0) = 1/4 exactly, so v^T H v = |Xv|^2/4 exactly
    import sympy as sp
    t = sp.Symbol('t')
    s1 = sp.diff(sp.log(1 + sp.exp(t)), t, 2).subs(t, 0)
    Xs = sp.Matrix(Xw)
    v = sp.Matrix([1, 0])
    H = Xs.T * sp.diag(s1, s1, s1) * Xs
    lhs = sp.simplify((v.T * H * v)[0])
    rhs = sp.simplify(((Xs * v).T * (Xs * v))[0] / 4)
    return sp.simplify(lhs - rhs) == 0


claim('notes-logreg-hessian-bound-strict', False, lambda t: S_logreg(t, ['v']),
      lambda P: [dot(P['v'], H_logreg(P, True) * P['v']), dot(P['X'] * P['v'], P['X'] * P['v']) / 4], ops='<',
      witness=dict(X=Xw, w=[0, 0], y=[0, 0, 0], v=[1, 0]), exact=_exact_hess_strict)
claim('notes-logreg-hessian-quarter', False, S_logreg,
      lambda P: [H_logreg(P, True), P['X'].T * P['X'] / 4],
      witness=dict(X=Xw, w=[1, 0], y=[0, 0, 0]))
claim('notes-logreg-hessian-as-jacobian-of-grad', True, S_logreg,
      lambda P: [H_logreg(P, True), jac(lambda w: P['X'].T * (vsig(P['X'] * w) - P['y']), P['w'])], npts=12)


def chain_logreg(P, slip=False):
    X, w, y, j = P['X'], P['w'], P['y'], P['j'] - 1
    z = X * w
    v1 = grad(lambda u: L_logreg(X, u, y), w)[j]
    v2 = sum((-y[i] * (1 - sig(z[i])) + (1 - y[i]) * sig(z[i])) * X[i, j] for i in range(3))
    if not slip:
        v3 = sum((sig(z[i]) - y[i]) * X[i, j] for i in range(3))
        v4 = (X.T * (vsig(z) - y))[j]
        return [v1, v2, v3, v4]
    v3 = sum((1 - y[i]) * sig(z[i]) * X[i, j] for i in range(3))
    v4 = sum((sig(z[i]) - y[i] * sig(z[i])) * X[i, j] for i in range(3))
    return [v1, v2, v3, v4]


claim('notes-logreg-grad-chain', True, lambda t: S_logreg(t, ['j']), chain_logreg, npts=16)
claim('notes-logreg-grad-chain-slip', False, lambda t: S_logreg(t, ['j']), lambda P: chain_logreg(P, True),
      witness=dict(X=Xw, w=[0, 0], y=[1, 0, 0], j=1), bad=2, npts=16)

# ------------------------------------------------------------------ claims: softmax / cross-entropy

claim('notes-softmax-jacobian', True, S_vec,
      lambda P: [jac(softmax, P['x']), diag(softmax(P['x'])) - softmax(P['x']) * softmax(P['x']).T], npts=12)
claim('notes-softmax-jacobian-entry', True, lambda t: S_vec(t, 2),
      lambda P: [jac(softmax, P['x'])[P['i'] - 1, P['j'] - 1],
                 softmax(P['x'])[P['i'] - 1] * (kd(P['i'], P['j']) - softmax(P['x'])[P['j'] - 1])], npts=58)
claim('notes-softmax-jacobian-entry-swapped', True, lambda t: S_vec(t, 2),
      lambda P: [jac(softmax, P['x'])[P['i'] - 1, P['j'] - 1],
                 softmax(P['x'])[P['j'] - 1] * (kd(P['i'], P['j']) - softmax(P['x'])[P['i'] - 1])], npts=58)
claim('notes-softmax-jacobian-sign', False, S_vec,
      lambda P: [jac(softmax, P['x']), diag(softmax(P['x'])) + softmax(P['x']) * softmax(P['x']).T],
      witness=dict(n=2, x=[0, 0]))
claim('notes-softmax-jacobian-rowsum', True, lambda t: S_vec(t, 1),
      lambda P: [sum(jac(softmax, P['x'])[P['i'] - 1, j] for j in range(P['n'])), mpf(0)], npts=18)
claim('notes-softmax-jacobian-identity-slip', False, S_vec,
      lambda P: [jac(softmax, P['x']), eye(P['n']) - softmax(P['x']) * softmax(P['x']).T],
      witness=dict(n=2, x=[0, 0]))
claim('notes-logsoftmax-jacobian-entry', True, lambda t: S_vec(t, 2),
      lambda P: [jac(log_softmax, P['x'])[P['i'] - 1, P['j'] - 1], kd(P['i'], P['j']) - softmax(P['x'])[P['j'] - 1]], npts=58)
claim('notes-logsoftmax-jacobian-transpose', False, lambda t: S_vec(t, 2),
      lambda P: [jac(log_softmax, P['x'])[P['i'] - 1, P['j'] - 1], kd(P['i'], P['j']) - softmax(P['x'])[P['i'] - 1]],
      witness=dict(n=2, x=[0, 1], i=1, j=2))


def S_vec_cj(t):
    # x, c, j enumerated
    combos = [(n, c, j) for n in (2, 3, 4) for c in range(1, n + 1) for j in range(1, n + 1)]
    n, c, j = combos[t % len(combos)]
    return dict(n=n, x=vec(n), c=c, j=j)


claim('notes-ce-grad-onehot', True, S_vec_cj,
      lambda P: [grad(lambda x: -mp.log(softmax(x)[P['c'] - 1]), P['x'])[P['j'] - 1], softmax(P['x'])[P['j'] - 1] - kd(P['j'], P['c'])], npts=58)
claim('notes-ce-grad-onehot-logsoftmax', True, S_vec_cj,
      lambda P: [grad(lambda x: -log_softmax(x)[P['c'] - 1], P['x'])[P['j'] - 1], softmax(P['x'])[P['j'] - 1] - kd(P['j'], P['c'])], npts=58)


def more_y(kind):
    def m(P, n):
        P['y'] = simplex(n) if kind == 'simplex' else vec(n, pos if kind == 'pos' else real)
    return m


def ce(y):
    return lambda x: -dot(y, log_softmax(x))


claim('notes-ce-grad-simplex', True, lambda t: S_vec(t, 0, more_y('simplex')),
      lambda P: [grad(ce(P['y']), P['x']), softmax(P['x']) - P['y']], npts=18)
claim('notes-ce-grad-unnormalised', False, lambda t: S_vec(t, 0, more_y('pos')),
      lambda P: [grad(ce(P['y']), P['x']), softmax(P['x']) - P['y']], witness=dict(n=2, x=[0, 0], y=[1, 1]))
claim('notes-ce-grad-general', True, lambda t: S_vec(t, 0, more_y('real')),
      lambda P: [grad(ce(P['y']), P['x']), sum(ent(P['y'])) * softmax(P['x']) - P['y']], npts=18)
claim('notes-ce-grad-sign', False, lambda t: S_vec(t, 0, more_y('simplex')),
      lambda P: [grad(ce(P['y']), P['x']), P['y'] - softmax(P['x'])], witness=dict(n=2, x=[0, 0], y=[1, 0]))

claim('notes-logsoftmax-def', True, lambda t: S_vec(t, 1),
      lambda P: [log_softmax(P['x'])[P['i'] - 1], P['x'][P['i'] - 1] - lse(P['x'])], npts=30)
claim('notes-logsoftmax-as-log', True, lambda t: S_vec(t, 1),
      lambda P: [log_softmax(P['x'])[P['i'] - 1], mp.log(softmax(P['x'])[P['i'] - 1])], npts=30)


def more_c(P, n):
    P['c'] = real()


claim('notes-logsoftmax-shift', True, lambda t: S_vec(t, 1, more_c),
      lambda P: [P['x'][P['i'] - 1] + P['c'] - mp.log(sum(mp.exp(e + P['c']) for e in ent(P['x']))), log_softmax(P['x'])[P['i'] - 1]], npts=30)
claim('notes-logsumexp-shift', True, lambda t: S_vec(t, 0, more_c),
      lambda P: [mp.log(sum(mp.exp(e + P['c']) for e in ent(P['x']))), lse(P['x']) + P['c']], npts=30)


def S_x3(t):
    if t % 6 == 0:
        a = real()
        return dict(x=col([a, a, a]))
    if t % 6 == 1:
        a = real()
        return dict(x=col([a, a, real()]))
    return dict(x=vec(3))


def mx(x):
    return max(ent(x))


claim('notes-logsumexp-shift-max', True, S_x3,
      lambda P: [lse(P['x']), mx(P['x']) + mp.log(sum(mp.exp(e - mx(P['x'])) for e in ent(P['x'])))], npts=30)


def more_t(P, n):
    P['t'] = pos()


claim('notes-logsumexp-scale', False, lambda t: S_vec(t, 0, more_t),
      lambda P: [mp.log(sum(mp.exp(P['t'] * e) for e in ent(P['x']))), P['t'] * lse(P['x'])], witness=dict(n=2, x=[0, 0], t=2))
claim('notes-lse-lower', True, S_x3, lambda P: [mx(P['x']), lse(P['x'])], ops='<=', npts=40)
claim('notes-lse-lower-strict', True, S_x3, lambda P: [mx(P['x']), lse(P['x'])], ops='<', npts=40)
claim('notes-lse-upper', True, S_x3, lambda P: [lse(P['x']), mx(P['x']) + mp.log(3)], ops='<=', npts=40)


def _exact_lse_strict():
    import sympy as sp
    lhs = sp.log(sp.exp(0) + sp.exp(0) + sp.exp(0))
    rhs = sp.Max(0, 0, 0) + sp.log(3)
    return sp.simplify(lhs - rhs) == 0


claim('notes-lse-upper-strict', False, S_x3, lambda P: [lse(P['x']), mx(P['x']) + mp.log(3)], ops='<',
      witness=dict(x=[0, 0, 0]), exact=_exact_lse_strict)
claim('notes-lse-upper-log2', False, S_x3, lambda P: [lse(P['x']), mx(P['x']) + mp.log(2)], ops='<=',
      witness=dict(x=[0, 0, 0]))
claim('notes-lse-gradient', True, S_vec, lambda P: [grad(lse, P['x']), softmax(P['x'])], npts=15)
claim('notes-lse-hessian', True, S_vec,
      lambda P: [hess(lse, P['x']), diag(softmax(P['x'])) - softmax(P['x']) * softmax(P['x']).T], npts=9)


def more_v(P, n):
    P['v'] = vec(n)


claim('notes-lse-convex', True, lambda t: S_vec(t, 0, more_v),
      lambda P: [dot(P['v'], hess(lse, P['x']) * P['v']), mpf(0)], ops='>=', npts=9)
claim('notes-lse-hessian-as-variance', True, lambda t: S_vec(t, 0, more_v),
      lambda P: [dot(P['v'], hess(lse, P['x']) * P['v']),
                 sum(s * v ** 2 for s, v in zip(ent(softmax(P['x'])), ent(P['v']))) - dot(softmax(P['x']), P['v']) ** 2], npts=9)


# ------------------------------------------------------------------ claims: batch normalisation


def bn_stats(x, eps=None):
    n = x.rows
    mu = sum(ent(x)) / n
    s2 = sum((e - mu) ** 2 for e in ent(x)) / n
    sd = mp.sqrt(s2 + eps) if eps is not None else None
    return mu, s2, sd


def bn(x, eps):
    mu, s2, sd = bn_stats(x, eps)
    return col([(e - mu) / sd for e in ent(x)])


def S_bn(t, idx=0, g=False, eps=True):
    def more(P, n):
        if eps:
            P['eps'] = pos()
        if g:
            P['g'] = vec(n)
        if t % 9 == 0:  # repeated entries
            a = real()
            P['x'] = col([a] * n) if t % 18 == 0 else col([a] * (n - 1) + [real()])
    return S_vec(t, idx, more)


def bn_lhs_grad(P):
    return grad(lambda x: dot(P['g'], bn(x, P['eps'])), P['x'])


claim('notes-bn-mean-zero', True, S_bn,
      lambda P: [sum(ent(bn(P['x'], P['eps']))), mpf(0)], npts=30)
claim('notes-bn-var-output', True, S_bn,
      lambda P: [sum(e ** 2 for e in ent(bn(P['x'], P['eps']))) / P['n'],
                 bn_stats(P['x'])[1] / (bn_stats(P['x'])[1] + P['eps'])], npts=30)
claim('notes-bn-var-output-one', False, S_bn,
      lambda P: [sum(e ** 2 for e in ent(bn(P['x'], P['eps']))) / P['n'], mpf(1)],
      witness=dict(n=2, x=[0, 2], eps=1))
claim('notes-bn-var-shortcut', True, lambda t: S_bn(t, eps=False),
      lambda P: [bn_stats(P['x'])[1], sum(e ** 2 for e in ent(P['x'])) / P['n'] - bn_stats(P['x'])[0] ** 2], npts=30)
claim('notes-bn-var-bessel', False, lambda t: S_bn(t, eps=False),
      lambda P: [bn_stats(P['x'])[1], bn_stats(P['x'])[1] * P['n'] / (P['n'] - 1)],
      witness=dict(n=2, x=[0, 2]))


def S_x2eps(t):
    return dict(x=vec(2), eps=pos())


claim('notes-bn-two-eps-slip', False, S_x2eps,
      lambda P: [bn(P['x'], P['eps'])[0], (P['x'][0] - P['x'][1]) / mp.sqrt((P['x'][0] - P['x'][1]) ** 2 + P['eps'])],
      witness=dict(x=[1, 0], eps=1))


def bn_rhs(P, variant=None):
    x, g, n, i, eps = P['x'], P['g'], P['n'], P['i'] - 1, P['eps']
    mu, s2, sd = bn_stats(x, eps)
    xh = bn(x, eps)
    Sg = sum(ent(g))
    Sgx = dot(g, xh)
    if variant is None:
        return (n * g[i] - Sg - xh[i] * Sgx) / (n * sd)
    if variant == 'noN':
        return (n * g[i] - Sg - xh[i] * Sgx) / sd
    if variant == 'noNg':
        return (g[i] - Sg - xh[i] * Sgx) / (n * sd)
    if variant == 'var':
        return (g[i] - Sg / n - xh[i] * Sgx) / sd


BNW = dict(n=2, x=[1, 0], g=[1, 0], eps=1, i=1)
claim('notes-bn-backward', True, lambda t: S_bn(t, 1, True),
      lambda P: [bn_lhs_grad(P)[P['i'] - 1], bn_rhs(P)], npts=27)
claim('notes-bn-backward-no-n-denominator', False, lambda t: S_bn(t, 1, True),
      lambda P: [bn_lhs_grad(P)[P['i'] - 1], bn_rhs(P, 'noN')], witness=BNW)
claim('notes-bn-backward-no-n-g', False, lambda t: S_bn(t, 1, True),
      lambda P: [bn_lhs_grad(P)[P['i'] - 1], bn_rhs(P, 'noNg')], witness=BNW)
claim('notes-bn-backward-var-no-1-over-n', False, lambda t: S_bn(t, 1, True),
      lambda P: [bn_lhs_grad(P)[P['i'] - 1], bn_rhs(P, 'var')], witness=BNW)


def S_bn3(t, idx=0, g=True):
    P = dict(x=vec(3), eps=pos())
    if t % 7 == 0:
        P['x'] = col([mpf(0)] * 3)
    if g:
        P['g'] = vec(3)
    if idx:
        P['i'] = 1 + t % 3
        P['j'] = 1 + (t // 3) % 3
    return P


def bn3_rhs(P, sign=-1):
    x, g, eps = P['x'], P['g'], P['eps']
    sd = bn_stats(x, eps)[2]
    xh = bn(x, eps)
    return (3 * g - sum(ent(g)) * col([1, 1, 1]) + sign * dot(g, xh) * xh) / (3 * sd)


claim('notes-bn-backward-jacobian-n3', True, S_bn3,
      lambda P: [jac(lambda x: bn(x, P['eps']), P['x']).T * P['g'], bn3_rhs(P)], npts=12)
claim('notes-bn-backward-jacobian-n3-sign', False, S_bn3,
      lambda P: [jac(lambda x: bn(x, P['eps']), P['x']).T * P['g'], bn3_rhs(P, +1)],
      witness=dict(x=[1, 0, 0], g=[1, 0, 0], eps=1))
claim('notes-bn-jacobian-entry-n3', True, lambda t: S_bn3(t, 1, False),
      lambda P: [jac(lambda x: bn(x, P['eps']), P['x'])[P['i'] - 1, P['j'] - 1],
                 (kd(P['i'], P['j']) - mpf(1) / 3 - bn(P['x'], P['eps'])[P['i'] - 1] * bn(P['x'], P['eps'])[P['j'] - 1] / 3)
                 / bn_stats(P['x'], P['eps'])[2]], npts=27)
claim('notes-bn-jacobian-frozen-stats', False, lambda t: S_bn3(t, 0, False),
      lambda P: [jac(lambda x: bn(x, P['eps']), P['x']), eye(3) / bn_stats(P['x'], P['eps'])[2]],
      witness=dict(x=[0, 0, 0], eps=1))
claim('notes-bn-backward-sum-zero', True, lambda t: S_bn(t, 0, True),
      lambda P: [sum(ent(bn_lhs_grad(P))), mpf(0)], npts=18)
claim('notes-bn-backward-orthogonal', False, lambda t: S_bn(t, 0, True),
      lambda P: [sum(a * (b - bn_stats(P['x'])[0]) for a, b in zip(ent(bn_lhs_grad(P)), ent(P['x']))), mpf(0)],
      witness=dict(n=2, x=[1, 0], g=[1, 0], eps=1))


def bn_chain(P, slip=False):
    x, g, n, i, eps = P['x'], P['g'], P['n'], P['i'] - 1, P['eps']
    mu, s2, sd = bn_stats(x, eps)
    xs, gs = ent(x), ent(g)
    q = 1 if slip else n
    v1 = bn_lhs_grad(P)[i]
    v2 = sum(gs[j] * ((kd(i, j) - mpf(1) / n) / sd - (xs[j] - mu) * (xs[i] - mu) / (q * sd ** 3)) for j in range(n))
    v3 = gs[i] / sd - sum(gs) / (n * sd) - (xs[i] - mu) * sum(gs[j] * (xs[j] - mu) for j in range(n)) / (q * sd ** 3)
    m = n if slip else 1
    v4 = (n * gs[i] - sum(gs) - m * (xs[i] - mu) / sd * sum(gs[j] * (xs[j] - mu) / sd for j in range(n))) / (n * sd)
    return [v1, v2, v3, v4]


claim('notes-bn-backward-chain', True, lambda t: S_bn(t, 1, True), bn_chain, npts=27)
claim('notes-bn-backward-chain-slip', False, lambda t: S_bn(t, 1, True), lambda P: bn_chain(P, True),
      witness=BNW, bad=1, npts=27)

# ------------------------------------------------------------------ claims: Gaussians


def S_ms(t):
    return dict(mu=real(), s=pos(0.05))


def var_of(f, mu, s):
    m = EN(f, mu, s)
    return EN(lambda x: (f(x) - m) ** 2, mu, s)


claim('notes-normal-mean', True, S_ms, lambda P: [EN(lambda x: x, P['mu'], P['s']), P['mu']], npts=12)
claim('notes-normal-var', True, S_ms, lambda P: [var_of(lambda x: x, P['mu'], P['s']), P['s'] ** 2], npts=12)
claim('notes-normal-var-std', False, S_ms, lambda P: [var_of(lambda x: x, P['mu'], P['s']), P['s']],
      witness=dict(mu=0, s=2))
claim('notes-normal-second-moment', True, S_ms,
      lambda P: [EN(lambda x: x ** 2, P['mu'], P['s']), P['mu'] ** 2 + P['s'] ** 2], npts=12)
claim('notes-normal-second-moment-slip', False, S_ms,
      lambda P: [EN(lambda x: x ** 2, P['mu'], P['s']), P['mu'] ** 2 + P['s']], witness=dict(mu=0, s=2))


def S_msab(t):
    return dict(mu=real(), s=pos(0.05), a=real(), b=real())


claim('notes-normal-var-affine-slip', False, S_msab,
      lambda P: [var_of(lambda x: P['a'] * x + P['b'], P['mu'], P['s']), P['a'] * P['s'] ** 2],
      witness=dict(mu=0, s=1, a=2, b=0))
claim('notes-normal-fourth-central-slip', False, S_ms,
      lambda P: [EN(lambda x: (x - P['mu']) ** 4, P['mu'], P['s']), P['s'] ** 4], witness=dict(mu=0, s=1))
claim('notes-normal-third-moment-slip', False, S_ms,
      lambda P: [EN(lambda x: x ** 3, P['mu'], P['s']), P['mu'] ** 3 + 3 * P['mu'] * P['s']], witness=dict(mu=1, s=2))


def S_mst(t):
    P = dict(mu=real(), s=pos(0.05), t=real())
    return P


claim('notes-normal-mgf', True, S_mst,
      lambda P: [EN(lambda x: mp.exp(P['t'] * x), P['mu'], P['s'], pts=[P['mu'] + P['t'] * P['s'] ** 2]),
                 mp.exp(P['mu'] * P['t'] + P['s'] ** 2 * P['t'] ** 2 / 2)], npts=12)
claim('notes-normal-lognormal-mean-slip', False, S_ms,
      lambda P: [EN(lambda x: mp.exp(x), P['mu'], P['s'], pts=[P['mu'] + P['s'] ** 2]), mp.exp(P['mu'] + P['s'] ** 2)],
      witness=dict(mu=0, s=1))


def S_s(t):
    return dict(s=pos(0.05))


claim('notes-normal-relu-mean', True, S_s,
      lambda P: [EN(relu, 0, P['s']), P['s'] / mp.sqrt(2 * mp.pi)], npts=12)
claim('notes-normal-relu-mean-slip', False, S_s,
      lambda P: [EN(relu, 0, P['s']), P['s'] * mp.sqrt(2 / mp.pi)], witness=dict(s=1))


def S_two(t):
    return dict(mu=real(), nu=real(), s=pos(0.05), r=pos(0.05))


def var2(f, P):
    m = EN2(f, P['mu'], P['s'], P['nu'], P['r'])
    return EN2(lambda a, b: (f(a, b) - m) ** 2, P['mu'], P['s'], P['nu'], P['r'])


claim('notes-normal-sum-var', True, S_two, lambda P: [var2(lambda a, b: a + b, P), P['s'] ** 2 + P['r'] ** 2], npts=10)
claim('notes-normal-diff-var', False, S_two, lambda P: [var2(lambda a, b: a - b, P), P['s'] ** 2 - P['r'] ** 2],
      witness=dict(mu=0, nu=0, s=1, r=1))
claim('notes-normal-sum-std', False, S_two, lambda P: [mp.sqrt(var2(lambda a, b: a + b, P)), P['s'] + P['r']],
      witness=dict(mu=0, nu=0, s=1, r=1))


def S_kl(t):
    P = dict(m1=real(), m2=real(), s1=pos(0.05), s2=pos(0.05))
    if t % 8 == 0:
        P['m2'] = P['m1']
    if t % 8 == 1:
        P['s2'] = P['s1']
    return P


def kl_integrand(m1, s1, m2, s2):
    return lambda x: mp.log(s2 / s1) - (x - m1) ** 2 / (2 * s1 ** 2) + (x - m2) ** 2 / (2 * s2 ** 2)


def KL_E(P):
    return EN(kl_integrand(P['m1'], P['s1'], P['m2'], P['s2']), P['m1'], P['s1'])


def KL_closed(m1, s1, m2, s2, sq=True):
    return mp.log(s2 / s1) + ((s1 ** 2 if sq else s1) + (m1 - m2) ** 2) / (2 * s2 ** 2) - mpf(1) / 2


claim('notes-kl-closed', True, S_kl, lambda P: [KL_E(P), KL_closed(P['m1'], P['s1'], P['m2'], P['s2'])], npts=12)
claim('notes-kl-std-slip', False, S_kl, lambda P: [KL_E(P), KL_closed(P['m1'], P['s1'], P['m2'], P['s2'], sq=False)],
      witness=dict(m1=0, m2=0, s1=2, s2=1))
claim('notes-kl-log-sign', False, S_kl,
      lambda P: [KL_E(P), KL_closed(P['m1'], P['s1'], P['m2'], P['s2']) - 2 * mp.log(P['s2'] / P['s1'])],
      witness=dict(m1=0, m2=0, s1=2, s2=1))
claim('notes-kl-nonneg', True, S_kl, lambda P: [KL_closed(P['m1'], P['s1'], P['m2'], P['s2']), mpf(0)], ops='>=', npts=60)


def _exact_kl_strict():
    import sympy as sp
    m1 = m2 = sp.Integer(0)
    s1 = s2 = sp.Integer(1)
    v = sp.log(s2 / s1) + (s1 ** 2 + (m1 - m2) ** 2) / (2 * s2 ** 2) - sp.Rational(1, 2)
    return v == 0


claim('notes-kl-nonneg-strict', False, S_kl, lambda P: [KL_closed(P['m1'], P['s1'], P['m2'], P['s2']), mpf(0)], ops='>',
      witness=dict(m1=0, m2=0, s1=1, s2=1), exact=_exact_kl_strict)
claim('notes-kl-symmetric', False, S_kl,
      lambda P: [KL_E(P), EN(kl_integrand(P['m2'], P['s2'], P['m1'], P['s1']), P['m2'], P['s2'])],
      witness=dict(m1=0, m2=0, s1=1, s2=2))


def S_kl1(t):
    return dict(m1=real(), m2=real(), s=pos(0.05))


def kl_eqvar(P):
    m1, m2, s = P['m1'], P['m2'], P['s']
    return EN(lambda x: -(x - m1) ** 2 / (2 * s ** 2) + (x - m2) ** 2 / (2 * s ** 2), m1, s)


claim('notes-kl-equal-var', True, S_kl1, lambda P: [kl_eqvar(P), (P['m1'] - P['m2']) ** 2 / (2 * P['s'] ** 2)], npts=12)
claim('notes-kl-equal-var-slip', False, S_kl1, lambda P: [kl_eqvar(P), (P['m1'] - P['m2']) ** 2 / (2 * P['s'])],
      witness=dict(m1=1, m2=0, s=2))


def kl_chain(P, slip=False):
    m1, m2, s1, s2 = P['m1'], P['m2'], P['s1'], P['s2']
    v1 = KL_E(P)
    E1 = EN(lambda x: (x - m1) ** 2, m1, s1)
    E2 = EN(lambda x: (x - m2) ** 2, m1, s1)
    v2 = mp.log(s2 / s1) - E1 / (2 * s1 ** 2) + E2 / (2 * s2 ** 2)
    v3 = mp.log(s2 / s1) - mpf(1) / 2 + E2 / (2 * s2 ** 2)
    if slip:
        v4 = mp.log(s2 / s1) - mpf(1) / 2 + (s1 ** 2 + m1 ** 2 - m2 ** 2) / (2 * s2 ** 2)
    else:
        v4 = mp.log(s2 / s1) - mpf(1) / 2 + (s1 ** 2 + (m1 - m2) ** 2) / (2 * s2 ** 2)
    return [v1, v2, v3, v4]


claim('notes-kl-chain', True, S_kl, kl_chain, npts=10)
claim('notes-kl-chain-slip', False, S_kl, lambda P: kl_chain(P, True), witness=dict(m1=0, m2=1, s1=1, s2=1), bad=3, npts=10)


def m2_chain(P):
    mu, s = P['mu'], P['s']
    return [EN(lambda x: x ** 2, mu, s),
            EN(lambda x: (x - mu) ** 2 + 2 * mu * (x - mu) + mu ** 2, mu, s),
            EN(lambda x: (x - mu) ** 2, mu, s) + 2 * mu * EN(lambda x: x - mu, mu, s) + mu ** 2,
            s ** 2 + mu ** 2]


claim('notes-normal-second-moment-chain', True, S_ms, m2_chain, npts=10)


# ------------------------------------------------------------------ claims: least squares and L2


def S_ls(t, m=3, sym=False, extra=()):
    if m == 3:
        X = mat(3, 2)
    else:
        X = symmat(2) if sym else mat(2, 2)
    P = dict(X=X, w=vec(2), y=vec(m))
    if t % 7 == 0:
        P['w'] = vec(2, lambda: mpf(0))
    for e in extra:
        if e == 'lam':
            P['lam'] = pos()
        if e == 'eta':
            P['eta'] = pos()
        if e == 'k':
            P['k'] = 1 + t % 2
    return P


def sq(X, w, y):
    r = X * w - y
    return dot(r, r)


W0 = dict(X=Xw, w=[0, 0], y=[1, 0, 0])
claim('notes-mse-grad', True, S_ls,
      lambda P: [grad(lambda w: sq(P['X'], w, P['y']) / 3, P['w']), 2 * P['X'].T * (P['X'] * P['w'] - P['y']) / 3], npts=16)
claim('notes-mse-grad-missing-2', False, S_ls,
      lambda P: [grad(lambda w: sq(P['X'], w, P['y']) / 3, P['w']), P['X'].T * (P['X'] * P['w'] - P['y']) / 3], witness=W0)


def mse_sumform(P):
    X, w, y, k = P['X'], P['w'], P['y'], P['k'] - 1
    pred = lambda w, i: sum(X[i, j] * w[j] for j in range(2))
    lhs = grad(lambda u: sum((pred(u, i) - y[i]) ** 2 for i in range(3)) / 3, w)[k]
    rhs = 2 * sum((pred(w, i) - y[i]) * X[i, k] for i in range(3)) / 3
    return [lhs, rhs]


claim('notes-mse-grad-sum-form', True, lambda t: S_ls(t, extra=['k']), mse_sumform, npts=16)
claim('notes-mse-grad-missing-n', False, S_ls,
      lambda P: [grad(lambda w: sq(P['X'], w, P['y']) / 3, P['w']), 2 * P['X'].T * (P['X'] * P['w'] - P['y'])], witness=W0)
claim('notes-mse-hessian', True, S_ls,
      lambda P: [hess(lambda w: sq(P['X'], w, P['y']) / 2, P['w']), P['X'].T * P['X']], npts=12)
claim('notes-mse-hessian-transpose', False, lambda t: S_ls(t, 2),
      lambda P: [hess(lambda w: sq(P['X'], w, P['y']) / 2, P['w']), P['X'] * P['X'].T],
      witness=dict(X=[[1, 1], [0, 1]], w=[0, 0], y=[0, 0]))
claim('notes-mse-grad-transpose-square', False, lambda t: S_ls(t, 2),
      lambda P: [grad(lambda w: sq(P['X'], w, P['y']) / 2, P['w']), P['X'] * (P['X'] * P['w'] - P['y'])],
      witness=dict(X=[[1, 1], [0, 1]], w=[0, 0], y=[1, 0]))
claim('notes-mse-grad-transpose-symmetric', True, lambda t: S_ls(t, 2, True),
      lambda P: [grad(lambda w: sq(P['X'], w, P['y']) / 2, P['w']), P['X'] * (P['X'] * P['w'] - P['y'])], npts=16)


def ls_sol(P, lam=None):
    X, y = P['X'], P['y']
    A = X.T * X + (lam * eye(2) if lam is not None else 0 * eye(2))
    if abs(mp.det(A)) < mpf(10) ** -40:
        raise Skip
    return mp.inverse(A) * X.T * y


claim('notes-mse-normal-equations', True, S_ls,
      lambda P: [P['X'].T * (P['X'] * ls_sol(P) - P['y']), col([0, 0])], npts=20)
claim('notes-ridge-grad', True, lambda t: S_ls(t, extra=['lam']),
      lambda P: [grad(lambda w: sq(P['X'], w, P['y']) / 2 + P['lam'] * dot(w, w) / 2, P['w']),
                 P['X'].T * (P['X'] * P['w'] - P['y']) + P['lam'] * P['w']], npts=16)
claim('notes-ridge-grad-factor2', False, lambda t: S_ls(t, extra=['lam']),
      lambda P: [grad(lambda w: sq(P['X'], w, P['y']) / 2 + P['lam'] * dot(w, w), P['w']),
                 P['X'].T * (P['X'] * P['w'] - P['y']) + P['lam'] * P['w']],
      witness=dict(X=Xw, w=[1, 0], y=[0, 0, 0], lam=1))


def ridge_res(P, c):
    ws = ls_sol(P, P['lam'])
    return [P['X'].T * (P['X'] * ws - P['y']) + c * P['lam'] * ws, col([0, 0])]


claim('notes-ridge-solution', True, lambda t: S_ls(t, extra=['lam']), lambda P: ridge_res(P, 1), npts=20)
claim('notes-ridge-solution-slip', False, lambda t: S_ls(t, extra=['lam']), lambda P: ridge_res(P, 2),
      witness=dict(X=Xw, y=[1, 0, 0], lam=1))
claim('notes-weight-decay-step-slip', False, lambda t: S_ls(t, extra=['lam', 'eta']),
      lambda P: [P['w'] - P['eta'] * (P['X'].T * (P['X'] * P['w'] - P['y']) + P['lam'] * P['w']),
                 (1 - P['lam']) * P['w'] - P['eta'] * P['X'].T * (P['X'] * P['w'] - P['y'])],
      witness=dict(X=Xw, w=[1, 0], y=[0, 0, 0], lam=1, eta=Fraction(1, 2)))
claim('notes-mse-loss-expand-slip', False, S_ls,
      lambda P: [sq(P['X'], P['w'], P['y']),
                 dot(P['w'], P['X'].T * P['X'] * P['w']) - dot(P['X'].T * P['y'], P['w']) + dot(P['y'], P['y'])],
      witness=dict(X=Xw, w=[1, 0], y=[1, 0, 0]))


def mse_chain(P):
    X, w, y, k = P['X'], P['w'], P['y'], P['k'] - 1
    r = X * w - y
    return [grad(lambda u: sq(X, u, y) / 3, w)[k],
            grad(lambda u: sum(e ** 2 for e in ent(X * u - y)), w)[k] / 3,
            sum(2 * r[i] * X[i, k] for i in range(3)) / 3,
            (2 * X.T * r / 3)[k]]


claim('notes-mse-grad-chain', True, lambda t: S_ls(t, extra=['k']), mse_chain, npts=16)


def gradvanish(P):
    X, w, y = P['X'], P['w'], P['y']
    r = X * w - y
    g = X.T * r
    ante = dot(r, r) > 0
    cons = dot(g, g) > 0
    return [(not ante) or cons, True]


def _exact_gradvanish():
    import sympy as sp
    X = sp.Matrix(Xw)
    w = sp.Matrix([0, 0])
    y = sp.Matrix([1, 1, -1])
    r = X * w - y
    g = X.T * r
    return (r.T * r)[0] == 3 and (g.T * g)[0] == 0


def S_ls_null(t):
    P = S_ls(t)
    if t % 4 == 0:  # residual in the null space of X^T: the antecedent holds and the consequent fails
        pass
    return P


claim('notes-mse-grad-vanishes-only-at-fit', False, S_ls_null, gradvanish,
      witness=dict(X=Xw, w=[0, 0], y=[1, 1, -1]), exact=_exact_gradvanish)

# ------------------------------------------------------------------ claims: activations


def S_x(t):
    return dict(x=real())


X1 = dict(x=1)
X0 = dict(x=0)
dsig = lambda x: d1(sig, x)
claim('notes-sigmoid-deriv', True, S_x, lambda P: [dsig(P['x']), sig(P['x']) * (1 - sig(P['x']))], npts=40)
claim('notes-sigmoid-deriv-cosh', True, S_x, lambda P: [dsig(P['x']), 1 / (4 * mp.cosh(P['x'] / 2) ** 2)], npts=40)
claim('notes-sigmoid-deriv-cosh-slip', False, S_x, lambda P: [dsig(P['x']), 1 / (4 * mp.cosh(P['x']) ** 2)], witness=X1)
claim('notes-sigmoid-deriv-bound', True, S_x, lambda P: [dsig(P['x']), mpf(1) / 4], ops='<=', npts=40)


def _exact_sig_strict():
    import sympy as sp
    t = sp.Symbol('t')
    return sp.simplify(sp.diff(1 / (1 + sp.exp(-t)), t).subs(t, 0) - sp.Rational(1, 4)) == 0


claim('notes-sigmoid-deriv-bound-strict', False, S_x, lambda P: [dsig(P['x']), mpf(1) / 4], ops='<',
      witness=X0, exact=_exact_sig_strict)
claim('notes-sigmoid-second-deriv', True, S_x,
      lambda P: [d1(sig, P['x'], 2), sig(P['x']) * (1 - sig(P['x'])) * (1 - 2 * sig(P['x']))], npts=40)
claim('notes-sigmoid-second-deriv-slip', False, S_x, lambda P: [d1(sig, P['x'], 2), 1 - 2 * sig(P['x'])], witness=X1)
claim('notes-tanh-sigmoid', True, S_x, lambda P: [mp.tanh(P['x']), 2 * sig(2 * P['x']) - 1], npts=40)
claim('notes-tanh-sigmoid-slip', False, S_x, lambda P: [mp.tanh(P['x']), 2 * sig(P['x']) - 1], witness=X1)
claim('notes-tanh-deriv-sigmoid', True, S_x,
      lambda P: [d1(mp.tanh, P['x']), 4 * sig(2 * P['x']) * sig(-2 * P['x'])], npts=40)
claim('notes-tanh-deriv-sigmoid-slip', False, S_x,
      lambda P: [d1(mp.tanh, P['x']), 2 * sig(2 * P['x']) * sig(-2 * P['x'])], witness=X0)
claim('notes-softplus-deriv', True, S_x, lambda P: [d1(softplus, P['x']), sig(P['x'])], npts=40)
claim('notes-softplus-deriv-slip', False, S_x,
      lambda P: [d1(lambda x: mp.log(1 + mp.exp(x)), P['x']), 1 / (1 + mp.exp(P['x']))], witness=X1)


def _exact_sp_strict():
    import sympy as sp
    return sp.simplify(sp.log(1 + sp.exp(0)) - (sp.Max(0, 0) + sp.log(2))) == 0


claim('notes-softplus-bound-upper-strict', False, S_x, lambda P: [softplus(P['x']), max(0, P['x']) + mp.log(2)], ops='<',
      witness=X0, exact=_exact_sp_strict)


def gap(P):
    with mp.workdps(120):
        v = softplus(P['x']) - relu(P['x'])
    return [+v, mpf(10) ** -30]


def _exact_gap():
    import sympy as sp
    v = sp.log(1 + sp.exp(100)) - 100
    return sp.N(v, 60) < sp.Rational(1, 10 ** 30)


claim('notes-softplus-gap-floor', False, S_x, gap, ops='>=', witness=dict(x=100), exact=_exact_gap)
dgelu_true = lambda x: (1 + mp.erf(x / mp.sqrt(2))) / 2 + x * mp.exp(-x ** 2 / 2) / mp.sqrt(2 * mp.pi)
claim('notes-gelu-deriv', True, S_x, lambda P: [d1(gelu, P['x']), dgelu_true(P['x'])], npts=40)
claim('notes-gelu-deriv-slip', False, S_x,
      lambda P: [d1(gelu, P['x']), (1 + mp.erf(P['x'] / mp.sqrt(2))) / 2 + P['x'] * mp.exp(-P['x'] ** 2 / 2) / mp.sqrt(mp.pi)],
      witness=X1)
claim('notes-gelu-odd-part', True, S_x, lambda P: [gelu(P['x']) - gelu(-P['x']), P['x']], npts=40)


def sig_chain(P, slip=False):
    x = P['x']
    sgn = -1 if slip else 1
    e = mp.exp(-x)
    return [dsig(x), d1(lambda u: 1 / (1 + mp.exp(-u)), x),
            sgn * e / (1 + e) ** 2, sgn * (1 / (1 + e)) * (e / (1 + e)), sgn * sig(x) * (1 - sig(x))]


claim('notes-sigmoid-deriv-chain', True, S_x, sig_chain, npts=40)
claim('notes-sigmoid-deriv-chain-slip', False, S_x, lambda P: sig_chain(P, True), witness=X0, bad=2, npts=40)


def bce_chain(P):
    a, y = P['a'], P['y']
    f = sig(a)
    fp = dsig(a)
    L = lambda u: -y * mp.log(sig(u)) - (1 - y) * mp.log(1 - sig(u))
    return [d1(L, a), -y * fp / f + (1 - y) * fp / (1 - f), -y * (1 - f) + (1 - y) * f, f - y]


claim('notes-ce-sigmoid-chain', True, S_ay, bce_chain, npts=40)


def smce_chain(P):
    x, c, j, n = P['x'], P['c'] - 1, P['j'] - 1, P['n']
    return [grad(lambda u: -mp.log(softmax(u)[c]), x)[j],
            grad(lambda u: lse(u) - u[c], x)[j],
            softmax(x)[c] - kd(j, c),
            mp.exp(x[c]) / sum(mp.exp(e) for e in ent(x)) - kd(j, c)]


claim('notes-softmax-ce-chain-slip', False, S_vec_cj, smce_chain, witness=dict(n=2, x=[0, 1], c=1, j=2), bad=2, npts=58)


def lrh_chain(P, slip=False):
    X, w, y, j, k = P['X'], P['w'], P['y'], P['j'] - 1, P['k'] - 1
    z = X * w
    Lf = lambda u: L_logreg_sp(X, u, y)
    v1 = hess(Lf, w)[j, k]
    v2 = jac(lambda u: grad(Lf, u), w)[j, k]
    v3 = jac(lambda u: X.T * (vsig(X * u) - y), w)[j, k]
    if slip:
        v4 = sum(sig(z[i]) * X[i, j] * X[i, k] for i in range(3))
        v5 = (X.T * diag(vsig(z)) * X)[j, k]
    else:
        v4 = sum(sig(z[i]) * (1 - sig(z[i])) * X[i, j] * X[i, k] for i in range(3))
        v5 = (X.T * diag(vsig(z)) * diag(vsig(-z)) * X)[j, k]
    return [v1, v2, v3, v4, v5]


claim('notes-logreg-hessian-chain', True, lambda t: S_logreg(t, ['jk']), lrh_chain, npts=8)
claim('notes-logreg-hessian-chain-slip', False, lambda t: S_logreg(t, ['jk']), lambda P: lrh_chain(P, True),
      witness=dict(X=Xw, w=[0, 0], y=[0, 0, 0], j=1, k=1), bad=3, npts=8)


def lseb_chain(P):
    x = P['x']
    m = mx(x)
    return [lse(x), m + mp.log(sum(mp.exp(e - m) for e in ent(x))), m + mp.log(3)]


claim('notes-lse-bound-chain', True, S_x3, lseb_chain, ops=['==', '<='], npts=40)


def gelu_chain(P):
    x = P['x']
    r2 = mp.sqrt(2)
    return [d1(gelu, x), d1(lambda u: u * (1 + mp.erf(u / r2)) / 2, x),
            (1 + mp.erf(x / r2)) / 2 + x * d1(lambda u: mp.erf(u / r2), x) / 2,
            (1 + mp.erf(x / r2)) / 2 + x * mp.exp(-x ** 2 / 2) / mp.sqrt(mp.pi)]


claim('notes-gelu-deriv-chain-slip', False, S_x, gelu_chain, witness=X1, bad=3, npts=40)


def S_ab(t):
    return dict(a=real(), b=real())


claim('notes-softmax-two-sigmoid-sign', False, S_ab,
      lambda P: [softmax(col([P['a'], P['b']]))[0], sig(P['b'] - P['a'])], witness=dict(a=1, b=0))

# ------------------------------------------------------------------ driver


def main():
    doc = yaml.safe_load(open(__file__.rsplit('/', 1)[0] + '/notes.yaml' if '/' in __file__ else 'notes.yaml'))
    ids = [c['id'] for c in doc['claims']]
    bad = 0
    if len(ids) != len(set(ids)):
        print('DUPLICATE ids in YAML'); bad += 1
    yaml_truth = {c['id']: c.get('expect', 'holds') != 'refuted' for c in doc['claims']}
    for cid in ids:
        if cid not in CL:
            print('MISSING oracle for', cid); bad += 1
    for cid in CL:
        if cid not in yaml_truth:
            print('oracle has extra id not in YAML', cid); bad += 1
    only = sys.argv[1:]
    nt = nf = 0
    for cid in ids:
        if cid not in CL or (only and cid not in only):
            continue
        c = CL[cid]
        if c['truth'] != yaml_truth[cid]:
            print('LABEL MISMATCH', cid, 'oracle truth', c['truth'], 'yaml', yaml_truth[cid]); bad += 1
            continue
        try:
            ok, msg = check(cid)
        except Exception as e:  # noqa
            ok, msg = False, 'error %r' % (e,)
        print('%-4s %-5s %-48s %s' % ('ok' if ok else 'FAIL', 'true' if c['truth'] else 'false', cid, msg))
        sys.stdout.flush()
        if not ok:
            bad += 1
        nt += c['truth']
        nf += not c['truth']
    print('\nSUMMARY: %d claims checked (%d true, %d false), %d mismatches' % (nt + nf, nt, nf, bad))
    sys.exit(1 if bad else 0)


if __name__ == '__main__':
    main()
