import { type MlxConfig, projectPath } from '../config/index.js';
import { readRowsFile } from '../drift/read-rows.js';
import { parseShift, type Shift } from '../drift/simulate/shift.js';
import { sendTraffic, type TrafficResult } from '../drift/simulate/traffic.js';

export type { TrafficResult } from '../drift/simulate/traffic.js';

export interface SimulateOptions {
  root: string;
  config: MlxConfig;
  url?: string | undefined;
  /** Rows to replay (an absolute path; default `data.source`); the target column is never sent. */
  dataFile?: string | undefined;
  count: number;
  batchSize?: number | undefined;
  scale?: readonly string[];
  add?: readonly string[];
  category?: readonly string[];
  seed?: number | undefined;
  env?: NodeJS.ProcessEnv;
}

/** `mlx simulate`: replay rows of a data file against a running server, optionally shifted. */
export async function simulateTraffic(options: SimulateOptions): Promise<TrafficResult> {
  const { config, root } = options;
  const shifts: Shift[] = [
    ...(options.scale ?? []).map((s) => parseShift('scale', s)),
    ...(options.add ?? []).map((s) => parseShift('add', s)),
    ...(options.category ?? []).map((s) => parseShift('category', s)),
  ];
  const rows = await readRowsFile(projectPath(root, options.dataFile ?? config.data.source), config);
  const tokenEnv = config.serve.auth.token_env;
  return sendTraffic({
    url: options.url ?? `http://127.0.0.1:${config.serve.port}`,
    rows,
    count: options.count,
    batchSize: options.batchSize,
    shifts,
    seed: options.seed ?? config.seed,
    token: tokenEnv ? (options.env ?? process.env)[tokenEnv] : undefined,
    drop: config.data.target ? [config.data.target] : [],
  });
}
