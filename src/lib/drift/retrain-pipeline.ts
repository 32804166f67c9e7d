import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { MlxConfig } from '../config/index.js';
import type { Logger } from '../logging.js';
import type { RetrainOutcome } from './retrain.js';

export interface RetrainPipelineOptions {
  root: string;
  config: MlxConfig;
  configFile?: string | undefined;
  /** Promote the candidate to the `production` alias when it beats the serving model. */
  promote?: boolean;
  logger?: Logger | undefined;
  /** The mlx entry point to run `pipeline` with (default: this process's). */
  bin?: string;
}

/** Headline metric of a bundle's metrics.json: macro-F1 / accuracy (higher better) or RMSE (lower). */
export function headlineMetric(bundleDir: string): { name: string; value: number; higherIsBetter: boolean } | null {
  const metrics = JSON.parse(readFileSync(path.join(bundleDir, 'metrics.json'), 'utf8')) as {
    test?: Record<string, unknown>;
  };
  const test = metrics.test ?? {};
  for (const [name, higherIsBetter] of [
    ['macro_f1', true],
    ['accuracy', true],
    ['rmse', false],
  ] as const) {
    const value = test[name];
    if (typeof value === 'number') return { name, value, higherIsBetter };
  }
  return null;
}

function runMlx(bin: string, args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/**
 * The `pipeline` retraining action: runs `mlx pipeline` (prepare → train → evaluate) in the project,
 * then compares the new latest version with the serving model on their test metric, promoting it
 * to `production` when asked and better.
 */
export async function retrainPipeline(options: RetrainPipelineOptions): Promise<RetrainOutcome> {
  const { root, config, logger } = options;
  const { resolveModelRef } = await import('../model/index.js');
  const serving = await resolveModelRef(config.serve.model, { root, config }).catch(() => null);
  const bin = options.bin ?? process.argv[1] ?? 'mlx';
  const args = ['pipeline', '--json', ...(options.configFile ? ['--config', options.configFile] : [])];
  logger?.info('retraining: running mlx pipeline', { cwd: root });
  const run = await runMlx(bin, args, root);
  if (run.code !== 0)
    return {
      ok: false,
      summary: `mlx pipeline failed (exit ${run.code}): ${run.stderr.trim().split('\n').slice(-3).join(' ')}`,
    };
  const candidate = await resolveModelRef('latest', { root, config });
  const now = headlineMetric(candidate);
  const before = serving ? headlineMetric(serving) : null;
  if (!now)
    return { ok: true, summary: `candidate ${candidate} has no test metric to compare`, details: { candidate } };
  const better =
    !before || before.name !== now.name || (now.higherIsBetter ? now.value > before.value : now.value < before.value);
  const compare = before
    ? `${now.name} ${now.value.toFixed(4)} vs serving ${before.value.toFixed(4)}`
    : `${now.name} ${now.value.toFixed(4)} (no serving model to compare)`;
  let promoted = false;
  if (options.promote && better && candidate !== serving) {
    const { setAlias } = await import('../tracking/registry.js');
    const version = Number(/v(\d+)$/.exec(candidate)?.[1]);
    if (Number.isInteger(version)) {
      setAlias(path.resolve(root, config.paths.models), config.model.name, 'production', version);
      promoted = true;
    }
  }
  return {
    ok: true,
    summary: `candidate ${path.relative(root, candidate)}: ${compare}; ${better ? 'better' : 'not better'}${promoted ? ', promoted to production' : ''}`,
    details: { candidate, serving, metric: now, servingMetric: before, better, promoted },
  };
}
