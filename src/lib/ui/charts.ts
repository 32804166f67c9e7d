/** SVG charts of the UI, built on the evaluate report's helpers (axes, scales, palette, escaping). */
import { axes, esc, type Frame, fmt, PALETTE, scale, svg } from '../evaluate/report/svg.js';

export { lineChart, type Series } from '../evaluate/report/line-chart.js';

export interface Bar {
  label: string;
  value: number;
  /** Drawn highlighted and named in its tooltip (the best run of a metric). */
  best?: boolean;
}

const BAR_FRAME: Frame = { width: 420, height: 220, left: 50, right: 10, top: 14, bottom: 56 };

/** Vertical bars with labels under them; the best bar is highlighted and marked with ★. */
export function barChart(title: string, bars: readonly Bar[], yTitle: string, frame: Frame = BAR_FRAME): string {
  const finite = bars.filter((b) => Number.isFinite(b.value));
  if (finite.length === 0) return svg(frame, title, '<text x="20" y="40">no data</text>');
  const lo = Math.min(0, ...finite.map((b) => b.value));
  const hi = Math.max(0, ...finite.map((b) => b.value)) || 1;
  const sy = scale(lo, hi, frame.height - frame.bottom, frame.top);
  const width = frame.width - frame.left - frame.right;
  const slot = width / bars.length;
  const parts = bars.map((b, i) => {
    const x = frame.left + i * slot + slot * 0.15;
    const w = Math.max(1, slot * 0.7);
    const label = `${b.label}: ${fmt(b.value)}${b.best ? ' (best)' : ''}`;
    const y0 = sy(0);
    const y1 = Number.isFinite(b.value) ? sy(b.value) : y0;
    const bar = `<rect x="${x.toFixed(1)}" y="${Math.min(y0, y1).toFixed(1)}" width="${w.toFixed(1)}" height="${Math.abs(y0 - y1).toFixed(1)}" fill="${b.best ? PALETTE[1] : PALETTE[0]}"><title>${esc(label)}</title></rect>`;
    const star = b.best
      ? `<text x="${(x + w / 2).toFixed(1)}" y="${(Math.min(y0, y1) - 3).toFixed(1)}" font-size="11" text-anchor="middle">★</text>`
      : '';
    const tx = (x + w / 2).toFixed(1);
    const ty = frame.height - frame.bottom + 12;
    const text = `<text x="${tx}" y="${ty}" font-size="9" text-anchor="end" transform="rotate(-35 ${tx} ${ty})">${esc(b.label.slice(-14))}</text>`;
    return bar + star + text;
  });
  const yTop = frame.top;
  const yBottom = frame.height - frame.bottom;
  const axis = [
    `<line x1="${frame.left}" y1="${sy(0).toFixed(1)}" x2="${frame.width - frame.right}" y2="${sy(0).toFixed(1)}" stroke="#333"/>`,
    `<line x1="${frame.left}" y1="${yBottom}" x2="${frame.left}" y2="${yTop}" stroke="#333"/>`,
    `<text x="${frame.left - 4}" y="${yTop + 8}" font-size="10" text-anchor="end">${fmt(hi)}</text>`,
    `<text x="${frame.left - 4}" y="${yBottom}" font-size="10" text-anchor="end">${fmt(lo)}</text>`,
    `<text x="12" y="${(yTop + yBottom) / 2}" font-size="11" text-anchor="middle" transform="rotate(-90 12 ${(yTop + yBottom) / 2})">${esc(yTitle)}</text>`,
  ].join('');
  return svg(frame, title, axis + parts.join(''));
}

/** A histogram of counts over bin edges (numeric column profile). */
export function histogramChart(title: string, edges: readonly number[], counts: readonly number[]): string {
  const frame: Frame = { width: 320, height: 160, left: 40, right: 10, top: 10, bottom: 30 };
  const max = Math.max(1, ...counts);
  const lo = edges[0] ?? 0;
  const hi = edges[edges.length - 1] ?? 1;
  const sx = scale(lo, hi, frame.left, frame.width - frame.right);
  const sy = scale(0, max, frame.height - frame.bottom, frame.top);
  const rects = counts.map((n, i) => {
    const x0 = sx(edges[i] ?? lo);
    const x1 = sx(edges[i + 1] ?? hi);
    return `<rect x="${x0.toFixed(1)}" y="${sy(n).toFixed(1)}" width="${Math.max(0.5, x1 - x0 - 1).toFixed(1)}" height="${(sy(0) - sy(n)).toFixed(1)}" fill="${PALETTE[0]}"><title>${esc(`${fmt(edges[i] ?? lo)} – ${fmt(edges[i + 1] ?? hi)}: ${n}`)}</title></rect>`;
  });
  return svg(frame, title, axes(frame, [lo, hi], [0, max], '', 'rows') + rects.join(''));
}

/** Horizontal share bars (category counts, class probabilities) with the value at the end. */
export function shareBars(title: string, items: readonly { label: string; value: number }[], total: number): string {
  const rowH = 18;
  const frame: Frame = {
    width: 320,
    height: Math.max(rowH * items.length + 8, 30),
    left: 100,
    right: 50,
    top: 4,
    bottom: 4,
  };
  const sx = scale(0, Math.max(total, 1e-12), 0, frame.width - frame.left - frame.right);
  const rows = items.map((item, i) => {
    const y = frame.top + i * rowH;
    const share = total > 0 ? item.value / total : 0;
    return `<text x="${frame.left - 4}" y="${y + 12}" font-size="11" text-anchor="end">${esc(item.label.slice(0, 16))}</text><rect x="${frame.left}" y="${y + 3}" width="${Math.max(0.5, sx(item.value)).toFixed(1)}" height="${rowH - 6}" fill="${PALETTE[i % PALETTE.length]}"><title>${esc(`${item.label}: ${fmt(item.value)}`)}</title></rect><text x="${(frame.left + sx(item.value) + 4).toFixed(1)}" y="${y + 12}" font-size="10">${esc(total === 1 ? fmt(item.value) : `${(share * 100).toFixed(1)}%`)}</text>`;
  });
  return svg(frame, title, rows.join(''));
}
