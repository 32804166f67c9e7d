import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
const TOLERANCE = 1e-5;

interface Project {
  root: string;
  config: MlxConfig;
  pipeline: FittedPipeline;
  rows: Row[];
  expected: Prediction[];
}

/** Copies an example, prepares it, trains `model=gbdt` and runs `mlx predict` (the workflow) on its test split. */
async function trainedGbdt(prefix: string, parts: readonly string[], from: string): Promise<Project> {
  const root = copyProject(prefix, parts, from);
  const { config } = await resolveConfig({ cwd: root, env: {}, overrides: ['model=gbdt'] });
  await prepareData({ root, config, logger });
  await trainModel({ root, config, logger });
  const splits = await loadSplits({ root, config });
  const datetimes = splits.schema.features.filter((f) => f.type === 'datetime').map((f) => f.name);
  const rows = (splits.test.objects() as Row[]).map((row) => {
    const copy = { ...row };
    for (const name of datetimes) if (typeof copy[name] === 'number') copy[name] = new Date(copy[name]).toISOString();
    return copy;
  });
  // Every test row, then the same rows with each feature missing in turn (missing values take the learned side).
  const holes = rows.flatMap((row) => splits.pipeline.features.map((f) => ({ ...row, [f.name]: null }) as Row));
  const all = [...rows, ...holes];
  const input = path.join(root, 'rows.ndjson');
  writeFileSync(input, `${all.map((r) => JSON.stringify(r)).join('\n')}\n`);
  const predicted = await predictFile({ root, config, logger, ref: 'latest', input });
  return { root, config, pipeline: splits.pipeline, rows: all, expected: predicted.predictions ?? [] };
}

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

function largestGap(actual: Prediction[], expected: Prediction[]): number {
  let gap = 0;
  expected.forEach((want, i) => {
    const got = actual[i] as Prediction;
    if ('value' in want) gap = Math.max(gap, Math.abs((got as { value: number }).value - want.value));
    else {
      const p = (got as { probabilities: Record<string, number> }).probabilities;
      for (const [c, v] of Object.entries(want.probabilities)) gap = Math.max(gap, Math.abs((p[c] ?? Number.NaN) - v));
      expect((got as { label: string }).label, `row ${i}`).toBe(want.label);
    }
  });
  return gap;
}

const cases = [
  {
    name: 'penguins (3 classes, categorical splits, missing values)',
    prefix: 'mlx-gbdt-export-p-',
    parts: EXAMPLE_PARTS,
    from: repo,
  },
  {
    name: 'cars (regression, a datetime part, scaled target)',
    prefix: 'mlx-gbdt-export-c-',
    parts: ['mlx.config.yaml', 'configs', 'data/raw'],
    from: path.join(repo, 'examples', 'cars'),
  },
];

describe.each(cases)('mlx models export of a gbdt model: $name', ({ prefix, parts, from }) => {
  let project: Project;
  beforeAll(async () => {
    project = await trainedGbdt(prefix, parts, from);
  }, 240_000);
  afterAll(() => rmSync(project.root, { recursive: true, force: true }));

  const exportTo = (format: 'onnx' | 'web', output?: string) =>
    exportModel({ ...project, logger, ref: 'latest', format, output, cwd: project.root, version: '9.9.9' });

  it('given the gbdt model, when exported to ONNX, then ONNX Runtime predicts as mlx predict does (within 1e-5), missing values included', async () => {
    const result = await exportTo('onnx');
    expect(result.inputs?.map((i) => i.name)).toEqual(project.pipeline.features.map((f) => f.name));
    const outputs = await runOnnx(readFileSync(result.output), project.pipeline, project.rows);
    expect(project.expected.length).toBeGreaterThan(300);
    const actual = onnxPredictions(outputs, project.pipeline);
    expect(actual).toHaveLength(project.expected.length);
    expect(largestGap(actual, project.expected)).toBeLessThanOrEqual(TOLERANCE);
  });

  it.skipIf(!hasOnnxChecker)("passes Debian python3-onnx's checker (full check, with shape inference)", async () => {
    const result = await exportTo('onnx', path.join(project.root, 'checked.onnx'));
    expect(onnxCheck(result.output)).toBe('');
  });

  it('refuses a web export, naming the family and pointing to ONNX', async () => {
    await expect(exportTo('web', path.join(project.root, 'web'))).rejects.toMatchObject({
      code: 'MLX_EXPORT_UNSUPPORTED',
      message: expect.stringContaining("family 'gbdt'"),
    });
  });
});
