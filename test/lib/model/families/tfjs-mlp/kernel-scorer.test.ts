import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Task } from '../../../../../src/lib/contracts.js';
import { loadTf } from '../../../../../src/lib/model/families/tfjs-mlp/backend.js';
import { type Activation, buildModel } from '../../../../../src/lib/model/families/tfjs-mlp/build.js';
import { tfjsMlp } from '../../../../../src/lib/model/families/tfjs-mlp/index.js';
import { type SavedModel, serializeModel } from '../../../../../src/lib/model/families/tfjs-mlp/io.js';
import { kernelScorer } from '../../../../../src/lib/model/families/tfjs-mlp/kernel-scorer.js';
import { denseLayers } from '../../../../../src/lib/model/families/tfjs-mlp/mlp-layers.js';
import { scoreModel } from '../../../../../src/lib/model/families/tfjs-mlp/scorer.js';
import { mulberry32 } from '../../../../../src/lib/random.js';
import { layerSpecs, readWeights } from '../../../../../src/lib/train/families/tfjs-mlp/model-layers.js';
import { MlpNetwork } from '../../../../../src/lib/train/families/tfjs-mlp/network.js';

type LayersModel = import('@tensorflow/tfjs').LayersModel;

const INPUTS = 6;

/** Seeded inputs in [-2, 2), a third of them exactly 0 (one-hot-like). */
function rows(n: number, seed: number): Float32Array {
  const rng = mulberry32(seed);
  return Float32Array.from({ length: n * INPUTS }, () => (rng() < 0.33 ? 0 : rng() * 4 - 2));
}

async function model(options: { activation?: Activation; task?: Task; hidden?: number[]; type?: 'mlp' | 'linear' }) {
  const { tf } = await loadTf('wasm');
  const built = buildModel(tf, {
    type: options.type ?? 'mlp',
    hidden: options.hidden ?? [7, 5],
    activation: options.activation ?? 'relu',
    dropout: 0.2,
    inputWidth: INPUTS,
    task: options.task ?? 'classification',
    classes: 3,
    seed: 9,
  });
  return { tf, model: built, saved: await serializeModel(tf, built) };
}

function scorerOf(saved: SavedModel) {
  const layers = denseLayers(saved);
  if (!layers) throw new Error('not a dense MLP');
  return kernelScorer(layers);
}

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('kernelScorer', () => {
  const cases: [string, Parameters<typeof model>[0]][] = [
    ['relu MLP with dropout, softmax', {}],
    ['tanh', { activation: 'tanh' }],
    ['sigmoid', { activation: 'sigmoid' }],
    ['elu', { activation: 'elu' }],
    ['selu', { activation: 'selu' }],
    ['logistic (linear type)', { type: 'linear', hidden: [] }],
    ['regression', { task: 'regression' }],
  ];
  for (const [name, options] of cases) {
    it(`${name}: given a saved tfjs model, then its outputs are tfjs's within float32 rounding`, async () => {
      const { tf, model: built, saved } = await model(options);
      const input = { x: rows(37, 1), rows: 37, width: INPUTS };
      const ours = scorerOf(saved).score(input);
      const theirs = scoreModel(tf, built, input);
      expect(ours).toHaveLength(theirs.length);
      ours.forEach((v, i) => {
        expect(Math.abs(v - (theirs[i] as number))).toBeLessThan(2e-6 * Math.max(1, Math.abs(v)));
      });
      built.dispose();
    });
  }

  it("given the trained network's weights, then the probabilities are the validation pass's bit for bit", async () => {
    const { model: built, saved } = await model({});
    const n = 19;
    const x = rows(n, 2);
    const network = new MlpNetwork({ layers: layerSpecs(built), capacity: n, sparseInput: false, stateSlots: 0 });
    network.setWeights(readWeights(built));
    network.input(n).set(x);
    const logits = network.forward(n, null);
    // The validation pass's softmax (validate.ts): exp(z − max) / Σ in float64.
    const expected = new Float32Array(n * 3);
    for (let r = 0; r < n; r++) {
      const z = Array.from(logits.subarray(r * 3, r * 3 + 3));
      const max = Math.max(...z);
      const sum = z.reduce((s, v) => s + Math.exp(v - max), 0);
      z.forEach((v, c) => {
        expected[r * 3 + c] = Math.exp(v - max) / sum;
      });
    }
    expect(scorerOf(saved).score({ x, rows: n, width: INPUTS })).toEqual(expected);
    built.dispose();
  });

  it("given rows scored together, alone, or across its 2,048-row chunks, then each row's result has the same bits", async () => {
    const { model: built, saved } = await model({ activation: 'tanh' });
    const scorer = scorerOf(saved);
    const n = 2100;
    const x = rows(n, 3);
    const together = scorer.score({ x, rows: n, width: INPUTS });
    for (const r of [0, 1, 5, 2047, 2048, 2099]) {
      const alone = scorer.score({ x: x.subarray(r * INPUTS, (r + 1) * INPUTS), rows: 1, width: INPUTS });
      expect(alone).toEqual(together.subarray(r * 3, r * 3 + 3));
    }
    // float64 rows are rounded to float32 first, as tfjs rounds them.
    expect(scorer.score({ x: Float64Array.from(x.subarray(0, 60)), rows: 10, width: INPUTS })).toEqual(
      together.subarray(0, 30),
    );
    built.dispose();
  });

  it('given subnormal weights (a bundle trained before the kernels flushed them), then it scores as with zeros', () => {
    const tiny = 2 ** -140; // subnormal in float32
    const layer = (inputs: number, units: number, activation: 'relu' | 'linear', kernel: number[], bias: number[]) => ({
      inputs,
      units,
      activation,
      kernel: Float32Array.from(kernel),
      bias: Float32Array.from(bias),
    });
    const withTiny = [
      layer(2, 2, 'relu', [0.5, tiny, -0.25, -tiny], [0.1, tiny]),
      layer(2, 1, 'linear', [1.5, tiny], [0.2]),
    ];
    const withZeros = [layer(2, 2, 'relu', [0.5, 0, -0.25, 0], [0.1, 0]), layer(2, 1, 'linear', [1.5, 0], [0.2])];
    expect(Math.fround(tiny)).toBe(tiny);
    const x = Float32Array.of(1, 2, -3, 0.5, 1e30, -1e30);
    const input = { x, rows: 3, width: 2 };
    expect(kernelScorer(withTiny).score(input)).toEqual(kernelScorer(withZeros).score(input));
    // The caller's arrays are left as they were.
    expect(withTiny[0]?.kernel[1]).toBe(tiny);
  });

  it('refuses rows of the wrong width, and scoring after dispose', async () => {
    const { model: built, saved } = await model({});
    const scorer = scorerOf(saved);
    expect(() => scorer.score({ x: new Float32Array(5), rows: 1, width: 5 })).toThrow(/6 inputs, got 5/);
    scorer.dispose();
    expect(() => scorer.score({ x: rows(1, 1), rows: 1, width: INPUTS })).toThrow(/after dispose/);
    built.dispose();
  });
});

