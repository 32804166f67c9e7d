import type { Logger } from '../lib/logging.js';
import type { EpochStats } from '../lib/train/types.js';

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
 * Training progress, fed by the library's `onEpoch` / `onFitEnd` events. Epoch progress: a redrawn bar on a TTY (epoch, loss, val metric, ETA), else log lines — every
 * epoch for short runs, about 20 lines for long ones, and always the last.
 */
export function epochProgress(options: { stream: NodeJS.WriteStream | null; logger: Logger; label?: string }): {
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

/** Byte progress (fed by the library's `onProgress`): one redrawn line on a TTY stream; a no-op elsewhere. */
export function byteProgress(
  stream: NodeJS.WriteStream,
  label: string,
): ((done: number, total: number) => void) & { end(): void } {
  let last = -1;
  const update = (done: number, total: number) => {
    if (!stream.isTTY) return;
    const pct = total > 0 ? Math.min(100, Math.floor((100 * done) / total)) : 0;
    if (pct === last) return;
    last = pct;
    const width = 30;
    const filled = Math.round((pct / 100) * width);
    stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${pct}%`);
  };
  return Object.assign(update, {
    end() {
      if (stream.isTTY && last >= 0) stream.write('\r\x1b[K');
    },
  });
}
