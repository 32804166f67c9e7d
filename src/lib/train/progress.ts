import type { Logger } from '../logging.js';
import type { EpochStats } from './types.js';

/** Formats one epoch: `epoch 12/200 loss 0.1234 val_loss 0.0981 val_accuracy 0.9700`. */
export function describeEpoch(s: EpochStats): string {
  const val = Object.entries(s.val)
    .map(([k, v]) => `${k} ${v.toFixed(4)}`)
    .join(' ');
  return `epoch ${s.epoch}/${s.epochs} loss ${s.loss.toFixed(4)}${val ? ` ${val}` : ''}`;
}

/** Seconds left at the current pace. */
export function etaSeconds(s: EpochStats): number {
  return ((s.elapsedMs / s.epoch) * (s.epochs - s.epoch)) / 1000;
}

/**
 * Epoch progress: a redrawn bar on a TTY (epoch, loss, val metric, ETA), else log lines — every
 * epoch for short runs, about 20 lines for long ones, and always the last.
 */
export function createProgress(options: { stream: NodeJS.WriteStream | null; logger: Logger; label?: string }): {
  onEpoch: (s: EpochStats) => void;
  done: () => void;
} {
  const stream = options.stream;
  const tty = stream?.isTTY === true;
  const prefix = options.label ? `[${options.label}] ` : '';
  let drawn = false;
  return {
    onEpoch(s) {
      if (tty) {
        const width = 24;
        const filled = Math.round((s.epoch / s.epochs) * width);
        const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
        stream?.write(`\r${prefix}${bar} ${describeEpoch(s)} ETA ${etaSeconds(s).toFixed(0)}s\u001b[K`);
        drawn = true;
        return;
      }
      const every = s.epochs <= 50 ? 1 : Math.ceil(s.epochs / 20);
      if (s.epoch % every === 0 || s.epoch === s.epochs || s.epoch === 1)
        options.logger.info(`${prefix}${describeEpoch(s)}`, { epoch: s.epoch, loss: s.loss, ...s.val });
    },
    done() {
      if (drawn) stream?.write('\n');
      drawn = false;
    },
  };
}
