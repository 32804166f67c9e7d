/** Codes into a dictionary: 8 bits while there are at most 255 values, then 16 bits. */
export type DictionaryCodes = Uint8Array | Uint16Array;

/**
 * A text column as codes into its distinct values (as Arrow's dictionary vectors): 1–2 bytes a row
 * instead of a pointer, so a million-row category costs 1 MB. Code 0 is a missing value
 * (`values[0] === null`). It is an arquero column (`at`, iteration, `toArray`), so tables, Arrow
 * output and every `columnValues` reader see the same strings as before; `toArray()` builds the
 * plain array once, for readers that index it.
 */
export class DictionaryColumn {
  readonly length: number;
  private plain: (string | null)[] | null = null;

  constructor(
    /** One code per row, into `values`. */
    readonly codes: DictionaryCodes,
    /** The distinct values in order of first appearance, after `null` at code 0. */
    readonly values: readonly (string | null)[],
  ) {
    this.length = codes.length;
  }

  /** The value of `row` (null when missing). */
  at(row: number): string | null {
    return this.values[this.codes[row] as number] ?? null;
  }

  *[Symbol.iterator](): Iterator<string | null> {
    for (let i = 0; i < this.length; i++) yield this.values[this.codes[i] as number] ?? null;
  }

  /** Rows [start, end) as a dictionary column over the same values (the codes are a view, not a copy). */
  slice(start: number, end: number): DictionaryColumn {
    return new DictionaryColumn(this.codes.subarray(start, end), this.values);
  }

  /** The column as a plain array of strings and nulls (built on the first call, then reused). */
  toArray(): (string | null)[] {
    if (this.plain === null) {
      const out: (string | null)[] = new Array(this.length);
      for (let i = 0; i < this.length; i++) out[i] = this.values[this.codes[i] as number] ?? null;
      this.plain = out;
    }
    return this.plain;
  }
}

/** Whether `value` is a dictionary-coded text column. */
export function isDictionaryColumn(value: unknown): value is DictionaryColumn {
  return value instanceof DictionaryColumn;
}
