// A throwaway PostgreSQL 15 server from Debian's `postgresql` package (scripts/ci/apt-packages): initdb in a
// temporary folder, 127.0.0.1 on a free port, trust authentication; run as the `postgres` user when root.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const BIN = '/usr/lib/postgresql/15/bin';

export interface PostgresServer {
  /** postgres://postgres@127.0.0.1:PORT/postgres */
  url: string;
  port: number;
  /** Runs SQL with psql and returns its unaligned output. */
  psql: (sql: string) => string;
  stop: () => void;
}

/** Whether Debian's PostgreSQL 15 server binaries are installed. */
export function hasPostgres(): boolean {
  return existsSync(path.join(BIN, 'initdb')) && existsSync(path.join(BIN, 'pg_ctl'));
}

/** Fails in CI when PostgreSQL is missing (it must run there); elsewhere says whether to skip. */
export function requirePostgres(): boolean {
  if (hasPostgres()) return true;
  if (process.env.CI) throw new Error(`PostgreSQL 15 is required in CI: ${BIN} (scripts/ci/apt-packages: postgresql)`);
  return false;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Starts a fresh server; `fsync: false` for tests that never crash PostgreSQL itself (faster). */
export async function startPostgres(options: { fsync?: boolean } = {}): Promise<PostgresServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mlx-pg-'));
  const data = path.join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const run = (cmd: string, args: string[]) => {
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
    const r = spawnSync(file as string, argv as string[], { encoding: 'utf8', timeout: 120_000 });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}${r.stdout}`);
    return r.stdout;
  };
  run(path.join(BIN, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const port = await freePort();
  const settings = `-p ${port} -h 127.0.0.1 -k ${dir} -c max_connections=50${options.fsync === false ? ' -c fsync=off' : ''}`;
  run(path.join(BIN, 'pg_ctl'), [
    '-D',
    data,
    '-l',
    path.join(dir, 'server.log'),
    '-w',
    '-t',
    '60',
    '-o',
    settings,
    'start',
  ]);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    url,
    port,
    psql: (sql) =>
      execFileSync('psql', ['-X', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql], {
        encoding: 'utf8',
        env: { ...process.env, PGOPTIONS: '-c client_min_messages=warning' },
      }),
    stop: () => {
      try {
        run(path.join(BIN, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
