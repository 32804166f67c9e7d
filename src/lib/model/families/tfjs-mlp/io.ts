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
