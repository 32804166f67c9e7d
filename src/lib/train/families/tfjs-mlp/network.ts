import {
  ACT,
  instantiateKernels,
  type KernelActivation,
  type KernelExports,
  KernelMemory,
} from '../../../model/families/tfjs-mlp/kernels.js';
import { nextSeed } from '../../../random.js';
import type { Matrix } from '../../types.js';
import { SparseInput } from './sparse-input.js';

/** One layer of the trained stack: a dense layer (kernel `[inputs, units]` + bias) or dropout. */
export type LayerSpec =
  | { kind: 'dense'; inputs: number; units: number; activation: KernelActivation }
  | { kind: 'dropout'; units: number; rate: number };

export interface NetworkOptions {
  layers: readonly LayerSpec[];
  /** Rows per forward/backward call, at most (the batch size, or the scoring chunk if larger). */
  capacity: number;
  /**
   * Feed the first dense layer compressed sparse rows of the input: skips the products of exact-zero
   * inputs (one-hot columns), with the same bits as the dense kernels (see wasm/mlp-train.rs).
   */
  sparseInput: boolean;
  /** With `sparseInput`: the training split, compressed once into a row store that batches gather from. */
  train?: Matrix;
  /** Zeroed optimiser state per parameter tensor, in tensors of its size (Adam 2, RMSProp 1, SGD 0). */
  stateSlots: number;
}

interface DenseStage {
  kind: 'dense';
  spec: Extract<LayerSpec, { kind: 'dense' }>;
  w: number;
  b: number;
  dw: number;
  db: number;
  out: number;
  grad: number;
  /** Wᵀ, for the gradient of the layer's input (0 when the input is the data). */
  wt: number;
}

interface DropoutStage {
  kind: 'dropout';
  spec: Extract<LayerSpec, { kind: 'dropout' }>;
  mask: number;
  out: number;
  grad: number;
}

type Stage = DenseStage | DropoutStage;

/** A parameter tensor in the kernels' memory (a dense kernel or bias), with its gradient. */
export interface ParamSegment {
  ptr: number;
  grad: number;
  length: number;
  /** 'kernel' (rank 2: L2 applies) or 'bias'. */
  role: 'kernel' | 'bias';
  /** The optimiser's state tensors of this parameter (zeroed). */
  state: number[];
}

/**
 * The MLP being trained, held in WebAssembly memory: parameters, their gradients, and each layer's
 * activations for up to `capacity` rows. `forward` → (the loss head writes `outputGrad`) → `backward`
 * leaves the gradients of every parameter; an optimiser then updates them in place.
 */
export class MlpNetwork {
  readonly kernels: KernelExports;
  readonly memory: KernelMemory;
  readonly segments: ParamSegment[] = [];
  readonly inputs: number;
  readonly outputs: number;
  private readonly stages: Stage[];
  private readonly x: number;
  /** The first layer's sparse input (null: dense). */
  readonly sparse: SparseInput | null;
  /** The input of each stage in the last forward pass (dropout stages are skipped at inference). */
  private readonly stageInput: number[];

  constructor(options: NetworkOptions) {
    const { layers, capacity } = options;
    const first = layers[0];
    const last = layers.at(-1);
    if (!first || last?.kind !== 'dense') throw new Error('an MLP needs at least one dense layer, last');
    this.kernels = instantiateKernels();
    const mem = new KernelMemory(this.kernels);
    this.memory = mem;
    this.inputs = first.kind === 'dense' ? first.inputs : first.units;
    this.outputs = last.units;
    this.x = mem.reserve(capacity * this.inputs);
    this.sparse =
      options.sparseInput && first.kind === 'dense' ? new SparseInput(mem, this.kernels, capacity, this.inputs) : null;
    // Parameters first and together: they are what the optimiser and snapshots walk.
    const params = layers.map((spec) => {
      if (spec.kind !== 'dense') return null;
      const w = mem.reserve(spec.inputs * spec.units);
      const b = mem.reserve(spec.units);
      return { w, b };
    });
    this.stages = layers.map((spec, i): Stage => {
      const rows = capacity * spec.units;
      if (spec.kind === 'dropout')
        return { kind: 'dropout', spec, mask: mem.reserve(rows), out: mem.reserve(rows), grad: mem.reserve(rows) };
      const p = params[i] as { w: number; b: number };
      const dense: DenseStage = {
        kind: 'dense',
        spec,
        w: p.w,
        b: p.b,
        dw: mem.reserve(spec.inputs * spec.units),
        db: mem.reserve(spec.units),
        out: mem.reserve(rows),
        grad: mem.reserve(rows),
        wt: i > 0 ? mem.reserve(spec.inputs * spec.units) : 0,
      };
      const state = (length: number) => Array.from({ length: options.stateSlots }, () => mem.reserve(length));
      const size = spec.inputs * spec.units;
      this.segments.push(
        { ptr: dense.w, grad: dense.dw, length: size, role: 'kernel', state: state(size) },
        { ptr: dense.b, grad: dense.db, length: spec.units, role: 'bias', state: state(spec.units) },
      );
      return dense;
    });
    this.stageInput = this.stages.map(() => this.x);
    mem.commit();
    if (this.sparse && options.train && this.sparse.reserveStore(options.train, this.x)) {
      mem.commit();
      this.sparse.fill(options.train, this.x);
    }
  }

