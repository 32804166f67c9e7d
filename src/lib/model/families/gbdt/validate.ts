import { InputError } from '../../../errors.js';
import {
  BITSET_WORDS,
  GBDT_FORMAT_VERSION,
  type GbdtFeature,
  type GbdtModel,
  type GbdtTree,
  MAX_CATEGORIES,
} from './format.js';

type Json = Record<string, unknown>;

class Corrupt extends InputError {
  constructor(source: string, what: string) {
    super('MLX_BUNDLE_CORRUPT', `${source} is malformed: ${what}.`, {
      hint: 'The bundle is damaged or was not written by mlx: train the model again or restore it from the registry.',
    });
  }
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

function numbers(source: string, where: string, value: unknown, length?: number): number[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'number' || Number.isNaN(v))) {
    throw new Corrupt(source, `${where} is not a list of numbers`);
  }
  if (length !== undefined && value.length !== length) {
    throw new Corrupt(source, `${where} has ${value.length} entries, expected ${length}`);
  }
  return value as number[];
}

function checkFeature(source: string, value: unknown, i: number): GbdtFeature {
  const f = (value ?? {}) as Json;
  if (typeof f.name !== 'string' || (f.kind !== 'numeric' && f.kind !== 'categorical')) {
    throw new Corrupt(source, `features[${i}] needs a name and a kind (numeric or categorical)`);
  }
  if (f.kind === 'numeric') return { name: f.name, kind: 'numeric' };
  if (!isInt(f.categories) || f.categories < 1 || f.categories > MAX_CATEGORIES) {
    throw new Corrupt(source, `features[${i}] ("${f.name}") has no valid category count`);
  }
  const known = numbers(source, `features[${i}].known`, f.known, BITSET_WORDS);
  if (known.some((w) => !isInt(w) || w < 0 || w > 0xffffffff)) {
    throw new Corrupt(source, `features[${i}].known is not a bitset`);
  }
  return { name: f.name, kind: 'categorical', categories: f.categories, known };
}

function checkTree(source: string, value: unknown, t: number, features: readonly GbdtFeature[]): GbdtTree {
  const raw = (value ?? {}) as Json;
  const where = `trees[${t}]`;
  const feature = numbers(source, `${where}.feature`, raw.feature);
  const n = feature.length;
  if (n === 0) throw new Corrupt(source, `${where} has no nodes`);
  const tree: GbdtTree = {
    feature,
    threshold: numbers(source, `${where}.threshold`, raw.threshold, n),
    left: numbers(source, `${where}.left`, raw.left, n),
    right: numbers(source, `${where}.right`, raw.right, n),
    missingLeft: numbers(source, `${where}.missingLeft`, raw.missingLeft, n),
    value: numbers(source, `${where}.value`, raw.value, n),
    gain: numbers(source, `${where}.gain`, raw.gain, n),
    count: numbers(source, `${where}.count`, raw.count, n),
    categorical: numbers(source, `${where}.categorical`, raw.categorical, n),
    bitsets: numbers(source, `${where}.bitsets`, raw.bitsets),
  };
  if (tree.bitsets.length % BITSET_WORDS !== 0 || tree.bitsets.some((w) => !isInt(w) || w < 0 || w > 0xffffffff)) {
    throw new Corrupt(source, `${where}.bitsets is not a list of ${BITSET_WORDS}-word bitsets`);
  }
  const bitsetCount = tree.bitsets.length / BITSET_WORDS;
  for (let i = 0; i < n; i++) {
    const f = tree.feature[i] as number;
    const node = `${where} node ${i}`;
    if (!Number.isFinite(tree.value[i])) throw new Corrupt(source, `${node} has a non-finite value`);
    if (f === -1) {
      if (tree.left[i] !== -1 || tree.right[i] !== -1) throw new Corrupt(source, `${node} is a leaf with children`);
      continue;
    }
    if (!isInt(f) || f < 0 || f >= features.length) throw new Corrupt(source, `${node} splits on no known feature`);
    // Children after their parent: prediction always terminates.
    for (const child of [tree.left[i], tree.right[i]] as number[]) {
      if (!isInt(child) || child <= i || child >= n) throw new Corrupt(source, `${node} has an invalid child`);
    }
    if (tree.missingLeft[i] !== 0 && tree.missingLeft[i] !== 1) throw new Corrupt(source, `${node}: missingLeft`);
    const cat = tree.categorical[i] as number;
    const isCategorical = features[f]?.kind === 'categorical';
    if (isCategorical !== cat >= 0 || (cat >= 0 && (!isInt(cat) || cat >= bitsetCount))) {
      throw new Corrupt(source, `${node} does not match the kind of feature "${features[f]?.name}"`);
    }
  }
  return tree;
}

/** Checks the shape of a parsed GBDT model (types, lengths, indices), so prediction cannot go astray. */
export function checkGbdtModel(value: unknown, source = 'the GBDT model'): GbdtModel {
  const m = value as Json;
  if (m.version !== GBDT_FORMAT_VERSION) {
    throw new InputError(
      'MLX_BUNDLE_CORRUPT',
      `${source} has format version ${String(m.version)}; this mlx reads ${GBDT_FORMAT_VERSION}.`,
      {
        hint: 'Upgrade mlx to load models written by a newer version, or train the model again.',
      },
    );
  }
  const regression = m.task === 'regression' && m.loss === 'squared_error';
  const classification = m.task === 'classification' && m.loss === 'log_loss';
  if (!regression && !classification) throw new Corrupt(source, 'task and loss do not match');
  if (!isInt(m.classes) || !isInt(m.treesPerIteration) || !isInt(m.iterations) || m.iterations < 0) {
    throw new Corrupt(source, 'classes, treesPerIteration and iterations must be integers');
  }
  const expected = regression ? 1 : m.classes === 2 ? 1 : m.classes;
  if ((regression && m.classes !== 1) || (classification && m.classes < 2) || m.treesPerIteration !== expected) {
    throw new Corrupt(source, `${m.classes} classes with ${m.treesPerIteration} trees per iteration`);
  }
  if (typeof m.learningRate !== 'number' || !(m.learningRate > 0) || !Number.isFinite(m.learningRate)) {
    throw new Corrupt(source, 'learningRate must be a positive number');
  }
  const baseline = numbers(source, 'baseline', m.baseline, m.treesPerIteration);
  if (baseline.some((b) => !Number.isFinite(b))) throw new Corrupt(source, 'baseline is not finite');
  if (!Array.isArray(m.features) || m.features.length === 0) throw new Corrupt(source, 'no features');
  const features = m.features.map((f, i) => checkFeature(source, f, i));
  if (!Array.isArray(m.trees) || m.trees.length !== m.iterations * m.treesPerIteration) {
    throw new Corrupt(source, `expected ${m.iterations * m.treesPerIteration} trees`);
  }
  const trees = m.trees.map((t, i) => checkTree(source, t, i, features));
  return {
    format: 'mlx-gbdt',
    version: GBDT_FORMAT_VERSION,
    task: regression ? 'regression' : 'classification',
    loss: regression ? 'squared_error' : 'log_loss',
    classes: m.classes,
    treesPerIteration: m.treesPerIteration,
    iterations: m.iterations,
    learningRate: m.learningRate,
    baseline,
    features,
    trees,
  };
}
