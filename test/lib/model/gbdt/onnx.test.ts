import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-web';
import { afterAll, describe, expect, it } from 'vitest';
import { GraphBuilder, ML_DOMAIN } from '../../../../src/lib/model/export/onnx/graph-builder.js';
import { encodeModel } from '../../../../src/lib/model/export/onnx/model.js';
import {
  GBDT_FILE,
  type GbdtModel,
  gbdtOnnx,
  predictOutputs,
  serializeGbdtModel,
  treeEnsembleAttributes,
} from '../../../../src/lib/model/families/gbdt/index.js';
import { mulberry32 } from '../../../../src/lib/random.js';
import { fitGbdt, type GbdtData } from '../../../../src/lib/train/families/gbdt/index.js';
import { handModel } from './model.js';

ort.env.wasm.numThreads = 1;
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** The model's ONNX graph alone: x [N, width] double → its outputs as Scorer.score gives them. */
async function runGraph(model: GbdtModel, x: Float64Array, rows: number): Promise<Float32Array> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mlx-gbdt-onnx-'));
  dirs.push(dir);
  writeFileSync(path.join(dir, GBDT_FILE), serializeGbdtModel(model));
  const width = model.features.length;
  const g = new GraphBuilder('gbdt');
  g.input({ name: 'x', type: 'double', dims: ['N', width] });
  const out = gbdtOnnx(dir, { graph: g, input: 'x', width, task: model.task, classes: model.classes });
  g.output(out, { name: 'scores', type: 'float', dims: ['N', model.task === 'classification' ? model.classes : 1] });
  const bytes = encodeModel({
    irVersion: 8,
    opsets: [
      { domain: '', version: 17 },
      { domain: ML_DOMAIN, version: 3 },
    ],
    producerName: 'test',
    producerVersion: '0',
    graph: g.build(),
    metadata: {},
  });
  const session = await ort.InferenceSession.create(bytes);
  try {
    const result = await session.run({ x: new ort.Tensor('float64', x, [rows, width]) });
    return result.scores?.data as Float32Array;
  } finally {
    await session.release();
  }
}

/** Rows over a numeric and two categorical columns (12 and 3 codes), ~10% missing everywhere. */
function dataset(rows: number, task: GbdtData['task'], classes: number, seed: number): GbdtData {
  const random = mulberry32(seed);
  const width = 3;
  const x = new Float64Array(rows * width);
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const a = random() * 10;
    const c = Math.floor(random() * 12);
    const d = Math.floor(random() * 3);
    x[i * width] = random() < 0.1 ? Number.NaN : a;
    x[i * width + 1] = random() < 0.1 ? Number.NaN : c;
    x[i * width + 2] = random() < 0.1 ? Number.NaN : d;
    const signal = a / 3 + ([1, 4, 7, 9, 11].includes(c) ? 2 : -1) + (d === 2 ? 1 : 0) + random();
    y[i] = task === 'regression' ? signal : Math.min(classes - 1, Math.floor(signal / 2 + 1) % classes);
  }
  return {
    x,
    rows,
    width,
    columns: [
      { name: 'a', kind: 'numeric' },
      { name: 'c', kind: 'categorical', categories: 12 },
      { name: 'd', kind: 'categorical', categories: 3 },
    ],
    y,
    task,
    classes: task === 'regression' ? 1 : classes,
  };
}

/** Probe rows: the training rows, then codes never seen (12, 99, 0.5) and missing values in every column. */
function probes(data: GbdtData): { x: Float64Array; rows: number } {
  const extra = [
    [1, 12, 0],
    [5, 99, 1],
    [8, 0.5, 2],
    [Number.NaN, Number.NaN, Number.NaN],
    [3, Number.NaN, 2],
    [Number.NaN, 4, Number.NaN],
  ];
  const x = new Float64Array(data.x.length + extra.length * data.width);
  x.set(data.x);
  x.set(extra.flat(), data.x.length);
  return { x, rows: data.rows + extra.length };
}

describe('the ONNX export of a GBDT model (TreeEnsembleRegressor run by ONNX Runtime)', () => {
  it.each([
    ['binary', 'classification', 2],
    ['3 classes', 'classification', 3],
    ['regression', 'regression', 1],
  ] as const)(
    '%s: the same outputs as predictOutputs within 1e-5, unknown codes and missing values included',
    async (_, task, classes) => {
      const data = dataset(1500, task, classes, classes + 11);
      const { model } = await fitGbdt(data, { max_iter: 30, min_samples_leaf: 5 }, { seed: 3 });
      expect(model.trees.some((t) => t.categorical.some((c) => c >= 0))).toBe(true);
      const { x, rows } = probes(data);
      const want = predictOutputs(model, x, rows, data.width);
      const got = await runGraph(model, x, rows);
      expect(got).toHaveLength(want.length);
      let gap = 0;
      for (let i = 0; i < want.length; i++) gap = Math.max(gap, Math.abs((got[i] as number) - (want[i] as number)));
      expect(gap).toBeLessThanOrEqual(1e-5);
    },
  );

  it('writes a categorical split as a BRANCH_EQ chain over its smaller side, the tested codes sharing one subtree', () => {
    // handModel: colour in {1} goes left among the known codes {0, 1}; code 2 (unseen) and NaN go right.
    const attrs = Object.fromEntries(treeEnsembleAttributes(handModel()).map((a) => [a.name, a]));
    const modes = attrs.nodes_modes?.value as string[];
    expect(modes).toEqual(['BRANCH_LEQ', 'LEAF', 'BRANCH_EQ', 'LEAF', 'LEAF', 'LEAF']);
    const values = (attrs.nodes_values_as_tensor?.value as { data: readonly number[] } | undefined)?.data ?? [];
    expect(values[2]).toBe(1); // the one code that goes left
    expect(attrs.nodes_truenodeids?.value).toEqual([1, 0, 3, 0, 0, 0]);
    expect(attrs.nodes_missing_value_tracks_true?.value).toEqual([1, 0, 0, 0, 0, 0]);
    // Tree 1 is one leaf; every leaf feeds target 0 (one raw score column).
    expect(attrs.target_nodeids?.value).toEqual([1, 3, 4, 0]);
    expect(attrs.target_ids?.value).toEqual([0, 0, 0, 0]);
  });

  it('a forest without trees (no iteration improved on the baseline) still exports: the baseline alone', async () => {
    const model = { ...handModel(), iterations: 0, trees: [] };
    const x = Float64Array.of(1, 0, 2, 1);
    const want = predictOutputs(model, x, 2, 2);
    const got = await runGraph(model, x, 2);
    expect(got).toHaveLength(4);
    got.forEach((p, i) => {
      expect(p).toBeCloseTo(want[i] as number, 6);
    });
  });
});
