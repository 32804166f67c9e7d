import type { PipelineFeatureOf } from '../../../data/index.js';
import type { GraphBuilder } from './graph-builder.js';

type DatetimePart = PipelineFeatureOf<'datetime'>['parts'][number]['part'];

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** The largest epoch-ms value a JavaScript Date holds; beyond it a date is invalid (NaN parts). */
const MAX_DATE_MS = 8.64e15;

/**
 * The graph of `datetimePart` (src/lib/data/datetime-parts.ts) over a double [N,1] tensor of epoch
 * milliseconds, in UTC, with NaN for missing: each part as JavaScript's Date computes it (the time value
 * truncated toward zero; year/month/day by Howard Hinnant's civil-from-days algorithm, exact in doubles).
 */
export function datetimePartsGraph(
  g: GraphBuilder,
  ms: string,
  parts: readonly DatetimePart[],
): Map<DatetimePart, string> {
  const c = (v: number) => g.scalar(v);
  const add = (a: string, v: number) => g.op('Add', [a, c(v)]);
  const mul = (a: string, v: number) => g.op('Mul', [a, c(v)]);
  const sub = (a: string, b: string) => g.op('Sub', [a, b]);
  const floorDiv = (a: string, v: number) => g.op('Floor', [g.op('Div', [a, c(v)])]);
  const floorMod = (a: string, v: number) => sub(a, mul(floorDiv(a, v), v));
  const nan = c(Number.NaN);

  // new Date(ms): the time value is truncated toward zero, and invalid beyond ±8.64e15.
  const truncated = g.op('Where', [g.op('Less', [ms, c(0)]), g.op('Ceil', [ms]), g.op('Floor', [ms])]);
  const valid = g.op('LessOrEqual', [g.op('Abs', [truncated]), c(MAX_DATE_MS)]);
  const time = g.op('Where', [valid, truncated, nan]);
  const days = floorDiv(time, DAY_MS);

  let civil: { year: string; month: string; day: string } | undefined;
  const civilParts = () => {
    if (civil) return civil;
    const z = add(days, 719_468);
    const era = floorDiv(z, 146_097);
    const doe = sub(z, mul(era, 146_097));
    const yoeNum = g.op('Sub', [
      g.op('Add', [sub(doe, floorDiv(doe, 1460)), floorDiv(doe, 36_524)]),
      floorDiv(doe, 146_096),
    ]);
    const yoe = floorDiv(yoeNum, 365);
    const doy = sub(doe, g.op('Sub', [g.op('Add', [mul(yoe, 365), floorDiv(yoe, 4)]), floorDiv(yoe, 100)]));
    const mp = floorDiv(add(mul(doy, 5), 2), 153);
    const day = add(sub(doy, floorDiv(add(mul(mp, 153), 2), 5)), 1);
    const month = g.op('Where', [g.op('Less', [mp, c(10)]), add(mp, 3), add(mp, -9)]);
    const y = g.op('Add', [yoe, mul(era, 400)]);
    const year = g.op('Where', [g.op('Less', [month, c(3)]), add(y, 1), y]);
    civil = { year, month, day };
    return civil;
  };

  const out = new Map<DatetimePart, string>();
  for (const part of parts) {
    switch (part) {
      case 'year':
      case 'month':
      case 'day':
        out.set(part, civilParts()[part]);
        break;
      case 'dayofweek':
        // 1970-01-01 was a Thursday: Monday = 0, as pandas.
        out.set(part, floorMod(add(days, 3), 7));
        break;
      case 'hour':
        out.set(part, floorDiv(floorMod(time, DAY_MS), HOUR_MS));
        break;
      case 'epoch_days':
        // Math.floor(ms / day) of the value as given (not truncated), as datetimePart does.
        out.set(part, floorDiv(ms, DAY_MS));
        break;
      default:
        return part satisfies never;
    }
  }
  return out;
}
