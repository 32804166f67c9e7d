import type { ServeConfig } from '../config/sections/serve.js';
import type { Prediction, Predictor, Row } from '../contracts.js';
import { DEFAULT_POLICY, type ValidationPolicy } from '../data/index.js';
import { createMicroBatcher } from './micro-batcher.js';
import { buildFastPath } from './validation/fast-path.js';
import { buildRequestSchemas, type RequestSchemas } from './validation/request-schema.js';
import { type ValidationResult, validatePredictBody } from './validation/validate-request.js';
import { buildWarningChecks } from './validation/warnings.js';

/** A loaded model ready to serve: its predictor plus the validation and batching built for it at load time. */
export interface ServedModel {
  readonly predictor: Predictor;
  readonly name: string;
  /** The registry version, or the run id of an unregistered bundle. */
  readonly version: string;
  readonly schemas: RequestSchemas;
  validate(body: unknown): ValidationResult;
  predict(rows: readonly Row[]): Promise<Prediction[]>;
}

export type ServedModelOptions = Pick<ServeConfig, 'max_batch' | 'on_unknown_field' | 'micro_batch'> & {
  /** The input policy (`inputPolicy(config)` of the `inputs` section); default: the default policy. */
  policy?: ValidationPolicy | undefined;
};

/** Builds the request schema from the bundle's schema.json and the input policy once, at load time. */
export function createServedModel(
  predictor: Predictor,
  options: ServedModelOptions,
  observe: { onModelCall?: (rows: number, seconds: number) => void } = {},
): ServedModel {
  const policy = options.policy ?? DEFAULT_POLICY;
  const schemaOptions = { ...policy, maxBatch: options.max_batch, onUnknownField: options.on_unknown_field };
  const schemas = buildRequestSchemas(predictor.schema, schemaOptions);
  const fast = buildFastPath(predictor.schema, schemaOptions);
  const checks = buildWarningChecks(predictor.schema, policy);
  const predict = createMicroBatcher((rows) => predictor.predict(rows), {
    enabled: options.micro_batch,
    maxRows: Math.max(options.max_batch, 256),
    onCall: observe.onModelCall,
  });
  return {
    predictor,
    name: predictor.info.name,
    version: predictor.info.version === null ? predictor.info.runId : String(predictor.info.version),
    schemas,
    validate: (body) => validatePredictBody(body, schemas, checks, fast),
    predict,
  };
}
