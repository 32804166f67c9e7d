"""PyTorch reference for `npm run bench -- train`: the same data, preprocessing and model as mlx's
default MLP ([64, 32], ReLU, Adam 1e-3, batch 256, softmax cross-entropy), timed the same way as mlx
times itself: the training loop alone (shuffle, batches, forward, backward, optimiser step), wall and
process CPU seconds; the one validation pass per epoch timed apart; loading and preprocessing excluded.

usage: train_torch.py CSV TARGET EPOCHS THREADS SEED  → prints one JSON line
"""
import json
import sys
import time

import numpy as np
import pandas as pd
import torch

csv, target, epochs, threads, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
torch.set_num_threads(threads)
torch.manual_seed(seed)
rng = np.random.default_rng(seed)

df = pd.read_csv(csv)
df = df[df[target].notna()]
order = rng.permutation(len(df))
n_train, n_val = int(0.7 * len(df)), int(0.15 * len(df))
train, val = df.iloc[order[:n_train]], df.iloc[order[n_train : n_train + n_val]]
features = [c for c in df.columns if c != target]
numeric = [c for c in features if pd.api.types.is_numeric_dtype(df[c])]
categorical = [c for c in features if c not in numeric]

# Fitted on train, like mlx: median imputation + standard scaling; most-frequent imputation + one-hot.
medians = train[numeric].median()
means = train[numeric].fillna(medians).mean()
stds = train[numeric].fillna(medians).std(ddof=0).replace(0, 1)
levels = {c: sorted(train[c].dropna().unique()) for c in categorical}
modes = {c: train[c].mode().iloc[0] for c in categorical}
classes = sorted(train[target].unique())


def encode(frame: pd.DataFrame) -> tuple[torch.Tensor, torch.Tensor]:
    parts = [((frame[numeric].fillna(medians) - means) / stds).to_numpy(np.float32)]
    for c in categorical:
        values = frame[c].fillna(modes[c])
        parts.append(np.stack([(values == level).to_numpy(np.float32) for level in levels[c]], axis=1))
    y = frame[target].map({k: i for i, k in enumerate(classes)}).to_numpy(np.int64)
    return torch.from_numpy(np.concatenate(parts, axis=1)), torch.from_numpy(y)


x_train, y_train = encode(train)
x_val, y_val = encode(val)
width = x_train.shape[1]
model = torch.nn.Sequential(
    torch.nn.Linear(width, 64), torch.nn.ReLU(), torch.nn.Linear(64, 32), torch.nn.ReLU(), torch.nn.Linear(32, len(classes))
)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = torch.nn.CrossEntropyLoss()
batch = 256

loop_seconds = loop_cpu_seconds = val_seconds = 0.0
for epoch in range(epochs):
    wall, cpu = time.perf_counter(), time.process_time()
    model.train()
    perm = torch.randperm(len(x_train))
    for i in range(0, len(x_train), batch):
        idx = perm[i : i + batch]
        optimizer.zero_grad()
        loss = loss_fn(model(x_train[idx]), y_train[idx])
        loss.backward()
        optimizer.step()
    loop_seconds += time.perf_counter() - wall
    loop_cpu_seconds += time.process_time() - cpu
    wall = time.perf_counter()
    model.eval()
    with torch.no_grad():
        val_accuracy = (model(x_val).argmax(1) == y_val).float().mean().item()
    val_seconds += time.perf_counter() - wall
print(json.dumps({
    "rows": len(x_train), "width": width, "epochs": epochs, "threads": threads,
    "loop_seconds": loop_seconds, "loop_cpu_seconds": loop_cpu_seconds, "validation_seconds": val_seconds,
    "samples_per_s": len(x_train) * epochs / loop_seconds, "val_accuracy": val_accuracy, "torch": torch.__version__,
}))
