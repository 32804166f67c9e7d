import { InputError } from '../../../errors.js';
import { GBDT_FORMAT, type GbdtFeature, type GbdtModel, type GbdtTree } from './format.js';
import { checkGbdtModel } from './validate.js';

const TREE_KEYS = [
  'feature',
  'threshold',
  'left',
  'right',
  'missingLeft',
  'value',
  'gain',
  'count',
  'categorical',
  'bitsets',
] as const satisfies readonly (keyof GbdtTree)[];

/** A number as a JSON token: shortest round-trip form; ±Infinity as ±1e999 (valid JSON that parses back to ±Infinity). */
function num(value: number): string {
  if (Number.isFinite(value)) return Object.is(value, -0) ? '0' : String(value);
  if (value === Number.POSITIVE_INFINITY) return '1e999';
  if (value === Number.NEGATIVE_INFINITY) return '-1e999';
  throw new InputError('MLX_BUNDLE_CORRUPT', 'A GBDT model holds NaN where a number is expected; it cannot be saved.');
}

const list = (values: readonly number[]) => `[${values.map(num).join(',')}]`;

function featureJson(f: GbdtFeature): string {
  const parts = [`"name":${JSON.stringify(f.name)}`, `"kind":${JSON.stringify(f.kind)}`];
  if (f.categories !== undefined) parts.push(`"categories":${num(f.categories)}`);
  if (f.known !== undefined) parts.push(`"known":${list(f.known)}`);
  return `{${parts.join(',')}}`;
}

/**
 * Model → UTF-8 JSON bytes, deterministic: keys in a fixed order and numbers in their shortest
 * round-trip form, so the same model always gives the same bytes. One line per tree.
 */
export function serializeGbdtModel(model: GbdtModel): Uint8Array {
  const header = [
    `"format":${JSON.stringify(model.format)}`,
    `"version":${num(model.version)}`,
    `"task":${JSON.stringify(model.task)}`,
    `"loss":${JSON.stringify(model.loss)}`,
    `"classes":${num(model.classes)}`,
    `"treesPerIteration":${num(model.treesPerIteration)}`,
    `"iterations":${num(model.iterations)}`,
    `"learningRate":${num(model.learningRate)}`,
    `"baseline":${list(model.baseline)}`,
    `"features":[${model.features.map(featureJson).join(',')}]`,
  ];
  const trees = model.trees.map((tree) => `{${TREE_KEYS.map((key) => `"${key}":${list(tree[key])}`).join(',')}}`);
  const text = `{${header.join(',')},\n"trees":[\n${trees.join(',\n')}\n]}\n`;
  return new TextEncoder().encode(text);
}

/** JSON bytes (or text) → a checked model; anything malformed is refused with MLX_BUNDLE_CORRUPT. */
export function deserializeGbdtModel(data: Uint8Array | string, source = 'the GBDT model'): GbdtModel {
  const text = typeof data === 'string' ? data : new TextDecoder().decode(data);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InputError('MLX_BUNDLE_CORRUPT', `${source} is not valid JSON: ${(error as Error).message}`, {
      hint: 'The bundle is damaged: train the model again or restore the bundle from the registry.',
      cause: error,
    });
  }
  if (typeof parsed !== 'object' || parsed === null || (parsed as { format?: unknown }).format !== GBDT_FORMAT) {
    throw new InputError(
      'MLX_BUNDLE_CORRUPT',
      `${source} is not an ${GBDT_FORMAT} model (no "format": "${GBDT_FORMAT}").`,
    );
  }
  return checkGbdtModel(parsed, source);
}
