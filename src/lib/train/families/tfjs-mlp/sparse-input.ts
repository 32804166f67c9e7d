import type { KernelExports, KernelMemory } from '../../../model/families/tfjs-mlp/kernels.js';
import type { Matrix } from '../../types.js';

/** The most memory the row store may take (bytes): larger splits compress each batch instead. */
const STORE_LIMIT = 1 << 30;
/** 4-byte words of one sparse entry (column index u32, value f32). */
const ENTRY = 2;

/**
 * The first layer's input as compressed sparse rows (the sparse kernels skip exact-zero inputs with the
 * same bits as the dense ones). A batch's rows come either from a dense batch (`fromDense`) or, when the
 * training split fits the row store, from the store: the split compressed once, every row padded to the
 * widest row's non-zeros, so a batch gathers a few contiguous bytes per row instead of whole dense rows
 * (far fewer cache and TLB misses: the gather was a large part of a step).
 */
export class SparseInput {
  readonly ptr: number;
  readonly entries: number;
  readonly colPtr: number;
  readonly columns: number;
  /** Per batch row, the row data the store keeps after its inputs (the target: value in the float half). */
  readonly meta: number;
  private store: { rows: number; stride: number; entries: number; order: number } | null = null;

  /** Reserves the batch buffers (commit the memory before use). */
  constructor(
    private readonly memory: KernelMemory,
    private readonly kernels: KernelExports,
    private readonly capacity: number,
    private readonly inputs: number,
  ) {
    const cells = capacity * inputs;
    this.ptr = memory.reserve(capacity + 1);
    this.entries = memory.reserve(cells * ENTRY);
    this.colPtr = memory.reserve(inputs + 1);
    this.columns = memory.reserve(cells * ENTRY);
    this.meta = memory.reserve(capacity * ENTRY);
  }

  /**
   * Sizes the row store for the training split (its widest row, found by compressing it once through
   * the committed staging rows at `x`) and reserves it if it fits: then commit again and `fill` it.
   */
  reserveStore(train: Matrix, x: number): boolean {
    let stride = 0;
    this.eachChunk(train, x, (n) => {
      stride = Math.max(stride, this.kernels.to_csr(x, n, this.inputs, this.ptr, this.entries, 0));
    });
    if (train.rows * ((stride + 1) * ENTRY + 1) * 4 > STORE_LIMIT) return false;
    this.store = {
      rows: train.rows,
      stride,
      entries: this.memory.reserve(train.rows * (stride + 1) * ENTRY),
      order: this.memory.reserve(train.rows),
    };
    return true;
  }

  /** Whether batches can be gathered from the row store. */
  get stored(): boolean {
    return this.store !== null;
  }

  /** Compresses `rows` dense input rows at `x` into this batch's sparse rows. */
  fromDense(x: number, rows: number): void {
    this.kernels.to_csr(x, rows, this.inputs, this.ptr, this.entries, 0);
  }

  /** Compresses the training split into the reserved row store, through the staging rows at `x`. */
  fill(train: Matrix, x: number): void {
    const store = this.store;
    if (!store) return;
    const rowSize = (store.stride + 1) * ENTRY;
    this.eachChunk(train, x, (n, start) => {
      // The row offsets go to the batch's ptr (scratch here): store rows are found by stride.
      this.kernels.to_csr(x, n, this.inputs, this.ptr, store.entries + start * rowSize * 4, store.stride);
    });
    // Each row's last entry: its target, as a float (class indices are exact).
    const rowData = this.memory.f32(store.entries, train.rows * rowSize);
    for (let r = 0; r < train.rows; r++) rowData[r * rowSize + rowSize - 1] = train.y[r] as number;
  }

  /** Copies the split into the staging rows at `x`, `capacity` rows at a time, calling `each` per chunk. */
  private eachChunk(train: Matrix, x: number, each: (rows: number, start: number) => void): void {
    const staging = this.memory.f32(x, this.capacity * this.inputs);
    for (let start = 0; start < train.rows; start += this.capacity) {
      const n = Math.min(this.capacity, train.rows - start);
      staging.set(train.x.subarray(start * this.inputs, (start + n) * this.inputs));
      each(n, start);
    }
  }

  /** Sets the epoch's row order (the store's rows in batch order). */
  setOrder(order: Uint32Array): void {
    if (this.store) this.memory.u32(this.store.order, this.store.rows).set(order);
  }

  /**
   * The rows `order[start .. start + n)` of the row store as this batch's sparse rows; their targets
   * go to `targets()` (every other float from 1).
   */
  gather(start: number, n: number): void {
    const s = this.store;
    if (!s) throw new Error('SparseInput.gather without a row store');
    this.kernels.csr_gather(s.entries, s.stride, s.order + start * 4, n, this.ptr, this.entries, this.meta);
  }

  /** The gathered rows' targets, at every other float from index 1 (a view: read it before the next gather). */
  targets(capacity: number): Float32Array {
    return this.memory.f32(this.meta, capacity * ENTRY);
  }
}
