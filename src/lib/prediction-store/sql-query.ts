import { SELECT_COLUMNS } from './rows.js';
import type { PredictionQuery } from './types.js';

export interface SqlQuery {
  sql: string;
  params: (string | number)[];
}

/** The WHERE clause of a query; `placeholder(n)` writes the n-th (1-based) parameter (`?` or `$n`). */
export function whereClause(q: PredictionQuery, placeholder: (n: number) => string): SqlQuery {
  const parts: string[] = [];
  const params: (string | number)[] = [];
  const add = (column: string, op: string, value: string | number | undefined) => {
    if (value === undefined) return;
    params.push(value);
    parts.push(`${column} ${op} ${placeholder(params.length)}`);
  };
  add('ts', '>=', q.since);
  add('ts', '<', q.until);
  add('model_name', '=', q.modelName);
  add('model_version', '=', q.modelVersion);
  return { sql: parts.length > 0 ? ` WHERE ${parts.join(' AND ')}` : '', params };
}

/** SELECT of the matching rows in time order (`columns` lets a backend cast, e.g. PostgreSQL's bigint). */
export function selectQuery(
  q: PredictionQuery,
  placeholder: (n: number) => string,
  columns: string = SELECT_COLUMNS,
): SqlQuery {
  const where = whereClause(q, placeholder);
  const limit = q.limit !== undefined ? ` LIMIT ${Math.max(0, Math.floor(q.limit))}` : '';
  return { sql: `SELECT ${columns} FROM predictions${where.sql} ORDER BY ts, id${limit}`, params: where.params };
}

/** COUNT of the matching rows (the limit ignored). */
export function countQuery(q: PredictionQuery, placeholder: (n: number) => string): SqlQuery {
  const where = whereClause({ ...q, limit: undefined }, placeholder);
  return { sql: `SELECT COUNT(*) AS n FROM predictions${where.sql}`, params: where.params };
}
