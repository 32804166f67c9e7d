// `npm run bench -- ui [RUNS]`: the web UI at scale. A project with 10,000 synthetic runs (run.json,
// 20-epoch history.json, config.yaml each); the built `mlx ui` serves it; Chromium (playwright-core, Debian's
// /usr/bin/chromium) opens the runs page and compare with 20 runs. Time to first byte = the navigation's
// responseStart; time to interactive = domContentLoadedEventEnd (the deferred script has run by then).
// Each case 3 times: median (min–max). Also the read path itself: the CLI's listRunRecords (every run.json)
// against the UI's run catalog, cold and with its cache file.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { listRunRecords } from '../src/lib/tracking/run-dir.js';
import { createRunCatalog } from '../src/lib/tracking/run-index.js';
import { median, mlxBin, printTable } from './lib.js';

const RUNS = Number(process.argv[2] ?? 10_000);
const REPEAT = 3;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

function runId(i: number): string {
  const t = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
  return `${t.slice(0, 10).replace(/-/g, '')}-${t.slice(11, 19).replace(/:/g, '')}-${((i * 2654435761) % 0xffffff).toString(16).padStart(6, '0')}`;
}

/** A project folder with `n` finished runs as `mlx train` writes them (deterministic values). */
function makeProject(n: number): { root: string; ids: string[] } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'mlx-ui-bench-'));
  writeFileSync(path.join(root, 'mlx.config.yaml'), 'seed: 42\nmodel:\n  name: bench\n');
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = runId(i);
    ids.push(id);
    const dir = path.join(root, 'runs', id);
    mkdirSync(dir, { recursive: true });
    const lr = [0.1, 0.03, 0.01, 0.003, 0.001][i % 5] as number;
    const acc = 0.8 + ((i * 7919) % 1000) / 5000;
    const record = {
      id,
      status: i % 50 === 0 ? 'failed' : 'completed',
      startedAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
      finishedAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000 + 30_000 + (i % 17) * 1000).toISOString(),
      params: {
        seed: 42 + (i % 3),
        'model.type': 'mlp',
        'model.hidden': [[64, 32], [128, 64], [32]][i % 3],
        'model.dropout': [0, 0.1, 0.2][i % 3],
        'train.lr': lr,
        'train.batch_size': [16, 32, 64][i % 3],
        'train.epochs': 20,
        'train.optimizer': i % 2 ? 'adam' : 'sgd',
      },
      metrics:
        i % 50 === 0
          ? {}
          : { val_accuracy: acc, val_log_loss: 1 - acc, test_accuracy: acc - 0.01, test_log_loss: 1.1 - acc },
      dataFingerprint: 'f'.repeat(64),
      configHash: (i % 97).toString(16).padStart(64, '0'),
      model: { name: 'bench', version: i + 1 },
      weightsSha256: 'w'.repeat(64),
      backend: 'wasm',
      error: null,
    };
    writeFileSync(path.join(dir, 'run.json'), JSON.stringify(record, null, 2));
    const history = Array.from({ length: 20 }, (_, e) => ({
      epoch: e + 1,
      loss: 1 / (e + 1 + (i % 5)),
      val_loss: 1.1 / (e + 1 + (i % 5)),
      val_accuracy: acc * (1 - 1 / (e + 2)),
    }));
    writeFileSync(path.join(dir, 'history.json'), JSON.stringify(history));
    writeFileSync(path.join(dir, 'config.yaml'), `seed: 42\ntrain:\n  lr: ${lr}\n`);
  }
  return { root, ids };
}

async function startUi(root: string): Promise<{ url: string; child: ChildProcess; ms: number }> {
  const t0 = performance.now();
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('MLX_')) delete env[k];
  const child = spawn(process.execPath, [mlxBin, 'ui', '--port', '0', '--log-format', 'json'], { cwd: root, env });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += String(chunk);
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`mlx ui exited ${code}: ${out}`)));
  });
  return { url, child, ms: performance.now() - t0 };
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

type Browser = Awaited<ReturnType<typeof chromium.launch>>;

/** One navigation in a fresh browser context: [TTFB, interactive] in ms, and the page's row count. */
async function measure(browser: Browser, url: string): Promise<[number, number, number]> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  const response = await page.goto(url, { waitUntil: 'domcontentloaded' });
  if (!response?.ok()) throw new Error(`${url} answered ${response?.status()}`);
  // A string: it runs in the page (the DOM types are not in this project's TypeScript lib).
  const [ttfb, dcl, rows] = (await page.evaluate(`(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    return [nav.responseStart - nav.startTime, nav.domContentLoadedEventEnd - nav.startTime,
      document.querySelectorAll('tbody tr').length];
  })()`)) as [number, number, number];
  await context.close();
  if (errors.length > 0) throw new Error(`console errors on ${url}: ${errors.join('; ')}`);
  return [ttfb, dcl, rows];
}

