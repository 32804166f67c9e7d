import { readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { Prediction, Row } from '../../../../src/lib/contracts.js';
import { type FittedPipeline, transformRows } from '../../../../src/lib/data/index.js';
import { decodeOutputs } from '../../../../src/lib/model/index.js';
import { mulberry32 } from '../../../../src/lib/random.js';
import { mixedPipeline, mixedRows } from './fixtures.js';

interface MlxWeb {
  encode(pipeline: FittedPipeline, rows: readonly Row[]): Float32Array;
  decode(pipeline: FittedPipeline, output: Float32Array, rows: number): Prediction[];
}

/** The browser runtime of `--format web`, evaluated as the page's classic <script> is. */
function loadRuntime(): MlxWeb {
  const file = path.resolve(import.meta.dirname, '../../../../assets/web/mlx-web.js');
  const context = vm.createContext({});
  vm.runInContext(readFileSync(file, 'utf8'), context, { filename: file });
  return (context as { mlxWeb: MlxWeb }).mlxWeb;
}

describe('the browser runtime (assets/web/mlx-web.js)', () => {
  const web = loadRuntime();

  it('given rows of every feature kind, then it encodes them as transformRows does, bit for bit', () => {
    const rows = mixedRows(2000);
    // Values as a form or a file would carry them too: numbers and booleans as text, dates as ISO strings.
    const random = mulberry32(11);
    const texty = rows.map((r) => ({
      ...r,
      x: random() < 0.5 && typeof r.x === 'number' ? ` ${r.x} ` : r.x,
      flag: r.flag === null ? 'NA' : random() < 0.5 ? String(r.flag) : r.flag,
      when: typeof r.when === 'number' && random() < 0.5 ? new Date(r.when).toISOString() : r.when,
    }));
    for (const data of [rows, texty]) {
      const expected = transformRows(mixedPipeline, data, { reportMissing: false }).x;
      expect(Array.from(web.encode(mixedPipeline, data))).toEqual(Array.from(expected));
    }
  });

  it('decodes model outputs as the Predictor does: first most probable class, or the value in target units', () => {
    const classifier: FittedPipeline = {
      ...mixedPipeline,
      target: { name: 'y', task: 'classification', classes: ['a', 'b', 'c'], center: 0, scale: 1 },
    };
    const probs = Float32Array.from([0.2, 0.5, 0.3, 0.4, 0.4, 0.2]);
    expect(web.decode(classifier, probs, 2)).toEqual(decodeOutputs(classifier, probs, 2));
    const regressor: FittedPipeline = {
      ...mixedPipeline,
      target: { name: 'y', task: 'regression', classes: null, center: 20, scale: 7.5 },
    };
    const values = Float32Array.from([0.5, -1.25]);
    expect(web.decode(regressor, values, 2)).toEqual(decodeOutputs(regressor, values, 2));
  });
});
