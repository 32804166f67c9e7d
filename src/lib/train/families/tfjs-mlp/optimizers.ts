import type { KernelExports } from '../../../model/families/tfjs-mlp/kernels.js';
import type { ParamSegment } from './network.js';

/**
 * Optimisers that update the network's parameters in place in WebAssembly memory (the `adam`, `sgd`
 * and `rmsprop` kernels, float32). The formulas and defaults are tfjs's / Keras's; L2 regularisation
 * λ·Σw² enters as weight decay 2λ·w added to each kernel's gradient (biases are not regularised).
 */
export interface Optimizer {
  /** The learning rate of the next steps (a schedule may lower it between epochs). */
  lr: number;
  /** Applies one update from the gradients the last backward pass left. */
  step(): void;
}

export type OptimizerName = 'adam' | 'sgd' | 'rmsprop';

/** Optimiser state tensors per parameter tensor (the network reserves them, zeroed). */
export const STATE_SLOTS: Record<OptimizerName, number> = { adam: 2, sgd: 0, rmsprop: 1 };

const EPSILON = 1e-7;

export interface OptimizerContext {
  kernels: KernelExports;
  segments: readonly ParamSegment[];
  lr: number;
  l2: number;
}

/** Plain gradient descent: w ← w − lr·(g + decay·w). */
export function sgd({ kernels, segments, lr, l2 }: OptimizerContext): Optimizer {
  const self: Optimizer = {
    lr,
    step() {
      for (const s of segments) kernels.sgd(s.ptr, s.grad, s.length, self.lr, decayOf(s, l2));
    },
  };
  return self;
}

/** Adam (β1 0.9, β2 0.999, ε 1e-7) with bias-corrected moments. */
export function adam({ kernels, segments, lr, l2 }: OptimizerContext, beta1 = 0.9, beta2 = 0.999): Optimizer {
  let t = 0;
  const self: Optimizer = {
    lr,
    step() {
      t++;
      const c1 = 1 - beta1 ** t;
      const c2 = 1 - beta2 ** t;
      for (const s of segments) {
        const [m = 0, v = 0] = s.state;
        kernels.adam(s.ptr, s.grad, m, v, s.length, self.lr, beta1, beta2, c1, c2, EPSILON, decayOf(s, l2));
      }
    },
  };
  return self;
}

/** RMSProp (ρ 0.9, ε 1e-7): w ← w − lr·g / √(E[g²] + ε). */
export function rmsprop({ kernels, segments, lr, l2 }: OptimizerContext, rho = 0.9): Optimizer {
  const self: Optimizer = {
    lr,
    step() {
      for (const s of segments)
        kernels.rmsprop(s.ptr, s.grad, s.state[0] ?? 0, s.length, self.lr, rho, EPSILON, decayOf(s, l2));
    },
  };
  return self;
}

/** The optimiser named in `train.optimizer` (the network must hold STATE_SLOTS[name] state tensors). */
export function createOptimizer(name: OptimizerName, context: OptimizerContext): Optimizer {
  for (const s of context.segments)
    if (s.state.length < STATE_SLOTS[name]) throw new Error(`${name} needs ${STATE_SLOTS[name]} state tensors`);
  switch (name) {
    case 'adam':
      return adam(context);
    case 'sgd':
      return sgd(context);
    case 'rmsprop':
      return rmsprop(context);
    default:
      return name satisfies never;
  }
}

function decayOf(segment: ParamSegment, l2: number): number {
  return segment.role === 'kernel' ? 2 * l2 : 0;
}
