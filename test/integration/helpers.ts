import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import net from 'node:net';
import { mlxBin, runMlx } from '../helpers/cli.js';
import { copyProject } from '../helpers/project.js';
import { cleanEnv } from '../helpers/serve.js';

export { cleanEnv };

/** A temporary copy of the example project with a trained penguins model (built binary). */
export function trainedProject(prefix: string): string {
  const project = copyProject(prefix);
  for (const args of [
    ['data', 'prepare'],
    ['train', '--set', 'train.epochs=20'],
  ]) {
    const r = runMlx(args, { cwd: project, env: cleanEnv() });
    if (r.code !== 0) throw new Error(`mlx ${args.join(' ')} failed (${r.code}):\n${r.stderr}`);
  }
  return project;
}

export interface Child {
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

/** Spawns a process and resolves once `ready(output)` returns a value. */
export function spawnUntil<T>(
  cmd: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
  ready: (output: string) => T | undefined,
  timeoutMs = 60_000,
): Promise<Child & { value: T }> {
  const child = spawn(cmd, args, { cwd: options.cwd, env: options.env ?? cleanEnv() });
  let out = '';
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${cmd} did not become ready:\n${out}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      out += String(chunk);
      const value = ready(out);
      if (value !== undefined) {
        clearTimeout(timer);
        resolve({ child, output: () => out, stop, value });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${cmd} exited ${code}:\n${out}`));
    });
  });
}

/** `mlx serve --port 0` with extra args; resolves with its URL. */
export function startServe(project: string, args: string[]): Promise<Child & { value: string }> {
  return spawnUntil(
    process.execPath,
    [mlxBin, 'serve', '--port', '0', '--log-format', 'json', ...args],
    { cwd: project },
    (out) => /listening on (http:\/\/[\d.]+:\d+)/.exec(out)?.[1],
  );
}

/** A free loopback port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/** Whether the Debian `prometheus` binary is installed. */
export function hasPrometheus(): boolean {
  return spawnSync('prometheus', ['--version'], { encoding: 'utf8' }).status === 0;
}

/** Polls `fn` until it returns a value, or fails with the last error after `timeoutMs`. */
export async function eventually<T>(fn: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const value = await fn();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}
