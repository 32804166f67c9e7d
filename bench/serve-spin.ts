// The spin floors of `npm run bench -- serve --spin[=20,30]` (or --spin-only[=...]): is the single-record
// load's tail mlx's own, or what this machine gives any server doing as much CPU work per request? The same
// wrk load (3 s, then `seconds`) against `mlx serve` (its SQLite store and access log on) and against
// bench/serve-floor.js sending mlx's own answer back after N µs of busy work per request (N = 0: the
// loopback floor; then each N given), interleaved rounds of fresh processes, medians (min–max) of req/s,
// p50/p90/p99 and the server's CPU per request (/proc, every thread).
import os from 'node:os';
import path from 'node:path';
import { mlxBin, printTable, spreadText } from './lib.js';
import { measuredLoad, penguinAnswer, startServer, withFloor } from './serve-lib.js';

export interface SpinRow {
  server: string;
  runs: { rps: number; p50: number; p90: number; p99: number; cpuUsPerRequest: number }[];
}
export interface SpinResult {
  date: string;
  loadBefore: number[];
  loadAfter: number[];
  seconds: number;
  connections: number;
  rows: SpinRow[];
}

/** Runs the comparison in `project` (a trained model), `spins` µs of work per request for the floor server. */
export async function spinFloors(
  project: string,
  env: NodeJS.ProcessEnv,
  o: { spins: readonly number[]; seconds: number; connections: number; rounds: number },
): Promise<SpinResult> {
  const servers = [
    { name: 'mlx serve', spin: -1 },
    ...[0, ...o.spins.filter((s) => s > 0)].map((spin) => ({
      name: spin === 0 ? 'loopback floor (no work)' : `floor + ${spin} µs of work`,
      spin,
    })),
  ];
  const rows: SpinRow[] = servers.map((s) => ({ server: s.name, runs: [] }));
  const date = new Date().toISOString();
  const loadBefore = os.loadavg();
  let answer = '';
  for (let round = 0; round < o.rounds; round++) {
    // mlx first in every round (its answer is what the floors send back), the floors in alternating order.
    const floors = servers.slice(1).map((_, i) => i + 1);
    for (const i of [0, ...(round % 2 ? floors.reverse() : floors)]) {
      const s = servers[i] as (typeof servers)[number];
      const tag = `spin-${round}-${i}`;
      let run: Awaited<ReturnType<typeof measuredLoad>>;
      if (s.spin < 0) {
        const store = path.join(project, `${tag}.sqlite`);
        const log = path.join(project, `${tag}.log`);
        const mlx = await startServer(
          process.execPath,
          [mlxBin, 'serve', '--port', '{port}', '--set', `store_path=${store}`],
          { cwd: project, env, log },
        );
        try {
          answer = await penguinAnswer(mlx.base);
          run = await measuredLoad(mlx, o.seconds, o.connections, project);
        } finally {
          await mlx.stop();
        }
      } else {
        run = await withFloor(answer, project, tag, (f) => measuredLoad(f, o.seconds, o.connections, project), s.spin);
      }
      const { rps, p50, p90, p99, cpuUsPerRequest } = run;
      rows[i]?.runs.push({ rps, p50, p90, p99, cpuUsPerRequest });
    }
  }
  return { date, loadBefore, loadAfter: os.loadavg(), seconds: o.seconds, connections: o.connections, rows };
}

/** Prints the table. */
export function printSpin(r: SpinResult): void {
  const rounds = r.rows[0]?.runs.length ?? 0;
  console.log(
    `\nThe tail against servers doing only CPU work: POST /v1/predict (1 penguin), wrk -t2 -c${r.connections} x ${r.seconds}s after 3 s, ${rounds} interleaved round${rounds === 1 ? '' : 's'} of fresh processes (median, min–max); ${r.date}; load average ${r.loadBefore.map((l) => l.toFixed(1)).join(' ')} → ${r.loadAfter.map((l) => l.toFixed(1)).join(' ')}\n`,
  );
  const col = (row: SpinRow, pick: (x: SpinRow['runs'][number]) => number, digits: number) =>
    spreadText(row.runs.map(pick), digits);
  printTable(
    ['server', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'server CPU µs/request'],
    r.rows.map((row) => [
      row.server,
      col(row, (x) => x.rps, 0),
      col(row, (x) => x.p50, 2),
      col(row, (x) => x.p90, 2),
      col(row, (x) => x.p99, 2),
      col(row, (x) => x.cpuUsPerRequest, 1),
    ]),
  );
}
