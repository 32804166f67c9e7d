import type { MlxConfig } from '../config/index.js';
import { ConfigError } from '../errors.js';
import { mulberry32, shuffle } from '../random.js';
import { fnv1a } from './duplicates.js';

export interface SplitIndices {
  train: number[];
  val: number[];
  test: number[];
}

type SplitConfig = MlxConfig['data']['split'];

/** The split ratios, checked to add up to 1. */
export function splitRatios(split: SplitConfig): [number, number, number] {
  const sum = split.train + split.val + split.test;
  if (Math.abs(sum - 1) > 1e-6) {
    throw new ConfigError(
      `data.split ratios add up to ${sum}, not 1 (train ${split.train}, val ${split.val}, test ${split.test}).`,
      {
        hint: 'Make train + val + test = 1, e.g. --set data.split.train=0.7 --set data.split.val=0.15 --set data.split.test=0.15',
      },
    );
  }
  return [split.train, split.val, split.test];
}

/**
 * Seeded split of row indices 0..n-1. With `labels` (stratified) each class is split in the
 * ratios on its own; with `keys` a row's split is a stable hash of its key, so it keeps its
 * split when rows are added. Indices come back sorted (file order).
 */
export function splitIndices(
  n: number,
  split: SplitConfig,
  seed: number,
  options: { labels?: ArrayLike<unknown> | null; keys?: ArrayLike<unknown> | null } = {},
): SplitIndices {
  const [train, val] = splitRatios(split);
  if (options.keys) return splitByKey(n, options.keys, train, val, seed);
  const groups = new Map<string, number[]>();
  const labels = options.labels;
  for (let i = 0; i < n; i++) {
    const group = labels ? String(labels[i]) : '';
    const rows = groups.get(group);
    if (rows) rows.push(i);
    else groups.set(group, [i]);
  }
  const random = mulberry32(seed);
  // 0 = train, 1 = val, 2 = test; read back in index order, so each split keeps file order.
  const assignment = new Uint8Array(n);
  for (const group of [...groups.keys()].sort()) {
    const rows = shuffle(groups.get(group) as number[], random);
    const nTrain = Math.max(rows.length > 0 ? 1 : 0, Math.round(rows.length * train));
    const nVal = Math.min(rows.length - nTrain, Math.round(rows.length * val));
    for (let k = nTrain; k < rows.length; k++) assignment[rows[k] as number] = k < nTrain + nVal ? 1 : 2;
  }
  const out: SplitIndices = { train: [], val: [], test: [] };
  const targets = [out.train, out.val, out.test];
  for (let i = 0; i < n; i++) targets[assignment[i] as number]?.push(i);
  return out;
}

function splitByKey(n: number, keys: ArrayLike<unknown>, train: number, val: number, seed: number): SplitIndices {
  const out: SplitIndices = { train: [], val: [], test: [] };
  for (let i = 0; i < n; i++) {
    const u = fnv1a(String(keys[i]), (0x811c9dc5 ^ seed) >>> 0) / 4294967296;
    (u < train ? out.train : u < train + val ? out.val : out.test).push(i);
  }
  return out;
}
