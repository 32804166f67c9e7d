import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { MlxConfig } from '../config/index.js';
import { sha256 } from '../model/manifest.js';

/** JSON with object keys sorted, so equal values always serialise the same. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value ?? null);
}

/** The part of the config that decides the trained weights (`train.register` does not: it decides what is kept). */
export function trainingConfig(config: MlxConfig): Record<string, unknown> {
  // Where the data is synced from and where training runs do not change the model: those keys stay out,
  // so a run launched on Cloud Run Jobs hashes like the same run on a laptop (and older hashes hold).
  const { remote_endpoint: _endpoint, remote_jobs: _jobs, ...data } = config.data;
  const { launcher: _launcher, cloud_run: _cloudRun, register: _register, ...train } = config.train;
  return {
    seed: config.seed,
    data,
    preprocess: config.preprocess,
    model: config.model,
    train,
  };
}

/** sha256 of the training-relevant config: equal hash + equal data fingerprint = an identical run. */
export function configHash(config: MlxConfig): string {
  return sha256(stableJson(trainingConfig(config)));
}

/** Flattens an object into dotted keys (`train.early_stopping.patience`). */
export function flatten(value: unknown, prefix = ''): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { [prefix]: value };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) Object.assign(out, flatten(v, prefix ? `${prefix}.${k}` : k));
  return out;
}

/** The current git commit and whether the tree has uncommitted changes; null outside git. */
export function gitInfo(cwd: string): { commit: string; dirty: boolean } | null {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    const status = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return { commit, dirty: status.trim() !== '' };
  } catch {
    return null;
  }
}

/** Versions recorded in lineage: mlx, node, and the libraries that computed the model (tfjs, ...). */
export function versions(computedBy: Record<string, string>): Record<string, string> {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return { mlx: pkg.version, node: process.version, ...computedBy };
}
