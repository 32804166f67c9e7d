import { table } from 'arquero';
import { describe, expect, it } from 'vitest';
import type { ModelOutputs } from '../../../src/lib/contracts.js';
import { csvField } from '../../../src/lib/data/write-rows.js';
import { mulberry32 } from '../../../src/lib/random.js';
import { predictionFormatter } from '../../../src/lib/workflows/predict-format.js';
import { memorySink } from '../../../src/lib/workflows/predict-sink.js';

/** The CSV `predictionFormatter` writes for one chunk, through the sink `mlx predict` keeps in memory. */
function formatted(t: ReturnType<typeof table>, outputs: ModelOutputs, lines?: string[]): string {
  const sink = memorySink();
  predictionFormatter('csv').format(t, outputs, sink.push, lines);
  return sink.kept() ?? '';
}

describe('CSV rows written as bytes', () => {
  it('are the input text, then the label and the probabilities as text: non-ASCII and quoted fields kept', () => {
    // Given rows whose text holds non-ASCII characters (one of them outside the BMP) and classes needing quotes
    const cities = ['Zürich', 'São Paulo', '東京', 'x😀y'];
    const t = table({ city: cities, n: [1, 2, 3, 4] });
    const lines = cities.map((c, i) => `${c},${i + 1}`);
    const classes = ['a,b', 'Genève "centre"'];
    const probabilities = Float32Array.from([0.25, 0.75, 0.9, 0.1, 1 / 3, 2 / 3, 0.5, 0.5]);
    // When formatted from the file's lines
    const text = formatted(t, { task: 'classification', classes, probabilities }, lines);
    // Then each line is the input text, the most probable class (first on ties) quoted as CSV, and the
    // float32 probabilities' shortest text (1/3 as 0.33333334, not its double's 0.3333333432674408)
    const texts = ['0.25', '0.75', '0.9', '0.1', '0.33333334', '0.6666667', '0.5', '0.5'];
    const expected = lines.map((line, i) => {
      const p = [probabilities[2 * i] as number, probabilities[2 * i + 1] as number];
      const label = classes[(p[1] as number) > (p[0] as number) ? 1 : 0] as string;
      return `${line},${csvField(label)},${texts[2 * i]},${texts[2 * i + 1]}\n`;
    });
    const header = ['city', 'n', 'prediction', ...classes.map((c) => `probability_${c}`)].map(csvField).join(',');
    expect(text).toBe(`${header}\n${expected.join('')}`);
  });

  it('regression values, rows longer than a block, and rows from the typed values (no lines) in the same bytes', () => {
    // Given a row whose text is longer than the 64 KiB block, a non-finite value (an empty field) and no lines
    const long = 'é'.repeat(40_000);
    const t = table({ s: [long, 'b', ''], v: [1, 2, 3] });
    const values = Float64Array.from([1.5, -0.1, Number.NaN]);
    // When formatted with and without the file's lines
    const fromLines = formatted(t, { task: 'regression', values }, [`${long},1`, 'b,2', ',3']);
    const fromValues = formatted(t, { task: 'regression', values });
    // Then both are the text the fields give, the value last (empty when not finite)
    const expected = `s,v,prediction\n${long},1,1.5\nb,2,-0.1\n,3,\n`;
    expect(fromLines).toBe(expected);
    expect(fromValues).toBe(expected);
  });
});

describe('float32 probabilities as text', () => {
  it('are the shortest decimals that read back to the same float32, never longer than String()', () => {
    // Given float32 values over the whole range a probability takes, and some outside it
    const rng = mulberry32(5);
    const special = [0, 1, 0.5, 0.1, 1e-6, 9.99e-7, 1e-7, 1e-30, 2 ** -149, 0.9999999, 123456.79, 3e15, -0.25, -1e-8];
    const values = Float32Array.from([
      ...special,
      ...Array.from({ length: 20_000 }, () => rng() * 2 ** -Math.floor(rng() * 40)),
    ]);
    const n = values.length;
    const t = table({ i: Array.from({ length: n }, (_, i) => i) });
    // When written as a regressor's values would be if they were float32 (one per row)
    const text = formatted(t, { task: 'classification', classes: ['only'], probabilities: values });
    const fields = text
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',')[2] as string);
    // Then each reads back (as a double rounded to float32) to its value, in at most 9 significant digits
    expect(fields).toHaveLength(n);
    fields.forEach((f, i) => {
      const v = values[i] as number;
      expect(Math.fround(Number(f)), f).toBe(v);
      expect(f.length).toBeLessThanOrEqual(String(v).length);
      expect(
        f
          .replace(/e.*$/, '')
          .replace(/^[-0.]+/, '')
          .replace('.', '').length,
        f,
      ).toBeLessThanOrEqual(9);
    });
    // and no shorter text would: the first values' texts are those of numpy's float32 repr
    expect(fields.slice(0, special.length)).toEqual([
      '0',
      '1',
      '0.5',
      '0.1',
      '1e-6', // the float32 nearest 1e-6 is just below it
      '9.99e-7',
      '1e-7',
      '1e-30',
      '1e-45',
      '0.9999999',
      '123456.79',
      '3e+15',
      '-0.25',
      '-1e-8',
    ]);
  });

  it('are written the same way in NDJSON', () => {
    const sink = memorySink();
    const probabilities = Float32Array.of(1 / 3, 2 / 3, 6.4e-10, 1 - 6.4e-10);
    predictionFormatter('ndjson').format(
      table({ i: [0, 1] }),
      { task: 'classification', classes: ['a', 'b'], probabilities },
      sink.push,
    );
    expect(sink.kept()).toBe(
      '{"i":0,"prediction":"b","probability_a":0.33333334,"probability_b":0.6666667}\n' +
        '{"i":1,"prediction":"b","probability_a":6.4e-10,"probability_b":1}\n',
    );
  });

  it('float64 outputs (a regression, a gbdt) keep String()', () => {
    const t = table({ i: [0, 1] });
    const text = formatted(t, { task: 'regression', values: Float64Array.of(0.1 + 0.2, 1 / 3) });
    expect(text).toBe('i,prediction\n0,0.30000000000000004\n1,0.3333333333333333\n');
  });
});
