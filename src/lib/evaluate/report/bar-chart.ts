import { esc, fmt, PALETTE, svg } from './svg.js';

export interface Bar {
  label: string;
  value: number;
  /** A ± whisker (e.g. the standard deviation over repeats). */
  spread?: number;
}

/**
 * Horizontal bars, largest first (feature importance): one row per bar with its label and value; bars
 * start at zero (a negative value, a feature whose shuffling helped, draws left of the axis).
 */
export function barChart(title: string, bars: readonly Bar[], opts: { xTitle: string; maxBars?: number }): string {
  const shown = [...bars]
    .filter((b) => Number.isFinite(b.value))
    .sort((a, b) => b.value - a.value)
    .slice(0, opts.maxBars ?? 20);
  const row = 20;
  const left = 150;
  const right = 70;
  const top = 10;
  const width = 460;
  const height = top + row * Math.max(1, shown.length) + 34;
  const frame = { width, height, left, right, top, bottom: 34 };
  if (shown.length === 0) return svg(frame, title, '<text x="20" y="30">no data</text>');
  const ends = shown.flatMap((b) => [b.value + (b.spread ?? 0), b.value - (b.spread ?? 0), 0]);
  const lo = Math.min(...ends);
  const hi = Math.max(...ends);
  const span = hi - lo || 1;
  const x = (v: number) => left + ((v - lo) / span) * (width - left - right);
  const zero = x(0);
  const body = shown.map((b, i) => {
    const y = top + i * row;
    const x0 = Math.min(zero, x(b.value));
    const w = Math.max(1, Math.abs(x(b.value) - zero));
    const whisker =
      b.spread && b.spread > 0
        ? `<line x1="${x(b.value - b.spread).toFixed(1)}" y1="${y + row / 2}" x2="${x(b.value + b.spread).toFixed(1)}" y2="${y + row / 2}" stroke="#333"/>`
        : '';
    return (
      `<text x="${left - 6}" y="${y + row / 2 + 4}" font-size="11" text-anchor="end">${esc(b.label)}</text>` +
      `<rect x="${x0.toFixed(1)}" y="${y + 3}" width="${w.toFixed(1)}" height="${row - 6}" fill="${PALETTE[0]}"/>` +
      whisker +
      `<text x="${(Math.max(zero, x(b.value)) + 4).toFixed(1)}" y="${y + row / 2 + 4}" font-size="10">${fmt(b.value)}</text>`
    );
  });
  const axis = `<line x1="${zero.toFixed(1)}" y1="${top}" x2="${zero.toFixed(1)}" y2="${height - frame.bottom}" stroke="#333"/>`;
  const caption = `<text x="${(left + width - right) / 2}" y="${height - 10}" font-size="11" text-anchor="middle">${esc(opts.xTitle)}</text>`;
  return svg(frame, title, axis + body.join('') + caption);
}
