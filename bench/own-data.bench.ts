// `npm run bench -- own-data`: the defaults on data mlx never saw. For three public tables shipped by
// Debian's python3-sklearn (breast cancer: binary; digits: 10 classes; diabetes: regression; exported
// with headers by bench/reference/own_data_sklearn.py), run exactly what a new user runs —
// `mlx init DIR --data FILE --target COL` then `mlx pipeline` — with zero config edits, once per model
// group init writes (mlp, linear; `--set model=linear` selects a group, it edits nothing), and compare
// the test metric with the best of scikit-learn's LogisticRegression/Ridge and HistGradientBoosting
// fitted on the same train split and scored on the same test split. Target: within 0.02 accuracy
// (0.05 R²). Training time: median of BENCH_RUNS (3) `mlx pipeline --force` runs, with min–max.
// Exit 1 when a target is missed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fromArrow, toCSV } from 'arquero';
import { median, mlxBin, printTable, projectRoot } from './lib.js';

const runs = Number(process.env.BENCH_RUNS ?? 3);
const python = '/usr/bin/python3';
const reference = path.join(projectRoot, 'bench', 'reference', 'own_data_sklearn.py');
const out = path.join(projectRoot, 'bench', 'out', 'own-data');
const TABLES = [
  { name: 'breast_cancer', target: 'diagnosis', task: 'classification', tolerance: 0.02 },
  { name: 'digits', target: 'digit', task: 'classification', tolerance: 0.02 },
  { name: 'diabetes', target: 'progression', task: 'regression', tolerance: 0.05 },
] as const;

