// Fault injection with the built binary (issue 16): hostile --set / env / names, environment errors on user
// paths (a file where a folder belongs, read-only folders, a folder as --config, YAML alias bombs), time
// bounds out of range, and concurrent `mlx data prepare` runs. Every one is exit 2 naming what is wrong —
// never exit 1 ("this is a bug"), never a write outside the project.
import { spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, mlxBin, runMlx } from '../helpers/cli.js';
import { handToUser, jsonError, runAsUser } from '../helpers/hardening.js';
import { copyProject } from '../helpers/project.js';

let cwd: string;

beforeAll(() => {
  cwd = copyProject('mlx-e2e-hard-env-');
  for (const args of [
    ['data', 'prepare', '-q'],
    ['train', '-q', '--set', 'train.epochs=2'],
  ]) {
    const r = runMlx(args, { cwd });
    if (r.code !== 0) throw new Error(r.stderr);
  }
}, 120_000);
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

/** A usage/environment error: exit 2, the message matches, never the bug hint. */
function expectExit2(r: CliResult, message: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/This is a bug in mlx/);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe('hostile config overrides, env names and registry names (built binary)', { timeout: 60_000 }, () => {
  const cases: { args: string[]; env?: NodeJS.ProcessEnv; message: RegExp }[] = [
    { args: ['config', 'show', '--set', '+__proto__.x=1'], message: /'__proto__', which is not allowed/ },
    { args: ['config', 'show', '--set', 'constructor.prototype.x=1'], message: /'constructor', which is not allowed/ },
    { args: ['config', 'show', '--set', 'train.prototype=1'], message: /'prototype', which is not allowed/ },
    {
      args: ['config', 'show', '--set', 'model=../../../x'],
      message: /model option '..\/..\/..\/x'.*not a valid name/,
    },
    { args: ['config', 'show'], env: { MLX_ENV: '../../x' }, message: /env option '..\/..\/x' \(MLX_ENV\)/ },
    {
      args: ['config', 'show'],
      env: { MLX_TRAIN__CONSTRUCTOR__X: '1' },
      message: /sets 'train.constructor.x', which is not a config key/,
    },
    { args: ['models', 'promote', 'penguins@1', '-a', 'constructor'], message: /'constructor' is not a valid alias/ },
    { args: ['models', 'promote', 'penguins@1', '-a', '../x'], message: /'..\/x' is not a valid alias/ },
    { args: ['models', 'unalias', 'penguins', '-a', '__proto__'], message: /'__proto__' is not a valid alias/ },
    { args: ['runs', 'show', '../../etc'], message: /No run '..\/..\/etc'/ },
  ];
  for (const c of cases) {
    it(`${c.env ? Object.entries(c.env).flat().join('=') : ''} mlx ${c.args.join(' ')} → exit 2`, () => {
      expectExit2(runMlx(c.args, { cwd, ...(c.env ? { env: c.env } : {}) }), c.message);
    });
  }

  it('the registry is untouched by the refused aliases', () => {
    const { models } = JSON.parse(runMlx(['models', 'list', '--json'], { cwd }).stdout) as {
      models: { aliases?: unknown }[];
    };
    expect(JSON.stringify(models)).not.toMatch(/constructor|__proto__|\.\.\/x/);
  });
});