const stat = (xs: number[]) => `${median(xs).toFixed(0)} (${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)})`;

async function main(): Promise<void> {
  const load0 = os.loadavg()[0] ?? 0;
  const started = Date.now();
  const { root, ids } = makeProject(RUNS);
  console.log(
    `${RUNS.toLocaleString('en')} runs written in ${((Date.now() - started) / 1000).toFixed(1)} s under ${root}\n`,
  );
  const runsDir = path.join(root, 'runs');
  const cacheFile = path.join(root, '.mlx', 'cache', 'runs-index.json');

  // The read path, in-process.
  const reads: Record<string, number[]> = { cli: [], cold: [], cached: [], again: [] };
  for (let i = 0; i < REPEAT; i++) {
    let t = performance.now();
    listRunRecords(runsDir);
    reads.cli?.push(performance.now() - t);
    rmSync(cacheFile, { force: true });
    t = performance.now();
    const catalog = createRunCatalog(runsDir, { cacheFile });
    catalog.list();
    reads.cold?.push(performance.now() - t);
    t = performance.now();
    catalog.list();
    reads.again?.push(performance.now() - t);
    t = performance.now();
    createRunCatalog(runsDir, { cacheFile }).list();
    reads.cached?.push(performance.now() - t);
  }

  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  const pages: [string, string][] = [
    ['runs page (newest first, 50 rows)', '/runs'],
    [
      'runs page sorted by val_accuracy, filtered',
      `/runs?sort=metrics.val_accuracy&dir=desc&q=${encodeURIComponent('lr>0.005 status=completed')}`,
    ],
    [
      'compare 20 runs',
      `/compare?${ids
        .slice(0, 20)
        .map((id) => `run=${id}`)
        .join('&')}`,
    ],
  ];
  const starts = { cold: [] as number[], cached: [] as number[] };
  const results = new Map<string, { ttfb: number[]; tti: number[]; rows: number }>();
  const record = (label: string, [ttfb, tti, rows]: [number, number, number]) => {
    const r = results.get(label) ?? { ttfb: [], tti: [], rows };
    r.ttfb.push(ttfb);
    r.tti.push(tti);
    results.set(label, r);
  };
  try {
    for (let i = 0; i < REPEAT; i++) {
      // A fresh process without the cache file: the first page reads all 10,000 run.json.
      rmSync(cacheFile, { force: true });
      let ui = await startUi(root);
      starts.cold.push(ui.ms);
      record('runs page, first request, server started without cache file', await measure(browser, `${ui.url}/runs`));
      for (const [label, p] of pages) record(label, await measure(browser, `${ui.url}${p}`));
      await stop(ui.child);
      // A fresh process with the cache file the previous one wrote.
      ui = await startUi(root);
      starts.cached.push(ui.ms);
      record('runs page, first request, server started with cache file', await measure(browser, `${ui.url}/runs`));
      await stop(ui.child);
    }
  } finally {
    await browser.close();
    rmSync(root, { recursive: true, force: true });
  }

  console.log(`Read path (in-process, ms): median (min–max) of ${REPEAT}\n`);
  printTable(
    ['how', 'ms'],
    [
      ['listRunRecords: every run.json (what `mlx runs list` does)', stat(reads.cli ?? [])],
      ['run catalog, first list, no cache file', stat(reads.cold ?? [])],
      ['run catalog, new process with the cache file', stat(reads.cached ?? [])],
      ['run catalog, next list (nothing changed)', stat(reads.again ?? [])],
    ],
  );
  console.log(`\nIn Chromium (ms from navigation start): median (min–max) of ${REPEAT}; goal: runs page < 1000\n`);
  printTable(
    ['page', 'rows', 'first byte', 'interactive', 'goal'],
    [...results].map(([label, r]) => [
      label,
      r.rows,
      stat(r.ttfb),
      stat(r.tti),
      label.startsWith('runs page') ? (median(r.tti) < 1000 ? 'ok' : 'SLOW') : '',
    ]),
  );
  console.log('\n`mlx ui` start (spawn → listening, runs read before listening), ms: median (min–max)\n');
  printTable(
    ['start', 'ms'],
    [
      ['without cache file', stat(starts.cold)],
      ['with cache file', stat(starts.cached)],
    ],
  );
  const load1 = os.loadavg()[0] ?? 0;
  console.log(
    `\nnode ${process.version}, ${os.cpus().length} cores, load average ${load0.toFixed(2)} → ${load1.toFixed(2)} (1 min)`,
  );
}

await main();
