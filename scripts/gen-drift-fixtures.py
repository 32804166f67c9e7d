#!/usr/bin/env python3
"""Generates the drift fixtures: inputs and the values scipy/numpy/statsmodels compute.

test/fixtures/drift/scipy-vectors.json (`evidently`): every statistic of Evidently's defaults, following
Evidently's formulas (stattests/*.py) exactly. Made with scipy 1.17.1 / numpy 2.4.6 (any scipy >= 1.10
gives the same values to ~1e-12).
test/fixtures/drift/mlx-vectors.json (`mlx`): the mlx method's statistics: scipy's chi2_contingency
(correction=False) on the table after pooling sparse categories, and statsmodels' Benjamini-Hochberg
and Holm adjustments. Made with scipy 1.10.1 / numpy 1.24.2 / statsmodels 0.13.5 (Debian 12).

Run (not in CI; the JSON is committed):  /usr/bin/python3 scripts/gen-drift-fixtures.py [evidently] [mlx]
(no argument: both).
"""
import sys
import json
import math
import os

import numpy as np
from scipy import stats
from scipy.spatial import distance

rng = np.random.default_rng(20261127)
FIXTURES = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'drift')
OUT = os.path.join(FIXTURES, 'scipy-vectors.json')


def r(a, nd=4):
    return [float(x) for x in np.round(np.asarray(a, dtype=float), nd)]


def ks_case(name, a, b):
    a, b = np.asarray(a, float), np.asarray(b, float)
    res = stats.ks_2samp(a, b)  # two-sided, method='auto'
    return {'name': name, 'reference': a.tolist(), 'current': b.tolist(),
            'statistic': float(res.statistic), 'pvalue': float(res.pvalue)}


def value_counts_percents(ref, cur):
    keys = sorted(set(ref) | set(cur), key=str)
    rc = {k: 0 for k in keys}
    cc = {k: 0 for k in keys}
    for v in ref:
        rc[v] += 1
    for v in cur:
        cc[v] += 1
    return keys, np.array([rc[k] for k in keys], float), np.array([cc[k] for k in keys], float)


def binned(ref, cur, numeric, fill):
    """Evidently's get_binned_data."""
    ref, cur = np.asarray(ref), np.asarray(cur)
    if numeric and len(np.unique(ref)) > 20:
        bins = np.histogram_bin_edges(np.concatenate([ref, cur]), bins='sturges')
        rp = np.histogram(ref, bins)[0] / len(ref)
        cp = np.histogram(cur, bins)[0] / len(cur)
    else:
        _, rc, cc = value_counts_percents(ref.tolist(), cur.tolist())
        rp, cp = rc / len(ref), cc / len(cur)
    if fill:
        for p in (rp, cp):
            m = min(p[p != 0])
            np.place(p, p == 0, m / 10**6 if m <= 0.0001 else 0.0001)
    return rp, cp


def chi_case(name, ref, cur):
    keys, rc, cc = value_counts_percents(ref, cur)
    f_exp = rc * (len(cur) / len(ref))
    with np.errstate(divide='ignore', invalid='ignore'):
        if np.any(f_exp == 0):
            stat, p = 'Infinity', 0.0  # scipy gives inf / 0 (with a warning) when a category is new
        else:
            res = stats.chisquare(cc, f_exp)
            stat, p = float(res.statistic), float(res.pvalue)
    return {'name': name, 'reference': ref, 'current': cur, 'statistic': stat, 'pvalue': p}


def z_case(name, ref, cur):
    keys = sorted(set(ref) | set(cur), key=str)
    if len(set(ref)) == 1 and len(set(cur)) == 1 and ref[0] == cur[0]:
        return {'name': name, 'reference': ref, 'current': cur, 'statistic': 0.0, 'pvalue': 1.0}
    a = np.array([0 if x == keys[0] else 1 for x in ref], float)
    b = np.array([0 if x == keys[0] else 1 for x in cur], float)
    n1, n2 = len(a), len(b)
    p1, p2 = a.sum() / n1, b.sum() / n2
    P = (p1 * n1 + p2 * n2) / (n1 + n2)
    z = (p1 - p2) / np.sqrt(P * (1 - P) * (1.0 / n1 + 1.0 / n2))
    p = 2 * (1 - stats.norm.cdf(abs(z)))
    return {'name': name, 'reference': ref, 'current': cur, 'statistic': float(z), 'pvalue': float(p)}


