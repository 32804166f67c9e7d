import type { Sample } from './stats/binning.js';
import { chiSquareTest } from './stats/chi-square.js';
import { jensenShannonTest } from './stats/jensen-shannon.js';
import { ksTwoSample } from './stats/ks-two-sample.js';
import { populationStabilityIndex } from './stats/psi.js';
import { wassersteinNormed } from './stats/wasserstein.js';
import { twoProportionZTest } from './stats/z-test.js';
import type { DriftTestName } from './types.js';

export interface TestOutcome {
  score: number;
  scoreKind: 'p_value' | 'distance';
  drifted: boolean;
}

const asNumbers = (s: Sample): Float64Array =>
  s.kind === 'numeric' ? s.values : Float64Array.from(s.values, (v) => Number(v));
const asKeys = (s: Sample): ArrayLike<string | number> => s.values;

/**
 * Runs one drift test with Evidently's decision rule: p-value tests drift when p < threshold
 * (KS: p ≤ threshold), distances when score ≥ threshold.
 */
export function runDriftTest(test: DriftTestName, reference: Sample, current: Sample, threshold: number): TestOutcome {
  switch (test) {
    case 'ks': {
      const { pValue } = ksTwoSample(asNumbers(reference), asNumbers(current));
      return { score: pValue, scoreKind: 'p_value', drifted: pValue <= threshold };
    }
    case 'chisquare': {
      const { pValue } = chiSquareTest(asKeys(reference), asKeys(current));
      return { score: pValue, scoreKind: 'p_value', drifted: pValue < threshold };
    }
    case 'z': {
      const { pValue } = twoProportionZTest(asKeys(reference), asKeys(current));
      return { score: pValue, scoreKind: 'p_value', drifted: pValue < threshold };
    }
    case 'wasserstein': {
      const { statistic } = wassersteinNormed(asNumbers(reference), asNumbers(current));
      return { score: statistic, scoreKind: 'distance', drifted: statistic >= threshold };
    }
    case 'jensenshannon': {
      const score = jensenShannonTest(reference, current);
      return { score, scoreKind: 'distance', drifted: score >= threshold };
    }
    case 'psi': {
      const score = populationStabilityIndex(reference, current);
      return { score, scoreKind: 'distance', drifted: score >= threshold };
    }
    default:
      return test satisfies never;
  }
}
