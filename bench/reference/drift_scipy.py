#!/usr/bin/env python3
"""The numpy/scipy side of `npm run bench -- drift`: the same statistics mlx drift computes for 1M x 1M
rows x 12 columns with Evidently's defaults (reference > 1000 rows: normed Wasserstein for numeric
columns, Jensen-Shannon for categorical ones, PSI for every column), on the files the benchmark wrote.

usage: drift_scipy.py DIR   (DIR/meta.json, DIR/{ref,cur}-<column>.f64|.u8)
Prints one JSON object: compute seconds, load seconds, peak RSS, per-column results.
"""
import json
import os
import resource
import sys
import time

import numpy as np
from scipy import stats
from scipy.spatial import distance


def binned(ref, cur, numeric):
    """Evidently's get_binned_data: Sturges bins over both samples, or shares per value."""
    if numeric and len(np.unique(ref)) > 20:
        bins = np.histogram_bin_edges(np.concatenate([ref, cur]), bins='sturges')
        return np.histogram(ref, bins)[0] / len(ref), np.histogram(cur, bins)[0] / len(cur)
    if ref.dtype == np.uint8:  # category codes: one bincount pass per side
        rc, cc = np.bincount(ref, minlength=256), np.bincount(cur, minlength=256)
        keep = (rc + cc) > 0
        return rc[keep] / len(ref), cc[keep] / len(cur)
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


def main(d):
    meta = json.load(open(os.path.join(d, 'meta.json')))
    t0 = time.perf_counter()
    data = {}
    for c in meta['columns']:
        ext, dtype = ('f64', np.float64) if c['kind'] == 'numeric' else ('u8', np.uint8)
        data[c['name']] = tuple(np.fromfile(os.path.join(d, f'{side}-{c["name"]}.{ext}'), dtype=dtype) for side in ('ref', 'cur'))
    t1 = time.perf_counter()
    c1 = time.process_time()
    results = {}
    for c in meta['columns']:
        ref, cur = data[c['name']]
        numeric = c['kind'] == 'numeric'
        if numeric:  # Evidently drops NaN / inf
            ref, cur = ref[np.isfinite(ref)], cur[np.isfinite(cur)]
        n_values = len(np.unique(np.concatenate([ref, cur])))
        if numeric and n_values > 5:
            test = 'wasserstein'
            score = stats.wasserstein_distance(ref, cur) / max(np.std(ref), 0.001)
        else:
            test = 'jensenshannon'
            rp, cp = binned(ref, cur, numeric)
            score = distance.jensenshannon(rp, cp)
        rp, cp = binned(ref, cur, numeric)
        rp, cp = fill(rp), fill(cp)
        psi = float(np.sum((rp - cp) * np.log(rp / cp)))
        results[c['name']] = {'test': test, 'score': float(score), 'psi': psi}
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
    main(sys.argv[1])
