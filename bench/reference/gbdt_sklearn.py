"""scikit-learn reference for `npm run bench -- gbdt`: HistGradientBoostingClassifier/Regressor with
default parameters except early_stopping=False (both sides then fit exactly max_iter=100
iterations on the same training rows; see bench/gbdt.bench.ts for the split and encoding rules).
Timed: fit (incl. binning; wall and CPU time of all threads) and predict on all rows; loading
and encoding excluded.

usage: gbdt_sklearn.py CSV TASK  (TASK = classification | regression)  → prints one JSON line
"""
import json
import sys
import time

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor

csv, task = sys.argv[1], sys.argv[2]
# round_trip: the same doubles as JavaScript's Number() on the same text.
df = pd.read_csv(csv, float_precision='round_trip')
n = len(df)
n_train, n_val = int(0.8 * n), int(0.1 * n)
features = [c for c in df.columns if c != 'target']
categorical = [c for c in features if c.startswith('cat_')]
X = np.empty((n, len(features)))
for j, c in enumerate(features):
    if c in categorical:
        levels = sorted(df[c].dropna().unique())
        X[:, j] = df[c].map({v: i for i, v in enumerate(levels)}).to_numpy(float)
    else:
        X[:, j] = df[c].to_numpy(float)

yes = (df['target'] == 'yes').to_numpy()
if task == 'classification':
    y = yes.astype(float)
    model = HistGradientBoostingClassifier(early_stopping=False, categorical_features=[c in categorical for c in features])
else:
    # The regression target: the generator's logit (missing terms count 0) plus ±1 label noise.
    def term(c, f):
        v = df[c].to_numpy(float)
        return np.where(np.isnan(v), 0.0, f(v))
    y = 1.0 + term('n_normal', lambda v: 0.08 * (v - 50)) + term('n_bimodal', lambda v: 0.6 * v)
    y = y - term('n_uniform', lambda v: 0.02 * v) + np.where(df['cat_a'] == 'c0_00', 0.8, 0.0)
    y = y + np.where(yes, 1.0, -1.0)
    model = HistGradientBoostingRegressor(early_stopping=False, categorical_features=[c in categorical for c in features])

start, cpu = time.perf_counter(), time.process_time()
model.fit(X[:n_train], y[:n_train])
fit_seconds, fit_cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
start = time.perf_counter()
out = model.predict_proba(X) if task == 'classification' else model.predict(X)
predict_seconds = time.perf_counter() - start
test = slice(n_train + n_val, n)
if task == 'classification':
    metric = float(np.mean((out[test, 1] > out[test, 0]) == (y[test] == 1)))
else:
    metric = float(np.sqrt(np.mean((out[test] - y[test]) ** 2)))
leaves = sum(p.get_n_leaf_nodes() for it in model._predictors for p in it)
print(json.dumps({'fit_seconds': fit_seconds, 'fit_cpu_seconds': fit_cpu_seconds, 'predict_seconds': predict_seconds, 'metric': metric,
                  'iterations': int(model.n_iter_), 'leaves': int(leaves)}))
