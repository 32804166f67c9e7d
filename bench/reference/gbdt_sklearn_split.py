"""scikit-learn reference for the shipped examples in `npm run bench -- gbdt`: HistGradientBoosting
Classifier/Regressor with default parameters (early_stopping='auto': off below 10,000 rows, as mlx's
'auto') fitted on the training split mlx prepared and scored on its test split. Categorical columns
(meta.json) are coded by their sorted levels in the training rows, unseen or missing levels → NaN.
Timed: fit (one thread when OMP_NUM_THREADS=1); loading excluded.

usage: gbdt_sklearn_split.py DIR  (DIR has train.csv, test.csv, meta.json {target, task, categorical})
→ prints one JSON line {metric, value, fit_seconds, iterations}
"""
import json
import sys
import time

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor

folder = sys.argv[1]
meta = json.load(open(f'{folder}/meta.json'))
train = pd.read_csv(f'{folder}/train.csv', float_precision='round_trip')
test = pd.read_csv(f'{folder}/test.csv', float_precision='round_trip')
target, categorical = meta['target'], meta['categorical']
features = [c for c in train.columns if c != target]
levels = {c: sorted(train[c].dropna().astype(str).unique()) for c in categorical}


def matrix(df):
    x = np.empty((len(df), len(features)))
    for j, c in enumerate(features):
        if c in categorical:
            codes = {v: i for i, v in enumerate(levels[c])}
            x[:, j] = df[c].map(lambda v: codes.get(str(v), np.nan) if pd.notna(v) else np.nan).to_numpy(float)
        else:
            x[:, j] = pd.to_numeric(df[c], errors='coerce').to_numpy(float)
    return x


mask = [c in categorical for c in features]
x_train, x_test = matrix(train), matrix(test)
if meta['task'] == 'classification':
    model = HistGradientBoostingClassifier(categorical_features=mask, random_state=0)
    y_train, y_test = train[target].astype(str).to_numpy(), test[target].astype(str).to_numpy()
else:
    model = HistGradientBoostingRegressor(categorical_features=mask, random_state=0)
    y_train, y_test = train[target].to_numpy(float), test[target].to_numpy(float)
start = time.perf_counter()
model.fit(x_train, y_train)
fit_seconds = time.perf_counter() - start
predicted = model.predict(x_test)
if meta['task'] == 'classification':
    metric, value = 'accuracy', float(np.mean(predicted == y_test))
else:
    metric, value = 'rmse', float(np.sqrt(np.mean((predicted - y_test) ** 2)))
print(json.dumps({'metric': metric, 'value': value, 'fit_seconds': fit_seconds, 'iterations': int(model.n_iter_)}))