def wd_case(name, ref, cur):
    ref, cur = np.asarray(ref, float), np.asarray(cur, float)
    norm = max(np.std(ref), 0.001)
    return {'name': name, 'reference': ref.tolist(), 'current': cur.tolist(),
            'distance': float(stats.wasserstein_distance(ref, cur)), 'std': float(np.std(ref)),
            'statistic': float(stats.wasserstein_distance(ref, cur) / norm)}


def js_case(name, ref, cur, numeric):
    rp, cp = binned(ref, cur, numeric, False)
    ref_l = ref if isinstance(ref, list) else np.asarray(ref).tolist()
    cur_l = cur if isinstance(cur, list) else np.asarray(cur).tolist()
    return {'name': name, 'numeric': numeric, 'reference': ref_l, 'current': cur_l,
            'statistic': float(distance.jensenshannon(rp, cp))}


def psi_case(name, ref, cur, numeric):
    rp, cp = binned(ref, cur, numeric, True)
    value = float(np.sum((rp - cp) * np.log(rp / cp)))
    ref_l = ref if isinstance(ref, list) else np.asarray(ref).tolist()
    cur_l = cur if isinstance(cur, list) else np.asarray(cur).tolist()
    return {'name': name, 'numeric': numeric, 'reference': ref_l, 'current': cur_l, 'statistic': value}


def edges_case(name, values):
    values = np.asarray(values, float)
    return {'name': name, 'values': values.tolist(),
            'edges': np.histogram_bin_edges(values, bins='sturges').tolist()}


def kstwo_case(n, d):
    return {'n': n, 'd': d, 'sf': float(stats.kstwo.sf(d, n))}


def cats(probs, n, labels=('Adelie', 'Chinstrap', 'Gentoo', 'Other', 'Rare')):
    return [str(x) for x in rng.choice(labels[: len(probs)], size=n, p=probs)]


