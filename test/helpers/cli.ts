import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const mlxBin = path.join(repoRoot, 'bin', 'run.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built `mlx` binary (as a user would) and waits for it. */
export function runMlx(
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): CliResult {
  const env = { ...process.env, ...options.env };
  // Keep the developer's own MLX_* settings out of the tests.
  for (const key of Object.keys(env)) if (key.startsWith('MLX_') && !(key in (options.env ?? {}))) delete env[key];
  const result = spawnSync(process.execPath, [mlxBin, ...args], {
    cwd: options.cwd ?? repoRoot,
    env,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 120_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
