#!/usr/bin/env node
// `npm run docs:ui-screenshots [-- OUT_DIR]`: regenerates docs/figures/ui-*.png, the screenshots of every
// `mlx ui` page in the README and docs/ui.md. It builds a small real project with the built binary (the
// penguins example: prepare, three trainings, evaluate, a promote, two drift reports, `mlx serve` with
// simulated traffic), starts `mlx ui --serve-url`, and shoots each page in Debian's chromium, offline:
// only the two local servers may be reached.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS } from './render-diagrams.js';
import { runIfMain } from './run-main.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin', 'run.js');

function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('MLX_') || key === 'PORT') delete env[key];
  return env;
}

function mlx(cwd: string, args: string[]): string {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, env: cleanEnv(), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`mlx ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** Starts `mlx <args>` and resolves with its URL once it logs `listening on`. */
function start(cwd: string, args: string[]): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [bin, ...args, '--port', '0', '--log-format', 'json'], {
    cwd,
    env: cleanEnv(),
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += String(chunk);
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      if (url) resolve({ url, child });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`mlx ${args[0]} exited ${code}: ${out}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** The example project, prepared, trained three times, evaluated, promoted, with two drift reports. */
function buildProject(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mlx-ui-shots-'));
  for (const part of ['mlx.config.yaml', 'configs', 'data/raw'])
    cpSync(path.join(root, part), path.join(dir, part), { recursive: true });
  mlx(dir, ['data', 'prepare', '-q']);
  for (const lr of ['0.01', '0.003', '0.03'])
    mlx(dir, ['train', '-q', '--set', 'train.epochs=40', '--set', `train.lr=${lr}`]);
  mlx(dir, ['evaluate', '-q', '--model', 'penguins@2']);
  mlx(dir, ['models', 'promote', 'penguins@1', '--alias', 'production', '-q']);
  mlx(dir, ['models', 'promote', 'penguins@2', '--alias', 'production', '-q']);
  const reference = readFileSync(path.join(dir, 'models', 'penguins', 'v2', 'reference.ndjson'), 'utf8')
    .trim()
    .split('\n');
  const shift = (factor: number) =>
    reference
      .map((line) => {
        const row = JSON.parse(line) as Record<string, unknown>;
        const bill = row.bill_length_mm;
        return JSON.stringify({ ...row, bill_length_mm: typeof bill === 'number' ? bill * factor : null });
      })
      .join('\n');
  writeFileSync(path.join(dir, 'week1.ndjson'), shift(1));
  writeFileSync(path.join(dir, 'week2.ndjson'), shift(1.05));
  writeFileSync(path.join(dir, 'week3.ndjson'), shift(1.3));
  for (const week of ['week1', 'week2', 'week3']) mlx(dir, ['drift', '--current', `${week}.ndjson`, '-q']);
  return dir;
}

async function main(argv: string[]): Promise<number> {
  const out = path.resolve(argv[0] ?? path.join(root, 'docs', 'figures'));
  mkdirSync(out, { recursive: true });
  const project = buildProject();
  const children: ChildProcess[] = [];
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
  try {
    const serve = await start(project, ['serve', '--set', 'drift_check_interval=2']);
    children.push(serve.child);
    mlx(project, ['simulate', '--url', serve.url, '--rows', '300', '--scale', 'bill_length_mm=1.2']);
    const ui = await start(project, ['ui', '--serve-url', serve.url]);
    children.push(ui.child);
    const ids = (JSON.parse(mlx(project, ['runs', 'list', '--json'])) as { runs: { id: string }[] }).runs.map(
      (r) => r.id,
    );
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, deviceScaleFactor: 1 });
    const allowed = [ui.url, serve.url];
    let refused = 0;
    await context.route('**/*', (route) => {
      if (allowed.some((u) => route.request().url().startsWith(u))) return route.continue();
      refused++;
      return route.abort();
    });
    const page = await context.newPage();
    const shots: [string, string, (() => Promise<void>)?][] = [
      ['runs', `${ui.url}/runs`],
      ['run', `${ui.url}/runs/${ids[1] ?? ''}`],
      ['compare', `${ui.url}/compare?${ids.map((id) => `run=${id}`).join('&')}`],
      ['models', `${ui.url}/models`],
      ['data', `${ui.url}/data`],
      ['drift', `${ui.url}/drift`],
      ['live', `${ui.url}/live`],
      [
        'predict',
        `${ui.url}/predict`,
        async () => {
          await page.getByLabel('island').selectOption('Dream');
          await page.getByLabel('bill_length_mm').fill('49.5');
          await page.getByLabel('bill_depth_mm').fill('19.0');
          await page.getByLabel('flipper_length_mm').fill('200');
          await page.getByLabel('body_mass_g').fill('3800');
          await page.getByLabel('sex').selectOption('MALE');
          await page.getByRole('button', { name: 'Predict' }).click();
          await page.locator('#answer').waitFor();
        },
      ],
      ['serve-docs', `${serve.url}/docs`, async () => void (await page.locator('details.op').first().waitFor())],
    ];
    for (const [name, url, act] of shots) {
      await page.goto(url);
      await act?.();
      const file = path.join(out, `ui-${name}.png`);
      await page.screenshot({ path: file, animations: 'disabled' });
      console.log(file);
    }
    if (refused > 0) throw new Error(`${refused} requests to other hosts were refused: the pages must work offline`);
  } finally {
    await browser.close();
    for (const child of children.reverse()) await stop(child);
    rmSync(project, { recursive: true, force: true });
  }
  return 0;
}

runIfMain(import.meta.url, 'docs-ui-screenshots', main);
