import { describe, expect, it } from 'vitest';
import { GateFailedError, UsageError } from '../../../src/lib/errors.js';
import { fitBaseline } from '../../../src/lib/evaluate/baseline.js';
import { checkGates, enforceGates, parseGates } from '../../../src/lib/evaluate/gates.js';
import { higherIsBetter } from '../../../src/lib/evaluate/metrics/index.js';
import { renderReport } from '../../../src/lib/evaluate/report/html.js';
import { esc, fmt } from '../../../src/lib/evaluate/report/svg.js';
import { scalarMetrics, scorePredictions } from '../../../src/lib/evaluate/score.js';

const model = { name: 'm', version: 2, runId: 'r', createdAt: '2026-01-01' };

describe('gates', () => {
  it('parses METRIC=VALUE over the config gates', () => {
    expect(parseGates(['accuracy=0.95', 'rmse=3.3'], { macro_f1: 0.5 })).toEqual({
      macro_f1: 0.5,
      accuracy: 0.95,
      rmse: 3.3,
    });
    expect(() => parseGates(['accuracy>0.9'])).toThrow(UsageError);
  });

  it('higher-is-better metrics must reach the threshold, errors and losses must not exceed it', () => {
    const results = checkGates({ accuracy: 0.95, rmse: 3 }, { accuracy: 0.96, rmse: 3.5 });
    expect(results.map((r) => r.passed)).toEqual([true, false]);
    expect(() => enforceGates(results)).toThrow(GateFailedError);
    expect(() => enforceGates(results)).toThrow(/rmse = 3.5000 \(needs ≤ 3\)/);
    expect(() => enforceGates(results.slice(0, 1))).not.toThrow();
    expect(() => checkGates({ nope: 1 }, { accuracy: 1 })).toThrow(/no such metric/);
    expect(higherIsBetter('log_loss')).toBe(false);
  });
});

describe('scorePredictions + report', () => {
  it('classification: metrics, majority baseline, one ROC curve per class; HTML with inline SVG', () => {
    const scored = scorePredictions({
      task: 'classification',
      yTrue: [0, 1, 2, 2],
      output: [0.8, 0.1, 0.1, 0.2, 0.7, 0.1, 0.1, 0.1, 0.8, 0.3, 0.3, 0.4],
      labels: ['a', 'b', '<c>'],
      baseline: fitBaseline([2, 2, 1, 0], 3),
    });
    expect(scalarMetrics(scored.metrics).accuracy).toBe(1);
    expect(scalarMetrics(scored.baseline).accuracy).toBe(0.5);
    expect(scored.roc).toHaveLength(3);
    const html = renderReport({
      title: 'T',
      model,
      split: 'test split',
      scored,
      history: [
        { epoch: 1, loss: 1, val_loss: 2 },
        { epoch: 2, loss: 0.5, val_loss: 1 },
      ],
    });
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.match(/<svg /g)).toHaveLength(3); // learning curves, confusion matrix, ROC
    expect(html).toContain('&#60;c&#62;');
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
  });

  it('regression: RMSE vs the mean baseline and a residual plot', () => {
    const scored = scorePredictions({
      task: 'regression',
      yTrue: [1, 2, 3],
      output: [1, 2, 4],
      labels: [],
      baseline: fitBaseline([2, 2], 0),
    });
    expect(scalarMetrics(scored.metrics).rmse).toBeCloseTo(Math.sqrt(1 / 3), 12);
    expect(scalarMetrics(scored.baseline).rmse).toBeCloseTo(Math.sqrt(2 / 3), 12);
    expect(scored.residuals).toEqual([
      { x: 1, y: 0 },
      { x: 2, y: 0 },
      { x: 4, y: -1 },
    ]);
    const html = renderReport({ title: 'T', model: { ...model, version: null }, split: 'f.csv', scored, history: [] });
    expect(html).toContain('Residuals vs predicted');
    expect(html).toContain('baseline (mean)');
  });

  it('formats numbers and escapes text', () => {
    expect(fmt(0.123456)).toBe('0.123');
    expect(fmt(123456)).toBe('1.23e+5');
    expect(esc('<a href="x">')).toBe('&#60;a href=&#34;x&#34;&#62;');
  });
});
