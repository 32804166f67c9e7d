#!/usr/bin/env python3
"""The pandas counterpart of `mlx data prepare`, for bench/data.bench.ts.

Same steps: read the CSV (na_values), validate (types, missing fractions, duplicates, class
balance), drop rows without a target, seeded stratified 70/15/15 split, fit median impute +
standard scaling and most-frequent impute + category vocabularies on train, per-column profile,
write the splits (pickle: Debian's pandas has no pyarrow for Arrow/Parquet) + JSON, sha256 them.
Usage: data_prepare.py INPUT.csv OUTDIR
"""
import hashlib
import json
import os
import sys

import numpy as np
import pandas as pd

src, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
NA = ["", "NA", "NaN", "null"]
TARGET = "target"

df = pd.read_csv(src, na_values=NA, keep_default_na=False)

# validation
numeric = [c for c in df.columns if c != TARGET and pd.api.types.is_numeric_dtype(df[c])]
categorical = [c for c in df.columns if c != TARGET and c not in numeric]
report = {
    "rows": len(df),
    "missing": {c: int(df[c].isna().sum()) for c in df.columns},
    "duplicates": int(df.duplicated().sum()),
    "classes": {str(k): int(v) for k, v in df[TARGET].value_counts().items()},
}

# clean
df = df[df[TARGET].notna()].reset_index(drop=True)

# stratified seeded split
rng = np.random.default_rng(42)
parts = {"train": [], "val": [], "test": []}
for _, idx in sorted(df.groupby(TARGET).indices.items()):
    idx = rng.permutation(idx)
    n_train, n_val = round(len(idx) * 0.7), round(len(idx) * 0.15)
    parts["train"].append(idx[:n_train])
    parts["val"].append(idx[n_train : n_train + n_val])
    parts["test"].append(idx[n_train + n_val :])
splits = {k: df.iloc[np.sort(np.concatenate(v))] for k, v in parts.items()}

# fit the pipeline on train
train = splits["train"]
pipeline = {"numeric": {}, "categorical": {}}
for c in numeric:
    med = float(train[c].median())
    filled = train[c].fillna(med)
    pipeline["numeric"][c] = {"impute": med, "center": float(filled.mean()), "scale": float(filled.std(ddof=0)) or 1.0}
for c in categorical:
    pipeline["categorical"][c] = {"impute": str(train[c].mode().iloc[0]), "categories": sorted(map(str, train[c].dropna().unique()))}

profile = json.loads(df.describe(include="all").to_json())

hashes = {}
for name, split in splits.items():
    path = os.path.join(out, f"{name}.pkl")
    split.to_pickle(path)
    hashes[name] = hashlib.sha256(open(path, "rb").read()).hexdigest()
for name, obj in (("pipeline", pipeline), ("profile", profile), ("report", report)):
    path = os.path.join(out, f"{name}.json")
    with open(path, "w") as f:
        json.dump(obj, f, indent=2, sort_keys=True)
    hashes[name] = hashlib.sha256(open(path, "rb").read()).hexdigest()
with open(os.path.join(out, "lock.json"), "w") as f:
    json.dump(hashes, f, indent=2, sort_keys=True)
print(json.dumps({k: len(v) for k, v in splits.items()}))
