import type { Tf } from '../../../model/families/tfjs-mlp/backend.js';
import { scoreModel } from '../../../model/families/tfjs-mlp/scorer.js';
import { mulberry32, permutation } from '../../../random.js';
import { EarlyStopping } from '../../early-stopping.js';
import type { EpochStats, FitResult, Matrix, TrainSettings } from '../../types.js';
import { batchBuffers, fillBatch } from './batch.js';
import { forward } from './forward.js';
import { batchLoss } from './loss.js';
import { createOptimizer } from './optimizers.js';

type LayersModel = import('@tensorflow/tfjs').LayersModel;
type Tensor = import('@tensorflow/tfjs').Tensor;
type Variable = import('@tensorflow/tfjs').Variable;

const YIELD_EVERY = 200;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface FitOptions {
  train: Matrix;
  val: Matrix | null;
  settings: TrainSettings;
  /** Aborting stops after the current batch; the best weights so far are kept. */
  signal?: AbortSignal;
  onEpoch?: (stats: EpochStats) => void;
}

/**
 * The seeded training loop: shuffles with a seeded PRNG, minimises the loss batch by batch, scores
 * the validation split each epoch, stops early on the monitored metric and restores the best weights.
 * Async only to let signals in between batches; the work itself is synchronous tensor code.
 */
export async function fitModel(tf: Tf, model: LayersModel, options: FitOptions): Promise<FitResult> {
  const { train, val, settings } = options;
  const rng = mulberry32(settings.seed);
  const vars = model.trainableWeights.map((w) => w.read() as Variable);
  const values = vars.map((v) => v.dataSync().slice() as Float32Array);
  const optimizer = createOptimizer(
    settings.optimizer,
    settings.lr,
    values.map((v) => v.length),
  );
  // L2 on kernels (rank 2), not biases: as weight decay 2λ·w in the optimiser step.
  const decay = vars.map((v) => (v.shape.length === 2 ? 2 * settings.l2 : 0));
  const monitor = val && val.rows > 0 ? settings.earlyStopping.metric : 'loss';
  const stopper = new EarlyStopping(monitor, settings.earlyStopping.patience, settings.earlyStopping.minDelta);
  const minLr = settings.lr / 1000;
  let sinceImproved = 0;
  const history: EpochStats[] = [];
  let best: Float32Array[] | null = null;
  let interrupted = false;
  let stoppedEarly = false;
  const started = Date.now();
  const buffers = batchBuffers(settings, train.width);
  const k = settings.task === 'classification' ? settings.classes : 1;

  for (let epoch = 1; epoch <= settings.epochs && !interrupted; epoch++) {
    const order = permutation(train.rows, rng);
    let lossSum = 0;
    for (let start = 0, batch = 0; start < train.rows; start += settings.batchSize, batch++) {
      // Let the event loop deliver signals (Ctrl-C) during long epochs.
      if (batch % YIELD_EVERY === 0) await yieldToEventLoop();
      if (options.signal?.aborted) {
        interrupted = true;
        break;
      }
      const n = Math.min(settings.batchSize, train.rows - start);
      fillBatch(train, order, start, n, settings, buffers);
      const { value, grads } = tf.tidy(() => {
        const xb = tf.tensor2d(buffers.x.subarray(0, n * train.width), [n, train.width]);
        const yb =
          settings.task === 'classification'
            ? tf.tensor2d(buffers.y.subarray(0, n * k), [n, k])
            : tf.tensor1d(buffers.y.subarray(0, n));
        const weights = buffers.weights ? tf.tensor1d(buffers.weights.subarray(0, n)) : null;
        return tf.variableGrads(
          () => batchLoss(tf, forward(tf, model, xb, rng, { logits: true }), yb, { task: settings.task, weights }),
          vars,
        );
      });
      lossSum += (value.dataSync()[0] ?? Number.NaN) * n;
      optimizer.step(
        values,
        vars.map((v) => (grads[v.name] as Tensor).dataSync()),
        decay,
      );
      tf.dispose([value, ...Object.values(grads)]);
      writeWeights(tf, vars, values);
    }
    if (interrupted && epoch > 1) break;
    const loss = lossSum / train.rows;
    const valStats = val && val.rows > 0 ? scoreSplit(tf, model, val, settings) : {};
    const value = monitor === 'loss' ? loss : (valStats[monitor] ?? Number.NaN);
    const improved = stopper.update(epoch, value);
    if (improved) best = values.map((v) => v.slice());
    const stats: EpochStats = {
      epoch,
      epochs: settings.epochs,
      loss,
      val: valStats,
      elapsedMs: Date.now() - started,
      improved,
      lr: optimizer.lr,
    };
    // Reduce on plateau: a step too large to settle into the minimum is halved, deterministically.
    sinceImproved = improved ? 0 : sinceImproved + 1;
    if (settings.lrPlateau !== null && sinceImproved >= settings.lrPlateau && optimizer.lr > minLr) {
      optimizer.lr = Math.max(minLr, optimizer.lr / 2);
      sinceImproved = 0;
    }
    history.push(stats);
    options.onEpoch?.(stats);
    if (settings.earlyStopping.enabled && stopper.shouldStop()) stoppedEarly = true;
    if (stoppedEarly) break;
  }
  if (best && (settings.earlyStopping.enabled || interrupted)) writeWeights(tf, vars, best);
  return { history, bestEpoch: stopper.bestEpoch, monitor, bestValue: stopper.best, stoppedEarly, interrupted };
}

/** Validation loss and the task's headline metric, from a forward pass over the split. */
export function scoreSplit(tf: Tf, model: LayersModel, split: Matrix, settings: TrainSettings): Record<string, number> {
  const out = scoreModel(tf, model, split);
  if (settings.task === 'regression') {
    let se = 0;
    let ae = 0;
    for (let i = 0; i < split.rows; i++) {
      const d = (out[i] as number) - (split.y[i] as number);
      se += d * d;
      ae += Math.abs(d);
    }
    return { val_loss: se / split.rows, val_rmse: Math.sqrt(se / split.rows), val_mae: ae / split.rows };
  }
  const k = settings.classes;
  let ce = 0;
  let correct = 0;
  for (let i = 0; i < split.rows; i++) {
    const label = split.y[i] as number;
    ce -= Math.log(Math.max(out[i * k + label] as number, 1e-7));
    let arg = 0;
    for (let c = 1; c < k; c++) if ((out[i * k + c] as number) > (out[i * k + arg] as number)) arg = c;
    if (arg === label) correct++;
  }
  return { val_loss: ce / split.rows, val_accuracy: correct / split.rows };
}

/** Copies JS-side weights into the model's variables. */
function writeWeights(tf: Tf, vars: readonly Variable[], arrays: readonly Float32Array[]): void {
  vars.forEach((v, i) => {
    tf.tidy(() => {
      v.assign(tf.tensor(arrays[i] as Float32Array, v.shape));
    });
  });
}
