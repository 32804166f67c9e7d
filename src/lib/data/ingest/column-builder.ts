import { type DictionaryCodes, DictionaryColumn } from './dictionary-column.js';
import { isNumericString, parseNumber } from './parse-number.js';

/** Distinct values a text column may have and stay dictionary-coded (16-bit codes; code 0 = missing). */
const MAX_DICTIONARY = 0xffff;
/** Past the dictionary, text values are still interned up to this many distinct ones. */
const MAX_INTERNED = 100_000;

/**
 * A finished array keeps its grown buffer (no copy) unless more than an eighth of it is unused;
 * then it is copied to its length, so a column never holds much more memory than its values.
 */
function trimmed<T extends Float64Array | DictionaryCodes>(array: T, length: number): T {
  return (array.length - length <= array.length / 8 ? array.subarray(0, length) : array.slice(0, length)) as T;
}

/**
 * Accumulates one column while a file is parsed. It stays numeric (a growing Float64Array,
 * NaN = missing) while every value parses as a number, and switches to text at the first value
 * that does not. Text is dictionary-coded (1–2 bytes a row, see DictionaryColumn) until it has
 * more than 65 535 distinct values, then kept as interned strings (null = missing).
 */
export class ColumnBuilder {
  private numbers: Float64Array | null;
  private codes: DictionaryCodes | null = null;
  private strings: (string | null)[] | null = null;
  /** Text value → its code (dictionary) or its interned copy (plain strings). */
  private readonly dictionary = new Map<string, number>();
  private readonly values: (string | null)[] = [null];
  /** Only NA tokens that look like numbers ("-999") need a check on the numeric fast path. */
  private readonly naHasNumbers: boolean;
  /** After `reserve` (a size estimate), growth past it is by a quarter, not a doubling. */
  private reserved = false;
  /**
   * The dictionary's codes by the hash of their text (open addressing; 0 = empty), so that a delimited
   * field already coded is found in the file's text as it is: no string sliced out per field (a million
   * rows of four category columns made four million short strings for the young generation).
   */
  private slots: Int32Array | null = null;
  length = 0;

  constructor(
    private readonly na: ReadonlySet<string>,
    /** Read as text, never as numbers (declared non-numeric). */
    readonly forceString: boolean,
    private capacity = 1024,
  ) {
    this.naHasNumbers = [...na].some((token) => isNumericString(token));
    this.numbers = forceString ? null : new Float64Array(capacity);
    if (forceString) this.codes = new Uint8Array(capacity);
  }

  /** Whether every value so far was a number or missing. */
  get isNumeric(): boolean {
    return this.numbers !== null;
  }

  /** Makes room for `rows` values in all (a size estimate: growth past it stays possible). */
  reserve(rows: number): void {
    this.reserved = true;
    if (rows <= this.capacity) return;
    this.capacity = rows;
    if (this.numbers !== null) this.numbers = grown(this.numbers, rows);
    if (this.codes !== null) this.codes = grown(this.codes, rows);
  }

  /** Adds the field `text[start, end)` of a delimited file. */
  pushField(text: string, start: number, end: number): void {
    if (start === end) {
      this.pushMissing();
      return;
    }
    if (this.slots !== null && this.codes !== null) {
      const code = this.coded(text, start, end);
      if (code > 0) {
        this.pushCode(code);
        return;
      }
    }
    if (this.numbers !== null) {
      const value = parseNumber(text, start, end);
      if (!Number.isNaN(value) && (!this.naHasNumbers || !this.na.has(text.slice(start, end)))) {
        this.pushNumber(value);
        return;
      }
    }
    this.pushString(text.slice(start, end));
  }

  /** Adds a field that is already a string (quoted CSV fields). */
  pushString(value: string): void {
    if (this.na.has(value)) {
      this.pushMissing();
      return;
    }
    if (this.numbers !== null) {
      const parsed = value.trim() === value ? parseNumber(value, 0, value.length) : Number.NaN;
      if (!Number.isNaN(parsed)) {
        this.pushNumber(parsed);
        return;
      }
      this.toText();
    }
    this.pushText(value);
  }

