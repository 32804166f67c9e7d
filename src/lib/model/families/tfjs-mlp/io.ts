import { countNonFinite } from '../../../finite.js';
import type { Tf } from './backend.js';

type LayersModel = import('@tensorflow/tfjs').LayersModel;

export interface SavedModel {
  /** model.json in the tfjs layers-model format, with `weights.bin` as its one weights file. */
  modelJson: Record<string, unknown>;
  weights: Uint8Array;
}

/** Serialises a tfjs model to model.json + weights.bin contents (no filesystem access in tfjs). */
export async function serializeModel(tf: Tf, model: LayersModel): Promise<SavedModel> {
  let saved: SavedModel | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const data = artifacts.weightData;
      const buffer = data === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(data);
      saved = {
        modelJson: {
          modelTopology: artifacts.modelTopology,
          format: 'layers-model',
          generatedBy: artifacts.generatedBy,
          convertedBy: null,
          weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs ?? [] }],
        },
        weights: new Uint8Array(buffer),
      };
      return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
    }),
  );
  if (!saved) throw new Error('tfjs did not hand over the model artifacts');
  return saved;
}

/** Rebuilds a tfjs model from model.json + weights.bin contents. */
export async function deserializeModel(tf: Tf, saved: SavedModel): Promise<LayersModel> {
  const manifest = (saved.modelJson.weightsManifest as { weights: unknown[] }[] | undefined) ?? [];
  const weightSpecs = manifest.flatMap(
    (group) => group.weights,
  ) as import('@tensorflow/tfjs').io.WeightsManifestEntry[];
  const copy = saved.weights.buffer.slice(
    saved.weights.byteOffset,
    saved.weights.byteOffset + saved.weights.byteLength,
  );
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: saved.modelJson.modelTopology as object,
      weightSpecs,
      weightData: copy as ArrayBuffer,
    }),
  );
}

/**
 * How many float32 weights of `weights.bin` are NaN or infinite, read through the manifest's weight
 * specs (other dtypes are skipped); -1 when the file is shorter than the specs say.
 */
export function nonFiniteWeights(saved: SavedModel): number {
  const manifest = (saved.modelJson.weightsManifest as { weights?: unknown[] }[] | undefined) ?? [];
  const specs = manifest.flatMap((group) => (Array.isArray(group.weights) ? group.weights : [])) as {
    shape?: unknown;
    dtype?: unknown;
  }[];
  const bytes = saved.weights;
  let offset = 0;
  let bad = 0;
  for (const spec of specs) {
    const shape = Array.isArray(spec.shape) ? (spec.shape as unknown[]) : [];
    const size = shape.reduce<number>((n, d) => n * (typeof d === 'number' ? d : Number.NaN), 1);
    const width = spec.dtype === 'float32' || spec.dtype === 'int32' ? 4 : spec.dtype === 'bool' ? 1 : Number.NaN;
    const end = offset + size * width;
    if (!Number.isSafeInteger(end) || end > bytes.byteLength) return -1;
    if (spec.dtype === 'float32') {
      // Copied when unaligned: a Float32Array view needs a byte offset divisible by 4.
      const start = bytes.byteOffset + offset;
      const view =
        start % 4 === 0
          ? new Float32Array(bytes.buffer, start, size)
          : new Float32Array(bytes.slice(offset, end).buffer);
      bad += countNonFinite(view);
    }
    offset = end;
  }
  return bad;
}
