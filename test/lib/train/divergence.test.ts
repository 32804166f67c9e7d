import { describe, expect, it } from 'vitest';
import { ExitCode, TrainingDivergedError } from '../../../src/lib/errors.js';
import {
  divergedAtEpoch,
  divergedEpoch,
  divergedParameters,
  nonFiniteStat,
  watchDivergence,
} from '../../../src/lib/train/divergence.js';
import type { EpochStats } from '../../../src/lib/train/types.js';

const epoch = (n: number, loss: number, val: Record<string, number> = {}): EpochStats => ({
  epoch: n,
  epochs: 10,
  loss,
  val,
  elapsedMs: n,
  improved: false,
  lr: 0.5,
});

describe('the divergence contract', () => {
  it('names the first non-finite loss or validation loss of an epoch', () => {
    expect(nonFiniteStat(epoch(1, 0.3, { val_loss: 0.4, val_accuracy: Number.NaN }))).toBeNull();
    expect(nonFiniteStat(epoch(1, Number.NaN))).toEqual({ metric: 'loss', value: Number.NaN });
    expect(nonFiniteStat(epoch(1, 0.3, { val_loss: Number.POSITIVE_INFINITY }))).toEqual({
      metric: 'val_loss',
      value: Number.POSITIVE_INFINITY,
    });
  });

  it('finds the first diverged epoch of a history', () => {
    const history = [epoch(1, 1), epoch(2, 0.5), epoch(3, Number.NEGATIVE_INFINITY), epoch(4, Number.NaN)];
    expect(divergedEpoch(history)?.epoch).toBe(3);
    expect(divergedEpoch(history.slice(0, 2))).toBeNull();
  });

  it('its errors exit 6 and say what diverged, when and at which learning rate', () => {
    const error = divergedAtEpoch(epoch(7, Number.NaN));
    expect(error).toBeInstanceOf(TrainingDivergedError);
    expect(error.exitCode).toBe(ExitCode.trainingDiverged);
    expect(error.exitCode).toBe(6);
    expect(error.code).toBe('MLX_TRAINING_DIVERGED');
    expect(error.message).toMatch(/epoch 7: loss is NaN \(learning rate 0.5\)/);
    expect(error.hint).toMatch(/train\.lr/);
    expect(divergedParameters('weights', 3, 10).message).toMatch(/3 of 10 weights are NaN or infinite/);
  });
});

describe('watchDivergence', () => {
  it('forwards every epoch, then aborts its signal at the first non-finite one', () => {
    const seen: number[] = [];
    const watch = watchDivergence(undefined, (s) => seen.push(s.epoch));
    watch.onEpoch(epoch(1, 0.9));
    expect(watch.signal.aborted).toBe(false);
    watch.onEpoch(epoch(2, Number.NaN));
    watch.onEpoch(epoch(3, Number.NaN));
    expect(seen).toEqual([1, 2, 3]);
    expect(watch.signal.aborted).toBe(true);
    expect(watch.diverged?.epoch).toBe(2);
  });

  it("follows the caller's signal (Ctrl-C) without calling it divergence, until released", () => {
    const outer = new AbortController();
    const watch = watchDivergence(outer.signal);
    outer.abort('SIGINT');
    expect(watch.signal.aborted).toBe(true);
    expect(watch.signal.reason).toBe('SIGINT');
    expect(watch.diverged).toBeNull();

    const later = new AbortController();
    const released = watchDivergence(later.signal);
    released.release();
    later.abort();
    expect(released.signal.aborted).toBe(false);
  });
});
