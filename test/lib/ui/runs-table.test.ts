import { describe, expect, it } from 'vitest';
import { matches, parseFilter, resolveField } from '../../../src/lib/ui/runs/filter.js';
import { parseRunsQuery, type RunsQuery, runsPage } from '../../../src/lib/ui/runs/table.js';
import type { RunEntry } from '../../../src/lib/workflows/ui.js';
import { record } from './fixtures.js';

const query = (patch: Partial<RunsQuery> = {}): RunsQuery => ({
  q: '',
  sort: 'id',
  dir: 'desc',
  cols: null,
  page: 1,
  size: 50,
  ...patch,
});

function entries(): RunEntry[] {
  const rows: RunEntry[] = [
    {
      id: 'r3',
      problem: null,
      record: record('r3', { params: { 'train.lr': 0.01, 'model.hidden': [64, 32] }, metrics: { val_accuracy: 0.8 } }),
    },
    {
      id: 'r2',
      problem: null,
      record: record('r2', { status: 'failed', params: { 'train.lr': 0.001, 'model.hidden': [16] }, metrics: {} }),
    },
    {
      id: 'r1',
      problem: null,
      record: record('r1', { params: { 'train.lr': 0.1, 'model.hidden': [64, 32] }, metrics: { val_accuracy: 0.9 } }),
    },
    { id: 'r0', problem: 'run.json is not valid JSON', record: null },
  ];
  return rows;
}

describe('runs filter', () => {
  it('parses comparisons, quoted values and free text', () => {
    expect(parseFilter(' lr>0.005  status="completed" Adam model.hidden=[64,32] ')).toEqual([
      { kind: 'compare', field: 'lr', op: '>', value: '0.005' },
      { kind: 'compare', field: 'status', op: '=', value: 'completed' },
      { kind: 'text', text: 'adam' },
      { kind: 'compare', field: 'model.hidden', op: '=', value: '[64,32]' },
    ]);
  });

  it('resolves a field by exact key, params./metrics. name, or a unique param suffix', () => {
    const keys = ['status', 'params.train.lr', 'params.model.lr', 'params.train.epochs', 'metrics.val_accuracy'];
    expect(resolveField('status', keys)).toEqual({ key: 'status' });
    expect(resolveField('val_accuracy', keys)).toEqual({ key: 'metrics.val_accuracy' });
    expect(resolveField('epochs', keys)).toEqual({ key: 'params.train.epochs' });
    expect(resolveField('lr', keys)).toEqual({ error: "'lr' is ambiguous: train.lr, model.lr" });
    expect(resolveField('x', keys)).toEqual({ error: "unknown field 'x'" });
  });

  it('compares numbers as numbers and everything else as text', () => {
    expect(matches(0.01, '>', '0.005')).toBe(true);
    expect(matches(0.001, '>', '0.005')).toBe(false);
    expect(matches('10', '<', '9')).toBe(false); // numeric strings compare as numbers
    expect(matches('Completed', '=', 'completed')).toBe(true);
    expect(matches([64, 32], '=', '[64, 32]')).toBe(true);
    expect(matches('abc-123', '~', 'C-1')).toBe(true);
    expect(matches(undefined, '>', 'a')).toBe(false);
    expect(matches(undefined, '!=', 'completed')).toBe(true);
  });
});

describe('runs table', () => {
  it('filters, sorts with missing values last in both directions, and pages', () => {
    const desc = runsPage(entries(), query({ sort: 'metrics.val_accuracy', dir: 'desc' }));
    expect(desc.rows.map((e) => e.id)).toEqual(['r1', 'r3', 'r2', 'r0']);
    const asc = runsPage(entries(), query({ sort: 'metrics.val_accuracy', dir: 'asc' }));
    expect(asc.rows.map((e) => e.id)).toEqual(['r3', 'r1', 'r2', 'r0']);
    expect(runsPage(entries(), query({ q: 'lr>0.005 status=completed' })).rows.map((e) => e.id)).toEqual(['r3', 'r1']);
    expect(runsPage(entries(), query({ q: 'status=corrupt' })).rows.map((e) => e.id)).toEqual(['r0']);
    expect(runsPage(entries(), query({ q: 'hidden=[16]' })).rows.map((e) => e.id)).toEqual(['r2']);
    const paged = runsPage(entries(), query({ size: 10, page: 7 }));
    expect(paged.query.page).toBe(1);
    expect(paged.pages).toBe(1);
  });

  it('defaults to the base columns, the params that differ and the metrics; keeps chosen columns', () => {
    const p = runsPage(entries(), query());
    expect(p.columns).toEqual([
      'id',
      'status',
      'started',
      'duration',
      'data',
      'model',
      'params.model.hidden',
      'params.train.lr',
      'metrics.val_accuracy',
    ]);
    expect(runsPage(entries(), query({ cols: ['id', 'params.train.lr', 'nope'] })).columns).toEqual([
      'id',
      'params.train.lr',
    ]);
  });

  it('reads the query from URL parameters with safe fallbacks', () => {
    const params = new URLSearchParams('q=lr>1&sort=started&dir=asc&col=id&col=status&page=-3&size=100000');
    const q = parseRunsQuery(
      (n) => params.get(n) ?? undefined,
      (n) => params.getAll(n),
    );
    expect(q).toEqual({ q: 'lr>1', sort: 'started', dir: 'asc', cols: ['id', 'status'], page: 1, size: 50 });
  });
});
