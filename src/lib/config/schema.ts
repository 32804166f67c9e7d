import { z } from 'zod';
import { dataSchema } from './sections/data.js';
import { driftSchema } from './sections/drift.js';
import { evaluateSchema } from './sections/evaluate.js';
import { inputsSchema } from './sections/inputs.js';
import { loggingSchema } from './sections/logging.js';
import { modelSchema } from './sections/model.js';
import { pathsSchema } from './sections/paths.js';
import { preprocessSchema } from './sections/preprocess.js';
import { serveSchema } from './sections/serve.js';
import { trainSchema } from './sections/train.js';

/** The whole mlx config. Every leaf has a default, so the defaults tree lists every key. */
export const configSchema = z.strictObject({
  seed: z.int().nonnegative().default(42),
  data: dataSchema,
  preprocess: preprocessSchema,
  model: modelSchema,
  train: trainSchema,
  evaluate: evaluateSchema,
  inputs: inputsSchema,
  serve: serveSchema,
  drift: driftSchema,
  logging: loggingSchema,
  paths: pathsSchema,
});

export type MlxConfig = z.infer<typeof configSchema>;
export type ConfigSection = Exclude<keyof MlxConfig, 'seed'>;

/** The config with nothing but defaults. */
export function defaultConfig(): MlxConfig {
  return configSchema.parse({});
}
