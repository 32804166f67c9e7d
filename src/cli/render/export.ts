import type { ExportModelResult } from '../../lib/workflows/export.js';
import { table } from './table.js';

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

/** `mlx models export`: what was written, and for ONNX the graph's inputs and outputs. */
export function renderExport(result: ExportModelResult): string {
  const { model } = result;
  const version = model.version === null ? model.runId : `v${model.version}`;
  const head = `${model.name} ${version} → ${result.output} (${result.format}, ${result.files.length} file${result.files.length === 1 ? '' : 's'}, ${kb(result.bytes)})`;
  if (result.format === 'web') return `${head}\nOpen ${result.output}/index.html in a browser: it predicts offline.`;
  const rows = [
    ...(result.inputs ?? []).map((t) => ['input', t.name, t.type, `[${t.shape.join(', ')}]`]),
    ...(result.outputs ?? []).map((t) => ['output', t.name, t.type, `[${t.shape.join(', ')}]`]),
  ];
  return `${head}\n${table(['', 'name', 'type', 'shape'], rows)}`;
}
