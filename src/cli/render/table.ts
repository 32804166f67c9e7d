/**
 * The one text table of the CLI: padded columns (numbers right-aligned), a header, and a rule under it
 * unless `rule: false`.
 */
export function table(
  header: readonly string[],
  rows: readonly (readonly unknown[])[],
  options: { rule?: boolean } = {},
): string {
  const cells = rows.map((r) => r.map(cellText));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const isNum = header.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === 'number' || r[i] == null));
  const line = (r: readonly string[]) =>
    r
      .map((c, i) => (isNum[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const rule = options.rule === false ? [] : [line(widths.map((w) => '-'.repeat(w)))];
  return [line(header), ...rule, ...cells.map(line)].join('\n');
}

/** How a value prints in a table: 4 decimals for fractions, `-` for nothing. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '-';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(4);
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
