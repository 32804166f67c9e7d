import type { SavedModel } from './io.js';

/** An activation the kernel scorer computes (softmax: only on the last layer, over its units). */
export type DenseActivation = 'linear' | 'relu' | 'tanh' | 'sigmoid' | 'elu' | 'selu' | 'softmax';

/** One dense layer of a saved MLP: `kernel` is `[inputs, units]` row-major (tfjs's layout). */
export interface DenseLayer {
  inputs: number;
  units: number;
  activation: DenseActivation;
  kernel: Float32Array;
  bias: Float32Array | null;
}

interface LayerJson {
  class_name?: string;
  config?: { name?: string; units?: number; activation?: string; use_bias?: boolean };
}

interface WeightJson {
  name: string;
  shape: number[];
  dtype?: string;
}

const ACTIVATIONS = new Set<string>(['linear', 'relu', 'tanh', 'sigmoid', 'elu', 'selu', 'softmax']);

/**
 * The dense layers of a saved tfjs Sequential MLP (what build.ts makes: Dense layers, Dropout, which is
 * the identity at inference), read from model.json and weights.bin without tfjs. Null for any other
 * model (another layer class, a softmax before the last layer, weights that are not float32): tfjs
 * scores those.
 */
export function denseLayers(saved: SavedModel): DenseLayer[] | null {
  const topology = saved.modelJson.modelTopology as { class_name?: string; config?: { layers?: LayerJson[] } };
  const layers = topology?.class_name === 'Sequential' ? topology.config?.layers : undefined;
  const weights = readWeights(saved);
  if (!layers || !weights) return null;
  const out: DenseLayer[] = [];
  for (const layer of layers) {
    if (layer.class_name === 'Dropout') continue;
    const name = layer.config?.name ?? '';
    const activation = layer.config?.activation ?? 'linear';
    const kernel = weights.get(`${name}/kernel`);
    if (layer.class_name !== 'Dense' || !ACTIVATIONS.has(activation) || kernel?.shape.length !== 2) return null;
    const [inputs = 0, units = 0] = kernel.shape;
    const previous = out.at(-1);
    if ((previous && (previous.units !== inputs || previous.activation === 'softmax')) || units === 0) return null;
    const bias = layer.config?.use_bias === false ? null : weights.get(`${name}/bias`);
    if (bias === undefined || (bias && bias.data.length !== units)) return null;
    out.push({
      inputs,
      units,
      activation: activation as DenseActivation,
      kernel: kernel.data,
      bias: bias?.data ?? null,
    });
  }
  return out.length > 0 ? out : null;
}

/** The float32 tensors of the weights manifest by name, in manifest order; null if any is not float32 or bytes are short. */
function readWeights(saved: SavedModel): Map<string, { shape: number[]; data: Float32Array }> | null {
  const manifest = (saved.modelJson.weightsManifest as { weights?: WeightJson[] }[] | undefined) ?? [];
  const bytes = saved.weights;
  const out = new Map<string, { shape: number[]; data: Float32Array }>();
  let offset = 0;
  for (const spec of manifest.flatMap((group) => group.weights ?? [])) {
    if ((spec.dtype ?? 'float32') !== 'float32') return null;
    const count = spec.shape.reduce((n, d) => n * d, 1);
    if (offset + count * 4 > bytes.byteLength) return null;
    // Copied out (weights.bin is little-endian float32, as every platform Node runs on).
    const data = new Float32Array(bytes.buffer.slice(bytes.byteOffset + offset, bytes.byteOffset + offset + count * 4));
    out.set(spec.name, { shape: spec.shape, data });
    offset += count * 4;
  }
  return out;
}
