/** `mlx runs list / show / compare`: experiment tracking reads (the verify use case is verify.ts). */
export type { RunRecord, RunStatus } from '../tracking/run-dir.js';
export { compareRuns, listRuns, type RunComparison, type RunDetails, showRun } from '../tracking/runs.js';
