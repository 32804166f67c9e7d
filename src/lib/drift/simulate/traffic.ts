import type { Row } from '../../contracts.js';
import { InputError } from '../../errors.js';
import { mulberry32 } from '../../random.js';
import { applyShifts, type Shift } from './shift.js';

export interface TrafficOptions {
  /** Base URL of a running `mlx serve`. */
  url: string;
  rows: readonly Row[];
  /** Instances to send (rows are drawn with replacement, seeded). */
  count: number;
  batchSize?: number;
  shifts?: readonly Shift[];
  seed?: number;
  /** Bearer token when the server requires one. */
  token?: string | undefined;
  /** Columns never sent (the target). */
  drop?: readonly string[];
}

export interface TrafficResult {
  url: string;
  /** Rows of the file with a missing value (never sent: the server would reject their whole batch). */
  incompleteRows: number;
  sent: number;
  accepted: number;
  rejected: number;
  requests: number;
  statuses: Record<string, number>;
  shifts: Shift[];
  ms: number;
}

/** The row without the dropped columns, or null when a value is missing. */
function complete(row: Row, drop: readonly string[]): Row | null {
  const out: Row = {};
  for (const [k, v] of Object.entries(row)) {
    if (drop.includes(k)) continue;
    if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) return null;
    out[k] = v;
  }
  return out;
}

/** Replays rows against POST /v1/predict in batches, optionally shifted; counts what the server accepted. */
export async function sendTraffic(options: TrafficOptions): Promise<TrafficResult> {
  const rows = options.rows.map((r) => complete(r, options.drop ?? [])).filter((r): r is Row => r !== null);
  if (rows.length === 0) throw new InputError('MLX_DATA_EMPTY', 'No complete rows to replay.');
  const random = mulberry32(options.seed ?? 42);
  const batchSize = options.batchSize ?? 20;
  const shifts = options.shifts ?? [];
  const statuses: Record<string, number> = {};
  const started = Date.now();
  let accepted = 0;
  let requests = 0;
  const endpoint = `${options.url.replace(/\/$/, '')}/v1/predict`;
  for (let sent = 0; sent < options.count; sent += batchSize) {
    const n = Math.min(batchSize, options.count - sent);
    const instances = Array.from({ length: n }, () => {
      const row = rows[Math.floor(random() * rows.length)] as Row;
      return applyShifts(row, shifts, random);
    });
    let response: Response;
    try {
      response = await fetch(endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        },
        body: JSON.stringify({ instances }),
      });
    } catch (error) {
      throw new InputError('MLX_SERVER_UNREACHABLE', `Cannot reach ${endpoint}: ${(error as Error).message}`, {
        hint: 'Start the server first (`mlx serve`) and pass its address with --url.',
        cause: error,
      });
    }
    await response.arrayBuffer();
    requests++;
    statuses[response.status] = (statuses[response.status] ?? 0) + 1;
    if (response.ok) accepted += n;
  }
  return {
    url: options.url,
    incompleteRows: options.rows.length - rows.length,
    sent: options.count,
    accepted,
    rejected: options.count - accepted,
    requests,
    statuses,
    shifts: [...shifts],
    ms: Date.now() - started,
  };
}
