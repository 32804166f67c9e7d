// e2e: the built `mlx ui` on a small real project (the penguins example: prepare, three trainings,
// evaluate, drift twice), driven in Debian's chromium through playwright-core. Every test fails on a
// console error, an uncaught page error or a failed request.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mlxBin, runMlx } from '../helpers/cli.js';
import { copyProject } from '../helpers/project.js';
import { type Child, cleanEnv, spawnUntil } from '../integration/helpers.js';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

let project: string;
let ui: (Child & { value: string }) | undefined;
let browser: Browser | undefined;
let page: Page;
let problems: string[] = [];
const mlx = (args: string[]) => {
  const r = runMlx(args, { cwd: project, env: cleanEnv() });
  if (r.code !== 0) throw new Error(`mlx ${args.join(' ')} failed (${r.code}):\n${r.stderr}`);
  return r.stdout;
};

beforeAll(async () => {
  if (!existsSync(chromiumPath)) return;
  project = copyProject('mlx-ui-e2e-');
  mlx(['data', 'prepare', '-q']);
  for (const lr of ['0.01', '0.005', '0.02'])
    mlx(['train', '-q', '--set', 'train.epochs=6', '--set', `train.lr=${lr}`]);
  mlx(['evaluate', '-q']);
  const reference = readFileSync(path.join(project, 'models', 'penguins', 'v3', 'reference.ndjson'), 'utf8');
  const shifted = reference
    .trim()
    .split('\n')
    .map((line) => {
      const row = JSON.parse(line) as Record<string, unknown>;
      return JSON.stringify({
        ...row,
        bill_length_mm: typeof row.bill_length_mm === 'number' ? row.bill_length_mm * 1.4 : null,
      });
    });
  writeFileSync(path.join(project, 'same.ndjson'), reference);
  writeFileSync(path.join(project, 'shifted.ndjson'), shifted.join('\n'));
  mlx(['drift', '--current', 'same.ndjson', '-q']);
  await new Promise((r) => setTimeout(r, 20)); // distinct report names
  mlx(['drift', '--current', 'shifted.ndjson', '-q']);
  ui = await spawnUntil(
    process.execPath,
    [mlxBin, 'ui', '--port', '0', '--log-format', 'json'],
    { cwd: project },
    (out) => /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1],
  );
  const { chromium } = await import('playwright-core');
  browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: CHROMIUM_FLAGS });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await ui?.stop();
  if (project) rmSync(project, { recursive: true, force: true });
});