function run(cmd: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const started = process.hrtime.bigint();
  const result = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, ...env } });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${result.status}):\n${result.stderr}`);
  return { stdout: result.stdout, seconds };
}
const mlx = (args: readonly string[], cwd: string) => run(process.execPath, [mlxBin, ...args, '--quiet'], cwd);

if (!existsSync(path.join(projectRoot, 'dist'))) {
  console.error('build first: npm run build');
  process.exit(2);
}
if (spawnSync(python, ['-c', 'import sklearn, pandas'], { encoding: 'utf8' }).status !== 0) {
  console.error('needs Debian python3-sklearn and python3-pandas: apt-get install -y python3-sklearn python3-pandas');
  process.exit(2);
}
rmSync(out, { recursive: true, force: true });
const dataDir = path.join(out, 'data');
mkdirSync(dataDir, { recursive: true });
run(python, [reference, 'export', dataDir], out);
const loadBefore = os.loadavg();

interface Row {
  table: string;
  group: string;
  metric: string;
  mlx: number;
  seconds: number[];
}
const measured: Row[] = [];
const sklearn: Record<string, { linear: number; hgb: number; seconds: number[]; rows: string }> = {};

for (const t of TABLES) {
  let splitsExported = false;
  // The groups mlx init writes (a new family's group joins the table by itself).
  const probe = path.join(out, `${t.name}-probe`);
  mlx(['init', probe, '--data', path.join(dataDir, `${t.name}.csv`), '--target', t.target], out);
  const groups = readdirSync(path.join(probe, 'configs', 'model'))
    .map((f) => f.replace(/\.yaml$/, ''))
    .sort((a, b) => (a === 'mlp' ? -1 : b === 'mlp' ? 1 : a.localeCompare(b)));
  rmSync(probe, { recursive: true, force: true });
  for (const group of groups) {
    const dir = path.join(out, `${t.name}-${group}`);
    mlx(['init', dir, '--data', path.join(dataDir, `${t.name}.csv`), '--target', t.target], out);
    const select = group === 'mlp' ? [] : ['--set', `model=${group}`];
    const seconds: number[] = [];
    let metric = Number.NaN;
    for (let i = 0; i < runs; i++) {
      const r = mlx(['pipeline', '--json', ...(i > 0 ? ['--force'] : []), ...select], dir);
      const result = JSON.parse(r.stdout) as { metrics: Record<string, number> };
      const value = t.task === 'classification' ? result.metrics.accuracy : result.metrics.r2;
      if (i > 0 && value !== metric) throw new Error(`${t.name}/${group}: run ${i + 1} gave ${value}, not ${metric}`);
      metric = value ?? Number.NaN;
      seconds.push(r.seconds);
    }
    measured.push({
      table: t.name,
      group,
      metric: t.task === 'classification' ? 'accuracy' : 'R²',
      mlx: metric,
      seconds,
    });
    if (!splitsExported) {
      // The split mlx made (same seed and data config for every group): train and test rows for sklearn.
      const splits = path.join(out, `${t.name}-splits`);
      mkdirSync(splits, { recursive: true });
      for (const s of ['train', 'test'])
        writeFileSync(
          path.join(splits, `${s}.csv`),
          toCSV(fromArrow(readFileSync(path.join(dir, 'data', 'processed', `${s}.arrow`)))),
        );
      writeFileSync(path.join(splits, 'meta.json'), JSON.stringify({ target: t.target, task: t.task }));
      const times: number[] = [];
      let scores: Record<string, number | Record<string, number>> = {};
      for (let i = 0; i < runs; i++) {
        // One thread: scikit-learn's OpenMP spin-waits badly on a shared, loaded machine.
        const r = run(python, [reference, 'score', splits], out, { OMP_NUM_THREADS: '1' });
        scores = JSON.parse(r.stdout);
        times.push(r.seconds);
      }
      const rows = scores.rows as Record<string, number>;
      sklearn[t.name] = {
        linear: Number(scores.logistic ?? scores.ridge),
        hgb: Number(scores.hgb),
        seconds: times,
        rows: `${rows.train} train / ${rows.test} test`,
      };
      splitsExported = true;
    }
  }
}

const span = (s: readonly number[]) =>
  `${median(s).toFixed(1)} (${Math.min(...s).toFixed(1)}–${Math.max(...s).toFixed(1)})`;
let missed = 0;
const table = measured.map((m) => {
  const t = TABLES.find((x) => x.name === m.table);
  const ref = sklearn[m.table];
  if (!t || !ref) throw new Error(`no reference for ${m.table}`);
  const best = Math.max(ref.linear, ref.hgb);
  const gap = best - m.mlx;
  const ok = gap <= t.tolerance + 1e-12;
  if (!ok) missed++;
  return [
    `${m.table} (${t.task}, ${ref.rows})`,
    m.group,
    m.metric,
    m.mlx.toFixed(4),
    ref.linear.toFixed(4),
    ref.hgb.toFixed(4),
    `${gap >= 0 ? '+' : ''}${gap.toFixed(4)}`,
    `${ok ? 'yes' : 'NO'} (≤ ${t.tolerance})`,
    span(m.seconds),
    span(ref.seconds),
  ];
});
const loadAfter = os.loadavg();
console.log(
  `\nown data: mlx init + mlx pipeline, zero config edits, seed 42; node ${process.version}; ` +
    `load average ${loadBefore.map((l) => l.toFixed(1)).join(' ')} → ${loadAfter.map((l) => l.toFixed(1)).join(' ')}\n`,
);
printTable(
  [
    'table',
    'mlx group',
    'test metric',
    'mlx',
    'sklearn linear',
    'sklearn HGB',
    'gap to best',
    'within',
    `mlx pipeline s, median of ${runs}`,
    `sklearn fit+score s, median of ${runs}`,
  ],
  table,
);
console.log(
  '\nsklearn: LogisticRegression(max_iter=5000) / Ridge() after StandardScaler, and HistGradientBoosting*(random_state=0),' +
    ' fitted on the train rows of the split mlx made, scored on its test rows (scikit-learn from Debian, 1 thread).',
);
if (missed > 0) {
  console.log(`\n${missed} result(s) outside the target.`);
  process.exitCode = 1;
}
