// Starts the built `mlx serve` as a user would and waits until it says where it listens.
import { type ChildProcess, spawn } from 'node:child_process';
import { mlxBin } from './cli.js';

export interface Server {
  child: ChildProcess;
  url: string;
  stderr: () => string;
  exit: Promise<number | null>;
}

/** process.env without MLX_* and PORT (a developer's shell must not change what a test sees). */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('MLX_') || key === 'PORT') delete env[key];
  return { ...env, ...extra };
}

/** Starts `mlx serve` and waits for its "listening on" log line. */
export function startServe(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Server> {
  const child = spawn(process.execPath, [mlxBin, 'serve', '--log-format', 'json', ...args], {
    cwd,
    env: cleanEnv(env),
  });
  let err = '';
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${err}`)), 60_000);
    child.stderr.on('data', (chunk) => {
      err += String(chunk);
      const url = /listening on (http:\/\/[\d.]+:\d+)/.exec(err)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ child, url, stderr: () => err, exit });
      }
    });
    exit.then((code) => reject(new Error(`serve exited ${code}:\n${err}`)));
  });
}

/** Whether a process with this pid exists (signal 0 checks without sending anything). */
export function isAlive(pid: number): boolean {
  try {
    return process.kill(pid, 0);
  } catch {
    return false;
  }
}
