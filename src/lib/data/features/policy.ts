import type { MlxConfig } from '../../config/index.js';
import type { FeatureContract } from '../../contracts.js';

/**
 * What a trained model's users (`mlx predict`, `mlx evaluate --data`, `mlx serve`) do with a value its
 * schema does not expect. Built from the `inputs` config section by {@link inputPolicy}, the one place
 * that reads those keys; {@link actionFor} is the one rule that turns it into a decision per feature.
 */
export interface ValidationPolicy {
  onUnknownCategory: 'reject' | 'warn';
  onOutOfRange: 'reject' | 'warn';
  /** A missing value of a required feature: imputed (with a warning), or refused. */
  onMissing: 'reject' | 'impute';
}

/** The problems a value can have against its feature's contract that the policy decides on. */
export type PolicyProblem = 'out_of_range' | 'unknown_category' | 'missing';

/** `reject`: refuse the row/request; `warn`: predict and report it; `accept`: predict silently. */
export type PolicyAction = 'reject' | 'warn' | 'accept';

/** The policy of the `inputs` config section. */
export function inputPolicy(config: Pick<MlxConfig, 'inputs'>): ValidationPolicy {
  return {
    onOutOfRange: config.inputs.on_out_of_range,
    onUnknownCategory: config.inputs.on_unknown_category,
    onMissing: config.inputs.on_missing,
  };
}

/** The default policy (a config with nothing set). */
export const DEFAULT_POLICY: ValidationPolicy = {
  onOutOfRange: 'warn',
  onUnknownCategory: 'reject',
  onMissing: 'impute',
};

/**
 * The one rule: soft limits (what training observed) only warn; declared (hard) limits follow the
 * policy; a missing value is fine for an optional feature (missing in training too), and follows
 * `onMissing` for a required one.
 */
export function actionFor(problem: PolicyProblem, feature: FeatureContract, policy: ValidationPolicy): PolicyAction {
  switch (problem) {
    case 'out_of_range':
      return feature.limits === 'soft' ? 'warn' : policy.onOutOfRange;
    case 'unknown_category':
      return feature.limits === 'soft' ? 'warn' : policy.onUnknownCategory;
    case 'missing':
      if (!feature.required) return 'accept';
      return policy.onMissing === 'reject' ? 'reject' : 'warn';
    default:
      return problem satisfies never;
  }
}
