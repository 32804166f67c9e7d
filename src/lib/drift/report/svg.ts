import type { ColumnChart } from '../types.js';

export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

const W = 520;
const H = 200;
const PAD = { left: 44, right: 8, top: 10, bottom: 44 };
const REF = '#4e79a7';
const CUR = '#f28e2b';

function label(value: number): string {
  const abs = Math.abs(value);
  if (abs !== 0 && (abs >= 1e5 || abs < 1e-2)) return value.toExponential(1);
  return Number(value.toPrecision(3)).toString();
}

/** Grouped bars (reference vs current share) for one column, as an inline SVG. */
export function chartSvg(chart: ColumnChart, title: string): string {
  const labels =
    chart.kind === 'numeric' ? chart.reference.map((_, i) => label(chart.edges[i] ?? 0)) : chart.categories;
  const n = chart.reference.length;
  const max = Math.max(1e-12, ...chart.reference, ...chart.current);
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = n === 0 ? plotW : plotW / n;
  const bar = Math.max(1, slot * 0.4);
  const y = (v: number) => PAD.top + plotH - (v / max) * plotH;
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const x = PAD.left + i * slot + slot * 0.1;
    for (const [k, values, color] of [
      [0, chart.reference, REF],
      [1, chart.current, CUR],
    ] as const) {
      const v = values[i] ?? 0;
      parts.push(
        `<rect x="${(x + k * bar).toFixed(1)}" y="${y(v).toFixed(1)}" width="${bar.toFixed(1)}" height="${(PAD.top + plotH - y(v)).toFixed(1)}" fill="${color}"><title>${escapeHtml(labels[i] ?? '')}: ${k ? 'current' : 'reference'} ${(v * 100).toFixed(1)}%</title></rect>`,
      );
    }
    if (n <= 24 || i % Math.ceil(n / 24) === 0)
      parts.push(
        `<text x="${(x + bar).toFixed(1)}" y="${H - PAD.bottom + 12}" font-size="9" text-anchor="end" transform="rotate(-35 ${(x + bar).toFixed(1)} ${H - PAD.bottom + 12})">${escapeHtml((labels[i] ?? '').slice(0, 14))}</text>`,
      );
  }
  const axis = `<line x1="${PAD.left}" y1="${PAD.top + plotH}" x2="${W - PAD.right}" y2="${PAD.top + plotH}" stroke="#999"/><text x="4" y="${PAD.top + 8}" font-size="9">${(max * 100).toFixed(0)}%</text><text x="4" y="${PAD.top + plotH}" font-size="9">0%</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escapeHtml(title)}">${axis}${parts.join('')}</svg>`;
}
