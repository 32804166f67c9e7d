// The shipped examples part of `npm run bench -- gbdt`: penguins and cars through the real pipeline
// (the built binary: `mlx data prepare`, then `mlx train --set model=gbdt --force`) next to
// scikit-learn's HistGradientBoosting with default parameters fitted on the same prepared training split
// and scored on the same test split (bench/reference/gbdt_sklearn_split.py, one thread), and the
// single-row latency of `mlx serve` with the gbdt model against the default MLP, their servers taking
// turns in the same run.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { closeSync, cpSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fromArrow, toCSV } from 'arquero';
import { median, mlxBin, projectRoot } from './lib.js';
import { accessLogLatencies, freePort, penguin, waitReady } from './serve-lib.js';

const python = '/usr/bin/python3';
const EXAMPLES = [
  { name: 'penguins', from: projectRoot, parts: ['mlx.config.yaml', 'configs', 'data/raw'] },
  { name: 'cars', from: path.join(projectRoot, 'examples', 'cars'), parts: ['mlx.config.yaml', 'configs', 'data/raw'] },
] as const;

function run(cmd: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const started = process.hrtime.bigint();
  const result = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, ...env } });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${result.status}):\n${result.stderr}`);
  return { stdout: result.stdout, seconds };
}
const mlx = (args: readonly string[], cwd: string) => run(process.execPath, [mlxBin, ...args, '--quiet'], cwd);
const span = (s: readonly number[], digits: number) =>
  `${median(s).toFixed(digits)} (${Math.min(...s).toFixed(digits)}–${Math.max(...s).toFixed(digits)})`;

interface Trained {
  runId: string;
  metrics: Record<string, number>;
  bundleDir: string;
}

/** The one run of `mlx train --json` (its result lists the runs of a sweep). */
function trainedRun(stdout: string): Trained {
  const run = (JSON.parse(stdout) as { runs: Trained[] }).runs[0];
  if (!run) throw new Error(`mlx train printed no run: ${stdout.slice(0, 200)}`);
  return run;
}

/** Writes the prepared train/test splits as CSV with what the reference needs to read them. */
function exportSplits(dir: string): string {
  const out = path.join(dir, 'splits');
  mkdirSync(out, { recursive: true });
  for (const s of ['train', 'test'])
    writeFileSync(
      path.join(out, `${s}.csv`),
      toCSV(fromArrow(readFileSync(path.join(dir, 'data', 'processed', `${s}.arrow`)))),
    );
  const pipeline = JSON.parse(readFileSync(path.join(dir, 'data', 'processed', 'pipeline.json'), 'utf8')) as {
    features: { name: string; kind: string }[];
    target: { name: string; task: string };
  };
  const categorical = pipeline.features.filter((f) => f.kind === 'categorical').map((f) => f.name);
  writeFileSync(
    path.join(out, 'meta.json'),
    JSON.stringify({ target: pipeline.target.name, task: pipeline.target.task, categorical }),
  );
  return out;
}

interface Latency {
  p50: number;
  p99: number;
  /** The median of the server's own `latency_ms` (its access log) over the same requests: no client in it. */
  serverP50: number;
}

/** Sequential single-row POSTs against `mlx serve --model bundle`: latency percentiles in ms (after a warm-up). */
async function serveLatency(cwd: string, bundle: string, requests: number, log: string): Promise<Latency> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const fd = openSync(log, 'w');
  const child: ChildProcess = spawn(
    process.execPath,
    [mlxBin, 'serve', '--model', bundle, '--port', String(port), '--set', 'serve.store_path=var/bench.sqlite'],
    { cwd, stdio: ['ignore', 'ignore', fd] },
  );
  closeSync(fd);
  const times: number[] = [];
  const ids = Array.from({ length: requests }, (_, i) => `lat-${i}`);
  try {
    await waitReady(`${url}/health`, child);
    const body = JSON.stringify({ instances: [penguin] });
    const once = async (id: string) => {
      const started = process.hrtime.bigint();
      const res = await fetch(`${url}/v1/predict`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': id },
        body,
      });
      if (res.status !== 200) throw new Error(`serve answered ${res.status}: ${await res.text()}`);
      await res.arrayBuffer();
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    for (let i = 0; i < 200; i++) await once(`warm-${i}`);
    for (const id of ids) times.push(await once(id));
  } finally {
    // Gone before the next server starts: its shutdown (the store's last commit) is not in the next one's timing.
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  }
  // Read once the server has exited (its log is complete).
  const server = accessLogLatencies(log, ids);
  if (server.length !== ids.length) throw new Error(`${log}: ${server.length} of ${ids.length} requests logged`);
  times.sort((a, b) => a - b);
  return {
    p50: median(times),
    p99: times[Math.floor(0.99 * (times.length - 1))] ?? Number.NaN,
    serverP50: median(server),
  };
}

/** The examples table (one row per example and side) and the serve latency table (penguins: gbdt vs MLP). */
export async function benchExamples(runs: number, haveSklearn: boolean) {
  const quality: (string | number)[][] = [];
  const latency: (string | number)[][] = [];
  for (const example of EXAMPLES) {
    const dir = path.join(projectRoot, 'bench', 'out', 'gbdt', example.name);
    rmSync(dir, { recursive: true, force: true });
    for (const part of example.parts) cpSync(path.join(example.from, part), path.join(dir, part), { recursive: true });
    mlx(['data', 'prepare'], dir);
    const seconds: number[] = [];
    const fitSeconds: number[] = [];
    let last: Trained | undefined;
    for (let i = 0; i < runs; i++) {
      const r = mlx(['train', '--set', 'model=gbdt', '--force', '--json'], dir);
      last = trainedRun(r.stdout);
      const metrics = JSON.parse(readFileSync(path.join(last.bundleDir, 'metrics.json'), 'utf8'));
      seconds.push(r.seconds);
      fitSeconds.push(metrics.training.loop_seconds);
    }
    if (!last) throw new Error('no run');
    const classification = 'test_accuracy' in last.metrics;
    const metric = classification ? 'accuracy' : 'rmse';
    quality.push([
      example.name,
      'mlx gbdt',
      `${metric} ${(last.metrics[`test_${metric}`] ?? Number.NaN).toFixed(4)}`,
      span(fitSeconds, 3),
      span(seconds, 2),
    ]);
    if (haveSklearn) {
      const splits = exportSplits(dir);
      const script = path.join(projectRoot, 'bench', 'reference', 'gbdt_sklearn_split.py');
      const results = Array.from({ length: runs }, () => {
        const r = run(python, [script, splits], dir, { OMP_NUM_THREADS: '1' });
        return {
          ...(JSON.parse(r.stdout) as { metric: string; value: number; fit_seconds: number }),
          seconds: r.seconds,
        };
      });
      const first = results[0];
      quality.push([
        example.name,
        'scikit-learn HGB (1 thread)',
        first ? `${first.metric} ${first.value.toFixed(4)}` : '?',
        span(
          results.map((r) => r.fit_seconds),
          3,
        ),
        span(
          results.map((r) => r.seconds),
          2,
        ),
      ]);
    }
    if (example.name === 'penguins') {
      const mlp = trainedRun(mlx(['train', '--force', '--json'], dir).stdout);
      const sides = [
        ['gbdt', last.bundleDir],
        ['mlp', mlp.bundleDir],
      ] as const;
      // Interleaved, the order turned every round (gbdt, mlp, mlp, gbdt, ...): neither side gets the machine's
      // quieter or warmer moments, nor always goes first.
      const measured = new Map<string, Latency[]>(sides.map(([family]) => [family, []]));
      for (let i = 0; i < runs; i++)
        for (const [family, bundle] of i % 2 === 0 ? sides : [...sides].reverse())
          measured.get(family)?.push(await serveLatency(dir, bundle, 2000, path.join(dir, `serve-${family}-${i}.log`)));
      const column = (m: Latency[], pick: (x: Latency) => number) =>
        span(
          m.map((x) => pick(x)),
          3,
        );
      for (const [family] of sides) {
        const m = measured.get(family) ?? [];
        latency.push([family, column(m, (x) => x.p50), column(m, (x) => x.p99), column(m, (x) => x.serverP50)]);
      }
      // Each round's two servers ran back to back: their ratio is freer of the machine's drift than either median.
      const gbdt = measured.get('gbdt') ?? [];
      const mlpRuns = measured.get('mlp') ?? [];
      const ratio = (pick: (x: Latency) => number) =>
        span(
          gbdt.map((g, i) => pick(g) / pick(mlpRuns[i] ?? g)),
          3,
        );
      latency.push(['gbdt / mlp, each round', ratio((x) => x.p50), ratio((x) => x.p99), ratio((x) => x.serverP50)]);
    }
  }
  return { quality, latency };
}