def evidently_vectors():
    norm = rng.normal
    out = {
        'meta': {'scipy': __import__('scipy').__version__, 'numpy': np.__version__},
        'ks': [
            ks_case('equal n, exact (square)', r(norm(0, 1, 60)), r(norm(0.3, 1, 60))),
            ks_case('unequal n, exact (inside method)', r(norm(0, 1, 37)), r(norm(0.5, 1.2, 53))),
            ks_case('ties, exact', rng.integers(0, 8, 200).astype(float), rng.integers(0, 9, 150).astype(float)),
            ks_case('no shift, exact', r(norm(0, 1, 500)), r(norm(0, 1, 800))),
            ks_case('large exact', r(norm(0, 1, 700), 3), r(norm(0.1, 1, 6000), 3)),
            ks_case('identical samples', [1.0, 2.0, 3.0, 4.0, 5.0, 6.0], [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]),
            ks_case('asymp, en<=140, small d', r(norm(0, 1, 30)), r(norm(0, 1, 10001), 3)),
            ks_case('asymp, en<=140, shifted', r(norm(1.0, 1, 40)), r(norm(0, 1, 10010), 3)),
            ks_case('asymp, en>140, shifted', r(norm(0.3, 1, 1000), 3), r(norm(0, 1, 10010), 3)),
            ks_case('asymp, en>140, no shift', r(norm(0, 1, 900), 3), r(norm(0, 1, 10100), 3)),
            ks_case('asymp, far apart', r(norm(3, 1, 300), 3), r(norm(0, 1, 10002), 3)),
        ],
        'kstwo': [kstwo_case(n, d) for n, d in [
            (5, 0.15), (5, 0.3), (5, 0.7), (5, 0.95), (30, 0.05), (30, 0.1), (30, 0.2), (30, 0.3),
            (30, 0.45), (30, 0.6), (100, 0.03), (100, 0.08), (100, 0.15), (100, 0.25), (140, 0.12),
            (141, 0.05), (500, 0.02), (500, 0.05), (500, 0.08), (500, 0.2), (1000, 0.01), (1000, 0.04),
            (1000, 0.1), (5000, 0.01), (5000, 0.03), (20000, 0.005), (20000, 0.015), (200000, 0.002),
            (200000, 0.004), (500000, 0.0015), (500000, 0.003), (1000, 0.7),
        ]],
        'chisquare': [
            chi_case('3 categories, no drift', cats([0.4, 0.2, 0.4], 300), cats([0.4, 0.2, 0.4], 200)),
            chi_case('3 categories, drift', cats([0.4, 0.2, 0.4], 300), cats([0.2, 0.2, 0.6], 200)),
            chi_case('5 categories', cats([0.3, 0.3, 0.2, 0.15, 0.05], 900), cats([0.25, 0.3, 0.25, 0.15, 0.05], 400)),
            chi_case('new category in current', cats([0.5, 0.5], 100), cats([0.4, 0.4, 0.2], 100)),
            chi_case('numbers as categories', [int(x) for x in rng.integers(0, 4, 500)], [int(x) for x in rng.integers(0, 4, 300)]),
        ],
        'z': [
            z_case('binary, no drift', cats([0.6, 0.4], 500), cats([0.6, 0.4], 400)),
            z_case('binary, drift', cats([0.6, 0.4], 500), cats([0.4, 0.6], 400)),
            z_case('booleans', [bool(x) for x in rng.random(300) < 0.3], [bool(x) for x in rng.random(200) < 0.35]),
            z_case('one value each, same', ['a'] * 20, ['a'] * 30),
            z_case('one value each, different', ['a'] * 20, ['b'] * 30),
        ],
        'wasserstein': [
            wd_case('normal, small shift', r(norm(0, 1, 2000)), r(norm(0.05, 1, 1500))),
            wd_case('normal, scaled', r(norm(10, 2, 3000)), r(norm(10, 3, 2500))),
            wd_case('exponential, unequal n', r(rng.exponential(2.0, 1200)), r(rng.exponential(2.5, 5000))),
            wd_case('constant reference (std floor)', [5.0] * 1500, r(norm(5, 0.01, 1000))),
        ],
        'jensenshannon': [
            js_case('categories, small change', cats([0.4, 0.2, 0.4], 3000), cats([0.35, 0.25, 0.4], 2000), False),
            js_case('categories, big change', cats([0.7, 0.2, 0.1], 3000), cats([0.1, 0.2, 0.7], 2000), False),
            js_case('new category', cats([0.5, 0.5], 2000), cats([0.45, 0.45, 0.1], 2000), False),
            js_case('numeric binned (sturges)', r(norm(0, 1, 2500)), r(norm(0.4, 1.1, 1800)), True),
            js_case('numeric, few values (value frequencies)', [float(x) for x in rng.integers(0, 4, 2000)], [float(x) for x in rng.integers(0, 5, 1500)], True),
        ],
        'psi': [
            psi_case('numeric, no shift', r(norm(0, 1, 2000)), r(norm(0, 1, 2000)), True),
            psi_case('numeric, shift', r(norm(0, 1, 2000)), r(norm(0.5, 1, 1500)), True),
            psi_case('numeric, disjoint bins filled', r(norm(0, 1, 800)), r(norm(4, 0.5, 600)), True),
            psi_case('categorical', cats([0.4, 0.2, 0.4], 1000), cats([0.3, 0.3, 0.3, 0.1], 700), False),
            psi_case('categorical, tiny frequencies', ['a'] * 29998 + ['b'] * 2, ['a'] * 60 + ['c'] * 40, False),
        ],
        'sturges': [
            edges_case('normal 1000', r(norm(0, 1, 1000))),
            edges_case('uniform 12345', r(rng.uniform(-3, 7, 12345), 5)),
            edges_case('constant', [2.5] * 10),
            edges_case('two values', [0.0, 1.0] * 33),
        ],
    }
    with open(OUT, 'w') as fh:
        json.dump(out, fh, separators=(',', ':'))
    print(f'wrote {OUT}: {os.path.getsize(OUT)} bytes')