describe('environment errors on user paths (built binary)', { timeout: 60_000 }, () => {
  const input = () => path.join(cwd, 'data', 'raw', 'penguins.csv');

  it('--output naming a folder, or a file in a missing folder, or under a file', () => {
    const predict = (out: string) =>
      runMlx(['predict', '--model', 'latest', '--input', input(), '--output', out], { cwd });
    expectExit2(predict(path.join(cwd, 'data')), /Cannot write .*\/data: it is a folder, not a file/);
    expectExit2(predict(path.join(cwd, 'nope', 'x.csv')), /the folder .*\/nope does not exist/);
    expectExit2(predict(path.join(cwd, 'mlx.config.yaml', 'x.csv')), /mlx.config.yaml is a file, not a folder/);
  });

  it('--config naming a folder', () => {
    expectExit2(
      runMlx(['config', 'show', '--config', path.join(cwd, 'configs')], { cwd }),
      /--config .*configs is not a file/,
    );
  });

  it('a recursive YAML alias and an alias bomb', () => {
    writeFileSync(path.join(cwd, 'recursive.yaml'), 'a: &a [*a]\n');
    expectExit2(
      runMlx(['config', 'show', '--config', path.join(cwd, 'recursive.yaml')], { cwd }),
      /Invalid YAML in .*recursive.yaml: a recursive alias/,
    );
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++)
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    writeFileSync(path.join(cwd, 'bomb.yaml'), `${lines.join('\n')}\n`);
    expectExit2(
      runMlx(['config', 'show', '--config', path.join(cwd, 'bomb.yaml')], { cwd, timeoutMs: 30_000 }),
      /Invalid YAML in .*bomb.yaml/,
    );
  });

  it('a file where runs/ or data/processed/ belongs (EEXIST / ENOTDIR, also as root)', () => {
    const project = copyProject('mlx-e2e-hard-file-');
    try {
      writeFileSync(path.join(project, 'runs'), '');
      mkdirSync(path.join(project, 'data'), { recursive: true });
      writeFileSync(path.join(project, 'data', 'processed'), '');
      expectExit2(runMlx(['data', 'prepare', '-q'], { cwd: project }), /data\/processed/);
      rmSync(path.join(project, 'data', 'processed'));
      expect(runMlx(['data', 'prepare', '-q'], { cwd: project }).code).toBe(0);
      expectExit2(runMlx(['train', '-q', '--set', 'train.epochs=1'], { cwd: project }), /\/runs/);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  // chmod does not stop root: as root these run as `nobody` (see runAsUser), else as the current user.
  it('read-only runs/, models/<name>/ and data/processed/ (EACCES)', () => {
    const project = mkdtempSync(path.join(os.tmpdir(), 'mlx-e2e-hard-ro-'));
    try {
      cpSync(cwd, project, { recursive: true });
      handToUser(project);
      chmodSync(project, 0o755);
      // Required, not skipped: without such a user this test would prove nothing.
      const probe = runAsUser(['--version'], project);
      expect(probe?.code, 'a user that file permissions apply to (as root: nobody) runs the built binary').toBe(0);
      chmodSync(path.join(project, 'runs'), 0o555);
      const train = runAsUser(['train', '-q', '--force', '--set', 'train.epochs=1'], project);
      expectExit2(train as CliResult, /runs\/.*permission denied \(EACCES\)/);
      chmodSync(path.join(project, 'runs'), 0o755);

      chmodSync(path.join(project, 'models', 'penguins'), 0o555);
      const register = runAsUser(['train', '-q', '--force', '--set', 'train.epochs=1'], project);
      expectExit2(register as CliResult, /models\/penguins.*permission denied \(EACCES\)/);
      chmodSync(path.join(project, 'models', 'penguins'), 0o755);

      chmodSync(path.join(project, 'data', 'processed'), 0o555);
      const prepare = runAsUser(['data', 'prepare', '-q', '--force'], project);
      expectExit2(prepare as CliResult, /data\/processed.*permission denied \(EACCES\)/);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});

describe('time bounds (built binary)', { timeout: 60_000 }, () => {
  for (const [flags, message] of [
    [['--since', '99999999999d'], /--since '99999999999d' reaches back more than 100 years/],
    [['--since', '1e400d'], /--since '1e400d' is neither a duration nor an ISO time/],
    [['--since', '7d', '--until', '99999-01-01'], /--until '99999-01-01'/],
    [['--since', '1969-12-31'], /outside 1970-01-01 … 9999-12-31/],
  ] as const) {
    it(`mlx drift ${flags.join(' ')} → exit 2`, () => {
      const r = runMlx(['drift', '--json', ...flags], { cwd });
      expect(r.code, r.stderr).toBe(2);
      expect(jsonError(r)?.message).toMatch(message);
    });
  }
});

/** Starts `mlx data prepare ARGS` and resolves with its exit code and stderr. */
function prepare(project: string, args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    const env = { ...process.env };
    for (const key of Object.keys(env)) if (key.startsWith('MLX_')) delete env[key];
    const child = spawn(process.execPath, [mlxBin, 'data', 'prepare', ...args], { cwd: project, env });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (d) => {
      stderr += String(d);
    });
    child.stdout.on('data', (d) => {
      stdout += String(d);
    });
    child.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('concurrent mlx data prepare (built binary)', { timeout: 90_000 }, () => {
  const lockFile = (project: string) => path.join(project, 'data', 'processed', '.prepare.lock');
  const holder = (pid: number) =>
    JSON.stringify({ pid, host: os.hostname(), since: '2026-01-01T00:00:00.000Z', what: 'mlx data prepare' });

  it('a held lock: fails fast naming the holder, or waits (bounded) with --wait', async () => {
    const project = copyProject('mlx-e2e-hard-lock-');
    try {
      mkdirSync(path.join(project, 'data', 'processed'), { recursive: true });
      // The holder is this (live) test process: the lock is not stale.
      writeFileSync(lockFile(project), holder(process.pid));
      const started = Date.now();
      const fast = await prepare(project, ['-q', '--force']);
      expectExit2(
        fast,
        new RegExp(`pid ${process.pid} on .*since 2026-01-01T00:00:00.000Z.*\\.prepare\\.lock is held`),
      );
      const waited = await prepare(project, ['-q', '--force', '--wait', '1']);
      expectExit2(waited, /\.prepare\.lock is held/);
      expect(Date.now() - started).toBeLessThan(30_000);
      expect(existsSync(path.join(project, 'data', 'processed', 'train.arrow'))).toBe(false);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it('a stale lock of a dead process is taken over', async () => {
    const project = copyProject('mlx-e2e-hard-stale-');
    try {
      mkdirSync(path.join(project, 'data', 'processed'), { recursive: true });
      // A pid above the kernel's pid_max cannot be alive.
      writeFileSync(lockFile(project), holder(2 ** 22 + 1));
      const r = await prepare(project, []);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/took over the prepare lock of a process that is gone/);
      expect(existsSync(lockFile(project))).toBe(false);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it('three prepares at once (--wait): one writes, the two that waited find its outputs up to date', async () => {
    const project = copyProject('mlx-e2e-hard-race-');
    try {
      const results = await Promise.all([0, 1, 2].map(() => prepare(project, ['--json', '--wait', '60'])));
      for (const r of results) expect(r.code, r.stderr).toBe(0);
      // Without the lock all three see no outputs and all three write them.
      const skipped = results.map((r) => (JSON.parse(r.stdout) as { skipped: boolean }).skipped);
      expect(skipped.sort()).toEqual([false, true, true]);
      expect(existsSync(lockFile(project))).toBe(false);
      // data.lock pins the sha256 of every output: `data status` re-hashes them.
      const status = runMlx(['data', 'status', '--json'], { cwd: project });
      expect(status.code, status.stderr).toBe(0);
      expect(JSON.parse(status.stdout)).toMatchObject({ upToDate: true, changes: [] });
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});
