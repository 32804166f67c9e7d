import type { MlxConfig } from '../config/index.js';
import { ConfigError } from '../errors.js';

/** `balanced` → n / (k · count_c); a map label → weight; null → no weighting. */
export function classWeights(
  spec: MlxConfig['train']['class_weights'],
  classes: readonly string[],
  y: ArrayLike<number>,
): Float32Array | null {
  if (spec === null) return null;
  const k = classes.length;
  if (spec === 'balanced') {
    const counts = new Array<number>(k).fill(0);
    for (let i = 0; i < y.length; i++) counts[y[i] as number] = (counts[y[i] as number] ?? 0) + 1;
    return Float32Array.from(counts, (c) => (c === 0 ? 0 : y.length / (k * c)));
  }
  const unknown = Object.keys(spec).filter((label) => !classes.includes(label));
  if (unknown.length > 0)
    throw new ConfigError(`train.class_weights names unknown classes: ${unknown.join(', ')}.`, {
      hint: `The classes are: ${classes.join(', ')}.`,
    });
  return Float32Array.from(classes, (label) => spec[label] ?? 1);
}
