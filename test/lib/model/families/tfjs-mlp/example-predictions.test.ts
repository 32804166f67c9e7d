import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../../../src/lib/config/index.js';
import type { Prediction, Row } from '../../../../../src/lib/contracts.js';
import { loadSplits, prepareData } from '../../../../../src/lib/data/index.js';
import { silentLogger } from '../../../../../src/lib/logging.js';
import { loadBundle } from '../../../../../src/lib/model/bundle.js';
import { loadTf } from '../../../../../src/lib/model/families/tfjs-mlp/backend.js';
import { deserializeModel } from '../../../../../src/lib/model/families/tfjs-mlp/io.js';
import { tfjsScorer } from '../../../../../src/lib/model/families/tfjs-mlp/scorer.js';
import { createPredictor, predictorFor } from '../../../../../src/lib/model/predictor.js';
import { trainModel } from '../../../../../src/lib/workflows/train-run.js';
import { copyProject } from '../../../../helpers/project.js';

// The kernels' forward pass replaced tfjs for scoring MLP bundles (mlx serve, predict, evaluate): on the
// shipped penguins example, every prediction must stay what tfjs answered for the same bundle.
const TOLERANCE = 1e-6;
const logger = silentLogger();
let root: string;
let bundleDir: string;
let rows: Row[];

beforeAll(async () => {
  root = copyProject('mlx-kernel-example-');
  const { config } = await resolveConfig({
    cwd: root,
    env: {},
    overrides: ['train.epochs=30', 'train.backend=wasm'],
  });
  await prepareData({ root, config, logger });
  ({ bundleDir } = await trainModel({ root, config, logger }));
  const splits = await loadSplits({ root, config });
  rows = [splits.train, splits.val, splits.test].flatMap((t) => t.objects() as Row[]);
}, 180_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** tfjs (wasm backend) scoring the same bundle, through the same Predictor (encode, decode). */
async function tfjsPredictor(dir: string) {
  const { tf } = await loadTf('wasm');
  const saved = {
    modelJson: JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8')) as Record<string, unknown>,
    weights: new Uint8Array(readFileSync(path.join(dir, 'weights.bin'))),
  };
  return predictorFor(tfjsScorer(tf, await deserializeModel(tf, saved)), loadBundle(dir), 'onehot');
}

type Classified = Extract<Prediction, { label: string }>;

describe('the kernels scorer on the shipped penguins example', () => {
  it('given a trained bundle, when every example row is predicted, then labels are tfjs labels and probabilities within 1e-6', async () => {
    const kernels = await createPredictor(bundleDir);
    const reference = await tfjsPredictor(bundleDir);
    expect(rows.length).toBeGreaterThan(300);

    const ours = kernels.predict(rows) as Classified[];
    const theirs = reference.predict(rows) as Classified[];
    expect(ours).toHaveLength(theirs.length);
    let worst = 0;
    theirs.forEach((want, i) => {
      const got = ours[i] as Classified;
      expect(got.label, `row ${i}`).toBe(want.label);
      expect(Object.keys(got.probabilities).sort()).toEqual(Object.keys(want.probabilities).sort());
      for (const [cls, p] of Object.entries(want.probabilities))
        worst = Math.max(worst, Math.abs((got.probabilities[cls] as number) - p));
    });
    expect(worst).toBeLessThanOrEqual(TOLERANCE);
    // The rows scored one at a time (a micro-batch of 1, as under load) answer the same.
    for (const i of [0, 1, 100, rows.length - 1]) {
      const single = kernels.predict([rows[i] as Row])[0] as Classified;
      expect(single).toEqual(ours[i]);
    }
    kernels.dispose();
    reference.dispose();
  });

  it('given the bundle, when the columnar path scores the example, then its outputs are tfjs outputs within 1e-6', async () => {
    const kernels = await createPredictor(bundleDir);
    const reference = await tfjsPredictor(bundleDir);
    const names = Object.keys(rows[0] ?? {});
    const columns = Object.fromEntries(names.map((n) => [n, rows.map((r) => r[n])]));
    const source = { rows: rows.length, column: (name: string) => columns[name] };
    const ours = kernels.predictColumns(source);
    const theirs = reference.predictColumns(source);
    if (ours.task !== 'classification' || theirs.task !== 'classification') throw new Error('penguins classify');
    expect(ours.classes).toEqual(theirs.classes);
    expect(ours.probabilities.length).toBe(rows.length * ours.classes.length);
    expect(ours.probabilities.length).toBe(theirs.probabilities.length);
    let worst = 0;
    ours.probabilities.forEach((p, i) => {
      worst = Math.max(worst, Math.abs(p - (theirs.probabilities[i] as number)));
    });
    expect(worst).toBeLessThanOrEqual(TOLERANCE);
    kernels.dispose();
    reference.dispose();
  });
});
