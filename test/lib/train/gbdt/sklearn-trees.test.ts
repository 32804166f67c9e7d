import { describe, expect, it } from 'vitest';
import { type GbdtTree, predictRaw } from '../../../../src/lib/model/families/gbdt/index.js';
import { fitGbdt, type GbdtColumn } from '../../../../src/lib/train/families/gbdt/index.js';
import { type SklearnNode, sklearnFixture, toNumber } from './helpers.js';

const close = (a: number, b: number, rel = 1e-9) => Math.abs(a - b) <= rel * Math.max(1, Math.abs(b));

function leftCategories(tree: GbdtTree, node: number): number[] {
  const at = (tree.categorical[node] as number) * 8;
  const codes: number[] = [];
  for (let code = 0; code < 256; code++) {
    if ((((tree.bitsets[at + (code >>> 5)] as number) >>> (code & 31)) & 1) === 1) codes.push(code);
  }
  return codes;
}

/** Differences between our stored tree and scikit-learn's nodes (empty when they match). */
function compareTree(ours: GbdtTree, theirs: SklearnNode[], learningRate: number): string[] {
  const problems: string[] = [];
  if (ours.feature.length !== theirs.length) return [`${ours.feature.length} nodes, scikit-learn ${theirs.length}`];
  theirs.forEach((s, i) => {
    const at = `node ${i}`;
    if ((ours.feature[i] as number) < 0 !== s.leaf) problems.push(`${at}: leaf ${s.leaf} expected`);
    if (ours.count[i] !== s.count) problems.push(`${at}: count ${ours.count[i]} vs ${s.count}`);
    if (s.leaf) {
      if (!close(ours.value[i] as number, s.value)) problems.push(`${at}: leaf value ${ours.value[i]} vs ${s.value}`);
      return;
    }
    if (ours.feature[i] !== s.feature) problems.push(`${at}: feature ${ours.feature[i]} vs ${s.feature}`);
    if (ours.left[i] !== s.left || ours.right[i] !== s.right) problems.push(`${at}: children differ`);
    if (Boolean(ours.missingLeft[i]) !== s.missingLeft) problems.push(`${at}: missing direction differs`);
    if (!close(ours.gain[i] as number, s.gain)) problems.push(`${at}: gain ${ours.gain[i]} vs ${s.gain}`);
    if (!close(ours.value[i] as number, s.value * learningRate)) problems.push(`${at}: node value differs`);
    if (s.categorical) {
      const codes = leftCategories(ours, i);
      if (JSON.stringify(codes) !== JSON.stringify(s.leftCategories)) {
        problems.push(`${at}: left categories ${codes} vs ${s.leftCategories}`);
      }
    } else if (ours.threshold[i] !== toNumber(s.threshold)) {
      problems.push(`${at}: threshold ${ours.threshold[i]} vs ${s.threshold}`);
    }
  });
  return problems;
}

describe('trees against scikit-learn HistGradientBoosting', () => {
  for (const c of sklearnFixture().trees) {
    it(`grows scikit-learn's trees and raw scores: ${c.name}`, async () => {
      // Given a small dataset and scikit-learn's fitted trees on it
      const width = c.x[0]?.length ?? 0;
      const columns: GbdtColumn[] = Array.from({ length: width }, (_, f) =>
        c.categorical?.[f] ? { name: `x${f}`, kind: 'categorical' } : { name: `x${f}`, kind: 'numeric' },
      );
      const data = {
        x: Float64Array.from(c.x.flat().map(toNumber)),
        rows: c.x.length,
        width,
        columns,
        y: Float64Array.from(c.y),
        task: c.task,
        classes: c.classes,
        weights: c.weights ? Float64Array.from(c.weights) : null,
      };
      // When we fit with the same parameters
      const result = await fitGbdt(data, { ...c.params, early_stopping: false }, { seed: 0 });
      const model = result.model;
      // Then the baseline, every node and the raw scores match
      expect(model.baseline.map((b, k) => close(b, c.baseline[k] as number, 1e-12))).not.toContain(false);
      expect(model.iterations).toBe(c.trees.length);
      const k = model.treesPerIteration;
      for (const [it, iteration] of c.trees.entries()) {
        for (const [column, nodes] of iteration.entries()) {
          const ours = model.trees[it * k + column] as GbdtTree;
          expect(compareTree(ours, nodes, model.learningRate), `iteration ${it} tree ${column}`).toEqual([]);
        }
      }
      const raw = predictRaw(model, data.x, data.rows, width);
      const worst = Math.max(...c.raw.flatMap((row, r) => row.map((v, j) => Math.abs((raw[r * k + j] as number) - v))));
      expect(worst).toBeLessThan(1e-9);
    });
  }

  it('splits a categorical feature by its categories, with no one-hot encoding', async () => {
    const c = sklearnFixture().trees.find((t) => t.categorical?.some(Boolean));
    expect(c).toBeDefined();
    const categoricalSplits = (c?.trees ?? []).flat(2).filter((n) => n.categorical && !n.leaf);
    expect(categoricalSplits.length).toBeGreaterThan(0);
  });
});
