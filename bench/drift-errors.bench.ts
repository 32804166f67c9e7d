// `npm run bench -- drift-errors [pairs]` (also run by `npm run bench -- drift`): how often each drift
// method raises a dataset alarm. ≥ 200 pairs of samples per size (n = 1k, 10k, 100k rows a side) of
// synthetic tabular data, 13 columns: 8 numeric (normal, lognormal, uniform, exponential, low-cardinality
// counts, bimodal, heavy-tailed, skewed) and 5 categorical (3, 7, 20 and 50 levels, and a yes/no flag),
// some columns with missing values. Same-distribution pairs give the false-alarm rate; the same pairs
// with the current side changed give the detection rate (power): a +0.2 and a +0.5 standard-deviation
// mean shift in three numeric columns, 15 % of one categorical column's rows moved to its rarest
// level, and a correlation change with unchanged marginals (two independent numeric columns re-paired
// so that their rank correlation is ≈ 0.7; every column keeps exactly its values). The multivariate
// test (drift.multivariate: domain_classifier, a GBDT per check) runs on the same-distribution and the
// correlation pairs only (on the others it can only add alarms to the mlx row). BENCH_SCENARIOS=a,b
// limits the scenarios (by their index, 0-based). Deterministic (seeded), so a rerun gives the same table.
import os from 'node:os';
import { columnsSource, computeDrift } from '../src/lib/drift/compute.js';
import type { DriftMethod } from '../src/lib/drift/types.js';
import { multivariateDrift } from '../src/lib/workflows/drift-classifier.js';
import { benchRandom } from './gen-data.js';
import { printTable } from './lib.js';

const pairs = Number(process.argv[2] ?? process.env.BENCH_PAIRS ?? 200);
const sizes = (process.env.BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number);
const METHODS: DriftMethod[] = ['mlx', 'evidently'];
/** Rows of the table: mlx's dataset verdict; Evidently's dataset vote and its per-column flags. */
const VERDICTS = ['mlx', 'mlx + multivariate', 'evidently: dataset (share ≥ 0.5)', 'evidently: any column'] as const;

const NUMERIC = [
  'n_normal',
  'n_lognormal',
  'n_uniform',
  'n_exponential',
  'n_count',
  'n_bimodal',
  'n_heavy',
  'n_skewed',
];
const LEVELS: [string, number][] = [
  ['cat_a', 3],
  ['cat_b', 7],
  ['cat_c', 20],
  ['cat_d', 50],
];
/** Columns with ~3 % missing values. */
const MISSING = new Set(['n_lognormal', 'n_heavy', 'cat_b', 'cat_d']);
/** Shifted columns and their population standard deviations (normal 10, exponential 3, 1000·U³). */
const SHIFTED: [string, number][] = [
  ['n_normal', 10],
  ['n_exponential', 3],
  ['n_skewed', 1000 * Math.sqrt(1 / 7 - 1 / 16)],
];
const CHANGED = 'cat_b';
/** Re-paired into a rank correlation of ≈ 0.7 (both independent and complete in the generator). */
const PAIRED: [string, string] = ['n_normal', 'n_uniform'];
const MULTIVARIATE_SCENARIOS = new Set(['same distribution', 'correlation change']);

type Columns = Record<string, Float64Array | (string | null)[]>;

