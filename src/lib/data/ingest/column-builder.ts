import { isNumericString, parseNumber } from './parse-number.js';

/**
 * Accumulates one column while a file is parsed. It stays numeric (a growing Float64Array,
 * NaN = missing) while every value parses as a number, and switches to strings (interned,
 * null = missing) at the first value that does not — so numbers cost 8 bytes, not a string.
 */
export class ColumnBuilder {
  private numbers: Float64Array | null;
  private strings: (string | null)[] | null = null;
  private readonly intern = new Map<string, string>();
  /** Only NA tokens that look like numbers ("-999") need a check on the numeric fast path. */
  private readonly naHasNumbers: boolean;
  length = 0;

  constructor(
    private readonly na: ReadonlySet<string>,
    /** Read as text, never as numbers (declared non-numeric). */
    readonly forceString: boolean,
    capacity = 1024,
  ) {
    this.naHasNumbers = [...na].some((token) => isNumericString(token));
    this.numbers = forceString ? null : new Float64Array(capacity);
    if (forceString) this.strings = [];
  }

  /** Whether every value so far was a number or missing. */
  get isNumeric(): boolean {
    return this.numbers !== null;
  }

  /** Adds the field `text[start, end)` of a delimited file. */
  pushField(text: string, start: number, end: number): void {
    if (start === end) {
      this.pushMissing();
      return;
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
      this.toStrings();
    }
    const strings = this.strings as (string | null)[];
    let canonical = this.intern.get(value);
    if (canonical === undefined) {
      canonical = value;
      if (this.intern.size < 100_000) this.intern.set(value, value);
    }
    strings.push(canonical);
    this.length++;
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
    else {
      (this.strings as (string | null)[]).push(null);
      this.length++;
    }
  }

  /** The finished column: Float64Array (numeric) or (string | null)[]. */
  finish(): Float64Array | (string | null)[] {
    if (this.numbers !== null) return this.numbers.slice(0, this.length);
    return this.strings as (string | null)[];
  }

  private pushNumber(value: number): void {
    let numbers = this.numbers as Float64Array;
    if (this.length === numbers.length) {
      const grown = new Float64Array(numbers.length * 2);
      grown.set(numbers);
      this.numbers = grown;
      numbers = grown;
    }
    numbers[this.length++] = value;
  }

  private toStrings(): void {
    const numbers = this.numbers as Float64Array;
    const strings: (string | null)[] = new Array(this.length);
    for (let i = 0; i < this.length; i++) {
      const v = numbers[i] as number;
      strings[i] = Number.isNaN(v) ? null : String(v);
    }
    this.strings = strings;
    this.numbers = null;
  }
}
