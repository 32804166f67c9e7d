import { table } from 'arquero';
import { describe, expect, it } from 'vitest';
import type { ModelOutputs } from '../../../src/lib/contracts.js';
import { csvField } from '../../../src/lib/data/write-rows.js';
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
    // Then each line is the input text, the most probable class (first on ties) quoted as CSV, and String(p)
    const expected = lines.map((line, i) => {
      const p = [probabilities[2 * i] as number, probabilities[2 * i + 1] as number];
      const label = classes[(p[1] as number) > (p[0] as number) ? 1 : 0] as string;
      return `${line},${csvField(label)},${String(p[0])},${String(p[1])}\n`;
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