function sample(n: number, seed: number): Columns {
  const { uniform, normal } = benchRandom(seed);
  const numeric = NUMERIC.map(() => new Float64Array(n));
  const categorical = [...LEVELS.map(() => new Array<string | null>(n)), new Array<string | null>(n)];
  const labels = LEVELS.map(([name, k]) => Array.from({ length: k }, (_, i) => `${name}_${i}`));
  for (let i = 0; i < n; i++) {
    const x = [
      50 + 10 * normal(),
      Math.exp(1 + 0.5 * normal()),
      uniform() * 100,
      -Math.log(1 - uniform()) * 3,
      Math.floor(-Math.log(1 - uniform()) * 4),
      (uniform() < 0.5 ? -2 : 2) + 0.5 * normal(),
      normal() / Math.max(0.05, Math.abs(normal())),
      uniform() ** 3 * 1000,
    ];
    x.forEach((v, k) => {
      (numeric[k] as Float64Array)[i] = MISSING.has(NUMERIC[k] as string) && uniform() < 0.03 ? Number.NaN : v;
    });
    LEVELS.forEach(([name], k) => {
      const level = labels[k]?.[Math.floor(uniform() ** 1.5 * (labels[k]?.length ?? 1))] ?? null;
      (categorical[k] as (string | null)[])[i] = MISSING.has(name) && uniform() < 0.03 ? null : level;
    });
    (categorical[4] as (string | null)[])[i] = uniform() < 0.3 ? 'yes' : 'no';
  }
  const columns: Columns = {};
  NUMERIC.forEach((name, k) => {
    columns[name] = numeric[k] as Float64Array;
  });
  LEVELS.forEach(([name], k) => {
    columns[name] = categorical[k] as (string | null)[];
  });
  columns.flag = categorical[4] as (string | null)[];
  return columns;
}

/** The current side of each scenario: unchanged, mean-shifted, or a category's frequencies changed. */
function scenario(name: string, current: Columns, seed: number): Columns {
  if (name === 'same distribution') return current;
  const out = { ...current };
  if (name === 'correlation change') {
    // Iman–Conover style: sort the second column's own values and hand them out in the order of
    // (first column's z-score + unit noise), so both marginals are exactly the unchanged sample's.
    const { normal } = benchRandom(seed);
    const [a, b] = PAIRED.map((c) => current[c] as Float64Array) as [Float64Array, Float64Array];
    const score = Float64Array.from(a, (v) => (v - 50) / 10 + normal());
    const order = Array.from(score.keys()).sort((i, j) => (score[i] as number) - (score[j] as number));
    const values = Float64Array.from(b).sort();
    const paired = new Float64Array(b.length);
    order.forEach((row, rank) => {
      paired[row] = values[rank] as number;
    });
    out[PAIRED[1]] = paired;
    return out;
  }
  if (name.startsWith('+')) {
    const sd = Number(name.slice(1, 4));
    for (const [column, sigma] of SHIFTED) out[column] = (current[column] as Float64Array).map((v) => v + sd * sigma);
    return out;
  }
  const { uniform } = benchRandom(seed);
  const rarest = `${CHANGED}_6`;
  out[CHANGED] = (current[CHANGED] as (string | null)[]).map((v) => (v !== null && uniform() < 0.15 ? rarest : v));
  return out;
}

const ALL_SCENARIOS = [
  'same distribution',
  '+0.2 SD in 3 columns',
  '+0.5 SD in 3 columns',
  'category frequencies',
  'correlation change',
];
const SCENARIOS = process.env.BENCH_SCENARIOS
  ? process.env.BENCH_SCENARIOS.split(',').map((i) => ALL_SCENARIOS[Number(i)] as string)
  : ALL_SCENARIOS;
const multivariateRuns = new Map<string, number>();
const features = [
  ...NUMERIC.map((name) => ({ name, type: 'numeric' as const })),
  ...[...LEVELS.map(([name]) => name), 'flag'].map((name) => ({ name, type: 'categorical' as const })),
].map((f) => ({ ...f, required: true, min: null, max: null, allowed: null }));

