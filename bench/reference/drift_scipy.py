#!/usr/bin/env python3
"""The numpy/scipy side of `npm run bench -- drift`: the statistics `mlx drift` computes for 1M x 1M
rows x 13 columns, on the files the benchmark wrote, with either method:

evidently  Evidently's defaults (reference > 1000 rows: normed Wasserstein for numeric columns with
           > 5 distinct values, Jensen-Shannon otherwise; PSI for every column), following Evidently's
           code (np.unique for the distinct counts).
mlx        mlx's default method: two-sample KS (scipy.stats.ks_2samp) for numeric columns, the chi-square
           test of homogeneity (scipy.stats.chi2_contingency, correction=False, sparse categories pooled)
           for categorical ones, Benjamini-Hochberg across columns, the effect sizes (normed Wasserstein,
           Jensen-Shannon) and PSI. Written the way a numpy user would, without Evidently's np.unique
           calls: the test per column is the one mlx chose (the benchmark checks that they agree).

usage: drift_scipy.py DIR METHOD   (DIR/meta.json, DIR/{ref,cur}-<column>.f64|.u8)
       drift_scipy.py --csv REF.csv CUR.csv METHOD COLUMNS.json   (pandas.read_csv of the listed
       feature columns, categorical ones as the 'category' dtype, then the same computation)
Prints one JSON object: compute seconds, load seconds, CPU seconds, peak RSS, per-column results.
"""
import json
import os
import resource
import sys
import time

import numpy as np
from scipy import stats
from scipy.spatial import distance


def counts_u8(ref, cur):
    """Category counts of both samples over the codes either one uses."""
    rc, cc = np.bincount(ref, minlength=256), np.bincount(cur, minlength=256)
    keep = (rc + cc) > 0
    return rc[keep].astype(float), cc[keep].astype(float)


def binned(ref, cur, numeric, many_values=None):
    """Evidently's get_binned_data: Sturges bins over both samples, or shares per value."""
    many = many_values if many_values is not None else numeric and len(np.unique(ref)) > 20
    if numeric and many:
        bins = np.histogram_bin_edges(np.concatenate([ref, cur]), bins='sturges')
        return np.histogram(ref, bins)[0] / len(ref), np.histogram(cur, bins)[0] / len(cur)
    if ref.dtype == np.uint8:
        rc, cc = counts_u8(ref, cur)
        return rc / len(ref), cc / len(cur)
    keys = np.union1d(ref, cur)
    def counts(values):
        u, c = np.unique(values, return_counts=True)
        out = np.zeros(len(keys))
        out[np.searchsorted(keys, u)] = c
        return out
    return counts(ref) / len(ref), counts(cur) / len(cur)


def fill(p):
    p = p.astype(float).copy()
    m = p[p != 0].min()
    p[p == 0] = m / 10**6 if m <= 0.0001 else 0.0001
    return p


def psi(rp, cp):
    rp, cp = fill(rp), fill(cp)
    return float(np.sum((rp - cp) * np.log(rp / cp)))


def pool_sparse(a, b, min_expected=5.0):
    """mlx's pooling of sparse categories (src/lib/drift/stats/pool-categories.ts)."""
    scale = min(a.sum(), b.sum()) / (a.sum() + b.sum())
    sparse = (a + b) * scale < min_expected
    if not sparse.any():
        return a, b
    ka, kb = list(a[~sparse]), list(b[~sparse])
    ra, rb = a[sparse].sum(), b[sparse].sum()
    if (ra + rb) * scale >= min_expected or not ka:
        ka.append(ra); kb.append(rb)
    else:
        i = int(np.argmin(np.array(ka) + np.array(kb)))
        ka[i] += ra; kb[i] += rb
    return np.array(ka), np.array(kb)


def bh(p):
    p = np.asarray(p, float)
    order = np.argsort(p)
    ranked = p[order] * len(p) / np.arange(1, len(p) + 1)
    adjusted = np.minimum.accumulate(ranked[::-1])[::-1]
    out = np.empty_like(p)
    out[order] = np.minimum(adjusted, 1)
    return out


