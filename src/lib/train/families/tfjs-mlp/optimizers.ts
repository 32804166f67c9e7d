/**
 * Optimisers that update float32 parameter arrays in place, on the JS side. One training step
 * then costs a handful of tensor ops instead of ~13 per variable (tfjs's optimisers), which is what
 * dominates small-model training time. The formulas and defaults are tfjs's / Keras's.
 */
export interface Optimizer {
  /** The learning rate of the next steps (a schedule may lower it between epochs). */
  lr: number;
  /**
   * Applies one update in place. `decay[i]` adds `decay[i] · w` to the gradient of `params[i]`
   * (L2 regularisation λ·Σw² has gradient 2λ·w), so the penalty costs no tensor ops.
   */
  step(params: readonly Float32Array[], grads: readonly ArrayLike<number>[], decay?: readonly number[]): void;
}

export type OptimizerName = 'adam' | 'sgd' | 'rmsprop';

const EPSILON = 1e-7;

/** Plain gradient descent: w ← w − lr·g. */
export function sgd(lr: number): Optimizer {
  const self: Optimizer = {
    lr,
    step(params, grads, decay = []) {
      const lr = self.lr;
      params.forEach((w, i) => {
        const g = grads[i] as ArrayLike<number>;
        const d = decay[i] ?? 0;
        for (let j = 0; j < w.length; j++) w[j] = (w[j] as number) - lr * ((g[j] as number) + d * (w[j] as number));
      });
    },
  };
  return self;
}

/** Adam (β1 0.9, β2 0.999, ε 1e-7) with bias-corrected moments. */
export function adam(lr: number, sizes: readonly number[], beta1 = 0.9, beta2 = 0.999): Optimizer {
  const m = sizes.map((n) => new Float32Array(n));
  const v = sizes.map((n) => new Float32Array(n));
  let t = 0;
  const self: Optimizer = {
    lr,
    step(params, grads, decay = []) {
      const lr = self.lr;
      t++;
      const c1 = 1 - beta1 ** t;
      const c2 = 1 - beta2 ** t;
      params.forEach((w, i) => {
        const g = grads[i] as ArrayLike<number>;
        const mi = m[i] as Float32Array;
        const vi = v[i] as Float32Array;
        const d = decay[i] ?? 0;
        for (let j = 0; j < w.length; j++) {
          const gj = (g[j] as number) + d * (w[j] as number);
          const mj = beta1 * (mi[j] as number) + (1 - beta1) * gj;
          const vj = beta2 * (vi[j] as number) + (1 - beta2) * gj * gj;
          mi[j] = mj;
          vi[j] = vj;
          w[j] = (w[j] as number) - (lr * (mj / c1)) / (Math.sqrt(vj / c2) + EPSILON);
        }
      });
    },
  };
  return self;
}

/** RMSProp (ρ 0.9, ε 1e-7): w ← w − lr·g / √(E[g²] + ε). */
export function rmsprop(lr: number, sizes: readonly number[], rho = 0.9): Optimizer {
  const ms = sizes.map((n) => new Float32Array(n));
  const self: Optimizer = {
    lr,
    step(params, grads, decay = []) {
      const lr = self.lr;
      params.forEach((w, i) => {
        const g = grads[i] as ArrayLike<number>;
        const a = ms[i] as Float32Array;
        const d = decay[i] ?? 0;
        for (let j = 0; j < w.length; j++) {
          const gj = (g[j] as number) + d * (w[j] as number);
          const aj = rho * (a[j] as number) + (1 - rho) * gj * gj;
          a[j] = aj;
          w[j] = (w[j] as number) - (lr * gj) / Math.sqrt(aj + EPSILON);
        }
      });
    },
  };
  return self;
}

/** The optimiser named in `train.optimizer`, for parameters of the given sizes. */
export function createOptimizer(name: OptimizerName, lr: number, sizes: readonly number[]): Optimizer {
  switch (name) {
    case 'adam':
      return adam(lr, sizes);
    case 'sgd':
      return sgd(lr);
    case 'rmsprop':
      return rmsprop(lr, sizes);
    default:
      return name satisfies never;
  }
}
