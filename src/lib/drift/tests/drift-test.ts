import type { DriftTestName } from '../../config/sections/drift.js';
import type { Sample } from '../stats/binning.js';
import type { ColumnKind } from '../types.js';

/** How a score is compared with its threshold: p-values drift below it (KS: at or below), distances at or above. */
export type DecisionRule = '<' | '≤' | '≥';

export type ScoreKind = 'p_value' | 'distance';

export interface TestOutcome {
  score: number;
  scoreKind: ScoreKind;
  drifted: boolean;
}

/** One drift test: what the config names, the report prints, and the runner calls. */
export interface DriftTest {
  readonly name: DriftTestName;
  /** The report's name for the score, e.g. "K-S p-value". */
  readonly label: string;
  /** Column kinds the test is meant for (Evidently's rules also send few-valued numbers to category tests). */
  readonly kinds: readonly ColumnKind[];
  readonly scoreKind: ScoreKind;
  /** Evidently's default threshold. */
  readonly defaultThreshold: number;
  readonly rule: DecisionRule;
  /** The score (p-value or distance) of the current sample against the reference. */
  score(reference: Sample, current: Sample): number;
  /** Score and decision at `threshold`. */
  run(reference: Sample, current: Sample, threshold: number): TestOutcome;
}

/** Whether `score` means drift at `threshold` under `rule`. */
export function decide(rule: DecisionRule, score: number, threshold: number): boolean {
  switch (rule) {
    case '<':
      return score < threshold;
    case '≤':
      return score <= threshold;
    case '≥':
      return score >= threshold;
    default:
      return rule satisfies never;
  }
}

/** Builds a DriftTest from its description and score function (`run` applies the rule). */
export function defineDriftTest<N extends DriftTestName>(
  spec: Omit<DriftTest, 'run' | 'name'> & { readonly name: N },
): DriftTest & { readonly name: N } {
  return {
    ...spec,
    run(reference, current, threshold) {
      const score = spec.score(reference, current);
      return { score, scoreKind: spec.scoreKind, drifted: decide(spec.rule, score, threshold) };
    },
  };
}

/** A sample's values as numbers (category tests on numbers, numeric tests forced onto text). */
export const asNumbers = (s: Sample): Float64Array =>
  s.kind === 'numeric' ? s.values : Float64Array.from(s.values, (v) => Number(v));

/** A sample's values as category keys. */
export const asKeys = (s: Sample): ArrayLike<string | number> => s.values;
