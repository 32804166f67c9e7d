import type { DriftConfig } from '../../config/sections/drift.js';
import type { DriftDecision } from '../types.js';

/** What the Evidently verdict means (and that its false-alarm rate is not controlled). */
export function evidentlyDecision(config: Pick<DriftConfig, 'share'>): DriftDecision {
  return {
    method: 'evidently',
    share: config.share,
    explanation: `Evidently method: each column is tested on its own with Evidently's default test and threshold, with no correction for testing many columns, and dataset drift is declared when at least ${config.share * 100} % of the columns drift. Its false-alarm rate is not controlled: with small references, two samples of the same distribution are often flagged (set drift.method=mlx for a stated rate).`,
  };
}
