import { DataValidationError } from '../../errors.js';
import { ColumnBuilder } from './column-builder.js';
import type { RawColumn } from './type-columns.js';

export interface ColumnMapOptions {
  naValues: readonly string[];
  rename: Readonly<Record<string, string>>;
  select: readonly string[] | null;
  drop: readonly string[];
  /** Columns always kept by `select` (the target). */
  keep: readonly string[];
  /** Columns (after renames) to read as text, never as numbers. */
  textColumns: ReadonlySet<string>;
}

/** Maps source columns to builders: renames, then select/drop; a dropped column maps to null. */
export class ColumnMap {
  readonly names: string[] = [];
  readonly builders: ColumnBuilder[] = [];
  /** Builder per source column index (null = dropped). */
  readonly bySource: (ColumnBuilder | null)[] = [];
  private readonly bySourceName = new Map<string, ColumnBuilder | null>();
  private readonly na: ReadonlySet<string>;
  rows = 0;

  constructor(
    private readonly options: ColumnMapOptions,
    private readonly file: string,
  ) {
    this.na = new Set(options.naValues);
  }

  /** Registers a source column; returns its builder (null when dropped). */
  add(sourceName: string): ColumnBuilder | null {
    const existing = this.bySourceName.get(sourceName);
    if (existing !== undefined) return existing;
    const name = this.options.rename[sourceName] ?? sourceName;
    const { select, drop, keep } = this.options;
    const dropped = drop.includes(name) || drop.includes(sourceName);
    const selected = select === null || select.includes(name) || keep.includes(name);
    let builder: ColumnBuilder | null = null;
    if (!dropped && selected) {
      if (this.names.includes(name)) {
        throw new DataValidationError(`${this.file}: two columns are named '${name}' (after data.rename).`, {
          code: 'MLX_DATA_MALFORMED',
          hint: 'Rename or drop one of them in the config (data.rename / data.drop).',
        });
      }
      builder = new ColumnBuilder(this.na, this.options.textColumns.has(name));
      // Columns that appear late (JSON records) are missing in the rows before.
      for (let i = 0; i < this.rows; i++) builder.pushMissing();
      this.names.push(name);
      this.builders.push(builder);
    }
    this.bySourceName.set(sourceName, builder);
    this.bySource.push(builder);
    return builder;
  }

  /** Makes room for about `rows` values in every column (a size estimate from the file size). */
  reserve(rows: number): void {
    for (const builder of this.builders) builder.reserve(rows);
  }

  /** Ends a record: columns the record did not mention get a missing value. */
  endRow(): void {
    this.rows++;
    for (const builder of this.builders) if (builder.length < this.rows) builder.pushMissing();
  }

  /** Finished raw columns by name, in file order. */
  finish(): RawColumns {
    return { names: [...this.names], columns: this.builders.map((b) => b.finish()), rows: this.rows };
  }

  /**
   * The rows so far as finished columns, and a fresh start for the next rows with the same columns (a
   * chunk of a file read in chunks). Builders are replaced in place, so a reader holding `bySource` sees
   * the new ones.
   */
  take(): RawColumns {
    const chunk = this.finish();
    this.builders.forEach((old, i) => {
      const fresh = new ColumnBuilder(this.na, old.forceString);
      this.builders[i] = fresh;
      const source = this.bySource.indexOf(old);
      if (source >= 0) this.bySource[source] = fresh;
      for (const [name, builder] of this.bySourceName) if (builder === old) this.bySourceName.set(name, fresh);
    });
    this.rows = 0;
    return chunk;
  }
}

/** Raw (untyped) columns of some rows of a file. */
export interface RawColumns {
  names: string[];
  /** Numbers as Float64Array, text dictionary-coded (or plain strings). */
  columns: RawColumn[];
  rows: number;
  /** Each row's text as it is in the file, when the reader was asked to keep it and could (see read-csv.ts). */
  lines?: string[] | undefined;
}
