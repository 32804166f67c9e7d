import { ConfigError } from '../errors.js';
import { METRICS, metricDirection } from '../evaluate/metrics/index.js';

/** Tracks the monitored metric; says when it improved and when patience ran out. */
export class EarlyStopping {
  readonly mode: 'min' | 'max';
  best: number;
  bestEpoch = 0;
  private wait = 0;

  constructor(
    readonly monitor: string,
    private readonly patience: number,
    private readonly minDelta: number,
  ) {
    const direction = metricDirection(monitor);
    if (!direction)
      throw new ConfigError(`Cannot monitor '${monitor}' for early stopping.`, {
        hint: `Use one of: ${['loss', ...METRICS.map((m) => m.name)].map((m) => `val_${m}`).join(', ')}.`,
      });
    this.mode = direction;
    this.best = this.mode === 'min' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  }

  /** Records an epoch's value; returns whether it improved on the best by more than min_delta. */
  update(epoch: number, value: number): boolean {
    const improved = this.mode === 'min' ? value < this.best - this.minDelta : value > this.best + this.minDelta;
    if (improved) {
      this.best = value;
      this.bestEpoch = epoch;
      this.wait = 0;
      return true;
    }
    this.wait++;
    return false;
  }

  /** Whether patience is exhausted. */
  shouldStop(): boolean {
    return this.wait > this.patience;
  }
}
