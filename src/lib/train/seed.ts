import type { MlxConfig } from '../config/index.js';

/**
 * The seed of training (weight initialisation, shuffling, dropout): `train.seed` when set, else derived
 * from the top-level `seed` (which also drives the split) by a fixed mix, so the two streams are not
 * the same numbers and `--set train.seed=N` gives another initialisation on the same split.
 */
export function trainSeed(config: Pick<MlxConfig, 'seed' | 'train'>): number {
  if (config.train.seed !== null) return config.train.seed;
  // splitmix32-style finaliser of seed + a constant: deterministic, well spread, non-negative int32.
  let h = (config.seed + 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) & 0x7fffffff;
}
