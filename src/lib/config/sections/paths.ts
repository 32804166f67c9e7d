import { z } from 'zod';

/** Where mlx reads and writes, relative to the project root (the config file's folder). */
export const pathsSchema = z
  .strictObject({
    processed: z.string().default('data/processed'),
    runs: z.string().default('runs'),
    models: z.string().default('models'),
    reports: z.string().default('reports'),
    var: z.string().default('var'),
    cache: z.string().default('.mlx/cache'),
    /** The data lock written by `mlx data prepare` (like dvc.lock). */
    lock: z.string().default('data.lock'),
  })
  .prefault({});
