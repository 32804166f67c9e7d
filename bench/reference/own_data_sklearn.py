#!/usr/bin/python3
"""Reference side of `npm run bench -- own-data` (Debian's python3-sklearn; run with /usr/bin/python3).

    own_data_sklearn.py export DIR       write the three public tables as headed CSV files into DIR
    own_data_sklearn.py score SPLITS     fit scikit-learn on SPLITS/train.csv, score SPLITS/test.csv

`export` reads the copies that Debian's python3-sklearn ships under
/usr/lib/python3/dist-packages/sklearn/datasets/data/ (no download):
  breast_cancer.csv  Breast Cancer Wisconsin (Diagnostic), UCI, CC BY 4.0: binary (malignant/benign)
  digits.csv         Optical Recognition of Handwritten Digits (8x8 test set), UCI, CC BY 4.0: 10 classes
  diabetes.csv       Efron, Hastie, Johnstone & Tibshirani (2004), "Least Angle Regression", as shipped by
                     scikit-learn (BSD-3-Clause package; the data carry no separate licence): regression
`score` prints one JSON object: for each model, the test metric (accuracy or R²) on the rows mlx put in
its test split, after fitting on the rows mlx put in its train split (the validation rows are unused,
as mlx uses them only to stop early). Models: LogisticRegression(max_iter=5000) or Ridge() after a
StandardScaler, and HistGradientBoostingClassifier/Regressor with default parameters (random_state=0).
"""
import json
import os
import sys

import numpy as np
import pandas as pd
from sklearn import datasets
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.metrics import accuracy_score, r2_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

TABLES = {
    # name: (loader, target column, task)
    'breast_cancer': ('diagnosis', 'classification'),
    'digits': ('digit', 'classification'),
    'diabetes': ('progression', 'regression'),
}


def export(out_dir: str) -> None:
    os.makedirs(out_dir, exist_ok=True)
    bc = datasets.load_breast_cancer(as_frame=True)
    frame = bc.data.copy()
    frame['diagnosis'] = [str(bc.target_names[t]) for t in bc.target]
    frame.to_csv(os.path.join(out_dir, 'breast_cancer.csv'), index=False)

    dg = datasets.load_digits(as_frame=True)
    frame = dg.data.astype(int).copy()
    frame['digit'] = dg.target.astype(int)
    frame.to_csv(os.path.join(out_dir, 'digits.csv'), index=False)

    db = datasets.load_diabetes(as_frame=True, scaled=False)
    frame = db.data.copy()
    frame['progression'] = db.target
    frame.to_csv(os.path.join(out_dir, 'diabetes.csv'), index=False)
    print(json.dumps({name: os.path.join(out_dir, f'{name}.csv') for name in TABLES}))


def score(splits: str) -> None:
    meta = json.load(open(os.path.join(splits, 'meta.json')))
    target, task = meta['target'], meta['task']
    train = pd.read_csv(os.path.join(splits, 'train.csv'))
    test = pd.read_csv(os.path.join(splits, 'test.csv'))
    features = [c for c in train.columns if c != target]
    x_train, x_test = train[features].to_numpy(float), test[features].to_numpy(float)
    if task == 'classification':
        y_train, y_test = train[target].astype(str).to_numpy(), test[target].astype(str).to_numpy()
        models = {
            'logistic': make_pipeline(StandardScaler(), LogisticRegression(max_iter=5000)),
            'hgb': HistGradientBoostingClassifier(random_state=0),
        }
        metric = accuracy_score
    else:
        y_train, y_test = train[target].to_numpy(float), test[target].to_numpy(float)
        models = {
            'ridge': make_pipeline(StandardScaler(), Ridge()),
            'hgb': HistGradientBoostingRegressor(random_state=0),
        }
        metric = r2_score
    out = {}
    for name, model in models.items():
        model.fit(x_train, y_train)
        out[name] = float(metric(y_test, model.predict(x_test)))
    out['rows'] = {'train': int(len(train)), 'test': int(len(test))}
    out['sklearn'] = __import__('sklearn').__version__
    print(json.dumps(out))


if __name__ == '__main__':
    np.random.seed(0)
    if len(sys.argv) != 3 or sys.argv[1] not in ('export', 'score'):
        sys.exit(__doc__)
    (export if sys.argv[1] == 'export' else score)(sys.argv[2])