  /** Adds a JSON / Parquet value of any type. */
  pushValue(value: unknown): void {
    if (value === null || value === undefined) {
      this.pushMissing();
      return;
    }
    if (typeof value === 'number') {
      if (Number.isNaN(value)) {
        this.pushMissing();
        return;
      }
      if (this.numbers !== null) {
        this.pushNumber(value);
        return;
      }
      this.pushString(String(value));
      return;
    }
    if (typeof value === 'bigint') {
      this.pushValue(Number(value));
      return;
    }
    if (value instanceof Date) {
      this.pushString(value.toISOString());
      return;
    }
    this.pushString(
      typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value),
    );
  }

  pushMissing(): void {
    if (this.numbers !== null) this.pushNumber(Number.NaN);
    else if (this.codes !== null) this.pushCode(0);
    else {
      (this.strings as (string | null)[]).push(null);
      this.length++;
    }
  }

  /** The finished column: Float64Array (numeric), DictionaryColumn or (string | null)[] (text). */
  finish(): Float64Array | DictionaryColumn | (string | null)[] {
    if (this.numbers !== null) return trimmed(this.numbers, this.length);
    if (this.codes !== null) return new DictionaryColumn(trimmed(this.codes, this.length), this.values);
    return this.strings as (string | null)[];
  }

  private pushNumber(value: number): void {
    let numbers = this.numbers as Float64Array;
    if (this.length === numbers.length) {
      numbers = grown(numbers, this.nextSize(numbers.length));
      this.numbers = numbers;
    }
    numbers[this.length++] = value;
  }

  private pushCode(code: number): void {
    let codes = this.codes as DictionaryCodes;
    if (this.length === codes.length) {
      codes = grown(codes, this.nextSize(codes.length));
      this.codes = codes;
    }
    codes[this.length++] = code;
  }

  private nextSize(size: number): number {
    return this.reserved ? Math.ceil(size * 1.25) + 1024 : size * 2;
  }

  /** The code of the dictionary value equal to `text[start, end)`, 0 when there is none. */
  private coded(text: string, start: number, end: number): number {
    const slots = this.slots as Int32Array;
    const mask = slots.length - 1;
    const length = end - start;
    for (let i = textHash(text, start, end) & mask; ; i = (i + 1) & mask) {
      const code = slots[i] as number;
      if (code === 0) return 0;
      const value = this.values[code] as string;
      if (value.length === length && text.startsWith(value, start)) return code;
    }
  }

  /** Adds a new dictionary value to the hash index (grown to keep it at most half full). */
  private index(value: string, code: number): void {
    let slots = this.slots;
    if (slots === null || code * 2 > slots.length) {
      slots = new Int32Array(Math.max(64, (slots?.length ?? 0) * 2));
      this.slots = slots;
      for (let c = 1; c < code; c++) place(slots, this.values[c] as string, c);
    }
    place(slots, value, code);
  }

  private pushText(value: string): void {
    const code = this.dictionary.get(value);
    if (this.codes !== null) {
      if (code !== undefined) {
        this.pushCode(code);
        return;
      }
      if (this.values.length <= MAX_DICTIONARY) {
        const next = this.values.length;
        this.values.push(value);
        this.dictionary.set(value, next);
        this.index(value, next);
        if (next === 0x100) this.codes = widened(this.codes, this.length);
        this.pushCode(next);
        return;
      }
      this.toPlainStrings();
    }
    let canonical = code === undefined ? undefined : this.values[code];
    if (canonical === undefined || canonical === null) {
      canonical = value;
      if (this.dictionary.size < MAX_INTERNED) {
        this.dictionary.set(value, this.values.length);
        this.values.push(value);
      }
    }
    (this.strings as (string | null)[]).push(canonical);
    this.length++;
  }

  /** numeric → text: the numbers so far become their string forms (NaN → missing). */
  private toText(): void {
    const numbers = this.numbers as Float64Array;
    const count = this.length;
    this.numbers = null;
    this.codes = new Uint8Array(Math.max(numbers.length, 1));
    this.length = 0;
    for (let i = 0; i < count; i++) {
      const v = numbers[i] as number;
      if (Number.isNaN(v)) this.pushCode(0);
      else this.pushText(String(v));
    }
  }

  /** dictionary → plain strings, once a column has too many distinct values to code. */
  private toPlainStrings(): void {
    const codes = this.codes as DictionaryCodes;
    const strings: (string | null)[] = new Array(this.length);
    for (let i = 0; i < this.length; i++) strings[i] = this.values[codes[i] as number] ?? null;
    this.strings = strings;
    this.codes = null;
    this.slots = null;
  }
}

/** FNV-1a over the UTF-16 code units of `text[start, end)`. */
function textHash(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Puts `code` in the first free slot from `value`'s hash. */
function place(slots: Int32Array, value: string, code: number): void {
  const mask = slots.length - 1;
  let i = textHash(value, 0, value.length) & mask;
  while (slots[i] !== 0) i = (i + 1) & mask;
  slots[i] = code;
}

/** A copy of `array` in a buffer of `size` elements (the values up to its length kept). */
function grown<T extends Float64Array | DictionaryCodes>(array: T, size: number): T {
  const out = new (array.constructor as new (n: number) => T)(size);
  out.set(array);
  return out;
}

/** 8-bit codes → 16-bit codes, once a column's 256th distinct value arrives. */
function widened(codes: DictionaryCodes, length: number): Uint16Array {
  const out = new Uint16Array(codes.length);
  out.set(codes.subarray(0, length));
  return out;
}
