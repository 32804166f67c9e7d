// The shipped examples part of `npm run bench -- gbdt`: penguins and cars through the real pipeline
// (the built binary: `mlx data prepare`, then `mlx train --set model=gbdt --force`) next to
// scikit-learn's HistGradientBoosting with default parameters fitted on the same prepared training split
// and scored on the same test split (bench/reference/gbdt_sklearn_split.py, one thread), and the
// single-row latency of `mlx serve` with the gbdt model against the default MLP, both servers up at once
// and answering requests in turn.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fromArrow, toCSV } from 'arquero';
import { median, mlxBin, projectRoot, spreadText } from './lib.js';
import { accessLogLatencies, penguin, type Server, startServer } from './serve-lib.js';

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
  /** The server's mean `mlx_model_call_duration_seconds` (its /metrics) in µs: the predictor call alone. */
  modelCallUs: number;
}

/**
 * Single-row POSTs to two servers up at once, sent in turn (one to each, the order turned every pair),
 * so both sides see the same moments of the machine and each waits while the other answers, as a
 * server between requests does: client latency percentiles in ms, each server's access-log median and
 * its mean model-call time from /metrics, per side (after 200 warm-up requests each).
 */
async function serveLatencyPair(cwd: string, bundles: readonly string[], requests: number, round: number) {
  const servers: Server[] = [];
  try {
    for (const [i, bundle] of bundles.entries())
      servers.push(
        await startServer(
          process.execPath,
          [mlxBin, 'serve', '--model', bundle, '--port', '{port}', '--set', `serve.store_path=var/bench-${i}.sqlite`],
          { cwd, env: process.env, log: path.join(cwd, `serve-${i}-${round}.log`) },
        ),
      );
    const body = JSON.stringify({ instances: [penguin] });
    const once = async (server: Server, id: string) => {
      const started = process.hrtime.bigint();
      const res = await fetch(`${server.base}/v1/predict`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': id },
        body,
      });
      if (res.status !== 200) throw new Error(`serve answered ${res.status}: ${await res.text()}`);
      await res.arrayBuffer();
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    const times: number[][] = servers.map(() => []);
    const ids = Array.from({ length: requests }, (_, i) => `lat-${i}`);
    for (let i = 0; i < 200; i++) for (const server of servers) await once(server, `warm-${i}`);
    for (const [i, id] of ids.entries()) {
      const order = i % 2 === 0 ? servers.keys() : [...servers.keys()].reverse();
      for (const s of order) times[s]?.push(await once(servers[s] as Server, id));
    }
    const modelCalls = await Promise.all(servers.map((server) => modelCallUs(server.base)));
    for (const server of servers) await server.stop();
    // Read once the servers have exited (their logs are complete).
    return servers.map((server, s): Latency => {
      const own = accessLogLatencies(server.log, ids);
      if (own.length !== ids.length) throw new Error(`${server.log}: ${own.length} of ${ids.length} requests logged`);
      const t = (times[s] ?? []).sort((a, b) => a - b);
      return {
        p50: median(t),
        p99: t[Math.floor(0.99 * (t.length - 1))] ?? Number.NaN,
        serverP50: median(own),
        modelCallUs: modelCalls[s] ?? Number.NaN,
      };
    });
  } finally {
    for (const server of servers) await server.stop();
  }
}