def pool_sparse(a, b, min_expected=5.0):
    """The pooling of src/lib/drift/stats/pool-categories.ts: sparse categories into one bucket, which joins
    the smallest other category when still too small."""
    na, nb = float(sum(a)), float(sum(b))
    scale = min(na, nb) / (na + nb)
    ka, kb, ra, rb = [], [], 0.0, 0.0
    for x, y in zip(a, b):
        if x + y == 0:
            continue
        if (x + y) * scale >= min_expected:
            ka.append(float(x)); kb.append(float(y))
        else:
            ra += x; rb += y
    if ra + rb > 0:
        if (ra + rb) * scale >= min_expected or not ka:
            ka.append(ra); kb.append(rb)
        else:
            i = min(range(len(ka)), key=lambda j: (ka[j] + kb[j], j))
            ka[i] += ra; kb[i] += rb
    adequate = all((x + y) * scale >= min_expected for x, y in zip(ka, kb))
    return ka, kb, adequate


def contingency_case(name, ref, cur):
    keys = sorted(set(ref) | set(cur), key=str)
    a = [sum(1 for v in ref if v == k) for k in keys]
    b = [sum(1 for v in cur if v == k) for k in keys]
    pa, pb, adequate = pool_sparse(a, b)
    case = {'name': name, 'reference': ref, 'current': cur, 'pooled': [pa, pb], 'adequate': adequate}
    if adequate and len(pa) >= 2:
        stat, p, dof, _ = stats.chi2_contingency(np.array([pa, pb]), correction=False)
        case.update(statistic=float(stat), pvalue=float(p), dof=int(dof))
    return case


def adjust_case(name, p):
    from statsmodels.stats.multitest import multipletests
    p = [float(x) for x in p]
    return {'name': name, 'p': p, 'bh': multipletests(p, method='fdr_bh')[1].tolist(),
            'holm': multipletests(p, method='holm')[1].tolist()}


def mlx_vectors():
    g = np.random.default_rng(20261201)

    def cats(probs, n, labels=('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h')):
        return [str(x) for x in g.choice(labels[: len(probs)], size=n, p=probs)]

    out = {
        'meta': {'scipy': __import__('scipy').__version__, 'numpy': np.__version__,
                 'statsmodels': __import__('statsmodels').__version__},
        'contingency': [
            contingency_case('3 categories, same distribution', cats([0.5, 0.3, 0.2], 400), cats([0.5, 0.3, 0.2], 250)),
            contingency_case('3 categories, shifted', cats([0.5, 0.3, 0.2], 400), cats([0.3, 0.3, 0.4], 250)),
            contingency_case('binary (2 x 2, no Yates correction)', cats([0.7, 0.3], 120), cats([0.6, 0.4], 90)),
            contingency_case('sparse categories pooled', cats([0.45, 0.3, 0.2, 0.03, 0.01, 0.01], 300), cats([0.4, 0.3, 0.25, 0.03, 0.01, 0.01], 200)),
            contingency_case('sparse bucket joins the smallest category', cats([0.6, 0.35, 0.05], 60), cats([0.55, 0.4, 0.05], 50)),
            contingency_case('new category in current', cats([0.6, 0.4], 500), cats([0.5, 0.35, 0.15], 400)),
            contingency_case('numbers as categories', [int(x) for x in g.integers(0, 4, 600)], [int(x) for x in g.integers(0, 4, 700)]),
            contingency_case('many categories, large samples', cats([0.2, 0.15, 0.15, 0.1, 0.1, 0.1, 0.1, 0.1], 4000), cats([0.19, 0.16, 0.15, 0.1, 0.1, 0.1, 0.1, 0.1], 3000)),
            contingency_case('everything sparse', cats([0.5, 0.5], 4), cats([0.5, 0.5], 3)),
        ],
        'adjust': [
            adjust_case('uniform', g.random(13)),
            adjust_case('some tiny', np.concatenate([[1e-8, 3e-4, 0.004], g.random(10)])),
            adjust_case('ties and ones', [0.01, 0.01, 0.03, 0.03, 1.0, 1.0, 0.2]),
            adjust_case('one', [0.02]),
        ],
    }
    path = os.path.join(FIXTURES, 'mlx-vectors.json')
    with open(path, 'w') as fh:
        json.dump(out, fh, separators=(',', ':'))
    print(f'wrote {path}: {os.path.getsize(path)} bytes')


if __name__ == '__main__':
    which = set(sys.argv[1:]) or {'evidently', 'mlx'}
    if 'evidently' in which:
        evidently_vectors()
    if 'mlx' in which:
        mlx_vectors()
