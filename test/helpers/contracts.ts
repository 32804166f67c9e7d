import type { FeatureContract } from '../../src/lib/contracts.js';

/** A required feature contract with no limits, `extra` overriding any field. */
export function featureContract(
  name: string,
  type: FeatureContract['type'],
  extra: Partial<FeatureContract> = {},
): FeatureContract {
  return { name, type, required: true, min: null, max: null, allowed: null, ...extra };
}
