import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { configSchema, type MlxConfig, projectPath } from '../config/index.js';
import { loadSplits } from '../data/index.js';
import { DataValidationError, MlxError } from '../errors.js';
import type { Logger } from '../logging.js';
import { findRun, RUN_FILES } from '../tracking/run-dir.js';
import { trainModel } from './train-run.js';

export interface VerifyResult {
  runId: string;
  expected: string;
  actual: string;
  reproduced: boolean;
  backend: string;
  durationMs: number;
}

/**
 * `mlx runs verify`: re-trains a run from its saved config on the same prepared data (fingerprint checked first) and
 * compares the sha256 of the weights. Nothing is registered; the re-run is thrown away.
 */
export async function verifyRun(opts: {
  root: string;
  config: MlxConfig;
  id: string;
  logger: Logger;
}): Promise<VerifyResult> {
  const { dir, record } = findRun(projectPath(opts.root, opts.config.paths.runs), opts.id);
  if (!record.weightsSha256)
    throw new MlxError('MLX_RUN_INCOMPLETE', `Run ${record.id} has no trained weights (status ${record.status}).`, {
      hint: 'Verify a completed run: see `mlx runs list`.',
    });
  const runConfig = configSchema.parse(parse(readFileSync(path.join(dir, RUN_FILES.config), 'utf8')));
  const splits = await loadSplits({ root: opts.root, config: runConfig });
  if (splits.fingerprint !== record.dataFingerprint) {
    throw new DataValidationError(`The prepared data is not the data run ${record.id} was trained on.`, {
      code: 'MLX_DATA_CHANGED',
      hint: 'Check out the data version of that run (data.lock) and `mlx data prepare`, then verify again.',
      details: { expected: record.dataFingerprint, actual: splits.fingerprint },
    });
  }
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'mlx-verify-'));
  try {
    const config: MlxConfig = { ...runConfig, paths: { ...runConfig.paths, runs: scratch } };
    opts.logger.info(`re-training run ${record.id} from its config`, { run: record.id });
    const result = await trainModel({ root: opts.root, config, logger: opts.logger, register: false });
    const verdict: VerifyResult = {
      runId: record.id,
      expected: record.weightsSha256,
      actual: result.weightsSha256,
      reproduced: result.weightsSha256 === record.weightsSha256,
      backend: result.backend,
      durationMs: result.durationMs,
    };
    if (!verdict.reproduced) {
      throw new MlxError(
        'MLX_RUN_NOT_REPRODUCED',
        `Run ${record.id} did not reproduce: weights sha256 ${verdict.actual.slice(0, 16)} ≠ ${verdict.expected.slice(0, 16)}.`,
        {
          hint: `Was it trained on another backend (${record.backend ?? '?'} then, ${result.backend} now) or another mlx/tfjs version? See lineage.json.`,
          details: verdict,
        },
      );
    }
    return verdict;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
