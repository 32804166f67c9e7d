/**
 * The work both prediction threads do (a leaf module: the worker of predict-threads.ts loads it as
 * it is, so it imports nothing at run time). The main thread publishes a chunk of rows in the shared
 * memory (control words below); each thread claims slices of it by compare-and-swap on one counter
 * that only grows, codes their rows and walks the forest over them. A slice's rows are scored the
 * same whoever takes it, so the scores never depend on the number of threads.
 */

/** Byte offset of the control words in the kernel's memory (bytes 0..255 are the leaves' zero table). */
export const CONTROL_AT = 256;
export const CONTROL_BYTES = 256;
/** Rows per slice: one block of the kernel (a tree is loaded into the nearest cache once per 1024 rows). */
export const SLICE_ROWS = 1024;

/** Indices of the control words (Int32Array at {@link CONTROL_AT}). */
export const Ctl = {
  /** Next slice number to claim; only grows (a chunk's slices are [begin, limit)). */
  next: 0,
  limit: 1,
  begin: 2,
  /** Slices of the chunk finished. */
  done: 3,
  /** Set when a slice threw. */
  failed: 4,
  /** The chunk: its rows, trees to add, and where its input, codes and scores are. */
  rows: 5,
  trees: 6,
  x: 7,
  codes: 8,
  out: 9,
  /** Slices the worker ran, all chunks together (what tells that the second thread took part). */
  workerSlices: 10,
} as const;

/** What does not change between chunks: the model's shape and where its image lies. */
export interface SliceLayout {
  width: number;
  k: number;
  roots: number;
  compactRoots: number;
  kind: number;
  count: number;
  table: number;
}

/** The exports of predict.wat. */
export interface PredictKernel {
  touch(from: number, to: number): number;
  bin(x: number, rows: number, width: number, codes: number, kind: number, count: number, table: number): void;
  walk(
    codes: number,
    rows: number,
    width: number,
    out: number,
    k: number,
    roots: number,
    compactRoots: number,
    trees: number,
  ): void;
}

/** Where a chunk's input, codes and scores lie in the kernel's memory, and how many trees to add. */
export interface ChunkPlace {
  x: number;
  codes: number;
  out: number;
  trees: number;
}

/** Codes and walks rows [first, first + rows) of a chunk (`first` a multiple of 8, as slices start). */
export function scoreRows(
  kernel: PredictKernel,
  layout: SliceLayout,
  chunk: ChunkPlace,
  first: number,
  rows: number,
): void {
  const { width, k } = layout;
  // `first` is a multiple of 8: its code group starts at codes + first × width.
  const codes = chunk.codes + first * width;
  kernel.bin(chunk.x + first * width * 8, rows, width, codes, layout.kind, layout.count, layout.table);
  kernel.walk(codes, rows, width, chunk.out + first * k * 8, k, layout.roots, layout.compactRoots, chunk.trees);
}

function runSlice(kernel: PredictKernel, layout: SliceLayout, ctl: Int32Array, slice: number): void {
  const first = slice * SLICE_ROWS;
  const chunk: ChunkPlace = {
    x: Atomics.load(ctl, Ctl.x),
    codes: Atomics.load(ctl, Ctl.codes),
    out: Atomics.load(ctl, Ctl.out),
    trees: Atomics.load(ctl, Ctl.trees),
  };
  scoreRows(kernel, layout, chunk, first, Math.min(SLICE_ROWS, Atomics.load(ctl, Ctl.rows) - first));
}

/**
 * Claims and runs slices of the published chunk until none is left (`worker`: counted in
 * `Ctl.workerSlices`). A claim succeeds only while the counter is below the chunk's limit, so a late
 * thread never takes a slice of a chunk not yet published.
 */
export function runSlices(kernel: PredictKernel, layout: SliceLayout, ctl: Int32Array, worker: boolean): void {
  for (;;) {
    const next = Atomics.load(ctl, Ctl.next);
    if (next >= Atomics.load(ctl, Ctl.limit)) return;
    if (Atomics.compareExchange(ctl, Ctl.next, next, next + 1) !== next) continue;
    try {
      runSlice(kernel, layout, ctl, next - Atomics.load(ctl, Ctl.begin));
    } catch {
      Atomics.store(ctl, Ctl.failed, 1);
    }
    if (worker) Atomics.add(ctl, Ctl.workerSlices, 1);
    Atomics.add(ctl, Ctl.done, 1);
    Atomics.notify(ctl, Ctl.done);
  }
}
