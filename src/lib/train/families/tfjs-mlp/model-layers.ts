import type { Tf } from '../../../model/families/tfjs-mlp/backend.js';
import type { KernelActivation } from '../../../model/families/tfjs-mlp/kernels.js';
import type { LayerSpec } from './network.js';

type LayersModel = import('@tensorflow/tfjs').LayersModel;

const KERNEL_ACTIVATIONS = new Set<string>(['linear', 'relu', 'tanh', 'sigmoid', 'elu', 'selu']);

/**
 * The layers of a tfjs Sequential MLP (build.ts) as the training kernels' stack. The last layer's
 * softmax is left to the loss head (the network outputs logits); any other activation must be one
 * the kernels know.
 */
export function layerSpecs(model: LayersModel): LayerSpec[] {
  const last = model.layers.length - 1;
  let width = model.inputs[0]?.shape.at(-1) ?? 0;
  return model.layers.map((layer, i): LayerSpec => {
    const config = layer.getConfig() as { rate?: number; activation?: string; units?: number; useBias?: boolean };
    const kind = layer.getClassName();
    if (kind === 'Dropout') return { kind: 'dropout', units: width, rate: config.rate ?? 0 };
    if (kind !== 'Dense' || config.useBias === false) throw new Error(`cannot train a ${kind} layer`);
    const named = config.activation ?? 'linear';
    const activation = i === last && named === 'softmax' ? 'linear' : named;
    if (!KERNEL_ACTIVATIONS.has(activation)) throw new Error(`cannot train the activation '${named}' of ${layer.name}`);
    const units = config.units ?? 0;
    const spec: LayerSpec = { kind: 'dense', inputs: width, units, activation: activation as KernelActivation };
    width = units;
    return spec;
  });
}

/** Copies of the model's weights in tfjs order (kernel, bias per dense layer). */
export function readWeights(model: LayersModel): Float32Array[] {
  return model.getWeights().map((w) => (w.dataSync() as Float32Array).slice());
}

/** Sets the model's weights from arrays in tfjs order. */
export function writeWeights(tf: Tf, model: LayersModel, arrays: readonly Float32Array[]): void {
  const weights = model.getWeights();
  const tensors = arrays.map((a, i) => tf.tensor(a, weights[i]?.shape ?? [a.length]));
  model.setWeights(tensors);
  tf.dispose(tensors);
}