async function open(viewport = { width: 1280, height: 900 }): Promise<Page> {
  if (!browser) throw new Error('no browser');
  problems = [];
  const context = await browser.newContext({ viewport });
  page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.url()}`);
  });
  return page;
}

afterEach(async () => {
  await page?.context().close();
  expect(problems).toEqual([]);
});

const url = (p: string) => `${ui?.value}${p}`;

describe.skipIf(!existsSync(chromiumPath))('mlx ui in chromium (built binary)', () => {
  it('opens the runs page, sorts by a column and filters', async () => {
    await open();
    await page.goto(url('/runs'));
    await expect(page.getByRole('heading', { level: 1, name: 'Runs' }).isVisible()).resolves.toBe(true);
    expect(await page.locator('#count').textContent()).toContain('3 of 3 runs');
    await page.getByRole('link', { name: 'train.lr', exact: true }).click();
    await page.waitForURL(/sort=params\.train\.lr/);
    const lrs = async () =>
      page.locator('table.runs tbody tr').evaluateAll((rows) =>
        rows.map((r) => {
          const header = [...(r.closest('table')?.querySelectorAll('thead th') ?? [])].map((th) =>
            th.textContent?.trim(),
          );
          return r.querySelectorAll('td')[header.findIndex((h) => h?.startsWith('train.lr'))]?.textContent;
        }),
      );
    expect(await lrs()).toEqual(['0.02', '0.01', '0.005']);
    await page.getByRole('link', { name: /train\.lr ▼/ }).click();
    await page.waitForURL(/dir=asc/);
    expect(await lrs()).toEqual(['0.005', '0.01', '0.02']);
    await page.getByLabel('Filter').fill('lr>0.006 status=completed');
    await page.getByLabel('Filter').press('Enter');
    await page.waitForURL(/q=/);
    expect(await page.locator('#count').textContent()).toContain('2 of 3 runs');
  });

  it('opens a run: params, metrics, learning curves, lineage, bundle files, the evaluation report', async () => {
    await open();
    await page.goto(url('/runs'));
    await page.locator('table.runs tbody tr').first().getByRole('link').first().click();
    await page.getByRole('heading', { name: 'Learning curves' }).waitFor();
    expect(await page.locator('#h-curves + .charts svg').count()).toBeGreaterThan(0);
    expect(await page.getByText('weights.bin').count()).toBe(1);
    const frame = page.frameLocator('iframe.report');
    await expect(frame.getByRole('heading', { name: /Evaluation of penguins/ }).textContent()).resolves.toContain(
      'penguins',
    );
  });

  it('compares three runs: differing params only, the best marked, curves overlaid', async () => {
    await open();
    await page.goto(url('/runs'));
    const boxes = page.locator('table.runs tbody input[name=run]');
    expect(await page.locator('#compare-button').isDisabled()).toBe(true);
    for (let i = 0; i < 3; i++) await boxes.nth(i).check();
    await page.getByRole('button', { name: 'Compare 3 selected runs' }).click();
    await page.getByRole('heading', { level: 1, name: 'Compare 3 runs' }).waitFor();
    expect(await page.locator('#params tbody tr:visible').count()).toBe(1); // only train.lr differs
    await page.getByLabel(/Only params that differ/).uncheck();
    expect(await page.locator('#params tbody tr:visible').count()).toBeGreaterThan(10);
    expect(await page.locator('td.best').count()).toBeGreaterThan(0);
    expect(await page.locator('#h-curves ~ .charts path').count()).toBeGreaterThanOrEqual(3);
  });

  it('promotes an alias with a confirmation, and `mlx models list` sees it', async () => {
    await open();
    await page.goto(url('/models'));
    await page.getByLabel('Alias for v2').fill('production');
    await page
      .locator('form[action="/models/penguins/promote"]')
      .filter({ has: page.getByLabel('Alias for v2') })
      .getByRole('button')
      .click();
    await page.getByText('Point penguins@production at v2?').waitFor();
    await page.getByRole('button', { name: 'Yes, promote to production' }).click();
    await page.getByText('penguins@production → v2 (new)').waitFor();
    const listed = JSON.parse(mlx(['models', 'list', '--json'])) as { models: { aliases: Record<string, number> }[] };
    expect(listed.models[0]?.aliases).toEqual({ production: 2 });
    // Move it: the page says where it pointed before.
    await page.getByLabel('Alias for v3').fill('production');
    await page
      .locator('form[action="/models/penguins/promote"]')
      .filter({ has: page.getByLabel('Alias for v3') })
      .getByRole('button')
      .click();
    await page.getByRole('button', { name: 'Yes, promote to production' }).click();
    await page.getByText('penguins@production → v3 (was v2)').waitFor();
    const row = page.locator('table').first().locator('tbody tr', { hasText: 'production' });
    expect(await row.locator('td').allTextContents()).toEqual(['v3', 'v2', 'Unalias…']);
    // The CLI's unalias, seen by the UI: no alias left, the move in the history.
    expect(JSON.parse(mlx(['models', 'unalias', 'penguins', '--alias', 'production', '--json']))).toEqual({
      name: 'penguins',
      alias: 'production',
      previous: 3,
    });
    await page.reload();
    await page.getByText('No aliases: promote a version below.').waitFor();
    expect(await page.locator('table', { hasText: 'removed' }).count()).toBe(1);
  });

  it('submits a valid and an invalid prediction', async () => {
    await open();
    await page.goto(url('/predict'));
    await page.getByLabel('island').selectOption('Biscoe');
    await page.getByLabel('bill_length_mm').fill('48.1');
    await page.getByLabel('bill_depth_mm').fill('15.1');
    await page.getByLabel('flipper_length_mm').fill('222');
    await page.getByLabel('body_mass_g').fill('5200');
    await page.getByLabel('sex').selectOption('MALE');
    await page.getByRole('button', { name: 'Predict' }).click();
    await expect(page.locator('#predicted-label').textContent()).resolves.toBe('Gentoo');
    // bill_length_mm is optional (missing in training), so an empty value is valid: an absurd one is not.
    await page.getByLabel('bill_length_mm').fill('1e20');
    await page.getByLabel('island').selectOption('');
    await page.getByRole('button', { name: 'Predict' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.locator('#f-bill_length_mm').getAttribute('aria-invalid')).toBe('true');
    // Each field's own error, saying what is allowed (the same validation as /v1/predict).
    expect(await page.locator('#f-bill_length_mm-error').textContent()).toMatch(
      /expected a number of magnitude at most/,
    );
    expect(await page.locator('#f-island-error').textContent()).toBe(
      'required; expected one of: Biscoe, Dream, Torgersen',
    );
    expect(await page.locator('#f-island').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#answer').count()).toBe(0);
  });

  it('opens a drift report from the drift page, with the statistic over time', async () => {
    await open();
    await page.goto(url('/drift'));
    expect(await page.locator('#h-history ~ .scroll tbody tr, #h-history + div tbody tr').count()).toBe(2);
    expect(await page.locator('#h-over-time ~ .charts svg').count()).toBeGreaterThan(0);
    await page.getByRole('link', { name: 'open the full report' }).click();
    await page.getByRole('heading', { name: 'Data drift report' }).waitFor();
    expect(await page.textContent('body')).toContain('bill_length_mm');
  });

  it('data, live and a missing page render; the runs page fits a phone screen', async () => {
    await open({ width: 390, height: 800 });
    await page.goto(url('/data'));
    await page.getByText('Up to date').waitFor();
    expect(await page.locator('.cards svg').count()).toBeGreaterThan(3);
    await page.goto(url('/live'));
    await page.getByRole('heading', { level: 1, name: 'Live serving' }).waitFor();
    await page.goto(url('/runs'));
    const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'));
    expect(overflow).toBeLessThanOrEqual(0);
    problems = [];
    const missing = await page.goto(url('/no/such/page'));
    expect(missing?.status()).toBe(404);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Not found');
    // The 404 itself is the expected answer (Chrome logs it as a failed resource load).
    problems = problems.filter((p) => !p.includes('/no/such/page') && !p.includes('status of 404'));
  });
});
