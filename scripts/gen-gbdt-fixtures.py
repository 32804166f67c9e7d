#!/usr/bin/env python3
"""Generates test/fixtures/gbdt/sklearn.json: what scikit-learn's HistGradientBoosting computes on
small inputs, for mlx's GBDT tests (src/lib/train/families/gbdt):

- binning: `_BinMapper` thresholds and bins of probe values (midpoints / quantile edges);
- trees: every node of the first iterations (feature, threshold, missing direction, categorical
  left set, gain, value, count) and the raw scores after them, on small stored datasets;
- quality: test metrics of a default fit on datasets that both sides generate from the same seeded
  mulberry32 stream (the project's PRNG, src/lib/random.ts), so the data need not be stored.

Run (not in CI; the JSON is committed):  /usr/bin/python3 scripts/gen-gbdt-fixtures.py
Made with scikit-learn 1.2.1 / numpy 1.24.2 (Debian python3-sklearn). OMP_NUM_THREADS=1 keeps the
root gradient sums in one order.
"""
import json
import math
import os

os.environ.setdefault('OMP_NUM_THREADS', '1')

import numpy as np  # noqa: E402
import sklearn  # noqa: E402
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor  # noqa: E402
from sklearn.ensemble._hist_gradient_boosting.binning import _BinMapper  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'gbdt', 'sklearn.json')
M32 = 0xFFFFFFFF


def mulberry32(seed):
    """The project's PRNG (src/lib/random.ts), bit for bit."""
    state = seed & M32

    def imul(a, b):
        return (a * b) & M32

    def rnd():
        nonlocal state
        state = (state + 0x6D2B79F5) & M32
        t = state
        t = imul(t ^ (t >> 15), t | 1)
        t ^= (t + imul(t ^ (t >> 7), t | 61)) & M32
        return ((t ^ (t >> 14)) & M32) / 4294967296

    return rnd


def num(v):
    """JSON-safe float: NaN → None, ±inf → '±inf'."""
    v = float(v)
    if math.isnan(v):
        return None
    if math.isinf(v):
        return 'inf' if v > 0 else '-inf'
    return v


def binning_cases():
    rng = np.random.default_rng(20261201)
    cases = []

    def case(name, values, max_bins):
        col = np.asarray(values, dtype=float).reshape(-1, 1)
        mapper = _BinMapper(n_bins=max_bins + 1).fit(col)
        probes = np.concatenate([np.unique(col[~np.isnan(col)])[:40], [np.nan, -1e9, 1e9]])
        bins = mapper.transform(probes.reshape(-1, 1))[:, 0]
        cases.append({'name': name, 'maxBins': max_bins, 'values': [num(v) for v in col[:, 0]],
                      'thresholds': [num(t) for t in mapper.bin_thresholds_[0]],
                      'probes': [num(v) for v in probes], 'bins': [int(b) for b in bins]})

    case('few distinct values with duplicates and NaN', [3, 1, 2, 2, 5, 1, -1.5, 3, np.nan, 0.25, 5, 5], 255)
    case('continuous, more distinct values than bins (quantiles)', np.round(rng.normal(size=1000), 4), 255)
    case('continuous, max_bins 10', np.round(rng.exponential(size=500), 3), 10)
    case('integers with heavy ties, 400 distinct', rng.integers(0, 400, size=2000), 255)
    case('exactly max_bins distinct values (midpoints)', np.arange(255) * 0.5, 255)
    case('one more distinct value than max_bins (quantiles)', np.arange(256) * 0.5, 255)
    case('single value', [7.0] * 30, 255)
    return cases


