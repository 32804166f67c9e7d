import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../../errors.js';
import { loadBundle } from '../bundle.js';

/** The page's own files, shipped in the package (`assets/web`, the same relative path from src/ and dist/). */
const ASSETS = fileURLToPath(new URL('../../../../assets/web/', import.meta.url));
const PAGE_FILES = ['index.html', 'app.js', 'mlx-web.js'] as const;
const BUNDLE_FILES = ['pipeline.json', 'schema.json'] as const;

export interface WebExport {
  dir: string;
  /** Every file written, relative to `dir`. */
  files: string[];
  /** Their total size. */
  bytes: number;
}

function checkTarget(dir: string): void {
  if (!existsSync(dir)) return;
  const entries = readdirSync(dir);
  // An earlier export (its bundle.js) is replaced; anything else is never overwritten.
  if (entries.length > 0 && !entries.includes('bundle.js'))
    throw new UsageError(`${dir} exists and is not empty.`, {
      hint: 'Pass --output with a new (or empty) directory, or the directory of an earlier web export.',
    });
}

/** The model files as bundle.js carries them to the in-page scorer. */
function embeddedModel(scorer: 'tfjs-layers', dir: string): Record<string, unknown> {
  switch (scorer) {
    case 'tfjs-layers':
      return {
        model: JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8')) as unknown,
        weights: readFileSync(path.join(dir, 'weights.bin')).toString('base64'),
      };
    default:
      return scorer satisfies never;
  }
}

/**
 * A self-contained folder that predicts in the browser: index.html (a form generated from schema.json),
 * the TensorFlow.js browser build, the model, pipeline.json and schema.json (as files, and embedded in
 * bundle.js so the page also works when opened from disk, where browsers refuse to fetch files).
 */
export function exportWeb(bundleDir: string, outDir: string): WebExport {
  const bundle = loadBundle(bundleDir);
  const web = bundle.family.export?.web;
  if (!web)
    throw new UsageError(`Models of the family '${bundle.family.name}' cannot be exported for the browser yet.`, {
      code: 'MLX_EXPORT_UNSUPPORTED',
      hint: 'Export it with --format onnx and run it with onnxruntime-web, or serve it with `mlx serve`.',
    });
  const sources = [...PAGE_FILES.map((name) => path.join(ASSETS, name)), browserTfjs()];
  const missing = sources.filter((file) => !existsSync(file));
  if (missing.length > 0)
    throw new UsageError(`This installation of mlx lacks the browser page's files: ${missing.join(', ')}.`, {
      code: 'MLX_EXPORT_ASSETS_MISSING',
    });
  checkTarget(outDir);
  mkdirSync(outDir, { recursive: true });
  const files: string[] = [];
  const copy = (from: string, name: string) => {
    copyFileSync(from, path.join(outDir, name));
    files.push(name);
  };
  for (const name of PAGE_FILES) copy(path.join(ASSETS, name), name);
  copy(browserTfjs(), 'tf.min.js');
  for (const name of [...web.files, ...BUNDLE_FILES]) copy(path.join(bundleDir, name), name);
  const embedded = {
    scorer: web.scorer,
    info: { name: bundle.info.name, version: bundle.info.version, runId: bundle.info.runId, task: bundle.info.task },
    ...embeddedModel(web.scorer, bundleDir),
    pipeline: bundle.pipeline,
    schema: bundle.schema,
  };
  writeFileSync(path.join(outDir, 'bundle.js'), `globalThis.MLX_BUNDLE = ${JSON.stringify(embedded)};\n`);
  files.push('bundle.js');
  const bytes = files.reduce((n, name) => n + statSync(path.join(outDir, name)).size, 0);
  return { dir: outDir, files, bytes };
}

/** TensorFlow.js's browser bundle (the page loads it), or where it should be when it is absent. */
function browserTfjs(): string {
  try {
    return createRequire(import.meta.url).resolve('@tensorflow/tfjs/dist/tf.min.js');
  } catch {
    return 'node_modules/@tensorflow/tfjs/dist/tf.min.js';
  }
}
