import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderExport } from '../../../src/cli/render/export.js';
import { type MlxConfig, resolveConfig } from '../../../src/lib/config/index.js';
import type { Prediction, Row } from '../../../src/lib/contracts.js';
import { type FittedPipeline, loadSplits, prepareData } from '../../../src/lib/data/index.js';
import { silentLogger } from '../../../src/lib/logging.js';
import { exportModel } from '../../../src/lib/workflows/export.js';
import { predictFile } from '../../../src/lib/workflows/predict.js';
import { trainModel } from '../../../src/lib/workflows/train-run.js';
import { copyProject, EXAMPLE_PARTS } from '../../helpers/project.js';
import { hasOnnxChecker, onnxCheck, runOnnx } from '../model/export/helpers.js';

const repo = path.resolve(import.meta.dirname, '../../..');
const logger = silentLogger();
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TOLERANCE = 1e-5;

interface Project {
  root: string;
  config: MlxConfig;
  pipeline: FittedPipeline;
  /** The test split, as `mlx predict` reads it back from a file. */
  rows: Row[];
  /** `mlx predict` on the test split. */
  expected: Prediction[];
}

/** Copies an example, prepares it, trains a few epochs and runs `mlx predict` (the workflow) on its test split. */
async function trainedProject(prefix: string, parts: readonly string[], from: string): Promise<Project> {
  const root = copyProject(prefix, parts, from);
  const resolved = await resolveConfig({ cwd: root, env: {}, overrides: ['train.epochs=6', 'train.backend=wasm'] });
  const config = resolved.config;
  await prepareData({ root, config, logger });
  await trainModel({ root, config, logger });
  const splits = await loadSplits({ root, config });
  const datetimes = splits.schema.features.filter((f) => f.type === 'datetime').map((f) => f.name);
  // Dates go to the file as ISO strings, as a user would write them.
  const rows = (splits.test.objects() as Row[]).map((row) => {
    const copy = { ...row };
    for (const name of datetimes) if (typeof copy[name] === 'number') copy[name] = new Date(copy[name]).toISOString();
    return copy;
  });
  const input = path.join(root, 'test-rows.ndjson');
  writeFileSync(input, `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
  const predicted = await predictFile({ root, config, logger, ref: 'latest', input });
  return { root, config, pipeline: splits.pipeline, rows, expected: predicted.predictions ?? [] };
}

function expectClose(actual: Prediction[], expected: Prediction[]): void {
  expect(actual).toHaveLength(expected.length);
  expected.forEach((want, i) => {
    const got = actual[i] as Prediction;
    if ('value' in want) {
      expect(Math.abs((got as { value: number }).value - want.value), `row ${i}`).toBeLessThanOrEqual(TOLERANCE);
      return;
    }
    const { label, probabilities } = got as { label: string; probabilities: Record<string, number> };
    expect(label, `row ${i}`).toBe(want.label);
    for (const [c, p] of Object.entries(want.probabilities))
      expect(Math.abs((probabilities[c] ?? Number.NaN) - p), `row ${i} ${c}`).toBeLessThanOrEqual(TOLERANCE);
  });
}

/** ONNX outputs → predictions shaped as `mlx predict` gives them. */
function onnxPredictions(outputs: Awaited<ReturnType<typeof runOnnx>>, pipeline: FittedPipeline): Prediction[] {
  const classes = pipeline.target.classes;
  if (!classes) return Array.from(outputs.value?.data as Float64Array, (value) => ({ value }));
  const labels = outputs.label?.data as string[];
  const probs = outputs.probabilities?.data as Float32Array;
  return labels.map((label, i) => ({
    label,
    probabilities: Object.fromEntries(classes.map((c, k) => [c, probs[i * classes.length + k] as number])),
  }));
}

const cases = [
  {
    name: 'penguins (classification, categories, missing values)',
    prefix: 'mlx-export-p-',
    parts: EXAMPLE_PARTS,
    from: repo,
  },
  {
    name: 'cars (regression, a datetime feature)',
    prefix: 'mlx-export-c-',
    parts: ['mlx.config.yaml', 'data/raw'],
    from: path.join(repo, 'examples', 'cars'),
  },
];

describe.each(cases)('mlx models export: $name', ({ prefix, parts, from }) => {
  let project: Project;
  let browser: Browser | undefined;
  beforeAll(async () => {
    project = await trainedProject(prefix, parts, from);
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    rmSync(project.root, { recursive: true, force: true });
  });

  const exportTo = (format: 'onnx' | 'web', output?: string) =>
    exportModel({ ...project, logger, ref: 'latest', format, output, cwd: project.root, version: '9.9.9' });

  it('given the latest model, when exported to ONNX, then ONNX Runtime predicts the test split as mlx predict does (within 1e-5)', async () => {
    const result = await exportTo('onnx');
    expect(result.output).toBe(path.join(project.root, `${result.model.name}-v1.onnx`));
    expect(result.inputs?.map((i) => i.name)).toEqual(project.pipeline.features.map((f) => f.name));
    expect(renderExport(result)).toContain('input');
    const outputs = await runOnnx(readFileSync(result.output), project.pipeline, project.rows);
    expect(project.expected.length).toBeGreaterThan(40);
    expectClose(onnxPredictions(outputs, project.pipeline), project.expected);
  });

  it('never writes a web export into a folder that holds other files', async () => {
    await expect(exportTo('web', project.root)).rejects.toThrow(/exists and is not empty/);
  });

  it.skipIf(!hasOnnxChecker)("passes Debian python3-onnx's checker (full check, with shape inference)", async () => {
    const result = await exportTo('onnx', path.join(project.root, 'checked.onnx'));
    expect(onnxCheck(result.output)).toBe('');
  });

  it.skipIf(!existsSync(CHROMIUM))(
    'given a web export opened from disk in Chromium, then the form and the page API predict as mlx predict does',
    async () => {
      const result = await exportTo('web', path.join(project.root, 'web'));
      expect(result.files).toEqual(expect.arrayContaining(['index.html', 'tf.min.js', 'bundle.js', 'schema.json']));
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--no-first-run',
        ],
      });
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      // No server and no network: every request the page makes is a local file.
      const remote: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith('file://')) remote.push(r.url());
      });
      await page.goto(`file://${path.join(result.output, 'index.html')}`);
      await page.locator('#predict:not([disabled])').waitFor();

      // The form: one field per schema feature; fill the first test row and predict.
      const schema = JSON.parse(readFileSync(path.join(result.output, 'schema.json'), 'utf8')) as {
        features: { name: string; type: string; allowed: unknown[] | null }[];
      };
      const first = project.rows[0] as Row;
      for (const f of schema.features) {
        const value = first[f.name];
        const selector = `#f-${f.name}`;
        if (value === null || value === undefined) continue;
        if ((await page.locator(selector).evaluate((e) => e.tagName)) === 'SELECT')
          await page.selectOption(selector, String(value));
        else await page.fill(selector, String(value));
      }
      await page.click('#predict');
      const shown = (await page.textContent('#prediction')) ?? '';
      const want = project.expected[0] as Prediction;
      if ('label' in want) expect(shown).toBe(want.label);
      else expect(Math.abs(Number(shown) - want.value)).toBeLessThanOrEqual(TOLERANCE);

      // The page's API on the whole test split.
      const all = (await page.evaluate(
        (rows) =>
          (
            globalThis as unknown as { mlxApp: { ready: Promise<{ predict(r: unknown[]): unknown }> } }
          ).mlxApp.ready.then((m) => m.predict(rows)),
        project.rows,
      )) as Prediction[];
      expectClose(all, project.expected);
      expect(errors).toEqual([]);
      expect(remote).toEqual([]);
    },
    120_000,
  );
});
