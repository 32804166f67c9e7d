import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { MlxConfig } from '../config/index.js';
import { withFileErrors } from '../fs-errors.js';
import type { Logger } from '../logging.js';
import { exportOnnx, exportWeb, loadBundle } from '../model/index.js';
import { resolveModelRef } from '../tracking/refs.js';

/** The formats a model leaves mlx in. */
export const EXPORT_FORMATS = ['onnx', 'web'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportModelOptions {
  root: string;
  config: MlxConfig;
  logger: Logger;
  ref: string;
  format: ExportFormat;
  /** Where to write (absolute): the .onnx file or the web folder; default `<cwd>/<name>-v<version>[.onnx|-web]`. */
  output?: string | undefined;
  /** Where the default output goes (absolute; the command passes the working directory). */
  cwd: string;
  /** The mlx version, recorded as the ONNX producer version. */
  version: string;
}

export interface TensorInfo {
  name: string;
  type: string;
  shape: (number | string)[];
}

export interface ExportModelResult {
  format: ExportFormat;
  model: { name: string; version: number | null; runId: string; dir: string };
  /** The file (onnx) or folder (web) written. */
  output: string;
  files: string[];
  bytes: number;
  /** onnx: the graph's inputs and outputs. */
  inputs: TensorInfo[] | null;
  outputs: TensorInfo[] | null;
}

/** `mlx models export REF --format onnx|web`: the model (with its preprocessing) in a format other tools run. */
export async function exportModel(options: ExportModelOptions): Promise<ExportModelResult> {
  const { root, config, logger, format } = options;
  const dir = await resolveModelRef(options.ref, { root, config });
  const { info } = loadBundle(dir);
  const model = { name: info.name, version: info.version, runId: info.runId, dir };
  const stem = `${info.name}-${info.version === null ? info.runId : `v${info.version}`}`;
  switch (format) {
    case 'onnx': {
      const output = options.output ?? path.join(options.cwd, `${stem}.onnx`);
      const onnx = exportOnnx(dir, { producerVersion: options.version });
      withFileErrors(output, () => writeFileSync(output, onnx.bytes));
      logger.info(`exported ${info.name} to ONNX (${onnx.nodes} nodes)`, { output });
      const tensor = (t: (typeof onnx.inputs)[number]) => ({ name: t.name, type: t.type, shape: [...t.dims] });
      return {
        format,
        model,
        output,
        files: [path.basename(output)],
        bytes: onnx.bytes.length,
        inputs: onnx.inputs.map(tensor),
        outputs: onnx.outputs.map(tensor),
      };
    }
    case 'web': {
      const output = options.output ?? path.join(options.cwd, `${stem}-web`);
      const web = withFileErrors(output, () => exportWeb(dir, output));
      logger.info(`exported ${info.name} for the browser`, { output });
      return { format, model, output, files: web.files, bytes: web.bytes, inputs: null, outputs: null };
    }
    default:
      return format satisfies never;
  }
}