  /** The input rows (row-major, `capacity × inputs`): fill them before `forward`. */
  input(rows: number): Float32Array {
    return this.memory.f32(this.x, rows * this.inputs);
  }

  /** The gradient of the loss with respect to the last layer's output: the loss head writes it. */
  outputGrad(rows: number): Float32Array {
    return this.memory.f32(this.lastDense().grad, rows * this.outputs);
  }

  /**
   * The forward pass over the first `rows` input rows (`gathered`: the sparse input already holds them,
   * from the row store). Training (`rng` given): dropout masks are drawn from the seeded stream (one
   * seed per dropout layer and step). Returns the last layer's output (logits when the model ends in
   * softmax: the loss head applies it).
   */
  forward(rows: number, rng: (() => number) | null, gathered = false): Float32Array {
    const k = this.kernels;
    let current = this.x;
    this.stages.forEach((stage, i) => {
      if (stage.kind === 'dropout') {
        if (!rng) return;
        const len = rows * stage.spec.units;
        const rate = stage.spec.rate;
        k.dropout_mask(stage.mask, len, nextSeed(rng), rate, Math.fround(1 / (1 - rate)));
        k.mul(current, stage.mask, stage.out, len);
        this.stageInput[i] = current;
        current = stage.out;
        return;
      }
      const { inputs, units, activation } = stage.spec;
      const fused = activation === 'relu' ? ACT.relu : ACT.linear;
      this.stageInput[i] = current;
      if (i === 0 && this.sparse) {
        if (!gathered) this.sparse.fromDense(current, rows);
        k.sparse_forward(this.sparse.ptr, this.sparse.entries, rows, stage.w, units, stage.b, fused, stage.out);
      } else {
        k.dense_forward(current, rows, inputs, stage.w, units, stage.b, fused, stage.out);
      }
      if (activation !== 'relu' && activation !== 'linear')
        applyActivation(this.memory.f32(stage.out, rows * units), activation);
      current = stage.out;
    });
    return this.memory.f32(current, rows * this.outputs);
  }

  /** The backward pass of the last training `forward`: fills every parameter's gradient. */
  backward(rows: number): void {
    const k = this.kernels;
    for (let i = this.stages.length - 1; i >= 0; i--) {
      const stage = this.stages[i] as Stage;
      const previous = i > 0 ? (this.stages[i - 1] as Stage).grad : 0;
      const input = this.stageInput[i] as number;
      if (stage.kind === 'dropout') {
        if (previous) k.mul(stage.grad, stage.mask, previous, rows * stage.spec.units);
        continue;
      }
      const { inputs, units, activation } = stage.spec;
      if (activation !== 'linear') k.act_backward(stage.grad, stage.out, rows * units, ACT[activation]);
      k.bias_grad(stage.grad, rows, units, stage.db);
      if (i === 0 && this.sparse) {
        const { ptr, entries, colPtr, columns } = this.sparse;
        k.sparse_weight_grad(ptr, entries, rows, inputs, stage.grad, units, stage.dw, colPtr, columns);
      } else {
        k.weight_grad(input, rows, inputs, stage.grad, units, stage.dw);
      }
      if (previous) {
        k.transpose(stage.w, inputs, units, stage.wt);
        k.dense_forward(stage.grad, rows, units, stage.wt, inputs, 0, ACT.linear, previous);
      }
    }
  }

  /** Copies of the parameters, in tfjs order (kernel, bias per dense layer). */
  getWeights(): Float32Array[] {
    return this.segments.map((s) => this.memory.f32(s.ptr, s.length).slice());
  }

  /** Sets the parameters from arrays in tfjs order. */
  setWeights(values: readonly Float32Array[]): void {
    if (values.length !== this.segments.length) throw new Error('setWeights: wrong number of arrays');
    this.segments.forEach((s, i) => {
      const v = values[i] as Float32Array;
      if (v.length !== s.length) throw new Error(`setWeights: array ${i} has ${v.length} values, not ${s.length}`);
      this.memory.f32(s.ptr, s.length).set(v);
    });
  }

  /** The gradients of the last `backward`, in tfjs order (views: valid until the next step). */
  gradients(): Float32Array[] {
    return this.segments.map((s) => this.memory.f32(s.grad, s.length));
  }

  private lastDense(): DenseStage {
    return this.stages.at(-1) as DenseStage;
  }
}

const SELU_SCALE = 1.0507009873554805;
const SELU_ALPHA = 1.6732632423543772;

/** The activations the kernels leave to JS (they need exp): in place, in float64 then rounded. */
function applyActivation(h: Float32Array, activation: Exclude<KernelActivation, 'relu' | 'linear'>): void {
  for (let i = 0; i < h.length; i++) {
    const v = h[i] as number;
    switch (activation) {
      case 'tanh':
        h[i] = Math.tanh(v);
        break;
      case 'sigmoid':
        h[i] = 1 / (1 + Math.exp(-v));
        break;
      case 'elu':
        h[i] = v > 0 ? v : Math.expm1(v);
        break;
      case 'selu':
        h[i] = v > 0 ? SELU_SCALE * v : SELU_SCALE * SELU_ALPHA * Math.expm1(v);
        break;
      default:
        activation satisfies never;
    }
  }
}
