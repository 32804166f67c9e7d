// Helpers of the fault-injection e2e suites (test/e2e/hardening-*.test.ts): hostile bundles, a user that
// file permissions apply to, and processes that must end on their own within a bound.
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
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

export interface Serving {
  url: string;
  stderr: () => string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop: () => Promise<number | null>;
}

/** Starts the built `mlx serve --port 0 ARGS` in `cwd` and resolves once it logs its URL (60 s bound). */
export function startServing(cwd: string, args: readonly string[]): Promise<Serving> {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('MLX_') || key === 'PORT') delete env[key];
  const child = spawn(process.execPath, [mlxBin, 'serve', '--port', '0', '--log-format', 'json', ...args], {
    cwd,
    env,
  });
  let err = '';
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const stop = () => {
    child.kill('SIGTERM');
    return exit;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve did not start:\n${err}`));
    }, 60_000);
    child.stderr.on('data', (chunk) => {
      err += String(chunk);
      const url = /listening on (http:\/\/[\d.]+:\d+)/.exec(err)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ url, stderr: () => err, stop });
      }
    });
    exit.then((code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited ${code}:\n${err}`));
    });
  });
}

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown> | null;
  /** Milliseconds from the first byte sent to the server closing the connection. */
  ms: number;
}

/**
 * Sends raw bytes over TCP, then `drip` every 100 ms until the server closes, and reads the raw answer:
 * what a slow or hostile client sees, with no HTTP library in between.
 */
export function rawHttp(url: string, first: string, drip = ''): Promise<RawAnswer> {
  const { port, hostname } = new URL(url);
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = net.connect(Number(port), hostname);
    let data = '';
    const timer = drip ? setInterval(() => socket.writable && socket.write(drip), 100) : undefined;
    socket.on('data', (d) => {
      data += d.toString('latin1');
    });
    socket.on('error', reject);
    socket.on('close', () => {
      clearInterval(timer);
      const [head = '', text = ''] = data.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(
        lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
      );
      const body = text ? (JSON.parse(text) as Record<string, unknown>) : null;
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body, ms: Date.now() - started });
    });
    socket.write(first);
  });
}