describe('denseLayers and the family loader', () => {
  /** A Sequential the kernels do not cover: a softmax before the last layer. */
  async function hiddenSoftmax(): Promise<{ model: LayersModel; saved: SavedModel }> {
    const { tf } = await loadTf('wasm');
    const m = tf.sequential();
    m.add(tf.layers.dense({ units: 4, activation: 'softmax', inputShape: [INPUTS], name: 'a' }));
    m.add(tf.layers.dense({ units: 2, activation: 'linear', name: 'b' }));
    return { model: m, saved: await serializeModel(tf, m) };
  }

  it('reads a dense MLP (dropout skipped) and gives up on anything else', async () => {
    const { model: built, saved } = await model({});
    expect(denseLayers(saved)?.map((l) => [l.inputs, l.units, l.activation])).toEqual([
      [6, 7, 'relu'],
      [7, 5, 'relu'],
      [5, 3, 'softmax'],
    ]);
    built.dispose();
    const other = await hiddenSoftmax();
    expect(denseLayers(other.saved)).toBeNull();
    const noWeights = { ...saved, weights: saved.weights.subarray(0, 10) };
    expect(denseLayers(noWeights)).toBeNull();
    expect(denseLayers({ ...saved, modelJson: { ...saved.modelJson, modelTopology: { class_name: 'Model' } } })).toBe(
      null,
    );
    other.model.dispose();
  });

  it('given a bundle the kernels do not cover, when loaded, then tfjs scores it', async () => {
    const { tf } = await loadTf('wasm');
    const { model: m, saved } = await hiddenSoftmax();
    dir = mkdtempSync(path.join(os.tmpdir(), 'mlx-kernel-scorer-'));
    writeFileSync(path.join(dir, 'model.json'), JSON.stringify(saved.modelJson));
    writeFileSync(path.join(dir, 'weights.bin'), saved.weights);
    const scorer = await tfjsMlp.load(dir, { backend: 'wasm' });
    const input = { x: rows(3, 4), rows: 3, width: INPUTS };
    expect(Array.from(scorer.score(input))).toEqual(Array.from(scoreModel(tf, m, input)));
    scorer.dispose();
    m.dispose();
  });
});
