// Runs exported ONNX models with ONNX Runtime (WebAssembly build, in Node) and Debian's onnx checker.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as ort from 'onnxruntime-web';
import type { Row } from '../../../../src/lib/contracts.js';
import { type FittedPipeline, featureKind } from '../../../../src/lib/data/index.js';

ort.env.wasm.numThreads = 1;

export const PYTHON = '/usr/bin/python3';
/** Whether Debian's python3-onnx is installed (CI installs it: scripts/ci/apt-packages). */
export const hasOnnxChecker = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import onnx']).status === 0;

/** `onnx.checker.check_model(model, full_check=True)` (with shape inference) on a .onnx file: '' when valid. */
export function onnxCheck(file: string): string {
  const script = 'import sys, onnx; onnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True); print("valid")';
  const result = spawnSync(PYTHON, ['-c', script, file], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.trim() === 'valid' ? '' : result.stderr || result.stdout;
}

/** The exported model's inputs for rows: [N,1] per feature (numbers as double with NaN, labels as strings). */
export function feedsFor(pipeline: FittedPipeline, rows: readonly Row[]): Record<string, ort.Tensor> {
  const feeds: Record<string, ort.Tensor> = {};
  const na = new Set(pipeline.na_values);
  for (const f of pipeline.features) {
    const kind = featureKind(f.kind);
    const values = rows.map((r) => r[f.name]);
    feeds[f.name] =
      f.kind === 'categorical'
        ? new ort.Tensor(
            'string',
            values.map((v) => (kind.coerce(v, na) as string | null) ?? ''),
            [rows.length, 1],
          )
        : new ort.Tensor(
            'float64',
            Float64Array.from(values, (v) => (kind.coerce(v, na) as number | undefined) ?? Number.NaN),
            [rows.length, 1],
          );
  }
  return feeds;
}

/** Runs a model on rows; returns its outputs by name. */
export async function runOnnx(
  bytes: Uint8Array,
  pipeline: FittedPipeline,
  rows: readonly Row[],
): Promise<Record<string, ort.Tensor>> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    return await session.run(feedsFor(pipeline, rows));
  } finally {
    await session.release();
  }
}
