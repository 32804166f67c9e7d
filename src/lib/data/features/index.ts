import type { FeatureType } from '../../contracts.js';
import type { PipelineFeatureOf } from '../pipeline/types.js';
import { booleanKind } from './boolean.js';
import { categoricalKind } from './categorical.js';
import { datetimeKind } from './datetime.js';
import type { FeatureKind } from './kind.js';
import { numericKind } from './numeric.js';

/**
 * Every feature kind, one line each. The mapped type is `Record<FeatureType, FeatureKind>` made
 * stricter: each key must hold the kind of its own type, so a missing or misplaced kind does not compile.
 */
export const featureKinds = {
  numeric: numericKind,
  categorical: categoricalKind,
  boolean: booleanKind,
  datetime: datetimeKind,
} as const satisfies { readonly [K in FeatureType]: FeatureKind<PipelineFeatureOf<K>> };

/** The kind that coerces, fits, encodes, checks and validates values of a feature type. */
export function featureKind(type: FeatureType): FeatureKind {
  return featureKinds[type];
}
