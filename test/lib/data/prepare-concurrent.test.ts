import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataStatus, prepareData } from '../../../src/lib/data/index.js';
import type { MlxError } from '../../../src/lib/errors.js';
import { silentLogger } from '../../../src/lib/logging.js';
import { TOY_CSV, tempDir, toyConfig } from './helpers.js';

const config = toyConfig({ na_values: ['', '.'], features: { bill: { type: 'numeric', min: 30, max: 60 } } });
const logger = silentLogger();

function project(): string {
  const root = tempDir();
  writeFileSync(path.join(root, 'raw.csv'), TOY_CSV);
  return root;
}

describe('concurrent prepares of one project', () => {
  it('Given two prepares at once, one writes and the other fails fast naming it; data.lock matches the outputs', async () => {
    const root = project();
    const results = await Promise.allSettled([
      prepareData({ root, config, logger }),
      prepareData({ root, config, logger }),
    ]);
    const done = results.filter((r) => r.status === 'fulfilled');
    const failed = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as MlxError] : []));
    expect(done).toHaveLength(1);
    expect(failed).toHaveLength(1);
    expect(failed[0]?.code).toBe('MLX_DATA_LOCKED');
    expect(failed[0]?.message).toContain(`mlx data prepare (pid ${process.pid}`);
    expect((await dataStatus({ root, config })).upToDate).toBe(true);
    expect(existsSync(path.join(root, 'data', 'processed', '.prepare.lock'))).toBe(false);
  });

  it('Given a second prepare that waits, it finds the outputs the first wrote and skips', async () => {
    const root = project();
    const [first, second] = await Promise.all([
      prepareData({ root, config, logger, force: true }),
      prepareData({ root, config, logger, waitMs: 30_000 }),
    ]);
    expect(first.skipped).toBe(false);
    expect(second.skipped).toBe(true);
    expect(second.fingerprint).toBe(first.fingerprint);
    expect((await dataStatus({ root, config })).lock?.fingerprint).toBe(first.fingerprint);
  });
});
