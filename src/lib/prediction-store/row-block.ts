// A request's rows column by column (RowBlock): what the write queue keeps for a batch request instead of
// one JSON text per row and field, and what the SQLite writer thread turns into those texts itself, on its
// own core. The main thread's part of a 1,000-row batch becomes a pass over the values into typed arrays
// (no string per row on the main heap to survive until the commit); the texts are made where they are
// bound, and are exactly what JSON.stringify writes (test/lib/prediction-store/row-block.test.ts).
// Self-contained (no imports at run time): the writer thread loads this file from src/ and dist/ alike.

/** One value position of the shape: numbers (a non-finite one or null writes `null`, as JSON does), or texts. */
export type BlockColumn =
  | { kind: 'number'; values: Float64Array }
  /** The JSON texts of the distinct values (strings, booleans, null, numbers), and each row's index into them. */
  | { kind: 'text'; codes: Uint32Array; texts: string[] };

/**
 * The JSON of `n` objects of one shape (the same keys in the same order, nested plain objects allowed):
 * the literal pieces around its value positions (`pieces[j]` before value j, the last one closing), and
 * one column per value position.
 */
export interface ShapedTexts {
  pieces: string[];
  columns: BlockColumn[];
}

/** A request's rows as columns (from `blockOf`); the texts are `blockRowTexts`. */
export interface RowBlock {
  kind: 'block';
  count: number;
  /** Row i's uid is `uidText(uidPrefix, uidFirst + i)`. */
  uidPrefix: string;
  uidFirst: number;
  ts: number;
  requestId: string;
  modelName: string;
  modelVersion: string;
  latencyMs: number;
  inputs: ShapedTexts;
  outputs: ShapedTexts;
}

/** Base-36 digits of a uid's counter: 36^8 ≈ 2.8e12 rows a process before an id grows a digit. */
const UID_DIGITS = 8;

/**
 * A row id: the process's random prefix and its counter in base 36, zero-padded to 8 digits so that a
 * process's ids sort in the order it made them (each insert into the UNIQUE index on uid appends).
 */
export function uidText(prefix: string, n: number): string {
  return `${prefix}.${n.toString(36).padStart(UID_DIGITS, '0')}`;
}