const alarms = new Map<string, number>();
const effects = new Map<string, number[]>();
const started = performance.now();
const loads: number[] = [];
for (const n of sizes) {
  loads.push(os.loadavg()[0] ?? 0);
  for (let pair = 0; pair < pairs; pair++) {
    const reference = columnsSource(sample(n, 1_000_003 * n + pair));
    const current = sample(n, 2_000_003 * n + pair);
    for (const name of SCENARIOS) {
      const side = columnsSource(scenario(name, current, 3_000_003 * n + pair));
      for (const method of METHODS) {
        const r = computeDrift({
          reference,
          current: side,
          schema: { features },
          config: { method, min_samples: 30, share: 0.5, columns: {} },
        });
        const count = (verdict: string, alarm: boolean) => {
          const key = `${verdict}|${name}|${n}`;
          if (alarm) alarms.set(key, (alarms.get(key) ?? 0) + 1);
        };
        if (method === 'mlx') {
          count('mlx', r.datasetDrift);
          if (MULTIVARIATE_SCENARIOS.has(name)) {
            const config = { method, multivariate: 'domain_classifier' as const, fdr: 0.05, min_samples: 30 };
            const statistic = await multivariateDrift(reference, side, { features }, config);
            const joint = computeDrift({
              reference,
              current: side,
              schema: { features },
              config: { ...config, share: 0.5, columns: {} },
              multivariate: statistic,
            });
            count('mlx + multivariate', joint.datasetDrift);
            multivariateRuns.set(`${name}|${n}`, (multivariateRuns.get(`${name}|${n}`) ?? 0) + 1);
          }
        } else {
          count('evidently: dataset (share ≥ 0.5)', r.datasetDrift);
          count('evidently: any column', r.driftedColumns > 0);
        }
        if (method === 'mlx') {
          const watched = name.startsWith('+')
            ? SHIFTED.map(([c]) => c)
            : name === 'category frequencies'
              ? [CHANGED]
              : [];
          for (const c of r.columns)
            if (watched.includes(c.column) && c.effectSize)
              effects.set(`${name}|${n}`, [...(effects.get(`${name}|${n}`) ?? []), c.effectSize.value]);
        }
      }
    }
  }
}
loads.push(os.loadavg()[0] ?? 0);

const pct = (count: number) => `${((100 * count) / pairs).toFixed(1)} %`;
console.log(
  `\ndataset alarms per method, ${pairs} pairs per size, 13 columns (${((performance.now() - started) / 60_000).toFixed(1)} min, load average ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)})`,
);
console.log('same distribution = false-alarm rate (mlx states ≤ 5 %); the other rows = detection rate (power).');
console.log(
  'mlx: dataset drift = any column significant after Benjamini–Hochberg at 0.05 with effect ≥ floor; + multivariate: the domain-classifier test joins the correction (14 p-values); Evidently: its dataset vote, and whether any column was flagged.\n',
);
printTable(
  ['current side', 'alarm', ...sizes.map((n) => `n = ${n.toLocaleString('en')}`)],
  SCENARIOS.flatMap((name) =>
    VERDICTS.map((verdict) => [
      name,
      verdict,
      ...sizes.map((n) =>
        verdict === 'mlx + multivariate' && !multivariateRuns.get(`${name}|${n}`)
          ? '(not run)'
          : pct(alarms.get(`${verdict}|${name}|${n}`) ?? 0),
      ),
    ]),
  ),
);
const mean = (v: number[] | undefined) => (v?.length ? v.reduce((a, b) => a + b, 0) / v.length : Number.NaN);
const measured = SCENARIOS.filter((name) => sizes.some((n) => effects.has(`${name}|${n}`)));
if (measured.length > 0)
  console.log(
    `\nmean effect size of the changed columns (mlx floors: normed Wasserstein 0.1, Jensen–Shannon 0.1): ${measured
      .map((name) => `${name}: ${sizes.map((n) => mean(effects.get(`${name}|${n}`)).toFixed(3)).join(' / ')}`)
      .join('; ')} (n = ${sizes.join(' / ')})`,
  );
const halfWidth = 1.96 * Math.sqrt((0.05 * 0.95) / pairs);
console.log(`sampling error of a rate near 5 % over ${pairs} pairs: ±${(100 * halfWidth).toFixed(1)} points (95 %)`);
