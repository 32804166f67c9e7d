import type { Prediction, Row } from '../contracts.js';

export type OutputFormat = 'csv' | 'ndjson';

/** Input rows joined with their predictions: `prediction` plus `probability_<class>` columns. */
export function predictionRows(inputs: readonly Row[], predictions: readonly Prediction[]): Row[] {
  return inputs.map((row, i) => {
    const p = predictions[i];
    if (!p) return { ...row };
    if ('value' in p) return { ...row, prediction: p.value };
    const probabilities = Object.fromEntries(Object.entries(p.probabilities).map(([k, v]) => [`probability_${k}`, v]));
    return { ...row, prediction: p.label, ...probabilities };
  });
}

/** Rows → CSV (RFC 4180 quoting; header from the first row's keys) or NDJSON. */
export function formatRows(rows: readonly Row[], format: OutputFormat): string {
  if (format === 'ndjson') return rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : '');
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const lines = [columns.map(csvField).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvField(row[c])).join(','));
  return `${lines.join('\n')}\n`;
}

/** A field holding one of these is quoted (RFC 4180). */
const QUOTED = /[",\n\r]/;

/** One CSV field: empty for null/undefined/NaN, quoted when it holds a comma, quote or newline. */
export function csvField(value: unknown): string {
  // Numbers first (most fields): their text never holds a comma, quote or newline.
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'string') return QUOTED.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
  if (value === null || value === undefined) return '';
  const text =
    value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return QUOTED.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The output format from a flag, else the file extension, else CSV. */
export function outputFormat(file: string | undefined, flag: string | undefined): OutputFormat {
  if (flag === 'csv' || flag === 'ndjson') return flag;
  return file && /\.(ndjson|jsonl)$/i.test(file) ? 'ndjson' : 'csv';
}
