import { esc, svg } from './svg.js';

/** A confusion-matrix heat map: rows are actual classes, columns predicted; counts in the cells. */
export function confusionChart(labels: readonly string[], matrix: readonly (readonly number[])[]): string {
  const cell = Math.max(28, Math.min(60, Math.floor(300 / Math.max(1, labels.length))));
  const left = 110;
  const top = 40;
  const size = cell * labels.length;
  const max = Math.max(1, ...matrix.flat());
  const cells = matrix.flatMap((row, r) =>
    row.map((count, c) => {
      const shade = Math.round(255 - (count / max) * 180);
      const fill = r === c ? `rgb(${shade},${Math.min(255, shade + 30)},${255})` : `rgb(255,${shade},${shade})`;
      const x = left + c * cell;
      const y = top + r * cell;
      return `<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${fill}" stroke="#fff"/><text x="${x + cell / 2}" y="${y + cell / 2 + 4}" font-size="12" text-anchor="middle">${count}</text>`;
    }),
  );
  const rowLabels = labels.map(
    (l, r) =>
      `<text x="${left - 6}" y="${top + r * cell + cell / 2 + 4}" font-size="11" text-anchor="end">${esc(l)}</text>`,
  );
  const colLabels = labels.map(
    (l, c) =>
      `<text x="${left + c * cell + cell / 2}" y="${top - 6}" font-size="11" text-anchor="middle">${esc(l)}</text>`,
  );
  const frame = { width: left + size + 20, height: top + size + 30, left, right: 20, top, bottom: 30 };
  const titles = `<text x="${left + size / 2}" y="14" font-size="11" text-anchor="middle">predicted</text><text x="${left - 6}" y="${top - 6}" font-size="11" text-anchor="end" font-style="italic">actual ↓</text>`;
  return svg(frame, 'Confusion matrix', titles + cells.join('') + rowLabels.join('') + colLabels.join(''));
}
