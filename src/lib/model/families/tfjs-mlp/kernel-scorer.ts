import type { Scorer } from '../../family.js';
import { ACT, flushSubnormals, instantiateKernels, KernelMemory } from './kernels.js';
import type { DenseActivation, DenseLayer } from './mlp-layers.js';

/** Rows per pass through the layers: bounds the instance's memory (the input and two activation buffers). */
const CHUNK = 2048;

const SELU_SCALE = 1.0507009873554805;
const SELU_ALPHA = 1.6732632423543772;

/**
 * A Scorer over the MLP kernels (the WebAssembly module training runs on): every dense layer is one
 * `dense_forward` call in the instance's memory, the activations the kernels leave to JS are computed
 * as the trainer's validation computes them, and a final softmax is taken per row in float64. So a
 * served prediction has the bits training's validation saw, on any machine, and a row's result does
 * not depend on the rows scored with it. A call costs microseconds (no tensors, no tfjs engine), and
 * tfjs is not loaded at all.
 */
export function kernelScorer(layers: readonly DenseLayer[]): Scorer {
  const first = layers[0];
  const last = layers.at(-1);
  if (!first || !last) throw new Error('kernelScorer: a model without layers');
  const kernels = instantiateKernels();
  const memory = new KernelMemory(kernels);
  const params = layers.map((l) => ({
    w: memory.reserve(l.kernel.length),
    b: l.bias ? memory.reserve(l.bias.length) : 0,
  }));
  const widest = Math.max(...layers.map((l) => l.units));
  const input = memory.reserve(CHUNK * first.inputs);
  const buffers = [memory.reserve(CHUNK * widest), memory.reserve(CHUNK * widest)] as const;
  memory.commit();
  // The memory never grows after this commit, so these views stay valid.
  layers.forEach((l, i) => {
    const p = params[i] as { w: number; b: number };
    const kernel = memory.f32(p.w, l.kernel.length);
    kernel.set(l.kernel);
    flushSubnormals(kernel);
    if (l.bias) {
      const bias = memory.f32(p.b, l.bias.length);
      bias.set(l.bias);
      flushSubnormals(bias);
    }
  });
  const inputView = memory.f32(input, CHUNK * first.inputs);
  const views = buffers.map((at) => memory.f32(at, CHUNK * widest));
  const scratch = new Float64Array(last.units);
  let disposed = false;

  /** Runs rows already in `inputView` through the layers; returns the view holding the last layer's output. */
  const forward = (rows: number): Float32Array => {
    let from = input;
    let at = 0;
    let view = views[0] as Float32Array;
    layers.forEach((l, i) => {
      const p = params[i] as { w: number; b: number };
      const to = buffers[at % 2] as number;
      view = views[at % 2] as Float32Array;
      kernels.dense_forward(
        from,
        rows,
        l.inputs,
        p.w,
        l.units,
        p.b,
        l.activation === 'relu' ? ACT.relu : ACT.linear,
        to,
      );
      activate(view.subarray(0, rows * l.units), l.activation, l.units, scratch);
      from = to;
      at++;
    });
    return view;
  };

  return {
    score({ x, rows, width }) {
      if (disposed) throw new Error('score() after dispose()');
      if (width !== first.inputs) throw new Error(`the model takes rows of ${first.inputs} inputs, got ${width}`);
      const out = new Float32Array(rows * last.units);
      for (let start = 0; start < rows; start += CHUNK) {
        const n = Math.min(CHUNK, rows - start);
        // float64 inputs are rounded to float32 here, as tfjs rounds them.
        inputView.set(x.subarray(start * width, (start + n) * width));
        out.set(forward(n).subarray(0, n * last.units), start * last.units);
      }
      return out;
    },
    dispose() {
      disposed = true;
    },
  };
}

/**
 * The activations the kernel does not fuse, in place: elementwise in float64 then rounded to float32
 * (as the trainer's network does), or softmax over each row of `units` values (exp(z − max) / Σ).
 */
function activate(h: Float32Array, activation: DenseActivation, units: number, scratch: Float64Array): void {
  switch (activation) {
    case 'linear':
    case 'relu':
      return;
    case 'softmax':
      for (let at = 0; at < h.length; at += units) {
        let max = Number.NEGATIVE_INFINITY;
        for (let c = 0; c < units; c++) max = Math.max(max, h[at + c] as number);
        let sum = 0;
        for (let c = 0; c < units; c++) {
          const e = Math.exp((h[at + c] as number) - max);
          scratch[c] = e;
          sum += e;
        }
        for (let c = 0; c < units; c++) h[at + c] = (scratch[c] as number) / sum;
      }
      return;
    case 'tanh':
      for (let i = 0; i < h.length; i++) h[i] = Math.tanh(h[i] as number);
      return;
    case 'sigmoid':
      for (let i = 0; i < h.length; i++) h[i] = 1 / (1 + Math.exp(-(h[i] as number)));
      return;
    case 'elu':
      for (let i = 0; i < h.length; i++) {
        const v = h[i] as number;
        h[i] = v > 0 ? v : Math.expm1(v);
      }
      return;
    case 'selu':
      for (let i = 0; i < h.length; i++) {
        const v = h[i] as number;
        h[i] = v > 0 ? SELU_SCALE * v : SELU_SCALE * SELU_ALPHA * Math.expm1(v);
      }
      return;
    default:
      activation satisfies never;
  }
}
