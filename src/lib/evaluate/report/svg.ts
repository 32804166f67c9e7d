/** Escapes text for HTML/SVG. */
export function esc(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A short number for labels: 3 significant digits, no exponent for ordinary magnitudes. */
export function fmt(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value !== 0 && (Math.abs(value) >= 1e5 || Math.abs(value) < 1e-3)) return value.toExponential(2);
  return Number(value.toPrecision(3)).toString();
}

export const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7'];

export interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export const FRAME: Frame = { width: 420, height: 300, left: 50, right: 110, top: 20, bottom: 40 };

/** Linear scale from a data domain to a pixel range. */
export function scale(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const span = d1 - d0 || 1;
  return (v) => r0 + ((v - d0) / span) * (r1 - r0);
}

/** Axes with min/max tick labels and titles. */
export function axes(f: Frame, x: [number, number], y: [number, number], xTitle: string, yTitle: string): string {
  const x0 = f.left;
  const x1 = f.width - f.right;
  const y0 = f.height - f.bottom;
  const y1 = f.top;
  return [
    `<line x1="${x0}" y1="${y0}" x2="${x1}" y2="${y0}" stroke="#333"/>`,
    `<line x1="${x0}" y1="${y0}" x2="${x0}" y2="${y1}" stroke="#333"/>`,
    `<text x="${x0}" y="${y0 + 14}" font-size="10">${fmt(x[0])}</text>`,
    `<text x="${x1}" y="${y0 + 14}" font-size="10" text-anchor="end">${fmt(x[1])}</text>`,
    `<text x="${x0 - 4}" y="${y0}" font-size="10" text-anchor="end">${fmt(y[0])}</text>`,
    `<text x="${x0 - 4}" y="${y1 + 8}" font-size="10" text-anchor="end">${fmt(y[1])}</text>`,
    `<text x="${(x0 + x1) / 2}" y="${f.height - 8}" font-size="11" text-anchor="middle">${esc(xTitle)}</text>`,
    `<text x="12" y="${(y0 + y1) / 2}" font-size="11" text-anchor="middle" transform="rotate(-90 12 ${(y0 + y1) / 2})">${esc(yTitle)}</text>`,
  ].join('');
}

/** Wraps chart content in an `<svg>` element with an accessible title. */
export function svg(f: Frame, title: string, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${f.width}" height="${f.height}" viewBox="0 0 ${f.width} ${f.height}" role="img" aria-label="${esc(title)}"><title>${esc(title)}</title>${body}</svg>`;
}
