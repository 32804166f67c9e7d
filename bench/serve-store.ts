// The store matrix of `npm run bench -- serve`: throughput and p99 of `mlx serve` with serve.store
// sqlite|postgres x store_durability async|sync, side by side, interleaved rounds, medians of 3 with the
// min-max range. PostgreSQL 15 (Debian) is started here on a free port (fsync on, as in production).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { hasPostgres, startPostgres } from '../test/integration/postgres.js';
import { mlxBin, printTable, spreadText } from './lib.js';
import { freePort, waitReady, wrk } from './serve-lib.js';

interface Cell {
  store: 'sqlite' | 'postgres';
  durability: 'async' | 'sync';
  runs: { rps: number; p99: number; errors: number; ok: number; stored: number }[];
}

async function stopServer(child: ChildProcess): Promise<void> {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}

/** Runs the matrix in `project` (a trained model) and prints its table. */
export async function storeMatrix(
  project: string,
  env: NodeJS.ProcessEnv,
  options: { seconds: number; connections: number; rounds: number },
): Promise<void> {
  if (!hasPostgres()) console.warn('store matrix: PostgreSQL 15 is not installed (apt: postgresql): sqlite only');
  const pg = hasPostgres() ? await startPostgres({ fsync: true }) : null;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mlx-bench-store-'));
  const cells: Cell[] = [];
  for (const store of pg ? (['sqlite', 'postgres'] as const) : (['sqlite'] as const)) {
    for (const durability of ['async', 'sync'] as const) cells.push({ store, durability, runs: [] });
  }
  const loadBefore = os.loadavg();
  try {
    for (let round = 0; round < options.rounds; round++) {
      // Interleaved: a change in the machine's load touches every cell alike.
      for (const cell of cells) {
        const file = path.join(dir, `r${round}-${cell.durability}.sqlite`);
        pg?.psql('DROP TABLE IF EXISTS predictions; DROP TABLE IF EXISTS mlx_schema_migrations;');
        const port = await freePort();
        const args = ['serve', '--port', String(port), '--log-level', 'warn', '--set', 'access_log=false'];
        args.push('--set', `store=${cell.store}`, '--set', `store_durability=${cell.durability}`);
        args.push('--set', cell.store === 'sqlite' ? `store_path=${file}` : `store_url=${pg?.url}`);
        const child = spawn(process.execPath, [mlxBin, ...args], { cwd: project, env, stdio: 'ignore' });
        const base = `http://127.0.0.1:${port}`;
        await waitReady(`${base}/ready`, child);
        const warm = await wrk(`${base}/v1/predict`, 2, options.connections, dir);
        const run = await wrk(`${base}/v1/predict`, options.seconds, options.connections, dir);
        await stopServer(child);
        const stored =
          cell.store === 'sqlite'
            ? Number(
                (
                  new DatabaseSync(file, { readOnly: true }).prepare('SELECT COUNT(*) AS n FROM predictions').get() as {
                    n: number;
                  }
                ).n,
              )
            : Number(pg?.psql('SELECT COUNT(*) FROM predictions').trim());
        // Every 2xx answer (warm-up included) must be stored; wrk's last in-flight requests may add rows.
        cell.runs.push({ ...run, ok: warm.ok + run.ok, stored });
      }
    }
  } finally {
    pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const loadAfter = os.loadavg();
  console.log(
    `\nPrediction store: POST /v1/predict (1 penguin), wrk ${options.connections} connections x ${options.seconds}s after a 2 s warm-up, ` +
      `${options.rounds} interleaved rounds (median, min–max); load average ${loadBefore.map((l) => l.toFixed(1)).join(' ')} → ${loadAfter.map((l) => l.toFixed(1)).join(' ')}\n`,
  );
  printTable(
    ['store', 'durability', 'req/s', 'p99 ms', 'errors', 'rows stored ≥ 2xx answers'],
    cells.map((c) => [
      c.store,
      c.durability,
      spreadText(
        c.runs.map((r) => r.rps),
        0,
      ),
      spreadText(
        c.runs.map((r) => r.p99),
        1,
      ),
      c.runs.reduce((n, r) => n + r.errors, 0),
      `${c.runs.reduce((n, r) => n + r.stored, 0)} / ${c.runs.reduce((n, r) => n + r.ok, 0)}`,
    ]),
  );
}
