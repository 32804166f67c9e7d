/**
 * The runs filter: whitespace-separated terms, each `FIELD OP VALUE` (`lr>0.005`, `status=completed`,
 * `model.hidden=[64,32]`, `id~0101`) or free text matched against id, status, model and param values.
 * OP is one of = != > >= < <= ~ (contains). FIELD is a column key, a param or metric name, or a unique
 * suffix of a param (`lr` → `train.lr`). Quotes keep spaces in a value: `status="completed"`.
 */

export type Op = '=' | '!=' | '>' | '>=' | '<' | '<=' | '~';

export type Term = { kind: 'compare'; field: string; op: Op; value: string } | { kind: 'text'; text: string };

const TERM = /^([A-Za-z_][\w.]*)(>=|<=|!=|=|>|<|~)(.*)$/;

/** Splits a filter into terms (quotes group words; an unclosed quote runs to the end). */
export function parseFilter(input: string): Term[] {
  const tokens: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of input.trim()) {
    if (ch === '"') quoted = !quoted;
    else if (/\s/.test(ch) && !quoted) {
      if (current) tokens.push(current);
      current = '';
    } else current += ch;
  }
  if (current) tokens.push(current);
  return tokens.map((token): Term => {
    const m = TERM.exec(token);
    if (!m) return { kind: 'text', text: token.toLowerCase() };
    return { kind: 'compare', field: m[1] as string, op: m[2] as Op, value: m[3] as string };
  });
}

/** Resolves a filter field to column keys: exact key, `params.`/`metrics.` name, or a unique param suffix. */
export function resolveField(field: string, keys: readonly string[]): { key: string } | { error: string } {
  if (keys.includes(field)) return { key: field };
  for (const prefix of ['params.', 'metrics.']) if (keys.includes(prefix + field)) return { key: prefix + field };
  const suffix = keys.filter((k) => k.startsWith('params.') && k.endsWith(`.${field}`));
  if (suffix.length === 1) return { key: suffix[0] as string };
  if (suffix.length > 1) return { error: `'${field}' is ambiguous: ${suffix.map((k) => k.slice(7)).join(', ')}` };
  return { error: `unknown field '${field}'` };
}

function asNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return null;
}

function asText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return (typeof value === 'string' ? value : JSON.stringify(value)).toLowerCase();
}

/** A test for `op wanted`, compiled once per filter term: numbers compare as numbers, the rest as text. */
export function matcher(op: Op, wanted: string): (value: unknown) => boolean {
  const b = asNumber(wanted);
  const y = wanted.toLowerCase().replace(/\s+/g, '');
  if (op === '~') {
    const needle = wanted.toLowerCase();
    return (value) => asText(value).includes(needle);
  }
  return (value) => {
    const a = asNumber(value);
    if (a !== null && b !== null) return compare(a, b, op);
    if (value === null || value === undefined) return op === '!=';
    return compare(asText(value).replace(/\s+/g, ''), y, op);
  };
}

function compare<T extends number | string>(x: T, y: T, op: Exclude<Op, '~'>): boolean {
  switch (op) {
    case '=':
      return x === y;
    case '!=':
      return x !== y;
    case '>':
      return x > y;
    case '>=':
      return x >= y;
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    default:
      return op satisfies never;
  }
}

/** Whether a value satisfies `op wanted` (see {@link matcher}). */
export function matches(value: unknown, op: Op, wanted: string): boolean {
  return matcher(op, wanted)(value);
}
