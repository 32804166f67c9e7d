import { describe, expect, it } from 'vitest';
import {
  featureImportance,
  predictOutputs,
  predictRaw,
  serializeGbdtModel,
  summarizeForest,
} from '../../../../src/lib/model/families/gbdt/index.js';
import { fitGbdt, type GbdtIterationStats } from '../../../../src/lib/train/families/gbdt/index.js';
import { generate, sliceRows } from './helpers.js';

const sha = async (bytes: Uint8Array) => Buffer.from(await crypto.subtle.digest('SHA-256', bytes)).toString('hex');

describe('fitGbdt', () => {
  it('gives byte-identical models for the same data, parameters and seed, with 1 or 2 threads', async () => {
    // Given data large enough that nodes are split between two threads
    const data = generate('binary', 5, 40_000);
    const params = { max_iter: 8, early_stopping: false } as const;
    // When fitted with one thread, two threads, and one thread again
    const one = await fitGbdt(data, { ...params, threads: 1 }, { seed: 9 });
    const two = await fitGbdt(data, { ...params, threads: 2 }, { seed: 9 });
    const again = await fitGbdt(data, { ...params, threads: 1 }, { seed: 9 });
    // Then the worker really ran, and the serialized models are identical to the byte
    expect(one.threads).toBe(1);
    expect(two.threads).toBe(2);
    const hashes = await Promise.all([one, two, again].map((r) => sha(serializeGbdtModel(r.model))));
    expect(new Set(hashes).size).toBe(1);
    expect(two.history.map((h) => h.trainLoss)).toEqual(one.history.map((h) => h.trainLoss));
  });

  it('stops early when the validation loss stops improving, and keeps every tree it built', async () => {
    // Given a regression target that is pure noise: the validation loss cannot improve for long
    const all = generate('regression', 3, 3000);
    const noise = Float64Array.from(all.y, (_, i) => ((i * 7919) % 101) / 100);
    const data = { ...all, y: noise };
    const calls: GbdtIterationStats[] = [];
    // When fitted with a validation split and early stopping on
    const result = await fitGbdt(
      sliceRows(data, 0, 2000),
      { early_stopping: true, n_iter_no_change: 3, learning_rate: 0.3 },
      { seed: 1, val: sliceRows(data, 2000, 3000), onIteration: (s) => calls.push(s) },
    );
    // Then it stopped before max_iter by scikit-learn's rule, on the validation loss
    expect(result.stoppedEarly).toBe(true);
    expect(result.monitor).toBe('val_loss');
    const n = result.history.length;
    expect(n).toBeLessThan(100);
    expect(result.model.iterations).toBe(n);
    const losses = [result.initialLoss.val as number, ...result.history.map((h) => h.valLoss as number)];
    const reference = losses[losses.length - 4] as number;
    for (const later of losses.slice(-3)) expect(later).toBeGreaterThanOrEqual(reference - 1e-7);
    // And the callback saw every iteration, with the best one reported
    expect(calls).toEqual(result.history);
    const best = Math.min(...losses);
    expect(losses[result.bestIteration]).toBe(best);
    expect(calls.every((c, i) => c.iteration === i + 1 && c.elapsedMs >= 0 && c.leaves >= 1)).toBe(true);
  });

  it("turns early stopping on above 10 000 rows with 'auto' (monitoring the training loss without a validation split)", async () => {
    const small = await fitGbdt(generate('binary', 1, 2000), { max_iter: 2 }, { seed: 1 });
    const large = await fitGbdt(generate('binary', 1, 10_001), { max_iter: 2 }, { seed: 1 });
    expect(small.earlyStopping).toBe(false);
    expect(large.earlyStopping).toBe(true);
    expect(large.monitor).toBe('train_loss');
    expect(large.history.every((h) => h.valLoss === undefined)).toBe(true);
  });

  it('stops after the current iteration when the signal aborts, keeping what was built', async () => {
    const controller = new AbortController();
    const result = await fitGbdt(
      generate('binary', 2, 1000),
      { max_iter: 50 },
      {
        seed: 1,
        signal: controller.signal,
        onIteration: (s) => {
          if (s.iteration === 3) controller.abort();
        },
      },
    );
    expect(result.interrupted).toBe(true);
    expect(result.model.iterations).toBe(3);
    expect(result.history).toHaveLength(3);
  });

  it('reports the validation loss of exactly the model it returns', async () => {
    // Given a binary problem with missing values and a categorical feature, and a validation split
    const all = generate('binary', 8, 3000);
    const train = sliceRows(all, 0, 2000);
    const val = sliceRows(all, 2000, 3000);
    const result = await fitGbdt(train, { max_iter: 20 }, { seed: 1, val });
    // When the returned model scores the validation rows
    const p = predictOutputs(result.model, val.x, val.rows, val.width);
    let loss = 0;
    for (let i = 0; i < val.rows; i++) loss -= Math.log(p[i * 2 + (val.y[i] as number)] as number);
    // Then it is the last reported validation loss (training scored the same trees in bin space)
    expect(loss / val.rows).toBeCloseTo(result.history.at(-1)?.valLoss as number, 10);
  });

  it('fits one tree per class per iteration for multiclass, with probabilities that sum to 1', async () => {
    const data = generate('multiclass', 4, 1500);
    const result = await fitGbdt(data, { max_iter: 5 }, { seed: 1 });
    expect(result.model.treesPerIteration).toBe(3);
    expect(result.model.trees).toHaveLength(15);
    const p = predictOutputs(result.model, data.x, 10, data.width);
    for (let i = 0; i < 10; i++)
      expect((p[i * 3] as number) + (p[i * 3 + 1] as number) + (p[i * 3 + 2] as number)).toBeCloseTo(1, 12);
  });

  it('takes sample weights: weighting class 1 up raises its predicted probability', async () => {
    const data = generate('binary', 6, 2000);
    const plain = await fitGbdt(data, { max_iter: 10 }, { seed: 1 });
    const weights = Float64Array.from(data.y, (y) => (y === 1 ? 5 : 1));
    const weighted = await fitGbdt({ ...data, weights }, { max_iter: 10 }, { seed: 1 });
    const mean = (raw: Float64Array) => raw.reduce((a, b) => a + b, 0) / raw.length;
    const a = predictRaw(plain.model, data.x, data.rows, data.width);
    const b = predictRaw(weighted.model, data.x, data.rows, data.width);
    expect(mean(b)).toBeGreaterThan(mean(a) + 0.5);
  });

  it('reports importance by total gain, tree and leaf counts, and a learning curve', async () => {
    // Given a target that depends on x0 most and never on x4
    const data = generate('regression', 2, 2000);
    const result = await fitGbdt(data, { max_iter: 30 }, { seed: 1 });
    const importance = featureImportance(result.model);
    const byName = Object.fromEntries(importance.map((f) => [f.name, f]));
    expect(byName.x0?.gain).toBeGreaterThan(byName.x4?.gain as number);
    expect(importance.reduce((a, f) => a + f.share, 0)).toBeCloseTo(1, 12);
    const summary = summarizeForest(result.model);
    expect(summary).toMatchObject({ iterations: 30, trees: 30 });
    expect(summary.leaves).toBe(result.history.reduce((a, h) => a + h.leaves, 0));
    expect(result.history.at(-1)?.trainLoss).toBeLessThan(result.initialLoss.train);
  });
});