def evidently_column(ref, cur, numeric):
    n_values = len(np.unique(np.concatenate([ref, cur])))
    if numeric and n_values > 5:
        test, score = 'wasserstein', stats.wasserstein_distance(ref, cur) / max(np.std(ref), 0.001)
    else:
        rp, cp = binned(ref, cur, numeric)
        test, score = 'jensenshannon', distance.jensenshannon(rp, cp)
    rp, cp = binned(ref, cur, numeric)
    return {'test': test, 'score': float(score), 'psi': psi(rp, cp)}


def mlx_column(ref, cur, numeric):
    if numeric:
        p = stats.ks_2samp(ref, cur).pvalue
        effect = stats.wasserstein_distance(ref, cur) / max(np.std(ref), 0.001)
        rp, cp = binned(ref, cur, numeric, many_values=True)
        return {'test': 'ks', 'score': float(p), 'effect': float(effect), 'psi': psi(rp, cp)}
    rc, cc = counts_u8(ref, cur)
    a, b = pool_sparse(rc, cc)
    p = stats.chi2_contingency(np.array([a, b]), correction=False)[1] if len(a) > 1 else 1.0
    rp, cp = rc / len(ref), cc / len(cur)
    return {'test': 'chi2_contingency', 'score': float(p), 'effect': float(distance.jensenshannon(rp, cp)), 'psi': psi(rp, cp)}


def load_files(d):
    meta = json.load(open(os.path.join(d, 'meta.json')))
    data = {}
    for c in meta['columns']:
        ext, dtype = ('f64', np.float64) if c['kind'] == 'numeric' else ('u8', np.uint8)
        data[c['name']] = tuple(np.fromfile(os.path.join(d, f'{side}-{c["name"]}.{ext}'), dtype=dtype) for side in ('ref', 'cur'))
    return meta['columns'], data


def load_csv(ref_csv, cur_csv, columns):
    """pandas.read_csv of the feature columns; categories coded over both files' levels (missing dropped)."""
    import pandas as pd
    names = [c['name'] for c in columns]
    dtypes = {c['name']: 'float64' if c['kind'] == 'numeric' else 'category' for c in columns}
    ref, cur = (pd.read_csv(f, usecols=names, dtype=dtypes) for f in (ref_csv, cur_csv))
    data = {}
    for c in columns:
        a, b = ref[c['name']], cur[c['name']]
        if c['kind'] == 'numeric':
            data[c['name']] = (a.to_numpy(), b.to_numpy())
        else:
            levels = a.cat.categories.union(b.cat.categories)
            codes = [s.cat.set_categories(levels).cat.codes.to_numpy() for s in (a, b)]
            data[c['name']] = tuple(x[x >= 0].astype(np.uint8) for x in codes)
    return data


def main(argv):
    t0 = time.perf_counter()
    if argv[0] == '--csv':
        columns = json.loads(argv[4])
        data, method = load_csv(argv[1], argv[2], columns), argv[3]
    else:
        (columns, data), method = load_files(argv[0]), argv[1] if len(argv) > 1 else 'evidently'
    meta = {'columns': columns}
    t1 = time.perf_counter()
    c1 = time.process_time()
    results = {}
    for c in meta['columns']:
        ref, cur = data[c['name']]
        numeric = c['kind'] == 'numeric'
        if numeric:  # missing and infinite values are dropped
            ref, cur = ref[np.isfinite(ref)], cur[np.isfinite(cur)]
        column = evidently_column if method == 'evidently' else mlx_column
        results[c['name']] = column(ref, cur, numeric)
    if method == 'mlx':
        names = list(results)
        for name, adjusted in zip(names, bh([results[n]['score'] for n in names])):
            results[name]['adjusted'] = float(adjusted)
    t2 = time.perf_counter()
    c2 = time.process_time()
    print(json.dumps({
        'load_s': t1 - t0,
        'compute_s': t2 - t1,
        'cpu_s': c2 - c1,
        'peak_rss_mib': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        'results': results,
        'versions': {'numpy': np.__version__, 'scipy': __import__('scipy').__version__},
    }))


if __name__ == '__main__':
    main(sys.argv[1:])
