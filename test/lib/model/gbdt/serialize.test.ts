import { describe, expect, it } from 'vitest';
import { InputError } from '../../../../src/lib/errors.js';
import { deserializeGbdtModel, predictRaw, serializeGbdtModel } from '../../../../src/lib/model/families/gbdt/index.js';
import { handModel } from './model.js';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('serializeGbdtModel / deserializeGbdtModel', () => {
  it('round-trips a model, +Infinity thresholds and shortest doubles included', () => {
    // Given a model with a split-on-missing threshold (+Infinity) and awkward doubles
    const model = handModel();
    const tree = model.trees[0];
    if (!tree) throw new Error('hand model has trees');
    tree.threshold[0] = Number.POSITIVE_INFINITY;
    tree.value[1] = 0.1 + 0.2;
    tree.value[3] = -5e-324;
    // When written and read back
    const bytes = serializeGbdtModel(model);
    const back = deserializeGbdtModel(bytes);
    // Then it is equal, field by field, and predicts the same
    expect(back).toEqual(model);
    expect(text(bytes)).toContain('"threshold":[1e999,');
    const x = Float64Array.of(1e308, 1, Number.NaN, 0);
    expect(Array.from(predictRaw(back, x, 2, 2))).toEqual(Array.from(predictRaw(model, x, 2, 2)));
  });

  it('writes the same bytes for the same model, whatever the key order of the object', () => {
    const model = handModel();
    const reordered = Object.fromEntries(Object.entries(model).reverse()) as typeof model;
    expect(text(serializeGbdtModel(reordered))).toBe(text(serializeGbdtModel(model)));
    expect(text(serializeGbdtModel(model)).split('\n')).toHaveLength(4 + model.trees.length);
  });

  it('refuses anything that is not a well-formed model, with MLX_BUNDLE_CORRUPT', () => {
    const good = JSON.parse(text(serializeGbdtModel(handModel()))) as Record<string, unknown>;
    const tree = () => (good.trees as Record<string, number[]>[])[0] as Record<string, number[]>;
    const bad: [string, (m: Record<string, unknown>) => unknown, RegExp][] = [
      ['not JSON', () => '{', /not valid JSON/],
      ['another format', (m) => ({ ...m, format: 'xgboost' }), /not an mlx-gbdt model/],
      ['a newer version', (m) => ({ ...m, version: 2 }), /format version 2; this mlx reads 1/],
      [
        'a cycle',
        (m) => ({ ...m, trees: [{ ...tree(), left: [0, -1, 3, -1, -1] }, ...(m.trees as unknown[]).slice(1)] }),
        /invalid child/,
      ],
      [
        'a missing leaf value',
        (m) => ({ ...m, trees: [{ ...tree(), value: [0, null, 0, 0, 0] }, ...(m.trees as unknown[]).slice(1)] }),
        /value is not a list of numbers/,
      ],
      [
        'an unknown feature',
        (m) => ({ ...m, trees: [{ ...tree(), feature: [5, -1, 1, -1, -1] }, ...(m.trees as unknown[]).slice(1)] }),
        /splits on no known feature/,
      ],
      [
        'a numeric split on a categorical feature',
        (m) => ({
          ...m,
          trees: [{ ...tree(), categorical: [-1, -1, -1, -1, -1] }, ...(m.trees as unknown[]).slice(1)],
        }),
        /does not match the kind/,
      ],
      [
        'an infinite leaf value (what a diverged fit would write)',
        (m) =>
          JSON.stringify({
            ...m,
            trees: [{ ...tree(), value: [0, 12345.5, 0, 0, 0] }, ...(m.trees as unknown[]).slice(1)],
          }).replace('12345.5', '1e999'),
        /node 1 has a non-finite value/,
      ],
      ['too few trees', (m) => ({ ...m, iterations: 3 }), /expected 3 trees/],
      ['task and loss apart', (m) => ({ ...m, loss: 'squared_error' }), /task and loss do not match/],
    ];
    for (const [name, mutate, message] of bad) {
      const mutated = mutate(structuredClone(good));
      const input = typeof mutated === 'string' ? mutated : JSON.stringify(mutated);
      let error: unknown;
      try {
        deserializeGbdtModel(input, 'bundle/model.gbdt.json');
      } catch (e) {
        error = e;
      }
      expect(error, name).toBeInstanceOf(InputError);
      expect((error as InputError).code, name).toBe('MLX_BUNDLE_CORRUPT');
      expect((error as InputError).message, name).toMatch(message);
    }
  });
});
