import { readFileSync } from 'node:fs';
import path from 'node:path';
import { mulberry32 } from '../../../../src/lib/random.js';
import type { GbdtColumn, GbdtData } from '../../../../src/lib/train/families/gbdt/index.js';

/** A number as the fixture stores it: null = NaN, 'inf' / '-inf'. */
export type FixtureNumber = number | null | 'inf' | '-inf';

export const toNumber = (v: FixtureNumber): number =>
  v === null ? Number.NaN : v === 'inf' ? Number.POSITIVE_INFINITY : v === '-inf' ? Number.NEGATIVE_INFINITY : v;

export interface SklearnNode {
  leaf: boolean;
  feature: number;
  threshold: FixtureNumber;
  missingLeft: boolean;
  left: number;
  right: number;
  value: number;
  gain: number;
  count: number;
  categorical: boolean;
  leftCategories: number[] | null;
}

export interface SklearnFixture {
  sklearn: string;
  binning: {
    name: string;
    maxBins: number;
    values: FixtureNumber[];
    thresholds: FixtureNumber[];
    probes: FixtureNumber[];
    bins: number[];
  }[];
  trees: {
    name: string;
    task: 'classification' | 'regression';
    params: Record<string, number>;
    classes: number;
    categorical: boolean[] | null;
    x: FixtureNumber[][];
    y: number[];
    weights: number[] | null;
    baseline: number[];
    /** [iteration][tree column] → nodes in pre-order. */
    trees: SklearnNode[][][];
    raw: number[][];
  }[];
  quality: {
    kind: 'binary' | 'multiclass' | 'regression';
    seed: number;
    rows: number;
    train: number;
    task: 'classification' | 'regression';
    classes: number;
    accuracy?: number;
    logLoss?: number;
    rmse?: number;
    firstOutputs: number[][];
    checksum: number[];
  }[];
}

let cached: SklearnFixture | undefined;

/** test/fixtures/gbdt/sklearn.json, written by scripts/gen-gbdt-fixtures.py. */
export function sklearnFixture(): SklearnFixture {
  cached ??= JSON.parse(
    readFileSync(path.resolve(import.meta.dirname, '../../../fixtures/gbdt/sklearn.json'), 'utf8'),
  ) as SklearnFixture;
  return cached;
}

/** A GbdtData from plain rows. */
export function dataset(
  rows: readonly (readonly number[])[],
  y: readonly number[],
  options: {
    task?: 'classification' | 'regression';
    classes?: number;
    columns?: GbdtColumn[];
    weights?: number[];
  } = {},
): GbdtData {
  const width = rows[0]?.length ?? 0;
  const task = options.task ?? 'classification';
  return {
    x: Float64Array.from(rows.flat()),
    rows: rows.length,
    width,
    columns: options.columns ?? Array.from({ length: width }, (_, f) => ({ name: `x${f}`, kind: 'numeric' as const })),
    y: Float64Array.from(y),
    task,
    classes: task === 'regression' ? 1 : (options.classes ?? Math.max(2, ...y.map((v) => v + 1))),
    weights: options.weights ? Float64Array.from(options.weights) : null,
  };
}

/**
 * The quality datasets of the fixture generator (scripts/gen-gbdt-fixtures.py `generate`), from
 * the same mulberry32 stream: 5 numeric features in [-2, 2) (5% missing in x1) and one
 * categorical feature of 8 levels.
 */
export function generate(kind: 'binary' | 'multiclass' | 'regression', seed: number, n: number): GbdtData {
  const rnd = mulberry32(seed);
  const x = new Float64Array(n * 6);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = Array.from({ length: 5 }, () => rnd() * 4 - 2);
    const c = Math.floor(rnd() * 8);
    if (rnd() < 0.05) v[1] = Number.NaN;
    x.set(v, i * 6);
    x[i * 6 + 5] = c;
    const [x0, x1raw, x2, x3, x4] = v as [number, number, number, number, number];
    const x1 = Number.isNaN(x1raw) ? 0 : x1raw;
    const noise = rnd() + rnd() + rnd() - 1.5;
    if (kind === 'binary') {
      const logit = 1.5 * x0 - x1 + x2 * x3 + (c === 1 || c === 4 ? 1.2 : -0.4);
      y[i] = rnd() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
    } else if (kind === 'multiclass') {
      const s = [x0 + noise, x1 - 0.5 * x2 + (c < 3 ? 0.8 : 0), -x0 + x3 * x4];
      y[i] = s.indexOf(Math.max(...s));
    } else {
      y[i] = 2 * x0 * x0 - x1 + x2 * x3 + (c === 2 || c === 5 || c === 7 ? 1 : 0) + 0.5 * noise;
    }
  }
  const columns: GbdtColumn[] = [
    ...Array.from({ length: 5 }, (_, f) => ({ name: `x${f}`, kind: 'numeric' as const })),
    { name: 'c', kind: 'categorical', categories: 8 },
  ];
  const task = kind === 'regression' ? 'regression' : 'classification';
  return { x, rows: n, width: 6, columns, y, task, classes: kind === 'binary' ? 2 : kind === 'multiclass' ? 3 : 1 };
}

/** Rows [from, to) of a dataset. */
export function sliceRows(data: GbdtData, from: number, to: number): GbdtData {
  return {
    ...data,
    x: data.x.slice(from * data.width, to * data.width),
    y: data.y.slice(from, to),
    rows: to - from,
    weights: data.weights ? data.weights.slice(from, to) : null,
  };
}
