import type { MlxConfig } from '../config/index.js';
import type { Logger } from '../logging.js';
import type { DesiredModels, ModelTarget } from '../serving/index.js';
import { type RefContext, type RegistryRef, registryRef, resolveModelRef } from '../tracking/refs.js';
import { readRegistry, resolveVersion } from '../tracking/registry.js';
import { openRegistryStore, type RegistryStore } from '../tracking/registry-store.js';

/** How `mlx serve` follows its REFs: what they point at now, and the registry that labels the served version. */
export interface ServeTargets {
  /** The model(s) that should be served now (re-read on every reload check). */
  desired(): Promise<DesiredModels>;
  /** The registry aliases that point at a served version, without I/O (the last registry read). */
  labels(name: string, version: string): string[];
  /** Seconds between reload checks (0 = none). */
  intervalSeconds: number;
}

/**
 * Resolves `serve.model` and `serve.canary.model` to targets: a REF into a registry (`NAME@ALIAS`,
 * `s3://B/P/NAME@ALIAS`) is re-read on each check, so a promote moves what is served; a path or run id
 * is fixed. The bundle is downloaded (bucket) and its manifest verified only when a version is loaded.
 */
export async function serveTargets(
  ref: string,
  ctx: RefContext & { config: MlxConfig; logger: Logger },
): Promise<ServeTargets> {
  const { config } = ctx;
  const backend = config.train.backend;
  const canary = config.serve.canary;
  type Follow = { next: () => Promise<ModelTarget>; store: RegistryStore | null };
  const follow = async (r: string): Promise<Follow> => {
    const named = r === 'latest' ? await latestRef(ctx) : await registryRef(r, ctx);
    if (!named) {
      // A bundle path or run id (or `latest` with no registered version: the newest run) is fixed.
      const dir = await resolveModelRef(r, ctx);
      return { next: async () => fixed(dir, backend), store: null };
    }
    const next = async () => {
      const version = resolveVersion(await readRegistry(named.store, named.name), named.selector);
      return {
        key: `${named.store.location}/${named.name}@${version}`,
        load: async () => loadPredictor(await named.store.bundleDir(named.name, version), backend),
      };
    };
    return { next, store: named.store };
  };
  const main = await follow(ref);
  const primary = main.next;
  const side = canary ? (await follow(canary.model)).next : null;
  // The registry the served REF lives in labels it (read again on every reload check).
  const labelStore = main.store ?? (await openRegistryStore(ctx));
  return {
    desired: async () => ({
      primary: await primary(),
      canary: side && canary ? { ...(await side()), weight: canary.weight } : null,
    }),
    labels: (name, version) =>
      Object.entries(labelStore.peek(name)?.aliases ?? {})
        .filter(([, v]) => String(v) === version)
        .map(([alias]) => alias),
    intervalSeconds: config.serve.reload_interval || (canary ? 30 : 0),
  };
}

/** `latest` as a registry REF (`model.name@latest`) when the registry has a version of the model. */
async function latestRef(ctx: RefContext & { config: MlxConfig }): Promise<RegistryRef | null> {
  const store = await openRegistryStore(ctx);
  const name = ctx.config.model.name;
  return (await readRegistry(store, name)).versions.length > 0 ? { store, name, selector: 'latest' } : null;
}

function fixed(dir: string, backend: MlxConfig['train']['backend']): ModelTarget {
  return { key: dir, load: () => loadPredictor(dir, backend) };
}

/** The model code (and tfjs) is imported when a version is loaded: the primary of serve.workers never loads one. */
async function loadPredictor(dir: string, backend: MlxConfig['train']['backend']) {
  const { createPredictor } = await import('../model/index.js');
  return createPredictor(dir, { backend });
}
