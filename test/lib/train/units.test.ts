import { describe, expect, it } from 'vitest';
import { epochProgress as createProgress, describeEpoch, etaSeconds } from '../../../src/cli/progress.js';
import { defaultConfig } from '../../../src/lib/config/index.js';
import { ConfigError } from '../../../src/lib/errors.js';
import { silentLogger } from '../../../src/lib/logging.js';
import { mulberry32, permutation } from '../../../src/lib/random.js';
import { classWeights } from '../../../src/lib/train/class-weights.js';
import { EarlyStopping } from '../../../src/lib/train/early-stopping.js';
import { TFJS_TRAIN_DEFAULTS, trainSettings } from '../../../src/lib/train/families/tfjs-mlp/settings.js';

describe('rng', () => {
  it('is a reproducible stream in [0, 1)', () => {
    const a = mulberry32(1);
    const b = mulberry32(1);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(mulberry32(2)()).not.toBe(mulberry32(1)());
  });

  it('permutation holds every index once', () => {
    const p = Array.from(permutation(100, mulberry32(3)));
    expect([...p].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(p).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});

describe('EarlyStopping', () => {
  it('minimises losses: stops after patience epochs without improvement beyond min_delta', () => {
    const s = new EarlyStopping('val_loss', 2, 0.01);
    expect(s.update(1, 1.0)).toBe(true);
    expect(s.update(2, 0.995)).toBe(false); // within min_delta
    expect(s.update(3, 0.5)).toBe(true);
    expect(s.update(4, 0.6)).toBe(false);
    expect(s.update(5, 0.6)).toBe(false);
    expect(s.shouldStop()).toBe(false);
    expect(s.update(6, 0.6)).toBe(false);
    expect(s.shouldStop()).toBe(true);
    expect(s.bestEpoch).toBe(3);
    expect(s.best).toBe(0.5);
  });

  it('maximises accuracy; rejects metrics it cannot monitor', () => {
    const s = new EarlyStopping('val_accuracy', 0, 0);
    expect(s.mode).toBe('max');
    s.update(1, 0.8);
    expect(s.update(2, 0.9)).toBe(true);
    expect(() => new EarlyStopping('val_banana', 1, 0)).toThrow(ConfigError);
  });
});

describe('class weights', () => {
  it("'balanced' = n / (k · count)", () => {
    const w = classWeights('balanced', ['a', 'b'], [0, 0, 0, 1]);
    expect(w?.[0]).toBeCloseTo(4 / 6, 6);
    expect(w?.[1]).toBe(2);
  });
  it('a map by label, 1 for classes not named; unknown labels are an error', () => {
    expect(Array.from(classWeights({ b: 3 }, ['a', 'b'], []) ?? [])).toEqual([1, 3]);
    expect(() => classWeights({ z: 3 }, ['a', 'b'], [])).toThrow(/unknown classes: z/);
    expect(classWeights(null, ['a'], [0])).toBeNull();
  });
  it('trainSettings maps the config: the seed given, the family defaults where train.* is auto', () => {
    const config = defaultConfig();
    const empty = { x: new Float32Array(0), y: new Float32Array(0), rows: 0, width: 0 };
    const s = trainSettings(config, 'classification', ['a', 'b', 'c'], empty, 7);
    const { lr, epochs } = TFJS_TRAIN_DEFAULTS.mlp;
    expect(s).toMatchObject({ classes: 3, lr, epochs, seed: 7, classWeights: null, l2: 0.01, lrPlateau: 10 });
    expect(s.earlyStopping).toMatchObject({ metric: 'val_loss', minDelta: 0 });
    // A linear model: its own step and length, its convex loss run to convergence, scikit-learn's penalty.
    const linear = { ...config, model: { ...config.model, type: 'linear' as const } } as typeof config;
    const rows = { ...empty, rows: 400 };
    expect(trainSettings(linear, 'regression', [], rows, 7)).toMatchObject({
      lr: TFJS_TRAIN_DEFAULTS.linear.lr,
      epochs: TFJS_TRAIN_DEFAULTS.linear.epochs,
      l2: 1 / 400,
      earlyStopping: { metric: 'loss', minDelta: 1e-4 },
    });
    expect(trainSettings(linear, 'classification', ['a', 'b', 'c'], rows, 7).l2).toBe(1 / 800);
    const given = { ...config, train: { ...config.train, lr: 0.2, epochs: 3 } };
    expect(trainSettings(given, 'regression', [], empty, 7)).toMatchObject({ lr: 0.2, epochs: 3 });
  });
});

describe('progress', () => {
  const stats = { epoch: 5, epochs: 10, loss: 0.5, val: { val_loss: 0.25 }, elapsedMs: 5000, improved: true };
  it('describes an epoch and estimates the time left', () => {
    expect(describeEpoch(stats)).toBe('epoch 5/10 loss 0.5000 val_loss 0.2500');
    expect(etaSeconds(stats)).toBe(5);
  });
  it('draws a bar on a TTY and ends the line', () => {
    let out = '';
    const write = (s: string) => {
      out += s;
      return true;
    };
    const stream = { isTTY: true, write } as unknown as NodeJS.WriteStream;
    const p = createProgress({ stream, logger: silentLogger() });
    p.onEpoch(stats);
    p.done();
    expect(out).toMatch(/^\r█{12}░{12} epoch 5\/10 .* ETA 5s/);
    expect(out.endsWith('\n')).toBe(true);
  });
});
