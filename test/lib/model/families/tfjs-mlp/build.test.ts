import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../../src/lib/errors.js';
import { hasTfjsNode, loadTf } from '../../../../../src/lib/model/families/tfjs-mlp/backend.js';
import { buildModel, outputUnits } from '../../../../../src/lib/model/families/tfjs-mlp/build.js';

describe('loadTf', () => {
  it('initialises the requested backend without printing the tfjs-node banner', async () => {
    const warnings: string[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
    try {
      const cpu = await loadTf('cpu');
      expect(cpu.backend).toBe('cpu');
      expect(cpu.tf.getBackend()).toBe('cpu');
      const wasm = await loadTf('wasm');
      expect(wasm.tf.getBackend()).toBe('wasm');
    } finally {
      console.warn = original;
    }
    expect(warnings.join('\n')).not.toMatch(/tfjs-node/);
  });

  it.skipIf(hasTfjsNode())("'tensorflow' without @tensorflow/tfjs-node is a config error (exit 2)", async () => {
    await expect(loadTf('tensorflow')).rejects.toBeInstanceOf(ConfigError);
    await expect(loadTf('tensorflow')).rejects.toThrow(/tfjs-node is not installed/);
  });
});

describe('buildModel', () => {
  it('MLP: dense → dropout per hidden size, softmax output per class', async () => {
    const { tf } = await loadTf('wasm');
    const model = buildModel(tf, {
      type: 'mlp',
      hidden: [8, 4],
      activation: 'tanh',
      dropout: 0.2,
      inputWidth: 5,
      task: 'classification',
      classes: 3,
      seed: 1,
    });
    expect(model.layers.map((l) => l.getClassName())).toEqual(['Dense', 'Dropout', 'Dense', 'Dropout', 'Dense']);
    expect(model.outputs[0]?.shape).toEqual([null, 3]);
    const sums = tf.tidy(
      () => (model.predict(tf.ones([2, 5])) as import('@tensorflow/tfjs').Tensor).sum(1).arraySync() as number[],
    );
    for (const s of sums) expect(s).toBeCloseTo(1, 5);
    expect(model.countParams()).toBe(5 * 8 + 8 + 8 * 4 + 4 + 4 * 3 + 3);
    model.dispose();
  });

  it('linear: no hidden layer, one linear unit for regression', async () => {
    const { tf } = await loadTf('wasm');
    const model = buildModel(tf, {
      type: 'linear',
      hidden: [64],
      activation: 'relu',
      dropout: 0.5,
      inputWidth: 3,
      task: 'regression',
      classes: 0,
      seed: 1,
    });
    expect(model.layers.map((l) => l.getClassName())).toEqual(['Dense']);
    expect(model.countParams()).toBe(4);
    expect(outputUnits({ task: 'regression', classes: 0 })).toBe(1);
    model.dispose();
  });

  it('seeded initialisers: same seed, same weights; another seed, other weights', async () => {
    const { tf } = await loadTf('wasm');
    const spec = {
      type: 'mlp' as const,
      hidden: [6],
      activation: 'relu' as const,
      dropout: 0,
      inputWidth: 4,
      task: 'classification' as const,
      classes: 2,
      seed: 5,
    };
    const weights = (seed: number) => {
      const model = buildModel(tf, { ...spec, seed });
      const values = model.getWeights().flatMap((w) => Array.from(w.dataSync()));
      model.dispose();
      return values;
    };
    expect(weights(5)).toEqual(weights(5));
    expect(weights(6)).not.toEqual(weights(5));
  });
});
