import type { Tf } from '../../../model/families/tfjs-mlp/backend.js';
import { mulberry32, permutation } from '../../../random.js';
import { EarlyStopping } from '../../early-stopping.js';
import type { EpochStats, FitResult, Matrix, TrainSettings } from '../../types.js';
import { batchBuffers, fillBatch, fillTargets } from './batch.js';
import { meanSquaredError, softmaxCrossEntropy } from './loss.js';
import { layerSpecs, readWeights, writeWeights } from './model-layers.js';
import { MlpNetwork } from './network.js';
import { createOptimizer, STATE_SLOTS } from './optimizers.js';
import { scoreSplit } from './validate.js';

type LayersModel = import('@tensorflow/tfjs').LayersModel;

const YIELD_EVERY = 200;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
/** Rows per forward pass when scoring the validation split. */
const SCORE_CHUNK = 1024;
/** The first layer reads sparse rows when at most this fraction of the inputs is non-zero (same bits either way). */
const SPARSE_DENSITY = 0.35;

export interface FitOptions {
  train: Matrix;
  val: Matrix | null;
  settings: TrainSettings;
  /** Aborting stops after the current batch; the best weights so far are kept. */
  signal?: AbortSignal;
  onEpoch?: (stats: EpochStats) => void;
  /** Force the dense or the sparse first layer (tests); by default chosen from the data's density. */
  sparseInput?: boolean;
}

/** Where the time went: the training loop alone (validation apart), wall and process CPU. */
export interface FitTiming {
  loopSeconds: number;
  loopCpuSeconds: number;
  validationSeconds: number;
  /** Training rows × epochs run, over loopSeconds. */
  samplesPerSecond: number;
  /** Whether the first layer read sparse rows. */
  sparseInput: boolean;
}

/**
 * The seeded training loop over the WebAssembly kernels (network.ts): starts from the tfjs model's
 * (seeded) initial weights, shuffles with a seeded PRNG, minimises the loss batch by batch, scores the
 * validation split each epoch, stops early on the monitored metric and writes the final (or best)
 * weights back into the tfjs model, which then scores and serialises as before. Same data, settings
 * and seed give the same weights, bit for bit, on any machine. Async only to let signals in between batches.
 */
export async function fitModel(
  tf: Tf,
  model: LayersModel,
  options: FitOptions,
): Promise<FitResult & { timing: FitTiming }> {
  const { train, val, settings } = options;
  const rng = mulberry32(settings.seed);
  const sparseInput = options.sparseInput ?? inputDensity(train) <= SPARSE_DENSITY;
  const capacity = Math.max(settings.batchSize, val && val.rows > 0 ? SCORE_CHUNK : 0);
  const network = new MlpNetwork({
    layers: layerSpecs(model),
    capacity,
    sparseInput,
    train,
    stateSlots: STATE_SLOTS[settings.optimizer],
  });
  const store = network.sparse?.stored ? network.sparse : null;
  const storedTargets = store?.targets(settings.batchSize) ?? null;
  if (network.inputs !== train.width)
    throw new Error(`the model takes ${network.inputs} inputs, the data has ${train.width}`);
  network.setWeights(readWeights(model));
  const optimizer = createOptimizer(settings.optimizer, {
    kernels: network.kernels,
    segments: network.segments,
    lr: settings.lr,
    l2: settings.l2,
  });
  const monitor = val && val.rows > 0 ? settings.earlyStopping.metric : 'loss';
  const stopper = new EarlyStopping(monitor, settings.earlyStopping.patience, settings.earlyStopping.minDelta);
  const minLr = settings.lr / 1000;
  let sinceImproved = 0;
  const history: EpochStats[] = [];
  let best: Float32Array[] | null = null;
  let interrupted = false;
  let stoppedEarly = false;
  const started = Date.now();
  const timing = { loop: 0, cpu: 0, validation: 0, samples: 0 };
  const buffers = batchBuffers(settings, train.width, network.input(settings.batchSize));
  const k = settings.task === 'classification' ? settings.classes : 1;
  const grad = network.outputGrad(settings.batchSize);

  for (let epoch = 1; epoch <= settings.epochs && !interrupted; epoch++) {
    // The training loop's time: the shuffle, every batch and the yields, as PyTorch's loop is timed.
    const loopStart = performance.now();
    const cpuStart = process.cpuUsage();
    const order = permutation(train.rows, rng);
    store?.setOrder(order);
    let lossSum = 0;
    for (let start = 0, batch = 0; start < train.rows; start += settings.batchSize, batch++) {
      // Let the event loop deliver signals (Ctrl-C) during long epochs.
      if (batch % YIELD_EVERY === 0) await yieldToEventLoop();
      if (options.signal?.aborted) {
        interrupted = true;
        break;
      }
      const n = Math.min(settings.batchSize, train.rows - start);
      if (store && storedTargets) {
        store.gather(start, n);
        fillTargets(storedTargets, 1, 2, n, settings, buffers);
      } else {
        fillBatch(train, order, start, n, settings, buffers);
      }
      const out = network.forward(n, rng, store !== null);
      const loss =
        settings.task === 'classification'
          ? softmaxCrossEntropy(out, buffers.y, buffers.weights, n, k, grad)
          : meanSquaredError(out, buffers.y, n, grad);
      lossSum += loss * n;
      network.backward(n);
      optimizer.step();
      timing.samples += n;
    }
    timing.loop += performance.now() - loopStart;
    timing.cpu += cpuMs(process.cpuUsage(cpuStart));
    if (interrupted && epoch > 1) break;
    const loss = lossSum / train.rows;
    const validationStart = performance.now();
    const valStats = val && val.rows > 0 ? scoreSplit(network, val, settings, capacity) : {};
    timing.validation += performance.now() - validationStart;
    const value = monitor === 'loss' ? loss : (valStats[monitor] ?? Number.NaN);
    const improved = stopper.update(epoch, value);
    if (improved) best = network.getWeights();
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
  const keepBest = best && (settings.earlyStopping.enabled || interrupted);
  writeWeights(tf, model, keepBest && best ? best : network.getWeights());
  return {
    history,
    bestEpoch: stopper.bestEpoch,
    monitor,
    bestValue: stopper.best,
    stoppedEarly,
    interrupted,
    timing: {
      loopSeconds: timing.loop / 1000,
      loopCpuSeconds: timing.cpu / 1000,
      validationSeconds: timing.validation / 1000,
      samplesPerSecond: timing.samples / (timing.loop / 1000),
      sparseInput,
    },
  };
}

/** The fraction of non-zero inputs, from up to 4,096 evenly spaced rows. */
export function inputDensity(data: Matrix): number {
  const step = Math.max(1, Math.floor(data.rows / 4096));
  let cells = 0;
  let nonZero = 0;
  for (let r = 0; r < data.rows; r += step) {
    for (let c = r * data.width; c < (r + 1) * data.width; c++) if (data.x[c] !== 0) nonZero++;
    cells += data.width;
  }
  return cells === 0 ? 1 : nonZero / cells;
}

function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}

/** The timing of a fit for metrics.json (`training`): the loop alone (wall and CPU), validation apart. */
export function trainingSummary(timing: FitTiming): Record<string, unknown> {
  return {
    training: {
      loop_seconds: timing.loopSeconds,
      loop_cpu_seconds: timing.loopCpuSeconds,
      validation_seconds: timing.validationSeconds,
      samples_per_second: timing.samplesPerSecond,
      input: timing.sparseInput ? 'sparse' : 'dense',
    },
  };
}
