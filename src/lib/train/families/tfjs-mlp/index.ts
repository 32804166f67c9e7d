import { ConfigError } from '../../../errors.js';
import { countNonFinite } from '../../../finite.js';
import { loadTf } from '../../../model/families/tfjs-mlp/backend.js';
import { buildModel } from '../../../model/families/tfjs-mlp/build.js';
import { serializeModel } from '../../../model/families/tfjs-mlp/io.js';
import { kernelScorer } from '../../../model/families/tfjs-mlp/kernel-scorer.js';
import { kernelSourceSha256 } from '../../../model/families/tfjs-mlp/kernels.js';
import { denseLayers } from '../../../model/families/tfjs-mlp/mlp-layers.js';
import { tfjsScorer } from '../../../model/families/tfjs-mlp/scorer.js';
import { divergedAtEpoch, divergedParameters, watchDivergence } from '../../divergence.js';
import type { Trainer } from '../../trainer.js';
import { fitModel, trainingSummary } from './fit.js';
import { trainSettings } from './settings.js';

/**
 * Trains MLPs and linear/logistic models (tfjs layers, trained by the WebAssembly kernels): seeded,
 * reproducible, early stopping. Keeps the divergence contract (src/lib/train/divergence.ts) around the fit
 * loop: the first non-finite epoch aborts it, and the final weights are checked before anything leaves.
 */
export const tfjsMlpTrainer: Trainer = {
  family: 'tfjs-mlp',
  async fit(set, { config, seed, logger, signal, onEpoch }) {
    const params = config.model;
    if (params.type !== 'mlp' && params.type !== 'linear')
      throw new ConfigError(`The tfjs-mlp trainer cannot train model.type '${(params as { type: string }).type}'.`);
    const { tf, backend } = await loadTf(config.train.backend, logger);
    const model = buildModel(tf, {
      ...params,
      inputWidth: set.train.width,
      task: set.task,
      classes: set.classes.length,
      seed,
    });
    const settings = trainSettings(config, set.task, set.classes, set.train, seed);
    logger.info(
      `${params.type}: lr ${settings.lr}${settings.lrPlateau === null ? '' : ' (halved on plateaus)'}, up to ${settings.epochs} epochs, l2 ${Number(settings.l2.toPrecision(3))}, early stopping on ${settings.earlyStopping.metric}`,
    );
    const watch = watchDivergence(signal, onEpoch);
    let fit: Awaited<ReturnType<typeof fitModel>>;
    try {
      fit = await fitModel(tf, model, {
        train: set.train,
        val: set.val,
        settings,
        signal: watch.signal,
        onEpoch: watch.onEpoch,
      });
    } catch (error) {
      model.dispose();
      throw error;
    } finally {
      watch.release();
    }
    const diverged = watch.diverged;
    const nonFinite = diverged ? 0 : nonFiniteWeights(model);
    if (diverged || nonFinite > 0) {
      const error = diverged
        ? divergedAtEpoch(diverged)
        : divergedParameters('weights', nonFinite, model.countParams());
      model.dispose();
      throw error;
    }
    // Scored as the saved bundle will be once loaded (the kernel scorer), so the run's metrics are its;
    // the tfjs model is not needed after that.
    const saved = await serializeModel(tf, model);
    const layers = denseLayers(saved);
    const scorer = layers ? kernelScorer(layers) : tfjsScorer(tf, model);
    if (layers) model.dispose();
    return {
      scorer,
      async files() {
        return { 'model.json': JSON.stringify(saved.modelJson), 'weights.bin': saved.weights };
      },
      history: fit.history,
      bestEpoch: fit.bestEpoch,
      monitor: fit.monitor,
      stoppedEarly: fit.stoppedEarly,
      interrupted: fit.interrupted,
      backend,
      versions: { tfjs: tf.version.tfjs, 'mlx-kernels': kernelSourceSha256().slice(0, 12) },
      // The values training used (`auto` resolved) and how long its loop took: metrics.json keeps them.
      summary: {
        ...trainingSummary(fit.timing),
        settings: {
          lr: settings.lr,
          epochs: settings.epochs,
          batch_size: settings.batchSize,
          l2: settings.l2,
          monitor: settings.earlyStopping.metric,
          min_delta: settings.earlyStopping.minDelta,
          seed,
        },
      },
    };
  },
};

/** How many of a model's weights (trainable or not) are NaN or infinite. */
function nonFiniteWeights(model: import('@tensorflow/tfjs').LayersModel): number {
  // `read()` is the variable itself (nothing to dispose); dataSync copies it out once.
  return model.weights.reduce((n, w) => n + countNonFinite(w.read().dataSync() as Float32Array), 0);
}
