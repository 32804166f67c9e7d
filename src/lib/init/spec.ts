import type { Task } from '../contracts.js';

/** Everything the project templates need, decided by `mlx init` from the data (plain values only). */
export interface ProjectSpec {
  /** Registry name of the model (`model.name`), also the package name when init writes package.json. */
  name: string;
  /** `data.source`, relative to the project root, with forward slashes. */
  source: string;
  rows: number;
  target: string;
  task: Task;
  /** Classification labels (sorted), null for regression. */
  classes: string[] | null;
  /** The `data.features` block: column → its spec (`type`, `required`, soft `min`/`max`/`allowed`, ...). */
  features: Record<string, Record<string, unknown>>;
  /** The quality gate CI enforces: beat the baseline (the majority class's share, or R² 0). */
  gate: { metric: string; value: number };
  /** One input row of the data (the target left out), for the README's request example. */
  example: Record<string, unknown>;
  /** The npm package that provides `mlx`, and its version (package.json's devDependency). */
  mlx: { packageName: string; version: string };
}
