import type { Predictor } from '../contracts.js';
import type { Logger } from '../logging.js';
import type { ServingMetrics } from './metrics/serving-metrics.js';
import type { ServedModel } from './served-model.js';

/** One model the server should serve: a stable key per version (`penguins@4`) and how to load it. */
export interface ModelTarget {
  key: string;
  load: () => Promise<Predictor>;
}

/** What should be served now: the primary, and optionally a canary taking `weight` of the traffic. */
export interface DesiredModels {
  primary: ModelTarget;
  canary: (ModelTarget & { weight: number }) | null;
}

interface Slot {
  key: string;
  model: ServedModel;
}

export interface ModelHolderOptions {
  /** Builds the served model (validation, micro-batching) around a loaded predictor. */
  build: (predictor: Predictor) => ServedModel;
  metrics: ServingMetrics;
  logger: Logger;
  /** Called after the primary changed (the drift monitor follows it). */
  onPrimary?: (model: ServedModel) => void;
  /** Milliseconds a retired model stays usable for requests that picked it before the switch. */
  drainMs?: number;
}

/**
 * Holds the served model(s) and switches them without dropping requests: a new version is loaded off
 * the request path, swapped in (new requests get it), and the old one is disposed only after a drain
 * window, so requests that picked it finish with it. A canary takes an exact `weight` share of the
 * requests that do not pin a version (every n-th by a counter, not a random draw).
 */
export class ModelHolder {
  private main: Slot | null = null;
  private side: (Slot & { weight: number }) | null = null;
  private requests = 0;
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;
  private readonly retiring = new Set<Promise<void>>();
  /** Canary versions that were promoted: their rollout is over, even when the alias later moves on. */
  private readonly promoted = new Set<string>();

  constructor(private readonly options: ModelHolderOptions) {}

  /** The primary model (null until loaded). */
  primary(): ServedModel | null {
    return this.main?.model ?? null;
  }

  /** The primary model; only after {@link init}. */
  current(): ServedModel {
    if (!this.main) throw new Error('ModelHolder.current() before init()');
    return this.main.model;
  }

  /** The canary and its share, or null. */
  canary(): { model: ServedModel; weight: number } | null {
    return this.side ? { model: this.side.model, weight: this.side.weight } : null;
  }

  /** The model that answers a prediction request addressed to the primary: the canary for `weight` of them. */
  choose(model: ServedModel): ServedModel {
    const side = this.side;
    if (!side || model !== this.main?.model) return model;
    this.requests++;
    const n = this.requests;
    return Math.floor(n * side.weight) > Math.floor((n - 1) * side.weight) ? side.model : model;
  }

  /** Sets the first primary (at start). */
  init(key: string, model: ServedModel): void {
    this.main = { key, model };
    this.promoted.add(key);
    this.publishInfo();
  }

  /** Brings the served models to `desired`: loads what changed, swaps, retires the rest. */
  async reconcile(desired: DesiredModels): Promise<void> {
    const { logger } = this.options;
    if (desired.primary.key !== this.main?.key) {
      const model = await this.loadReusing(desired.primary);
      const previous = this.main;
      this.main = { key: desired.primary.key, model };
      logger.info('model reloaded', { from: previous?.key ?? null, to: desired.primary.key, version: model.version });
      this.promoted.add(desired.primary.key);
      if (this.side?.key === desired.primary.key) {
        // The alias now points at the canary's version: the rollout is over, all traffic goes to it.
        logger.info('canary off', { canary: this.side.key, reason: 'promoted', primary: desired.primary.key });
        this.side = null;
      }
      this.options.onPrimary?.(model);
      if (previous && previous.model !== this.side?.model) this.retire(previous.model);
    }
    const want = desired.canary && !this.promoted.has(desired.canary.key) ? desired.canary : null;
    if (want?.key !== this.side?.key) {
      const previous = this.side;
      this.side = want ? { key: want.key, weight: want.weight, model: await this.loadReusing(want) } : null;
      logger.info(want ? 'canary on' : 'canary off', {
        canary: want?.key ?? previous?.key ?? null,
        weight: want?.weight ?? 0,
        primary: this.main.key,
      });
      if (previous && previous.model !== this.main.model) this.retire(previous.model);
    } else if (want && this.side) this.side.weight = want.weight;
    this.publishInfo();
  }

  /** Polls `desired` every `intervalSeconds`; a failed poll is logged and the current models stay. */
  start(intervalSeconds: number, desired: () => Promise<DesiredModels>): void {
    if (intervalSeconds <= 0 || this.timer) return;
    const poll = async () => {
      try {
        await this.reconcile(await desired());
      } catch (error) {
        this.options.logger.warn('model reload check failed; serving the current model', {
          error: error instanceof Error ? error.message : String(error),
        });
      }
    };
    this.timer = setInterval(() => {
      this.polling ??= poll().finally(() => {
        this.polling = null;
      });
    }, intervalSeconds * 1000);
    this.timer.unref();
  }

  /** Stops polling and waits for a poll in progress. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.polling;
  }

  /** Disposes every model (at shutdown, after in-flight requests finished). */
  async dispose(): Promise<void> {
    await this.stop();
    await Promise.all(this.retiring);
    const models = new Set([this.main?.model, this.side?.model]);
    for (const m of models) m?.predictor.dispose();
  }

  private async loadReusing(target: ModelTarget): Promise<ServedModel> {
    if (this.main?.key === target.key) return this.main.model;
    if (this.side?.key === target.key) return this.side.model;
    return this.options.build(await target.load());
  }

  /** Disposes a model once the drain window has passed (requests that picked it finish first). */
  private retire(model: ServedModel): void {
    const done: Promise<void> = new Promise<void>((resolve) => {
      setTimeout(resolve, this.options.drainMs ?? 2000).unref();
    }).then(() => {
      model.predictor.dispose();
      this.retiring.delete(done);
    });
    this.retiring.add(done);
  }

  /** `mlx_model_info`: one series per served version (the primary, and the canary while there is one). */
  private publishInfo(): void {
    const info = this.options.metrics.modelInfo;
    info.reset();
    if (this.main) info.set({ name: this.main.model.name, version: this.main.model.version }, 1);
    if (this.side) info.set({ name: this.side.model.name, version: this.side.model.version }, 1);
  }
}
