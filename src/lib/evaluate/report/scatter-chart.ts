import { axes, FRAME, type Frame, scale, svg } from './svg.js';

/** A scatter plot (residuals vs predicted) with a zero line; at most `maxPoints` points are drawn. */
export function scatterChart(
  title: string,
  points: readonly { x: number; y: number }[],
  opts: { xTitle: string; yTitle: string; zeroLine?: boolean; maxPoints?: number },
  frame: Frame = { ...FRAME, right: 20 },
): string {
  const finite = points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  if (finite.length === 0) return svg(frame, title, '<text x="20" y="40">no data</text>');
  const step = Math.max(1, Math.ceil(finite.length / (opts.maxPoints ?? 2000)));
  const shown = finite.filter((_, i) => i % step === 0);
  const xd: [number, number] = [Math.min(...finite.map((p) => p.x)), Math.max(...finite.map((p) => p.x))];
  const ext = Math.max(...finite.map((p) => Math.abs(p.y)));
  const yd: [number, number] = opts.zeroLine
    ? [-ext, ext]
    : [Math.min(...finite.map((p) => p.y)), Math.max(...finite.map((p) => p.y))];
  const sx = scale(xd[0], xd[1], frame.left, frame.width - frame.right);
  const sy = scale(yd[0], yd[1], frame.height - frame.bottom, frame.top);
  const dots = shown.map(
    (p) => `<circle cx="${sx(p.x).toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="2.2" fill="#4e79a7" fill-opacity="0.6"/>`,
  );
  const zero = opts.zeroLine
    ? `<line x1="${frame.left}" y1="${sy(0)}" x2="${frame.width - frame.right}" y2="${sy(0)}" stroke="#e15759" stroke-dasharray="4 3"/>`
    : '';
  return svg(frame, title, axes(frame, xd, yd, opts.xTitle, opts.yTitle) + zero + dots.join(''));
}
