import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** Bytes [start, end) of a delimited file holding whole records (no header). */
export interface RecordRange {
  start: number;
  end: number;
}

/** A delimited file cut into ranges of whole records: the header is bytes [0, headerEnd). */
export interface RecordSplit {
  headerEnd: number;
  ranges: RecordRange[];
}

const QUOTE = 0x22;
const NL = 0x0a;
const BLOCK = 1 << 20;

/**
 * Cuts a CSV/TSV file into byte ranges of whole records, one per weight and sized in proportion to the
 * weights (a number n: n equal parts), so that each can be
 * parsed on its own (after the header): a cut is the start of a line that is not inside a quoted field,
 * found by following the quotes from the start of the file (RFC 4180: a quote opens or closes a quoted
 * field, a doubled quote inside one toggles twice). Returns null when the file has fewer records than
 * parts would need. Reads the file up to the last cut, with native byte searches (no parsing).
 */
export function splitRecords(file: string, weights: number | readonly number[]): RecordSplit | null {
  const shares = typeof weights === 'number' ? Array.from({ length: weights }, () => 1) : weights;
  const parts = shares.length;
  const total = shares.reduce((a, b) => a + b, 0);
  let before = 0;
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const buffer = Buffer.allocUnsafe(BLOCK);
    /** The file offset of buffer[0], and how many bytes of the buffer hold the file. */
    let base = 0;
    let filled = 0;
    let inQuotes = false;
    /** Whether file offset `at` is in the buffer, after reading the block that starts there if needed. */
    const hold = (at: number): boolean => {
      if (at >= base && at < base + filled) return true;
      if (at >= size) return false;
      base = at;
      filled = readSync(fd, buffer, 0, BLOCK, at);
      return filled > 0;
    };
    /** The offset after the first newline at or after `from` outside quotes (quotes before `from` already counted). */
    const nextRecord = (from: number): number | null => {
      let at = from;
      while (true) {
        if (!hold(at)) return null;
        const i = at - base;
        const q = buffer.indexOf(QUOTE, i);
        const quote = q === -1 || q >= filled ? -1 : q;
        if (!inQuotes) {
          const n = buffer.indexOf(NL, i);
          const newline = n === -1 || n >= filled ? -1 : n;
          if (newline !== -1 && (quote === -1 || newline < quote)) return base + newline + 1;
        }
        if (quote === -1) {
          at = base + filled;
          continue;
        }
        inQuotes = !inQuotes;
        at = base + quote + 1;
      }
    };
    /** Counts the quotes in [from, to) into `inQuotes`. */
    const skipTo = (from: number, to: number): void => {
      let at = from;
      while (at < to) {
        if (!hold(at)) return;
        const stop = Math.min(to - base, filled);
        const q = buffer.indexOf(QUOTE, at - base);
        if (q === -1 || q >= stop) {
          at = base + stop;
          continue;
        }
        inQuotes = !inQuotes;
        at = base + q + 1;
      }
    };
    const headerEnd = nextRecord(0);
    if (headerEnd === null || headerEnd >= size) return null;
    const cuts = [headerEnd];
    let at = headerEnd;
    for (let k = 1; k < parts; k++) {
      // From the byte before the target: a target that starts a record is itself the cut.
      before += shares[k - 1] as number;
      const target = headerEnd + Math.floor(((size - headerEnd) * before) / total) - 1;
      if (target > at) {
        skipTo(at, target);
        at = target;
      }
      const cut = nextRecord(at);
      if (cut === null || cut >= size) return null;
      cuts.push(cut);
      at = cut;
    }
    cuts.push(size);
    const ranges = cuts.slice(1).map((end, i) => ({ start: cuts[i] as number, end }));
    return ranges.every((r) => r.end > r.start) ? { headerEnd, ranges } : null;
  } finally {
    closeSync(fd);
  }
}
