/**
 * The boosting loop of the histogram GBDT (scikit-learn HistGradientBoosting semantics): bin the
 * features, start from the intercept-only model, then per iteration fit one tree per raw-score
 * column to the Newton step of the loss, with early stopping on the validation loss (or the
 * training loss when there is no validation split).
 */
import { performance } from 'node:perf_hooks';
import { TrainingDivergedError } from '../../../errors.js';
import { type BinMapper, binData, fitBinMapper } from './binning.js';
import { type BinTree, Grower } from './grower.js';
import { chooseThreads, KernelPool } from './kernel-pool.js';
import { LossKind } from './kernels.js';
import { baselineOf, lossKindOf, shouldStop } from './losses.js';
import { lossMonitor, valSplit } from './monitor.js';
import { addTreeToRaw, toGbdtModel } from './to-model.js';
import type { GbdtData, GbdtFitOptions, GbdtFitResult, GbdtIterationStats, GbdtParams } from './types.js';
import { checkGbdtData, resolveGbdtParams } from './validate.js';

/** scikit-learn turns early stopping on ('auto') above this many training rows. */
const AUTO_EARLY_STOPPING_ROWS = 10_000;

/** A non-finite loss fails the run as every family's divergence does (MLX_TRAINING_DIVERGED, exit 6). */
function divergedError(split: string, iteration: number): TrainingDivergedError {
  return new TrainingDivergedError(
    `Training diverged: the ${split} loss became non-finite at iteration ${iteration}. The run failed and no model version was registered.`,
    {
      details: { iteration, split },
      hint: 'Lower model.learning_rate, or rescale the target (or the weights): values this large overflow double precision.',
    },
  );
}

/** Trains a GBDT; resolves with the model, its learning curve and how the fit ended. */
export async function fitGbdt(
  data: GbdtData,
  params: Partial<GbdtParams>,
  options: GbdtFitOptions,
): Promise<GbdtFitResult> {
  const started = performance.now();
  const p = resolveGbdtParams(params);
  const categories = checkGbdtData(data, 'train', p.max_bins);
  if (options.val) checkGbdtData(options.val, 'val', p.max_bins, data);
  const { rows, width } = data;
  const { kind, treesPerIteration: k } = lossKindOf(data);
  const weighted = Boolean(data.weights);
  const timings = { binning: 0, histograms: 0, splitting: 0, loss: 0, total: 0 };

  const t0 = performance.now();
  const shape = { rows, width, nb: p.max_bins + 1, k, loss: kind, weighted };
  // The worker boots on its own thread while this one fits the bin edges.
  const poolReady = KernelPool.create(shape, chooseThreads(p.threads, rows, width));
  let mapper: BinMapper;
  try {
    mapper = fitBinMapper(data, categories, p.max_bins, p.seed ?? options.seed);
  } catch (error) {
    await (await poolReady).close();
    throw error;
  }
  const pool = await poolReady;
  try {
    const s = pool.state;
    binData(mapper, data, s.binned, 'columns');
    const hasMissing = new Uint8Array(width);
    for (let f = 0; f < width; f++) {
      const col = s.binned.subarray(f * rows, (f + 1) * rows);
      hasMissing[f] = col.includes(mapper.missingBin) ? 1 : 0;
    }
    const valBinned = options.val
      ? binData(mapper, options.val, new Uint8Array(options.val.rows * width), 'rows')
      : null;
    timings.binning = performance.now() - t0;

    s.y.set(data.y);
    if (data.weights) s.weights.set(data.weights);
    const baseline = baselineOf(kind, data);
    if (!baseline.every(Number.isFinite)) throw divergedError('train', 0);
    for (let c = 0; c < k; c++) s.raw.fill(baseline[c] as number, c * rows, (c + 1) * rows);
    const val = options.val && valBinned ? valSplit(options.val, valBinned, kind, baseline) : null;
    const grower = new Grower(
      {
        width,
        nb: shape.nb,
        missingBin: mapper.missingBin,
        nBinsNonMissing: mapper.nBinsNonMissing,
        hasMissing,
        isCategorical: mapper.isCategorical,
        l2: p.l2_regularization,
        minSamplesLeaf: p.min_samples_leaf,
        // Unit hessians: the histograms' counts stand in for their sums (scikit-learn's constant hessians).
        constHess: kind === LossKind.squared && !weighted,
        maxLeafNodes: p.max_leaf_nodes,
        maxDepth: p.max_depth,
        learningRate: p.learning_rate,
      },
      pool,
      timings,
    );
    const earlyStopping = p.early_stopping === 'auto' ? rows > AUTO_EARLY_STOPPING_ROWS : p.early_stopping;
    const monitorLoss = lossMonitor(pool, data, val, earlyStopping && !val, timings);
    const gradients = () => {
      const t = performance.now();
      pool.gradients();
      timings.loss += performance.now() - t;
    };
    const initialLoss = { train: monitorLoss.train(), ...(val ? { val: monitorLoss.val() as number } : {}) };
    const monitor = val ? 'val_loss' : 'train_loss';
    let best = initialLoss.val ?? initialLoss.train;
    let bestIteration = 0;
    const scores = [-best];
    const trees: BinTree[] = [];
    const history: GbdtIterationStats[] = [];
    let stoppedEarly = false;
    let interrupted = false;
    for (let iteration = 1; iteration <= p.max_iter; iteration++) {
      let leaves = 0;
      gradients();
      for (let c = 0; c < k; c++) {
        const tree = grower.grow(c);
        trees.push(tree);
        leaves += tree.leaves;
        if (val)
          addTreeToRaw(tree, val.binned, val.data.rows, width, mapper.missingBin, val.loss.raw, c * val.data.rows);
      }
      const train = monitorLoss.train();
      const v = monitorLoss.val();
      if (!Number.isFinite(train)) throw divergedError('training', iteration);
      if (v !== undefined && !Number.isFinite(v)) throw divergedError('validation', iteration);
      const monitored = v ?? train;
      const improved = monitored < best - p.tol;
      if (monitored < best) {
        best = monitored;
        bestIteration = iteration;
      }
      scores.push(-monitored);
      const stats: GbdtIterationStats = {
        iteration,
        trainLoss: train,
        ...(v === undefined ? {} : { valLoss: v }),
        elapsedMs: performance.now() - started,
        improved,
        leaves,
      };
      history.push(stats);
      options.onIteration?.(stats);
      if (earlyStopping && shouldStop(scores, p.n_iter_no_change, p.tol)) {
        stoppedEarly = iteration < p.max_iter;
        break;
      }
      if (options.signal?.aborted) {
        interrupted = iteration < p.max_iter;
        break;
      }
      // Let the event loop run (signals, progress) between iterations.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    const model = toGbdtModel({
      task: data.task,
      classes: data.classes,
      treesPerIteration: k,
      learningRate: p.learning_rate,
      baseline,
      columns: data.columns,
      mapper,
      trees,
    });
    timings.total = performance.now() - started;
    return {
      model,
      history,
      initialLoss,
      bestIteration,
      monitor,
      earlyStopping,
      stoppedEarly,
      interrupted,
      threads: pool.threads,
      kernel: pool.kernel,
      params: p,
      timings,
    };
  } finally {
    await pool.close();
  }
}
