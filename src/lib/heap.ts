/**
 * Stops V8's young generation from growing past the size it has now (`--semi-space-growth-factor=1`).
 * V8 reads the flag whenever it would grow the young generation, so it takes effect at run time, unlike
 * `--max-semi-space-size` (command line only); it is process-wide. Batch jobs over columns (predict,
 * drift) and the server gain nothing from a larger young generation under their allocation rate but tens
 * of MiB of peak RSS (measured: mlx drift −45 MiB, mlx predict on 1M rows 293 → 189 MiB for ~4 % more time).
 */
export async function keepYoungGeneration(): Promise<void> {
  (await import('node:v8')).setFlagsFromString('--semi-space-growth-factor=1');
}

/** Semi-space size (MiB) at which a server's young generation is held (see {@link holdYoungGeneration}). */
export const SERVER_SEMI_SPACE_MIB = 16;

/**
 * Whether the young generation may grow now: below `targetBytes` of new space it grows as V8 likes
 * (growth factor 2, the default); at or above it, it stops growing (factor 1). Given the new space's
 * current size and the last decision (undefined at first), returns the flag to set, or null to leave it.
 */
export function youngGenerationFlag(newSpaceBytes: number, targetBytes: number, holding: boolean | undefined) {
  const hold = newSpaceBytes >= targetBytes;
  if (hold === holding) return null;
  return { hold, flag: `--semi-space-growth-factor=${hold ? 1 : 2}` };
}

/**
 * Holds a long-running process's young generation at `mib` MiB semi-spaces: it grows to that size under
 * load (V8 doubles it from 1 MiB as allocation demands) and no further; checked after every garbage
 * collection, so a young generation V8 shrank while idle grows back. Freezing it at whatever size it had
 * when the server started (what `serve.compact_heap` did before) left it at 1–2 MiB in about half the
 * server processes, and those ran ~20 % slower with up to 3× the p99 for their whole life. Returns a
 * function that stops the checks.
 */
export async function holdYoungGeneration(mib = SERVER_SEMI_SPACE_MIB): Promise<() => void> {
  const v8 = await import('node:v8');
  const { PerformanceObserver } = await import('node:perf_hooks');
  // V8's new space is two semi-spaces: its size is twice a semi-space's.
  const target = 2 * mib * 1024 * 1024;
  let holding: boolean | undefined;
  const check = () => {
    const space = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
    const change = youngGenerationFlag(space?.space_size ?? 0, target, holding);
    if (!change) return;
    v8.setFlagsFromString(change.flag);
    holding = change.hold;
  };
  check();
  const observer = new PerformanceObserver(check);
  observer.observe({ entryTypes: ['gc'] });
  return () => observer.disconnect();
}

/**
 * Gives the V8 isolates created from now on (worker threads) a young generation of `mib` MiB semi-spaces
 * from their start (`--min-semi-space-size` and `--max-semi-space-size`: V8 reads them when it creates an
 * isolate; running ones keep theirs). A worker started after {@link keepYoungGeneration} could otherwise
 * never grow past its first ~1 MiB and would collect every few hundred rows.
 */
export async function youngGenerationOfNewThreads(mib: number): Promise<void> {
  const v8 = await import('node:v8');
  v8.setFlagsFromString(`--min-semi-space-size=${mib}`);
  v8.setFlagsFromString(`--max-semi-space-size=${mib}`);
}

/**
 * Turns off V8's mid-tier optimising compiler (Maglev) for this process: hot functions go from the baseline
 * compiler straight to TurboFan. Maglev compiles on V8's background threads in 32–64 KiB pieces of malloc'd
 * memory that glibc keeps in those threads' arenas once freed, fragmented: ~11 MiB of a server's RSS that
 * never came back (measured under the serve bench's load: thread arenas 21–29 → 13–16 MiB, RSS 179 → 168
 * MiB, the same req/s, CPU per request and p99). V8 reads the flag at each tier-up, so it takes effect at run
 * time; functions Maglev compiled before keep their code. Process-wide.
 */
export async function skipMidTierCompiler(): Promise<void> {
  (await import('node:v8')).setFlagsFromString('--no-maglev');
}

/**
 * Makes V8's young-generation collections run on the thread that allocates instead of splitting each one
 * over V8's worker threads (`--no-parallel-scavenge`). On a machine whose cores are all busy (a 2-core
 * server under load, or as many cluster workers as cores) the helpers wait to be scheduled and a pause lasts
 * longer than doing the copying alone. V8 reads the flag at each scavenge, so it takes effect at run time.
 * Process-wide.
 */
export async function serialScavenges(): Promise<void> {
  (await import('node:v8')).setFlagsFromString('--no-parallel-scavenge');
}
