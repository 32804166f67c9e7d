// `npm run bench -- drift [rows]`: mlx's drift statistics on 1M reference × 1M current rows × 12 columns
// (8 numeric, 4 categorical; Evidently's defaults pick normed Wasserstein / Jensen–Shannon, plus PSI for
// every column) next to numpy/scipy computing the same (bench/reference/drift_scipy.py) on the same
// files. Wall time of the computation (load excluded, reported apart), peak RSS, and the largest
// relative difference between the two sides' results.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { benchRandom } from './gen-data.js';
import { printTable, projectRoot } from './lib.js';

const rows = Number(process.argv[2] ?? process.env.BENCH_ROWS ?? 1_000_000);
const dir = path.join(projectRoot, 'bench', 'out', 'drift', String(rows));
const NUMERIC = ['n0', 'n1', 'n2', 'n3', 'n4', 'n5', 'n6', 'n7'];
const CATEGORIES: [string, number][] = [
  ['c0', 3],
  ['c1', 7],
  ['c2', 12],
  ['c3', 40],
];

/** Deterministic files: current is shifted on half the columns. */
function generate(): void {
  mkdirSync(dir, { recursive: true });
  const { uniform, normal } = benchRandom(20261127);
  for (const side of ['ref', 'cur']) {
    const shift = side === 'cur' ? 1 : 0;
    NUMERIC.forEach((name, k) => {
      const a = new Float64Array(rows);
      for (let i = 0; i < rows; i++) {
        const base = k % 3 === 0 ? normal() * (k + 1) : k % 3 === 1 ? -Math.log(1 - uniform()) * 10 : uniform() * 100;
        a[i] = Math.round((base + (k < 4 ? shift * 0.3 * (k + 1) : 0)) * 1000) / 1000;
      }
      writeFileSync(path.join(dir, `${side}-${name}.f64`), a);
    });
    CATEGORIES.forEach(([name, k], j) => {
      const a = new Uint8Array(rows);
      for (let i = 0; i < rows; i++) {
        const u = uniform() ** (j < 2 ? 1 + shift : 1);
        a[i] = Math.min(k - 1, Math.floor(u * u * k));
      }
      writeFileSync(path.join(dir, `${side}-${name}.u8`), a);
    });
  }
  const columns = [
    ...NUMERIC.map((name) => ({ name, kind: 'numeric' })),
    ...CATEGORIES.map(([name]) => ({ name, kind: 'categorical' })),
  ];
  writeFileSync(path.join(dir, 'meta.json'), JSON.stringify({ rows, columns }));
}

interface SideResult {
  load_s: number;
  compute_s: number;
  /** CPU seconds of the computation (less sensitive to a busy machine than wall time). */
  cpu_s: number;
  peak_rss_mib: number;
  results: Record<string, { test: string; score: number; psi: number }>;
}

/** The mlx side, run in a child process so its RSS is its own. */
async function worker(): Promise<void> {
  const { columnsSource, computeDrift } = await import('../src/lib/drift/compute.js');
  const t0 = performance.now();
  const load = (side: string) => {
    const cols: Record<string, ArrayLike<unknown>> = {};
    for (const name of NUMERIC)
      cols[name] = new Float64Array(readFileSync(path.join(dir, `${side}-${name}.f64`)).buffer.slice(0));
    for (const [name, k] of CATEGORIES) {
      const labels = Array.from({ length: k }, (_, i) => `v${i}`);
      cols[name] = Array.from(readFileSync(path.join(dir, `${side}-${name}.u8`)), (code) => labels[code]);
    }
    return cols;
  };
  const reference = columnsSource(load('ref'));
  const current = columnsSource(load('cur'));
  const t1 = performance.now();
  const cpu = process.cpuUsage();
  const features = [
    ...NUMERIC.map((name) => ({ name, type: 'numeric' as const })),
    ...CATEGORIES.map(([name]) => ({ name, type: 'categorical' as const })),
  ].map((f) => ({ ...f, required: true, min: null, max: null, allowed: null }));
  const result = computeDrift({
    reference,
    current,
    schema: { features },
    config: { min_samples: 30, share: 0.5, columns: {} },
  });
  const t2 = performance.now();
  const used = process.cpuUsage(cpu);
  const out: SideResult = {
    load_s: (t1 - t0) / 1000,
    compute_s: (t2 - t1) / 1000,
    cpu_s: (used.user + used.system) / 1e6,
    peak_rss_mib: process.resourceUsage().maxRSS / 1024,
    results: Object.fromEntries(result.columns.map((c) => [c.column, { test: c.test, score: c.score, psi: c.psi }])),
  };
  console.log(JSON.stringify(out));
}

function run(cmd: string, args: string[]): SideResult {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}') as SideResult;
}

if (process.argv.includes('--worker')) {
  await worker();
} else {
  const t = performance.now();
  generate();
  console.log(
    `generated ${rows} + ${rows} rows × 12 columns in ${((performance.now() - t) / 1000).toFixed(1)} s (${dir})`,
  );
  const mlx = run(process.execPath, [
    '--import',
    'tsx',
    path.join(projectRoot, 'bench', 'drift.bench.ts'),
    String(rows),
    '--worker',
  ]);
  const py = run('python3', [path.join(projectRoot, 'bench', 'reference', 'drift_scipy.py'), dir]);
  let maxRel = 0;
  for (const [name, r] of Object.entries(mlx.results)) {
    const p = py.results[name];
    if (!p || p.test !== r.test) throw new Error(`${name}: mlx chose ${r.test}, numpy/scipy ${p?.test}`);
    for (const key of ['score', 'psi'] as const)
      maxRel = Math.max(maxRel, Math.abs(r[key] - p[key]) / Math.max(Math.abs(p[key]), 1e-300));
  }
  console.log(
    `\ndrift statistics, ${rows} × ${rows} rows × 12 columns, node ${process.version} (compute only; load apart)\n`,
  );
  printTable(
    ['implementation', 'compute s (wall)', 'compute s (cpu)', 'load s', 'peak RSS MiB'],
    [
      [
        'mlx (TypeScript)',
        mlx.compute_s.toFixed(2),
        mlx.cpu_s.toFixed(2),
        mlx.load_s.toFixed(2),
        mlx.peak_rss_mib.toFixed(0),
      ],
      ['numpy/scipy', py.compute_s.toFixed(2), py.cpu_s.toFixed(2), py.load_s.toFixed(2), py.peak_rss_mib.toFixed(0)],
    ],
  );
  console.log(`\nmax relative difference of scores and PSI between the two: ${maxRel.toExponential(2)}`);
  console.log(
    `tests: ${Object.entries(mlx.results)
      .map(([n, r]) => `${n}=${r.test}`)
      .join(' ')}`,
  );
  console.log(mlx.compute_s <= py.compute_s ? 'target met: no slower than numpy/scipy' : 'SLOWER than numpy/scipy');
}