/** The mean of the server's `mlx_model_call_duration_seconds` histogram, in µs. */
async function modelCallUs(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const value = (part: string) =>
    Number(text.match(new RegExp(`^mlx_model_call_duration_seconds_${part}(?:\\{[^}]*\\})? (\\S+)$`, 'm'))?.[1]);
  return (value('sum') / value('count')) * 1e6;
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
      spreadText(fitSeconds, 3),
      spreadText(seconds, 2),
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
        spreadText(
          results.map((r) => r.fit_seconds),
          3,
        ),
        spreadText(
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
      // Both servers up at once in each round, requests sent to them in turn (see serveLatencyPair).
      const measured = new Map<string, Latency[]>(sides.map(([family]) => [family, []]));
      for (let i = 0; i < runs; i++) {
        const pair = await serveLatencyPair(
          dir,
          sides.map(([, bundle]) => bundle),
          2000,
          i,
        );
        sides.forEach(([family], s) => {
          const m = pair[s];
          if (m) measured.get(family)?.push(m);
        });
      }
      const column = (m: Latency[], pick: (x: Latency) => number, digits = 3) =>
        spreadText(
          m.map((x) => pick(x)),
          digits,
        );
      for (const [family] of sides) {
        const m = measured.get(family) ?? [];
        latency.push([
          family,
          column(m, (x) => x.p50),
          column(m, (x) => x.p99),
          column(m, (x) => x.serverP50),
          column(m, (x) => x.modelCallUs, 1),
        ]);
      }
      // Each round's two servers answered in turn: their ratio is freer of the machine's drift than either median.
      const gbdt = measured.get('gbdt') ?? [];
      const mlpRuns = measured.get('mlp') ?? [];
      const ratio = (pick: (x: Latency) => number) =>
        spreadText(
          gbdt.map((g, i) => pick(g) / pick(mlpRuns[i] ?? g)),
          3,
        );
      latency.push([
        'gbdt / mlp, each round',
        ratio((x) => x.p50),
        ratio((x) => x.p99),
        ratio((x) => x.serverP50),
        ratio((x) => x.modelCallUs),
      ]);
    }
  }
  const splits = haveSklearn ? carsAcrossSplits(CARS_SEEDS) : [];
  return { quality, latency, splits };
}

/** a − b to 4 decimals, 0 when it rounds to zero (no "-0.0000"). */
const difference = (a: number, b: number) => (Math.abs(a - b) < 5e-5 ? 0 : a - b).toFixed(4);

/** Seeds of the cars splits compared in {@link carsAcrossSplits} (the shipped config's seed is 7). */
const CARS_SEEDS = Array.from({ length: 10 }, (_, i) => i + 1);

/**
 * Cars is small (398 rows with a target, 59 in the test split): one split's RMSE says as much about the
 * split as about the model. For each seed, `mlx data prepare --set seed=S` makes a split, then mlx gbdt
 * (`mlx train --set model=gbdt --set seed=S`) and scikit-learn HGB fit on it and are scored on its test
 * rows. Rows: per seed, then the median and mean over the seeds.
 */
function carsAcrossSplits(seeds: readonly number[]): (string | number)[][] {
  const example = EXAMPLES.find((e) => e.name === 'cars');
  if (!example) return [];
  const dir = path.join(projectRoot, 'bench', 'out', 'gbdt', 'cars-splits');
  rmSync(dir, { recursive: true, force: true });
  for (const part of example.parts) cpSync(path.join(example.from, part), path.join(dir, part), { recursive: true });
  const script = path.join(projectRoot, 'bench', 'reference', 'gbdt_sklearn_split.py');
  const rows: (string | number)[][] = [];
  const ours: number[] = [];
  const theirs: number[] = [];
  for (const seed of seeds) {
    mlx(['data', 'prepare', '--set', `seed=${seed}`], dir);
    const trained = trainedRun(
      mlx(['train', '--set', 'model=gbdt', '--set', `seed=${seed}`, '--force', '--json'], dir).stdout,
    );
    const reference = JSON.parse(run(python, [script, exportSplits(dir)], dir, { OMP_NUM_THREADS: '1' }).stdout) as {
      value: number;
    };
    const rmse = trained.metrics.test_rmse ?? Number.NaN;
    ours.push(rmse);
    theirs.push(reference.value);
    rows.push([`seed ${seed}`, rmse.toFixed(4), reference.value.toFixed(4), difference(rmse, reference.value)]);
  }
  const mean = (v: readonly number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  rows.push([
    `median of ${seeds.length}`,
    median(ours).toFixed(4),
    median(theirs).toFixed(4),
    difference(median(ours), median(theirs)),
  ]);
  rows.push([
    `mean of ${seeds.length}`,
    mean(ours).toFixed(4),
    mean(theirs).toFixed(4),
    (mean(ours) - mean(theirs)).toFixed(4),
  ]);
  return rows;
}
