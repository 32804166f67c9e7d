import type { Logger } from '../logging.js';
import { storeBackend } from './registry.js';
import { packRows } from './rows.js';
import { claimSpillFiles, readSpillFile, releaseSpillFile, removeSpillFile, spillRows } from './spill.js';
import { spillKey } from './target.js';
import type { PredictionReader, PredictionStore, StoreDurability, StoreSink, StoreTarget } from './types.js';
import { createWriteQueue } from './write-queue.js';

export interface OpenStoreOptions {
  durability?: StoreDurability | undefined;
  /** Rows that may wait in memory (default 50,000); beyond that `enqueue` throws StoreFullError. */
  maxQueue?: number | undefined;
  /** async: milliseconds between commits (default 2, as serve.store_flush_ms). */
  flushMs?: number | undefined;
  /** Most rows per transaction (default 5000, as serve.store_batch_max). */
  batchMax?: number | undefined;
  /** How long the start may spend committing earlier spill files (default 30 s; the rest waits for the next start). */
  ingestTimeoutMs?: number | undefined;
  logger?: Logger | undefined;
}

/** Commits the rows of earlier spill files of this store; returns how many were ingested. */
async function ingestSpills(
  sink: StoreSink,
  target: StoreTarget,
  batchMax: number,
  deadline: number,
  logger: Logger | undefined,
): Promise<number> {
  let ingested = 0;
  for (const file of claimSpillFiles(target.spillDir, spillKey(target))) {
    const { rows, malformed } = readSpillFile(file);
    try {
      for (let i = 0; i < rows.length; i += batchMax) {
        for (;;) {
          try {
            await sink.commit(packRows(rows.slice(i, i + batchMax)));
            break;
          } catch (error) {
            if (Date.now() > deadline) throw error;
            await new Promise((resolve) => setTimeout(resolve, 200));
          }
        }
      }
    } catch (error) {
      releaseSpillFile(file);
      logger?.warn('spill file not ingested yet; the next start retries', {
        file,
        error: error instanceof Error ? error.message : String(error),
      });
      continue;
    }
    removeSpillFile(file);
    ingested += rows.length;
    logger?.info('ingested a spill file of an earlier shutdown', { file, rows: rows.length, malformed });
  }
  return ingested;
}

/**
 * Opens the configured store for writing (`mlx serve`): connects, migrates the schema, ingests the spill
 * files an earlier shutdown left, and returns the queued writer.
 */
export async function openPredictionStore(
  target: StoreTarget,
  options: OpenStoreOptions = {},
): Promise<PredictionStore> {
  const backend = storeBackend(target.backend);
  const durability = options.durability ?? 'async';
  const batchMax = options.batchMax ?? 5000;
  const where = backend.describe(target);
  const sink = await backend.openSink(target, { durability });
  let ingested: number;
  try {
    ingested = await ingestSpills(
      sink,
      target,
      batchMax,
      Date.now() + (options.ingestTimeoutMs ?? 30_000),
      options.logger,
    );
  } catch (error) {
    await sink.close();
    throw error;
  }
  const queue = createWriteQueue({
    sink,
    where,
    durability,
    maxQueue: options.maxQueue ?? 50_000,
    flushMs: options.flushMs ?? 2,
    batchMax,
    logger: options.logger,
    spill: (rows) => spillRows(target, rows),
  });
  let reader: Promise<PredictionReader | null> | undefined;
  return {
    backend: target.backend,
    location: where,
    durability,
    checkRoom: (rows) => queue.checkRoom(rows),
    enqueue: (records) => queue.enqueue(records),
    enqueueRows: (rows) => queue.enqueueRows(rows),
    flush: (timeoutMs) => queue.flush(timeoutMs),
    async close(closeOptions = {}) {
      try {
        return await queue.close(closeOptions.deadline ?? Date.now() + 30_000);
      } finally {
        const open = await reader?.catch(() => null);
        await open?.close();
      }
    },
    async query(q) {
      reader ??= backend.openReader(target, { missingOk: true });
      return (await (await reader)?.query(q)) ?? [];
    },
    stats: () => ({ ...queue.stats(), ingested }),
  };
}

/** Opens a reader of the configured store (drift, export, UI); null when `missingOk` and it does not exist yet. */
export async function openPredictionReader(
  target: StoreTarget,
  options: { missingOk?: boolean } = {},
): Promise<PredictionReader | null> {
  return storeBackend(target.backend).openReader(target, { missingOk: options.missingOk ?? false });
}

/** Where a store lives, for messages (a PostgreSQL URL without its password). */
export function describeStore(target: StoreTarget): string {
  return storeBackend(target.backend).describe(target);
}
