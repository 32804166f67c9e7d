import type { Row } from '../../contracts.js';
import { UsageError } from '../../errors.js';

/** One distribution change applied to replayed rows. */
export type Shift =
  | { kind: 'scale'; column: string; factor: number }
  | { kind: 'add'; column: string; amount: number }
  | { kind: 'category'; column: string; value: string; probability: number };

/** Parses `COL=1.3` (scale, add) or `COL=VALUE:0.8` (category) flag values. */
export function parseShift(kind: Shift['kind'], text: string): Shift {
  const eq = text.indexOf('=');
  const column = text.slice(0, eq).trim();
  const rest = text.slice(eq + 1).trim();
  const bad = (why: string) =>
    new UsageError(`--${kind} '${text}': ${why}`, {
      hint: '--scale bill_length_mm=1.3, --add flipper_length_mm=15, --category island=Biscoe:0.8',
    });
  if (eq <= 0 || rest === '') throw bad('expected COLUMN=VALUE');
  if (kind === 'category') {
    const colon = rest.lastIndexOf(':');
    const probability = colon > 0 ? Number(rest.slice(colon + 1)) : 1;
    const value = colon > 0 ? rest.slice(0, colon) : rest;
    if (!(probability >= 0 && probability <= 1)) throw bad('the probability must be between 0 and 1');
    return { kind, column, value, probability };
  }
  const n = Number(rest);
  if (!Number.isFinite(n)) throw bad(`'${rest}' is not a number`);
  return kind === 'scale' ? { kind, column, factor: n } : { kind, column, amount: n };
}

/** Applies the shifts to a copy of the row; `random` decides category replacements (seeded). */
export function applyShifts(row: Row, shifts: readonly Shift[], random: () => number): Row {
  const out: Row = { ...row };
  for (const s of shifts) {
    const v = out[s.column];
    if (s.kind === 'category') {
      if (random() < s.probability) out[s.column] = s.value;
    } else if (typeof v === 'number') out[s.column] = s.kind === 'scale' ? v * s.factor : v + s.amount;
  }
  return out;
}
