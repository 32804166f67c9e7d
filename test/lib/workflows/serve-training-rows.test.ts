// `mlx serve` accepts every row of the file the model was trained on (warnings at most): rows with
// missing values, the extremes of every range, every category. Checked through the serve workflow (the
// real server on a free port, its config and input policy), for the penguins example (declared contract)
// and for a project made by `mlx init` (inferred contract), both as one batch and row by row.
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type MlxConfig, projectPath, resolveConfig } from '../../../src/lib/config/index.js';
import { prepareData, readTable } from '../../../src/lib/data/index.js';
import { silentLogger } from '../../../src/lib/logging.js';
import { initProject } from '../../../src/lib/workflows/init.js';
import { serveModel } from '../../../src/lib/workflows/serve.js';
import { trainModel } from '../../../src/lib/workflows/train-run.js';
import { copyProject, makeProject } from '../../helpers/project.js';

const logger = silentLogger();
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** The training file's rows as a client sends them: features only, missing values as null. */
async function trainingRows(root: string, config: MlxConfig): Promise<Record<string, unknown>[]> {
  const table = await readTable(projectPath(root, config.data.source), { config });
  return (table.objects() as Record<string, unknown>[]).map((row) =>
    Object.fromEntries(
      Object.entries(row)
        .filter(([k]) => k !== config.data.target)
        .map(([k, v]) => [k, typeof v === 'number' && Number.isNaN(v) ? null : v]),
    ),
  );
}

interface Answer {
  status: number;
  body: { predictions?: unknown[]; warnings?: { kind: string }[]; error?: unknown };
}

/** Serves the latest model of `root` and posts every training row: as one batch, then one by one with nulls left out. */
async function serveAll(root: string, config: MlxConfig): Promise<{ batch: Answer; single: Answer[]; rows: number }> {
  const rows = await trainingRows(root, config);
  const stop = new AbortController();
  let answers: { batch: Answer; single: Answer[] } | undefined;
  const post = async (url: string, body: unknown): Promise<Answer> => {
    const res = await fetch(`${url}/v1/predict`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Answer['body'] };
  };
  const serving = { ...config, serve: { ...config.serve, store: 'none' as const, access_log: false } };
  const done = serveModel({
    config: serving,
    root,
    logger,
    port: 0,
    signal: stop.signal,
    onReady: (server) => {
      void (async () => {
        const batch = await post(server.url, { instances: rows });
        const single: Answer[] = [];
        for (const row of rows)
          single.push(await post(server.url, Object.fromEntries(Object.entries(row).filter(([, v]) => v !== null))));
        answers = { batch, single };
        stop.abort('test done');
      })().catch((error: unknown) => stop.abort(error));
    },
  });
  await done;
  if (!answers) throw new Error(`no answers: ${String(stop.signal.reason)}`);
  return { ...answers, rows: rows.length };
}

describe('mlx serve accepts every row of its own training file', () => {
  it('the penguins example (declared contract; missing values in optional features)', async () => {
    const root = copyProject('mlx-serve-rows-');
    made.push(root);
    const { config } = resolveConfig({ cwd: root, env: {}, overrides: ['train.epochs=5', 'train.backend=wasm'] });
    await prepareData({ root, config, logger });
    await trainModel({ root, config, logger });
    const { batch, single, rows } = await serveAll(root, config);
    expect(rows).toBe(344);
    expect(batch.status, JSON.stringify(batch.body.error)).toBe(200);
    expect(batch.body.predictions).toHaveLength(rows);
    expect(single.filter((a) => a.status !== 200).map((a) => a.body.error)).toEqual([]);
  }, 180_000);

  it('a project made by mlx init (inferred contract: soft ranges and categories, optional columns)', async () => {
    const lines = ['age,income,region,member,bought'];
    for (let i = 0; i < 150; i++) {
      const age = i % 13 === 3 ? '' : String(18 + ((i * 7) % 60));
      const income = (1000 + ((i * 37) % 500) * 10.5).toFixed(2);
      const region = i % 17 === 5 ? '' : ['north', 'south', 'east', 'west'][i % 4];
      lines.push(`${age},${income},${region},${i % 3 === 0 ? 'yes' : 'no'},${(i * 7) % 60 > 25 ? 'y' : 'n'}`);
    }
    const root = makeProject({});
    writeFileSync(path.join(root, 'shop.csv'), `${lines.join('\n')}\n`);
    await initProject({ dir: root, data: path.join(root, 'shop.csv'), target: 'bought' });
    const { config } = resolveConfig({ cwd: root, env: {}, overrides: ['train.epochs=5', 'train.backend=wasm'] });
    expect(config.data.features.age).toMatchObject({ required: false, limits: 'soft' });
    await prepareData({ root, config, logger });
    await trainModel({ root, config, logger });
    const { batch, single, rows } = await serveAll(root, config);
    expect(rows).toBe(150);
    expect(batch.status, JSON.stringify(batch.body.error)).toBe(200);
    expect(batch.body.predictions).toHaveLength(rows);
    // Every training value is inside its own soft limits: not even a warning.
    expect(batch.body.warnings ?? []).toEqual([]);
    expect(single.filter((a) => a.status !== 200).map((a) => a.body.error)).toEqual([]);
  }, 180_000);
});
