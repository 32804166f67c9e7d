import { describe, expect, it } from 'vitest';
import type { ColumnSource, ModelOutputs } from '../../../src/lib/contracts.js';
import { fitBaseline } from '../../../src/lib/evaluate/baseline.js';
import { modelFacts } from '../../../src/lib/evaluate/model-facts.js';
import { permutationImportance } from '../../../src/lib/evaluate/permutation-importance.js';
import { barChart } from '../../../src/lib/evaluate/report/bar-chart.js';
import { renderReport } from '../../../src/lib/evaluate/report/html.js';
import { scorePredictions } from '../../../src/lib/evaluate/score.js';
import { mulberry32 } from '../../../src/lib/random.js';

/** n rows: `signal` drives the target, `noise` does not. */
function data(n: number) {
  const random = mulberry32(3);
  const signal = Array.from({ length: n }, () => random() * 10);
  const noise = Array.from({ length: n }, () => random() * 10);
  const source: ColumnSource = {
    rows: n,
    column: (name) => (name === 'signal' ? signal : name === 'noise' ? noise : undefined),
  };
  return { source, yTrue: signal.map((v) => 2 * v) };
}

/** A regression "model" that reads only `signal` (and counts the rows it scored). */
function regressor() {
  const calls: number[] = [];
  return {
    calls,
    predict(source: ColumnSource): ModelOutputs {
      calls.push(source.rows);
      const s = source.column('signal') as number[];
      return { task: 'regression', values: Float64Array.from(s, (v) => 2 * v) };
    },
  };
}

describe('permutation importance', () => {
  it('given a model that reads one feature, then shuffling it raises the loss and shuffling the other changes nothing', () => {
    const { source, yTrue } = data(300);
    const model = regressor();
    const result = permutationImportance({
      ...model,
      source,
      features: ['signal', 'noise'],
      yTrue,
      split: 'test',
      seed: 1,
    });
    expect(result).toMatchObject({ metric: 'rmse', split: 'test', rows: 300, repeats: 5, score: 0 });
    const [signal, noise] = result?.features ?? [];
    expect(signal?.name).toBe('signal');
    expect(signal?.mean).toBeGreaterThan(3);
    expect(noise).toEqual({ name: 'noise', mean: 0, std: 0 });
  });

  it('is deterministic for a seed, and another seed shuffles differently', () => {
    const { source, yTrue } = data(200);
    const run = (seed: number) =>
      permutationImportance({ ...regressor(), source, features: ['signal'], yTrue, split: 'test', seed });
    expect(run(5)).toEqual(run(5));
    expect(run(6)?.features[0]?.mean).not.toBe(run(5)?.features[0]?.mean);
  });

  it('bounds its cost: a seeded sample of maxRows rows, and fewer repeats when the budget is small', () => {
    const { source, yTrue } = data(5000);
    const model = regressor();
    const result = permutationImportance({
      ...model,
      source,
      features: ['signal', 'noise'],
      yTrue,
      split: 'test',
      seed: 2,
      maxRows: 400,
      budget: 1700,
    });
    expect(result).toMatchObject({ rows: 400, repeats: 2 });
    // Once as it is, then features × repeats shuffled copies, every call on the sample only.
    expect(model.calls).toEqual([400, 400, 400, 400, 400]);
  });

  it('classification: the increase of the log-loss; nothing to do without rows or known features', () => {
    const source: ColumnSource = { rows: 4, column: (n) => (n === 'a' ? [0, 1, 0, 1] : undefined) };
    const predict = (s: ColumnSource): ModelOutputs => {
      const a = s.column('a') as number[];
      return {
        task: 'classification',
        classes: ['x', 'y'],
        probabilities: Float64Array.from(a.flatMap((v) => (v ? [0.1, 0.9] : [0.9, 0.1]))),
      };
    };
    const result = permutationImportance({
      predict,
      source,
      features: ['a', 'missing'],
      yTrue: [0, 1, 0, 1],
      split: 'val',
      seed: 1,
    });
    expect(result?.metric).toBe('log_loss');
    expect(result?.features.map((f) => f.name)).toEqual(['a']);
    expect(result?.features[0]?.mean).toBeGreaterThanOrEqual(0);
    expect(
      permutationImportance({
        predict,
        source: { rows: 0, column: () => [] },
        features: ['a'],
        yTrue: [],
        split: 'test',
        seed: 1,
      }),
    ).toBeNull();
  });
});

describe('importance in the report', () => {
  const metrics = {
    forest: { iterations: 10, trees: 30, leaves: 120, max_depth: 5, best_iteration: 8 },
    feature_importance: {
      type: 'gain',
      features: [
        { name: 'a', gain: 3, share: 0.75, splits: 4 },
        { name: 'b', gain: 1, share: 0.25, splits: 2 },
      ],
    },
    permutation_importance: {
      metric: 'rmse',
      split: 'test',
      rows: 10,
      repeats: 5,
      seed: 1,
      score: 1,
      features: [
        { name: 'a', mean: 0.5, std: 0.1 },
        { name: 'b', mean: -0.01, std: 0.02 },
      ],
    },
  };

  it('reads the facts of a bundle, and nothing from a bundle without them', () => {
    const facts = modelFacts(metrics);
    expect(facts.forest).toEqual({ iterations: 10, trees: 30, leaves: 120, maxDepth: 5, bestIteration: 8 });
    expect(facts.gain?.map((g) => g.name)).toEqual(['a', 'b']);
    expect(facts.permutation?.metric).toBe('rmse');
    expect(modelFacts({ history: [] })).toEqual({ forest: null, gain: null, permutation: null });
  });

  it('draws one bar per feature, largest first, negative values left of the axis', () => {
    const svg = barChart(
      't',
      [
        { label: 'small', value: -0.5 },
        { label: 'big', value: 2, spread: 0.3 },
      ],
      { xTitle: 'x' },
    );
    expect(svg.indexOf('>big<')).toBeLessThan(svg.indexOf('>small<'));
    expect(svg.match(/<rect /g)).toHaveLength(2);
    expect(barChart('t', [], { xTitle: 'x' })).toContain('no data');
  });

  it('given a forest, the report shows its size, both importances, and learning curves per iteration', () => {
    const scored = scorePredictions({
      task: 'regression',
      yTrue: [1, 2],
      output: [1, 2],
      labels: [],
      baseline: fitBaseline([1, 2], 0),
    });
    const html = renderReport({
      title: 'T',
      model: { name: 'm', version: 1, runId: 'r', createdAt: 'now' },
      split: 'test split',
      scored,
      history: [
        { epoch: 1, loss: 2, val_loss: 3 },
        { epoch: 2, loss: 1, val_loss: 2 },
      ],
      facts: modelFacts(metrics),
    });
    expect(html).toContain('<td>30</td><td>120</td>');
    expect(html).toContain('Permutation importance (test split, 10 rows, 5 shuffles)');
    expect(html).toContain('Feature importance (total split gain)');
    expect(html).toContain('>iteration</text>');
    expect(html.match(/<svg /g)).toHaveLength(4); // learning curves, residuals, two importances
  });
});
