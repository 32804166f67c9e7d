// A deterministic synthetic classification CSV (the same shape as the data benchmark's: 8 numeric
// columns of varied distributions, 4 categorical of cardinality 3–50, ~2% missing, a binary
// target): the same bytes on every machine for a given row count.
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { mulberry32 } from '../src/lib/random.js';

/** Seeded uniform and normal (Box–Muller) streams over the project's one PRNG. */
export function benchRandom(seed: number) {
  const uniform = mulberry32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  return { uniform, normal };
}

const HEADER = [
  'n_normal',
  'n_lognormal',
  'n_uniform',
  'n_exponential',
  'n_count',
  'n_bimodal',
  'n_heavy',
  'n_skewed',
  'cat_a',
  'cat_b',
  'cat_c',
  'cat_d',
  'target',
];

/** Writes `rows` rows to `file` (columns above; target `yes`/`no` from a logistic model). */
export async function generateBenchCsv(file: string, rows: number, seed = 20240607): Promise<void> {
  mkdirSync(path.dirname(file), { recursive: true });
  const { uniform, normal } = benchRandom(seed);
  const cats = [3, 7, 20, 50].map((k, c) => Array.from({ length: k }, (_, i) => `c${c}_${String(i).padStart(2, '0')}`));
  const out = createWriteStream(file);
  let buf = `${HEADER.join(',')}\n`;
  const miss = (s: string) => (uniform() < 0.02 ? '' : s);
  for (let i = 0; i < rows; i++) {
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
    const c = cats.map((levels) => levels[Math.floor(uniform() ** 1.5 * levels.length)] as string);
    const logit =
      0.08 * ((x[0] as number) - 50) +
      0.6 * (x[5] as number) -
      0.02 * (x[2] as number) +
      1 +
      (c[0] === 'c0_00' ? 0.8 : 0);
    const y = uniform() < 1 / (1 + Math.exp(-logit)) ? 'yes' : 'no';
    buf += `${x
      .map((v, k) => miss(k === 4 ? String(v) : v.toFixed(4)))
      .concat(c.map(miss), [y])
      .join(',')}\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise<void>((r) => out.once('drain', () => r()));
      buf = '';
    }
  }
  out.end(buf);
  await new Promise<void>((r) => out.on('finish', () => r()));
}
