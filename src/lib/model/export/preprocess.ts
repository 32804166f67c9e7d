import type { FittedPipeline, InputEncoding, PipelineFeature } from '../../data/index.js';
import { UsageError } from '../../errors.js';
import type { GraphBuilder } from './onnx/graph-builder.js';
import type { OnnxValueInfo } from './onnx/model.js';
import { concat, ONNX_FEATURE_KINDS, type OnnxFeatureKind } from './onnx-features.js';

/** The symbolic batch dimension of every exported graph. */
export const BATCH = 'N';

function kindOf(feature: PipelineFeature): OnnxFeatureKind<PipelineFeature> {
  const kind = ONNX_FEATURE_KINDS[feature.kind] as OnnxFeatureKind<PipelineFeature> | undefined;
  if (!kind)
    throw new UsageError(
      `Feature '${feature.name}' is of kind '${feature.kind}', which the ONNX export does not support.`,
      {
        code: 'MLX_EXPORT_UNSUPPORTED',
        hint: `Supported kinds: ${Object.keys(ONNX_FEATURE_KINDS).join(', ')}. Drop the feature (data.drop) and retrain, or export with --format web.`,
      },
    );
  return kind;
}

/** One graph input per feature, named by the feature, [N,1] of its kind's type. */
export function featureInputs(pipeline: FittedPipeline): OnnxValueInfo[] {
  return pipeline.features.map((f) => {
    const { type, doc } = kindOf(f).input;
    return { name: f.name, type, dims: [BATCH, 1], doc };
  });
}

/**
 * The preprocessing of `pipeline.json` as graph nodes over the feature inputs: the family's encoding as
 * one [N, width] tensor (onehot: float32, ordinal: double), computed as the TypeScript encoders do.
 */
export function preprocessGraph(g: GraphBuilder, pipeline: FittedPipeline, encoding: InputEncoding): string {
  const na = pipeline.na_values;
  const columns = pipeline.features.map((f) => {
    const kind = kindOf(f);
    switch (encoding) {
      case 'onehot':
        return kind.onehot(g, f, f.name, na);
      case 'ordinal':
        return kind.ordinal(g, f, f.name, na);
      default:
        return encoding satisfies never;
    }
  });
  return concat(g, columns);
}
