import { axes, esc, FRAME, type Frame, PALETTE, scale, svg } from './svg.js';

export interface Series {
  name: string;
  points: { x: number; y: number }[];
  dashed?: boolean;
}

/** A line chart of several series with a legend (learning curves, ROC curves). */
export function lineChart(
  title: string,
  series: readonly Series[],
  opts: { xTitle: string; yTitle: string; x?: [number, number]; y?: [number, number]; diagonal?: boolean },
  frame: Frame = FRAME,
): string {
  const all = series.flatMap((s) => s.points).filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  const xd = opts.x ?? [Math.min(...all.map((p) => p.x)), Math.max(...all.map((p) => p.x))];
  const yd = opts.y ?? [Math.min(...all.map((p) => p.y)), Math.max(...all.map((p) => p.y))];
  if (all.length === 0) return svg(frame, title, '<text x="20" y="40">no data</text>');
  const sx = scale(xd[0], xd[1], frame.left, frame.width - frame.right);
  const sy = scale(yd[0], yd[1], frame.height - frame.bottom, frame.top);
  const lines = series.map((s, i) => {
    const color = PALETTE[i % PALETTE.length];
    const d = s.points
      .filter((p) => Number.isFinite(p.y))
      .map((p, j) => `${j ? 'L' : 'M'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`)
      .join('');
    const legendY = frame.top + 14 * i + 8;
    return (
      `<path d="${d}" fill="none" stroke="${color}" stroke-width="1.5"${s.dashed ? ' stroke-dasharray="4 3"' : ''}/>` +
      `<rect x="${frame.width - frame.right + 8}" y="${legendY - 7}" width="10" height="3" fill="${color}"/>` +
      `<text x="${frame.width - frame.right + 22}" y="${legendY}" font-size="10">${esc(s.name)}</text>`
    );
  });
  const diagonal = opts.diagonal
    ? `<line x1="${sx(xd[0])}" y1="${sy(yd[0])}" x2="${sx(xd[1])}" y2="${sy(yd[1])}" stroke="#bbb" stroke-dasharray="3 3"/>`
    : '';
  return svg(frame, title, axes(frame, xd, yd, opts.xTitle, opts.yTitle) + diagonal + lines.join(''));
}
