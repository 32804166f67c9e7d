import type { DriftTestName } from '../../config/sections/drift.js';
import { chi2Contingency } from './chi2-contingency.js';
import { chisquare } from './chisquare.js';
import type { DriftTest } from './drift-test.js';
import { jensenshannon } from './jensenshannon.js';
import { ks } from './ks.js';
import { psi } from './psi.js';
import { wasserstein } from './wasserstein.js';
import { z } from './z.js';

/**
 * Every drift test by name: the config enum, the runner, the default thresholds and the report's
 * labels all read this. A test is one file here plus one line below (and its name in the config's
 * `DRIFT_TEST_NAMES`, which `satisfies` makes the compiler ask for: a `Record<DriftTestName, DriftTest>`
 * whose keys must also equal each test's `name`).
 */
export const DRIFT_TESTS = {
  ks,
  chisquare,
  z,
  wasserstein,
  jensenshannon,
  psi,
  chi2_contingency: chi2Contingency,
} as const satisfies { readonly [K in DriftTestName]: DriftTest & { readonly name: K } };

/** One property of every registered test, by name (default thresholds, report labels). */
export function perTest<T>(pick: (test: DriftTest) => T): Readonly<Record<DriftTestName, T>> {
  return Object.fromEntries(Object.values(DRIFT_TESTS).map((t) => [t.name, pick(t)])) as Record<DriftTestName, T>;
}

export { type DecisionRule, type DriftTest, decide, type ScoreKind, type TestOutcome } from './drift-test.js';