/** Strings JSON writes as they are between quotes: printable ASCII without a quote or a backslash. */
const PLAIN = /^[ !#-[\]-~]*$/;

/** A string's JSON text. */
export function stringText(value: string): string {
  return PLAIN.test(value) ? `"${value}"` : JSON.stringify(value);
}

/** A number's JSON text (JSON.stringify writes a non-finite number as null). */
export const numberText = (value: number): string => (Number.isFinite(value) ? String(value) : 'null');

/** An object's keys, and for each either its column or the shape of the plain object under it. */
interface Node {
  keys: string[];
  children: (number | Node)[];
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

/** The shape of `object` (pieces appended to `pieces`; one column kind per value), or null if it has none. */
function shapeOf(object: Record<string, unknown>, pieces: string[], kinds: ('number' | 'text')[]): Node | null {
  const node: Node = { keys: [], children: [] };
  let open = '{';
  // for…in visits a plain object's own keys in JSON.stringify's order.
  for (const key in object) {
    if (!Object.hasOwn(object, key)) continue;
    const value = object[key];
    const head = `${open}${JSON.stringify(key)}:`;
    open = ',';
    node.keys.push(key);
    if (isPlainObject(value)) {
      pieces[pieces.length - 1] += head;
      const child = shapeOf(value, pieces, kinds);
      if (!child) return null;
      node.children.push(child);
      continue;
    }
    const kind = typeof value === 'number' ? 'number' : scalar(value) ? 'text' : null;
    if (!kind) return null;
    pieces[pieces.length - 1] += head;
    node.children.push(kinds.length);
    kinds.push(kind);
    pieces.push('');
  }
  pieces[pieces.length - 1] += open === '{' ? '{}' : '}';
  return node;
}

const scalar = (value: unknown): value is string | number | boolean | null =>
  value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

/** Collects the values of objects of one shape into columns. */
class Filler {
  private readonly numbers: (Float64Array | null)[] = [];
  private readonly codes: (Uint32Array | null)[] = [];
  private readonly dicts: (Map<unknown, number> | null)[] = [];
  private readonly texts: (string[] | null)[] = [];

  // No parameter properties: Node strips this file's types without transforming it (the writer thread).
  constructor(kinds: readonly ('number' | 'text')[], n: number) {
    for (const kind of kinds) {
      const number = kind === 'number';
      this.numbers.push(number ? new Float64Array(n) : null);
      this.codes.push(number ? null : new Uint32Array(n));
      this.dicts.push(number ? null : new Map());
      this.texts.push(number ? null : []);
    }
  }

  /** Puts `object`'s values in row `row`; false when it is not of the shape (or a value does not fit its column). */
  put(object: Record<string, unknown>, node: Node, row: number): boolean {
    let k = 0;
    for (const key in object) {
      if (!Object.hasOwn(object, key)) continue;
      if (key !== node.keys[k]) return false;
      const value = object[key];
      const child = node.children[k] as number | Node;
      k++;
      if (typeof child !== 'number') {
        if (!isPlainObject(value) || !this.put(value, child, row)) return false;
        continue;
      }
      const numbers = this.numbers[child];
      if (numbers) {
        if (typeof value === 'number') numbers[row] = value;
        else if (value === null) numbers[row] = Number.NaN;
        else return false;
        continue;
      }
      if (!scalar(value)) return false;
      const dict = this.dicts[child] as Map<unknown, number>;
      let code = dict.get(value);
      if (code === undefined) {
        const texts = this.texts[child] as string[];
        code = texts.length;
        texts.push(
          typeof value === 'string' ? stringText(value) : typeof value === 'number' ? numberText(value) : String(value),
        );
        dict.set(value, code);
      }
      (this.codes[child] as Uint32Array)[row] = code;
    }
    return k === node.keys.length;
  }

  columns(): BlockColumn[] {
    return this.numbers.map((values, j) =>
      values
        ? { kind: 'number', values }
        : { kind: 'text', codes: this.codes[j] as Uint32Array, texts: this.texts[j] as string[] },
    );
  }
}

/**
 * The objects as ShapedTexts, or null when they are not all of the first one's shape (then the caller
 * writes each object's JSON itself): every object must have the same keys in the same order, with nested
 * plain objects where the first has them and scalars elsewhere (a number position takes numbers and null).
 */
export function shapedTexts(objects: readonly unknown[]): ShapedTexts | null {
  const first = objects[0];
  if (!isPlainObject(first)) return null;
  const pieces = [''];
  const kinds: ('number' | 'text')[] = [];
  const node = shapeOf(first, pieces, kinds);
  if (!node) return null;
  const filler = new Filler(kinds, objects.length);
  for (let i = 0; i < objects.length; i++) {
    const object = objects[i];
    if (!isPlainObject(object) || !filler.put(object, node, i)) return null;
  }
  return { pieces, columns: filler.columns() };
}

/** Row i's JSON text: exactly `JSON.stringify` of the object it was made from. */
export function shapedText(s: ShapedTexts, i: number): string {
  const { pieces, columns } = s;
  let text = pieces[0] as string;
  for (let j = 0; j < columns.length; j++) {
    const c = columns[j] as BlockColumn;
    text += c.kind === 'number' ? numberText(c.values[i] as number) : (c.texts[c.codes[i] as number] as string);
    text += pieces[j + 1] as string;
  }
  return text;
}

/** Rows [start, end) of `s`, their columns copied (a typed array view would carry its whole buffer in a message). */
function sliceShaped(s: ShapedTexts, start: number, end: number): ShapedTexts {
  return {
    pieces: s.pieces,
    columns: s.columns.map((c) =>
      c.kind === 'number'
        ? { kind: 'number', values: c.values.slice(start, end) }
        : { kind: 'text', codes: c.codes.slice(start, end), texts: c.texts },
    ),
  };
}

/**
 * The block with columns of its own. A block read from an IPC message (`serialization: 'advanced'`) has typed
 * arrays that are views into the whole message's buffer: passed on as they are, each `postMessage` to the
 * writer thread would copy that whole buffer once per column (measured: a flood of batches through
 * `serve.workers: 2` stored 0.2–0.6 M rows in 10 s instead of 1.4–1.6 M).
 */
export function ownBlock(b: RowBlock): RowBlock {
  return { ...b, inputs: sliceShaped(b.inputs, 0, b.count), outputs: sliceShaped(b.outputs, 0, b.count) };
}

/** Rows [start, end) of a block, as a block (the same uids); the block itself when that is all of it. */
export function sliceBlock(b: RowBlock, start: number, end: number): RowBlock {
  if (start === 0 && end === b.count) return b;
  return {
    ...b,
    count: end - start,
    uidFirst: b.uidFirst + start,
    inputs: sliceShaped(b.inputs, start, end),
    outputs: sliceShaped(b.outputs, start, end),
  };
}

/** Throws unless every column of `s` has `n` rows and its pieces fit its columns (a message from elsewhere). */
export function checkShaped(s: ShapedTexts, n: number): void {
  if (s.pieces.length !== s.columns.length + 1) throw new Error("a block's pieces do not fit its columns");
  for (const c of s.columns) {
    const rows = c.kind === 'number' ? c.values.length : c.codes.length;
    if (rows !== n) throw new Error(`a block's column has ${rows} rows, not its ${n}`);
    if (c.kind === 'text' && c.codes.some((code) => code >= c.texts.length))
      throw new Error("a block's column indexes past its texts");
  }
}