def tree_nodes(predictor, known_categories):
    nodes = []
    bitsets = predictor.raw_left_cat_bitsets
    for node in predictor.nodes:
        left_categories = None
        if node['is_categorical'] and not node['is_leaf']:
            words = bitsets[node['bitset_idx']]
            left_categories = [int(c) for c in range(256) if (int(words[c // 32]) >> (c % 32)) & 1]
        nodes.append({
            'leaf': bool(node['is_leaf']),
            'feature': int(node['feature_idx']),
            'threshold': num(node['num_threshold']),
            'missingLeft': bool(node['missing_go_to_left']),
            'left': int(node['left']),
            'right': int(node['right']),
            'value': float(node['value']),
            'gain': float(node['gain']),
            'count': int(node['count']),
            'categorical': bool(node['is_categorical']),
            'leftCategories': left_categories,
        })
    return nodes


def tree_case(name, X, y, task, params, categorical=None, weights=None):
    cls = HistGradientBoostingClassifier if task == 'classification' else HistGradientBoostingRegressor
    est = cls(early_stopping=False, categorical_features=categorical, random_state=0, **params)
    est.fit(X, y, sample_weight=weights)
    raw = est._raw_predict(X)
    return {
        'name': name, 'task': task, 'params': params,
        'classes': int(len(np.unique(y))) if task == 'classification' else 1,
        'categorical': categorical, 'x': [[num(v) for v in row] for row in X], 'y': [float(v) for v in y],
        'weights': None if weights is None else [float(w) for w in weights],
        'baseline': [float(b) for b in np.ravel(est._baseline_prediction)],
        'trees': [[tree_nodes(p, None) for p in it] for it in est._predictors],
        'raw': [[float(v) for v in row] for row in raw],
    }


def tree_cases():
    rng = np.random.default_rng(7)
    cases = []
    n = 300
    X = np.round(rng.normal(size=(n, 4)), 4)
    y = np.round(2 * X[:, 0] + np.sin(3 * X[:, 1]) + 0.3 * rng.normal(size=n), 4)
    cases.append(tree_case('regression, 4 numeric features', X, y, 'regression',
                           {'max_iter': 3, 'min_samples_leaf': 5, 'max_leaf_nodes': 8}))

    n = 400
    X = np.round(rng.normal(size=(n, 3)), 4)
    logit = 1.5 * X[:, 0] - X[:, 2]
    missing = rng.random(n) < 0.15
    logit[missing] += 2.0  # missingness itself is informative
    X[missing, 1] = np.nan
    y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(float)
    cases.append(tree_case('binary with informative missing values', X, y, 'classification',
                           {'max_iter': 2, 'min_samples_leaf': 10, 'max_leaf_nodes': 6}))

    n = 400
    cat = rng.integers(0, 6, size=n).astype(float)
    num_ = np.round(rng.normal(size=n), 4)
    logit = np.where(np.isin(cat, [1, 4]), 1.5, -0.5) + 0.8 * num_
    y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(float)
    cat[rng.random(n) < 0.1] = np.nan
    X = np.column_stack([num_, cat])
    cases.append(tree_case('binary with a categorical feature (and missing categories)', X, y, 'classification',
                           {'max_iter': 2, 'min_samples_leaf': 10}, categorical=[False, True]))

    n = 300
    X = np.round(rng.normal(size=(n, 3)), 4)
    scores = np.column_stack([X[:, 0], X[:, 1], -X[:, 0] - X[:, 1]]) + 0.5 * rng.normal(size=(n, 3))
    y = scores.argmax(axis=1).astype(float)
    cases.append(tree_case('multiclass (3 classes)', X, y, 'classification',
                           {'max_iter': 2, 'min_samples_leaf': 8, 'max_leaf_nodes': 5}))

    n = 250
    X = np.round(rng.uniform(-2, 2, size=(n, 3)), 4)
    y = np.round(X[:, 0] ** 2 - X[:, 1] + 0.2 * rng.normal(size=n), 4)
    w = np.round(rng.uniform(0.5, 2.0, size=n), 3)
    cases.append(tree_case('weighted regression, l2 = 1, max_depth = 3', X, y, 'regression',
                           {'max_iter': 2, 'min_samples_leaf': 5, 'l2_regularization': 1.0, 'max_depth': 3},
                           weights=w))
    return cases


def generate(kind, seed, n):
    """The quality datasets; mirrored in test/lib/train/gbdt/generate.ts."""
    rnd = mulberry32(seed)
    X = np.empty((n, 6))
    y = np.empty(n)
    for i in range(n):
        x = [rnd() * 4 - 2 for _ in range(5)]
        c = math.floor(rnd() * 8)
        if rnd() < 0.05:
            x[1] = math.nan
        X[i, :5] = x
        X[i, 5] = c
        x1 = 0.0 if math.isnan(x[1]) else x[1]
        noise = (rnd() + rnd() + rnd() - 1.5)
        if kind == 'binary':
            logit = 1.5 * x[0] - x1 + x[2] * x[3] + (1.2 if c in (1, 4) else -0.4)
            y[i] = 1.0 if rnd() < 1 / (1 + math.exp(-logit)) else 0.0
        elif kind == 'multiclass':
            s = [x[0] + noise, x1 - 0.5 * x[2] + (0.8 if c < 3 else 0.0), -x[0] + x[3] * x[4]]
            y[i] = float(s.index(max(s)))
        else:
            y[i] = 2 * x[0] * x[0] - x1 + x[2] * x[3] + (1.0 if c in (2, 5, 7) else 0.0) + 0.5 * noise
    return X, y


def quality_cases():
    cases = []
    for kind, seed in (('binary', 11), ('multiclass', 12), ('regression', 13)):
        X, y = generate(kind, seed, 6000)
        Xtr, ytr, Xte, yte = X[:4000], y[:4000], X[4000:], y[4000:]
        task = 'regression' if kind == 'regression' else 'classification'
        cls = HistGradientBoostingClassifier if task == 'classification' else HistGradientBoostingRegressor
        est = cls(early_stopping=False, categorical_features=[False] * 5 + [True]).fit(Xtr, ytr)
        case = {'kind': kind, 'seed': seed, 'rows': 6000, 'train': 4000, 'task': task,
                'classes': int(len(np.unique(y))) if task == 'classification' else 1}
        if task == 'classification':
            proba = est.predict_proba(Xte)
            case['accuracy'] = float(np.mean(est.predict(Xte) == yte))
            case['logLoss'] = float(-np.mean(np.log(np.clip(proba[np.arange(len(yte)), yte.astype(int)], 1e-15, 1))))
            case['firstOutputs'] = [[float(v) for v in row] for row in proba[:20]]
        else:
            pred = est.predict(Xte)
            case['rmse'] = float(np.sqrt(np.mean((pred - yte) ** 2)))
            case['firstOutputs'] = [[float(v)] for v in pred[:20]]
        case['checksum'] = [float(X[:, j].__abs__().sum() if not np.isnan(X[:, j]).any() else np.nansum(np.abs(X[:, j])))
                            for j in range(6)] + [float(y.sum())]
        cases.append(case)
    return cases


def main():
    out = {
        'generator': 'scripts/gen-gbdt-fixtures.py',
        'sklearn': sklearn.__version__,
        'numpy': np.__version__,
        'binning': binning_cases(),
        'trees': tree_cases(),
        'quality': quality_cases(),
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as f:
        json.dump(out, f, separators=(',', ':'))
        f.write('\n')
    print(f'wrote {OUT} ({os.path.getsize(OUT)} bytes)')


if __name__ == '__main__':
    main()
