import type { Matrix, TrainSettings } from '../../types.js';
import type { MlpNetwork } from './network.js';

/**
 * Validation loss and the task's headline metric, from inference-mode forward passes of the network
 * (dropout off) over the split, `chunk` rows at a time: cross-entropy of the softmax probabilities
 * (clipped at 1e-7) and accuracy, or MSE (val_loss), RMSE and MAE in scaled target units.
 */
export function scoreSplit(
  network: MlpNetwork,
  split: Matrix,
  settings: TrainSettings,
  chunk: number,
): Record<string, number> {
  const { width, rows } = split;
  const k = network.outputs;
  let loss = 0;
  let absolute = 0;
  let correct = 0;
  for (let start = 0; start < rows; start += chunk) {
    const n = Math.min(chunk, rows - start);
    network.input(n).set(split.x.subarray(start * width, (start + n) * width));
    const out = network.forward(n, null);
    for (let r = 0; r < n; r++) {
      const target = split.y[start + r] as number;
      if (settings.task === 'regression') {
        const d = (out[r] as number) - target;
        loss += d * d;
        absolute += Math.abs(d);
        continue;
      }
      const at = r * k;
      let arg = 0;
      for (let c = 1; c < k; c++) if ((out[at + c] as number) > (out[at + arg] as number)) arg = c;
      const max = out[at + arg] as number;
      let sum = 0;
      for (let c = 0; c < k; c++) sum += Math.exp((out[at + c] as number) - max);
      const p = Math.exp((out[at + target] as number) - max) / sum;
      loss -= Math.log(Math.max(p, 1e-7));
      if (arg === target) correct++;
    }
  }
  if (settings.task === 'regression')
    return { val_loss: loss / rows, val_rmse: Math.sqrt(loss / rows), val_mae: absolute / rows };
  return { val_loss: loss / rows, val_accuracy: correct / rows };
}
