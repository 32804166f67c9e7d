import { ConfigError } from '../../errors.js';
import type { Trainer } from '../trainer.js';
import { gbdtTrainer } from './gbdt/trainer.js';
import { tfjsMlpTrainer } from './tfjs-mlp/index.js';

/** Every trainer, one per model family (src/lib/model/families). A new family is one line here. */
export const TRAINERS: readonly Trainer[] = [tfjsMlpTrainer, gbdtTrainer];

/** The trainer of a model family. */
export function trainerFor(family: string): Trainer {
  const trainer = TRAINERS.find((t) => t.family === family);
  if (!trainer)
    throw new ConfigError(`No trainer for the model family '${family}'.`, {
      hint: `Trainable families: ${TRAINERS.map((t) => t.family).join(', ')}.`,
    });
  return trainer;
}
