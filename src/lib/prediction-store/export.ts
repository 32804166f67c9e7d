import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { StoredPrediction } from '../contracts.js';
import type { PredictionQuery, PredictionReader } from './types.js';

export type ExportFormat = 'csv' | 'ndjson';

export interface ExportPredictionsOptions extends PredictionQuery {
  /** An open reader of any backend (the caller closes it). */
  reader: PredictionReader;
  format: ExportFormat;
  out: Writable;
}

export interface ExportPredictionsResult {
  rows: number;
  /** CSV: the header written (inputs as their feature names, outputs as `label`/`proba_<class>` or `value`). */
  columns: string[];
}

const META = ['id', 'time', 'request_id', 'model_name', 'model_version', 'latency_ms'];

/** One CSV cell: quoted when it holds a separator, a quote or a line break. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

function outputColumns(p: StoredPrediction['outputs']): Record<string, unknown> {
  if ('value' in p) return { value: p.value };
  const out: Record<string, unknown> = { label: p.label };
  for (const [cls, prob] of Object.entries(p.probabilities)) out[`proba_${cls}`] = prob;
  return out;
}

function ndjsonLine(r: StoredPrediction): string {
  return `${JSON.stringify({
    id: r.id,
    time: new Date(r.ts).toISOString(),
    request_id: r.requestId,
    model_name: r.modelName,
    model_version: r.modelVersion,
    latency_ms: r.latencyMs,
    inputs: r.inputs,
    outputs: r.outputs,
  })}\n`;
}

async function write(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

/** Streams stored predictions (time order) as CSV or NDJSON; the store may be in use by `mlx serve`. */
export async function exportPredictions(options: ExportPredictionsOptions): Promise<ExportPredictionsResult> {
  const { reader, format, out, ...query } = options;
  let rows = 0;
  if (format === 'ndjson') {
    for await (const r of reader.iterate(query)) {
      await write(out, ndjsonLine(r));
      rows++;
    }
    return { rows, columns: [] };
  }
  // Two passes: the header is the union of every row's features and outputs, in first-seen order.
  const inputs = new Set<string>();
  const outputs = new Set<string>();
  let maxId = 0;
  for await (const r of reader.iterate(query)) {
    for (const key of Object.keys(r.inputs)) inputs.add(key);
    for (const key of Object.keys(outputColumns(r.outputs))) outputs.add(key);
    maxId = Math.max(maxId, r.id);
  }
  const inputKeys = [...inputs];
  const outputKeys = [...outputs];
  const columns = [...META, ...inputKeys, ...outputKeys];
  await write(out, `${columns.map(csvCell).join(',')}\n`);
  for await (const r of reader.iterate(query)) {
    // Rows committed after the first pass are left for the next export (the header would not fit them).
    if (r.id > maxId) continue;
    const outs = outputColumns(r.outputs);
    const cells = [
      r.id,
      new Date(r.ts).toISOString(),
      r.requestId,
      r.modelName,
      r.modelVersion,
      r.latencyMs,
      ...inputKeys.map((k) => r.inputs[k]),
      ...outputKeys.map((k) => outs[k]),
    ];
    await write(out, `${cells.map(csvCell).join(',')}\n`);
    rows++;
  }
  return { rows, columns };
}
