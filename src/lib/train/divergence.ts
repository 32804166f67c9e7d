import { TrainingDivergedError } from '../errors.js';
import type { EpochStats } from './types.js';

/**
 * The divergence contract every trainer keeps (and the training workflow checks again, whatever the
 * family): training stops at the first epoch whose loss or validation loss is NaN or infinite, and a
 * trainer never returns a model with a non-finite parameter — it throws {@link TrainingDivergedError}
 * (MLX_TRAINING_DIVERGED, exit 6) instead, so nothing is scored, written or registered.
 */

/** The first non-finite quantity of an epoch (`loss`, `val_loss`), or null when the epoch is finite. */
export function nonFiniteStat(stats: Pick<EpochStats, 'loss' | 'val'>): { metric: string; value: number } | null {
  if (!Number.isFinite(stats.loss)) return { metric: 'loss', value: stats.loss };
  const valLoss = stats.val.val_loss;
  if (valLoss !== undefined && !Number.isFinite(valLoss)) return { metric: 'val_loss', value: valLoss };
  return null;
}

/** The first epoch of a history whose loss or validation loss is not finite, or null. */
export function divergedEpoch(history: readonly EpochStats[]): EpochStats | null {
  return history.find((h) => nonFiniteStat(h) !== null) ?? null;
}

/** The error of a run that diverged at `stats` (an epoch with a non-finite loss). */
export function divergedAtEpoch(stats: EpochStats): TrainingDivergedError {
  const bad = nonFiniteStat(stats) ?? { metric: 'loss', value: stats.loss };
  const rate = stats.lr;
  return new TrainingDivergedError(
    `Training diverged at epoch ${stats.epoch}: ${bad.metric} is ${String(bad.value)}${rate === undefined ? '' : ` (learning rate ${rate})`}. The run failed and no model version was registered.`,
    { details: { epoch: stats.epoch, metric: bad.metric, value: String(bad.value), lr: rate ?? null } },
  );
}

/** The error of a model whose parameters (or outputs) are not finite although every loss was. */
export function divergedParameters(what: string, count: number, total: number): TrainingDivergedError {
  return new TrainingDivergedError(
    `Training diverged: ${count} of ${total} ${what} are NaN or infinite. The run failed and no model version was registered.`,
    { details: { what, nonFinite: count, total } },
  );
}

export interface DivergenceWatch {
  /** Aborts when the caller's signal does, or at the first non-finite epoch. */
  signal: AbortSignal;
  /** Forwards each epoch to the caller, then stops training if it was not finite. */
  onEpoch: (stats: EpochStats) => void;
  /** The first non-finite epoch seen, or null. */
  readonly diverged: EpochStats | null;
  /** Stops following the caller's signal. */
  release(): void;
}

/**
 * Wraps a fit loop's `signal` and `onEpoch` so that the loop stops at the first non-finite epoch through
 * its ordinary abort path — a trainer does not have to change its loop to keep the contract above.
 */
export function watchDivergence(outer?: AbortSignal, onEpoch?: (stats: EpochStats) => void): DivergenceWatch {
  const controller = new AbortController();
  const forward = () => controller.abort(outer?.reason);
  if (outer?.aborted) forward();
  else outer?.addEventListener('abort', forward, { once: true });
  let diverged: EpochStats | null = null;
  return {
    signal: controller.signal,
    onEpoch(stats) {
      onEpoch?.(stats);
      if (diverged === null && nonFiniteStat(stats) !== null) {
        diverged = stats;
        controller.abort(new Error(`diverged at epoch ${stats.epoch}`));
      }
    },
    get diverged() {
      return diverged;
    },
    release() {
      outer?.removeEventListener('abort', forward);
    },
  };
}
