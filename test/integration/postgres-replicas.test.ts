// Issue 15: two `mlx serve` processes (the built binary) share one PostgreSQL 15 database under load, in
// sync durability. Every acknowledged prediction is stored exactly once, kill -9 of one replica loses no
// acknowledged row, and `mlx drift` reads the traffic of both.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMlx } from '../helpers/cli.js';
import { isAlive } from '../helpers/serve.js';
import { cleanEnv, trainedProject } from './helpers.js';
import { type PostgresServer, requirePostgres, startPostgres } from './postgres.js';
import { type ServeProcess, sleep, spawnServe, startLoad } from './serve-process.js';

const enabled = requirePostgres();

describe.skipIf(!enabled)('two mlx serve replicas on one PostgreSQL database (built binary)', () => {
  let pg: PostgresServer;
  let project: string;
  beforeAll(async () => {
    pg = await startPostgres({ fsync: false });
    project = trainedProject('mlx-pg-replicas-');
  }, 180_000);
  afterAll(() => {
    pg?.stop();
    if (project) rmSync(project, { recursive: true, force: true });
  });

  it('stores every acknowledged prediction exactly once, survives kill -9 of a replica, drift sees both', async () => {
    const args = ['--set', 'store=postgres', '--set', `store_url=${pg.url}`, '--set', 'store_durability=sync'];
    const [a, b] = await Promise.all([spawnServe(project, args), spawnServe(project, args)]);
    let replicas: ServeProcess[] = [a, b];
    const load = startLoad(() => replicas.map((r) => r.url), 12);
    await sleep(2500);
    a.child.kill('SIGKILL');
    const exitA = await a.exit;
    replicas = [b];
    await sleep(1500);
    const result = await load.stop();
    b.child.kill('SIGTERM');
    const exitB = await b.exit;
    expect(exitA.signal).toBe('SIGKILL');
    expect(exitB.code, b.output()).toBe(0);

    const counts = new Map(
      pg
        .psql('SELECT request_id, COUNT(*) FROM predictions GROUP BY request_id')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split('|') as [string, string])
        .map(([id, n]) => [id, Number(n)]),
    );
    const acked = [...result.acked.keys()];
    const lost = acked.filter((id) => !counts.has(id));
    const duplicated = [...counts.entries()].filter(([, n]) => n !== 1);
    const perReplica = pg.psql('SELECT COUNT(DISTINCT substring(uid from 1 for 12)) FROM predictions').trim();
    process.stderr.write(
      `[postgres-replicas] ${JSON.stringify({ acked: acked.length, stored: counts.size, lost: lost.length, writers: Number(perReplica), statuses: result.statuses })}\n`,
    );
    expect(acked.length).toBeGreaterThan(100);
    expect(lost).toEqual([]);
    expect(duplicated).toEqual([]);
    // Both replicas wrote (their rows carry each process's uid prefix).
    expect(Number(perReplica)).toBe(2);

    const drift = runMlx(
      ['drift', '--since', '1h', '--json', '--set', 'serve.store=postgres', '--set', `serve.store_url=${pg.url}`],
      { cwd: project, env: cleanEnv() },
    );
    expect(drift.code, drift.stderr).toBe(0);
    expect(JSON.parse(drift.stdout)).toMatchObject({ currentRows: counts.size });
  }, 180_000);

  it('two replicas of 2 workers each (serve.workers): every acknowledged row once, kill -9 of a primary loses none', async () => {
    pg.psql('TRUNCATE predictions');
    const args = [
      ...['--set', 'store=postgres', '--set', `store_url=${pg.url}`, '--set', 'store_durability=sync'],
      ...['--set', 'workers=2'],
    ];
    const [a, b] = await Promise.all([spawnServe(project, args), spawnServe(project, args)]);
    const workerPids = (r: ServeProcess) =>
      [...r.output().matchAll(/"message":"worker ready","pid":(\d+)/g)].map((m) => Number(m[1]));
    expect(workerPids(a)).toHaveLength(2);
    let replicas: ServeProcess[] = [a, b];
    const load = startLoad(() => replicas.map((r) => r.url), 12);
    await sleep(2500);
    // kill -9 of a primary: node:cluster ends its workers; sync answers were committed before they were sent
    a.child.kill('SIGKILL');
    await a.exit;
    replicas = [b];
    await sleep(1500);
    const result = await load.stop();
    b.child.kill('SIGTERM');
    const exitB = await b.exit;
    expect(exitB.code, b.output()).toBe(0);
    await expect.poll(() => workerPids(a).filter(isAlive), { timeout: 10_000 }).toEqual([]);

    const stored = pg
      .psql('SELECT request_id, COUNT(*) FROM predictions GROUP BY request_id')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split('|') as [string, string]);
    const counts = new Map(stored.map(([id, n]) => [id, Number(n)]));
    const acked = [...result.acked.keys()];
    expect(acked.length).toBeGreaterThan(100);
    expect(acked.filter((id) => !counts.has(id))).toEqual([]);
    expect([...counts.values()].filter((n) => n !== 1)).toEqual([]);
    // The rows were encoded in the 4 workers (one uid prefix each), and written by the 2 primaries.
    expect(Number(pg.psql('SELECT COUNT(DISTINCT substring(uid from 1 for 12)) FROM predictions').trim())).toBe(4);
  }, 180_000);
});
