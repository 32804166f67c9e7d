import { createRequire } from 'node:module';
import { ConfigError } from '../../../errors.js';
import type { Logger } from '../../../logging.js';

export type Tf = typeof import('@tensorflow/tfjs');
export type BackendChoice = 'auto' | 'wasm' | 'cpu' | 'tensorflow';
export type BackendName = 'wasm' | 'cpu' | 'tensorflow';

export interface LoadedTf {
  tf: Tf;
  backend: BackendName;
}

const BANNER = /looks like you are running TensorFlow\.js in Node\.js/;
let loaded: Promise<LoadedTf> | undefined;
let loadedChoice: BackendChoice | undefined;

/** Whether `@tensorflow/tfjs-node` can be resolved from this project. */
export function hasTfjsNode(): boolean {
  try {
    createRequire(import.meta.url).resolve('@tensorflow/tfjs-node');
    return true;
  } catch {
    return false;
  }
}

/**
 * Loads TensorFlow.js once per process with the chosen backend: `auto` = tfjs-node when installed,
 * else wasm. tfjs's "install tfjs-node" console banner is silenced.
 */
export function loadTf(choice: BackendChoice = 'auto', logger?: Logger): Promise<LoadedTf> {
  if (loaded && (loadedChoice === choice || choice === 'auto')) return loaded;
  loadedChoice = choice;
  loaded = initTf(choice).catch((error: unknown) => {
    loaded = undefined;
    throw error;
  });
  return loaded.then((result) => {
    logger?.info(`tfjs backend: ${result.backend}`, { backend: result.backend });
    return result;
  });
}

async function initTf(choice: BackendChoice): Promise<LoadedTf> {
  const wanted: BackendName = choice === 'auto' ? (hasTfjsNode() ? 'tensorflow' : 'wasm') : choice;
  if (wanted === 'tensorflow' && !hasTfjsNode()) {
    throw new ConfigError("train.backend is 'tensorflow' but @tensorflow/tfjs-node is not installed.", {
      code: 'MLX_BACKEND_UNAVAILABLE',
      hint: "Install it (npm install @tensorflow/tfjs-node) or use --set train.backend=wasm (or 'auto').",
    });
  }
  return withoutBanner(async () => {
    const tf = await import('@tensorflow/tfjs');
    if (wanted === 'tensorflow') await import('@tensorflow/tfjs-node' as string);
    if (wanted === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
    const ok = await tf.setBackend(wanted);
    await tf.ready();
    if (!ok)
      throw new ConfigError(`The tfjs backend '${wanted}' failed to initialise.`, {
        hint: 'Try --set train.backend=cpu.',
      });
    // The cpu backend prints its banner on the first tensor write: do one while silenced.
    tf.tidy(() => tf.scalar(0));
    return { tf, backend: wanted };
  });
}

async function withoutBanner<T>(fn: () => Promise<T>): Promise<T> {
  const original = console.warn;
  console.warn = (...args: unknown[]) => {
    if (args.some((a) => typeof a === 'string' && BANNER.test(a))) return;
    original(...args);
  };
  try {
    return await fn();
  } finally {
    console.warn = original;
  }
}
