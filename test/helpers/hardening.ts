// Helpers of the fault-injection e2e suites (test/e2e/hardening-*.test.ts): hostile bundles, a user that
// file permissions apply to, and processes that must end on their own within a bound.
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sha256 } from '../../src/lib/model/manifest.js';
import { type CliResult, mlxBin, repoRoot } from './cli.js';

/** The JSON error of a `--json` run (stdout), or null. */
export function jsonError(result: CliResult): { code: string; message: string; exitCode: number } | null {
  try {
    return (JSON.parse(result.stdout) as { error?: { code: string; message: string; exitCode: number } }).error ?? null;
  } catch {
    return null;
  }
}

/** Copies a bundle folder and re-seals its MANIFEST.sha256 after `tamper` changed it (so only `tamper` differs). */
export function tamperedBundle(from: string, to: string, tamper: (dir: string) => void, reseal = true): string {
  cpSync(from, to, { recursive: true });
  tamper(to);
  if (reseal) {
    const names = readFileSync(path.join(to, 'MANIFEST.sha256'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.slice(66));
    writeFileSync(
      path.join(to, 'MANIFEST.sha256'),
      `${names.map((n) => `${sha256(readFileSync(path.join(to, n)))}  ${n}`).join('\n')}\n`,
    );
  }
  return to;
}

/** Appends a line to a bundle's manifest. */
export function addManifestLine(dir: string, line: string): void {
  const file = path.join(dir, 'MANIFEST.sha256');
  writeFileSync(file, `${readFileSync(file, 'utf8')}${line}\n`);
}

/** Overwrites every float32 of a bundle's weights.bin with `value`. */
export function poisonWeights(dir: string, value: number): void {
  const file = path.join(dir, 'weights.bin');
  const bytes = readFileSync(file);
  const floats = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  floats.fill(value);
  writeFileSync(file, bytes);
}

/**
 * Runs the built binary as a user that file permissions apply to: the current user when it is not root,
 * else `nobody` (uid/gid 65534) — root ignores chmod. Returns null when that is impossible here (the repo
 * is not readable by nobody).
 */
export function runAsUser(
  args: readonly string[],
  cwd: string,
  timeoutMs = 60_000,
): (CliResult & { user: string }) | null {
  const root = process.getuid?.() === 0;
  if (root) {
    const probe = spawnSync(process.execPath, [mlxBin, '--version'], { uid: 65534, gid: 65534, encoding: 'utf8' });
    if (probe.status !== 0) return null;
  }
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('MLX_')) delete env[key];
  const result = spawnSync(process.execPath, [mlxBin, ...args], {
    cwd,
    env: { ...env, HOME: cwd },
    encoding: 'utf8',
    timeout: timeoutMs,
    ...(root ? { uid: 65534, gid: 65534 } : {}),
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr, user: root ? 'nobody' : 'self' };
}

/** Gives a project tree to `nobody` when running as root (so that runAsUser can write where allowed). */
export function handToUser(dir: string): void {
  if (process.getuid?.() !== 0) return;
  const walk = (p: string) => {
    chownSync(p, 65534, 65534);
    if (statSync(p).isDirectory()) for (const e of readdirSync(p)) walk(path.join(p, e));
  };
  walk(dir);
}

/** Runs the binary and resolves with its exit code and output, killing it (code -1) after `timeoutMs`. */
export function runBounded(
  args: readonly string[],
  cwd: string,
  timeoutMs: number,
): Promise<CliResult & { timedOut: boolean }> {
  return new Promise((resolve) => {
    const env = { ...process.env };
    for (const key of Object.keys(env)) if (key.startsWith('MLX_')) delete env[key];
    const child = spawn(process.execPath, [mlxBin, ...args], { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += String(d);
    });
    child.stderr.on('data', (d) => {
      stderr += String(d);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr, timedOut });
    });
  });
}

export { repoRoot };
