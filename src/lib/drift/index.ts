/** The drift module's public API (issue 6). */

export { type ColumnSource, type ComputeDriftOptions, columnsSource, computeDrift, rowsSource } from './compute.js';
export { renderDriftHtml } from './report/html.js';
export { writeDriftReport } from './report/write.js';
export { decideRetrain, type RetrainDecision, type RetrainOutcome } from './retrain.js';
export { DEFAULT_THRESHOLDS, defaultTest } from './select-test.js';
export { chiSquareTest } from './stats/chi-square.js';
export { jensenShannonDistance, jensenShannonTest } from './stats/jensen-shannon.js';
export { ksTwoSample } from './stats/ks-two-sample.js';
export { populationStabilityIndex } from './stats/psi.js';
export { wassersteinNormed } from './stats/wasserstein.js';
export { twoProportionZTest } from './stats/z-test.js';
export type { ColumnChart, ColumnDrift, DriftResult, DriftTestName, SkippedColumn } from './types.js';
