import { describe, expect, it } from 'vitest';
import { formatValidationReport, ingestFile, validateTable } from '../../../src/lib/data/index.js';
import { buildSchema } from '../../../src/lib/data/schema/build-schema.js';
import { TOY_CSV, tempFile, toyConfig } from './helpers.js';

const config = toyConfig({
  na_values: ['', '.'],
  features: {
    bill: { type: 'numeric', min: 30, max: 60, max_missing: 0.2 },
    mass: { type: 'numeric', min: 2500, max: 6500 },
    island: { type: 'categorical', allowed: ['Biscoe', 'Dream', 'Torgersen'] },
  },
});

async function reportFor(csv: string, cfg = config) {
  const ingest = await ingestFile(tempFile('raw.csv', csv), { config: cfg });
  const schema = buildSchema(ingest.table.columnNames(), ingest.types, cfg, 'classification');
  return validateTable(ingest.table, schema, { config: cfg, requireTarget: true, file: 'raw.csv' });
}

describe('validateTable', () => {
  it('passes the toy data (missing values within max_missing)', async () => {
    const report = await reportFor(TOY_CSV);
    expect(report.violations.filter((v) => v.severity === 'error')).toEqual([]);
    expect(report.valid).toBe(true);
  });

  it('names each problem: wrong type, out of range, not allowed, missing column', async () => {
    const lines = TOY_CSV.split('\n');
    lines[0] = 'species,island,bill,sex'; // mass column is gone
    const body = lines.slice(1).map((l) =>
      l
        .split(',')
        .filter((_, k) => k !== 3)
        .join(','),
    );
    body[2] = 'Adelie,Biscoe,abc,MALE'; // not a number (row 3)
    body[4] = 'Adelie,Biscoe,99.5,MALE'; // above max (row 5)
    body[6] = 'Adelie,Atlantis,40,MALE'; // not allowed (row 7)
    const report = await reportFor([lines[0], ...body].join('\n'));
    const found = report.violations.map((v) => [v.column, v.rule, v.severity, v.count]);
    expect(found).toEqual(
      expect.arrayContaining([
        ['bill', 'type', 'error', 1],
        ['mass', 'missing_column', 'error', 0],
        ['island', 'not_allowed', 'error', 1],
      ]),
    );
    expect(report.violations.find((v) => v.rule === 'type')?.examples).toEqual([{ row: 3, value: 'abc' }]);
    expect(report.valid).toBe(false);
    const text = formatValidationReport(report);
    expect(text).toContain('bill [type] 1 value(s) are not numbers — e.g. row 3: "abc"');
    expect(text).toContain("required column 'mass' (numeric) is not in the file");
    expect(text).toContain('island [not_allowed]');
  });

  it('flags values outside min/max with example rows', async () => {
    const lines = TOY_CSV.split('\n');
    lines[5] = 'Adelie,Biscoe,99.5,3000,MALE';
    lines[6] = 'Adelie,Biscoe,10,3000,MALE';
    const report = await reportFor(lines.join('\n'));
    const range = report.violations.filter((v) => v.rule === 'out_of_range');
    expect(range.map((v) => [v.message, v.examples])).toEqual([
      ['1 value(s) below min 30', [{ row: 6, value: 10 }]],
      ['1 value(s) above max 60', [{ row: 5, value: 99.5 }]],
    ]);
  });

  it('fails a column with more missing values than max_missing', async () => {
    const strict = toyConfig({ na_values: ['', '.'], features: { bill: { type: 'numeric', max_missing: 0.01 } } });
    const report = await reportFor(TOY_CSV, strict);
    expect(report.violations.find((v) => v.column === 'bill')?.message).toMatch(
      /^6\.7% missing, more than max_missing 0.01/,
    );
  });

  it('applies dataset rules: min rows, duplicates, class balance, missing target', async () => {
    const csv = 'species,x\nA,1\nA,1\nA,2\nA,3\nA,4\nA,5\nA,6\nA,7\nA,8\nB,9\n,10\n';
    const cfg = toyConfig({ checks: { min_rows: 20, duplicates: 'error', min_class_fraction: 0.2 } });
    const report = await reportFor(csv, cfg);
    const rules = Object.fromEntries(report.violations.map((v) => [v.rule, [v.severity, v.count]]));
    expect(rules).toEqual({
      min_rows: ['error', 0],
      duplicates: ['error', 1],
      class_balance: ['warning', 1],
      target_missing: ['warning', 1],
    });
  });

  it('a batch for a trained model is not searched for duplicate rows (a training-data rule)', async () => {
    const csv = 'species,x\nA,1\nA,1\nB,2\nB,3\n';
    const cfg = toyConfig({ checks: { min_rows: 1, duplicates: 'error' } });
    const ingest = await ingestFile(tempFile('batch.csv', csv), { config: cfg });
    const schema = buildSchema(ingest.table.columnNames(), ingest.types, cfg, 'classification');
    const rules = (batch: boolean) =>
      validateTable(ingest.table, schema, { config: cfg, requireTarget: false, batch }).violations.map((v) => v.rule);
    expect(rules(false)).toContain('duplicates');
    expect(rules(true)).not.toContain('duplicates');
  });

  it('judges a dictionary-coded column by distinct value with the same verdicts as value by value', async () => {
    const labels = ['Biscoe', '', 'Mars', 'Dream', 'Mars', 'Torgersen', '.', 'Biscoe', 'Venus'];
    const csv = `species,bill,mass,island\n${labels.map((l, i) => `A,${40 + i},3000,${l}`).join('\n')}\n`;
    const ingest = await ingestFile(tempFile('coded.csv', csv), { config });
    const schema = buildSchema(ingest.table.columnNames(), ingest.types, config, 'classification');
    const { table } = await import('arquero');
    const plain = table(Object.fromEntries(ingest.table.columnNames().map((n) => [n, ingest.table.array(n)])));
    const options = { config, requireTarget: false, batch: true };
    const coded = validateTable(ingest.table, schema, options);
    expect(coded).toEqual(validateTable(plain, schema, options));
    const island = coded.violations.filter((v) => v.column === 'island').map((v) => [v.rule, v.count]);
    expect(island).toEqual(expect.arrayContaining([['not_allowed', 3]]));
  });

  it('errors when the target column is absent or has a single class', async () => {
    expect((await reportFor('x,y\n1,2\n')).violations.map((v) => v.rule)).toContain('missing_column');
    const single = await reportFor('species,x\nA,1\nA,2\n', toyConfig({ checks: { min_rows: 1 } }));
    expect(single.violations.find((v) => v.rule === 'class_balance')?.severity).toBe('error');
  });

  it('warns about an identifier-like column and about columns the schema does not know', async () => {
    const csv = `species,id\n${Array.from({ length: 30 }, (_, i) => `${i % 2 ? 'A' : 'B'},id${i}`).join('\n')}`;
    const cfg = toyConfig({ checks: { max_categories: 10 } });
    const report = await reportFor(csv, cfg);
    expect(report.violations.find((v) => v.rule === 'high_cardinality')?.column).toBe('id');
    const ingest = await ingestFile(tempFile('b.csv', 'island,extra\nDream,1\n'), { config });
    const schema = buildSchema(['island'], { island: 'categorical' }, config, 'classification');
    const batch = validateTable(ingest.table, schema, { config, flagUnexpected: true });
    expect(batch.violations.map((v) => [v.column, v.rule])).toContainEqual(['extra', 'unexpected_column']);
  });

  it('validates against a config alone, inferring the schema', async () => {
    const ingest = await ingestFile(tempFile('raw.csv', TOY_CSV), { config });
    const report = validateTable(ingest.table, config);
    expect(report.valid).toBe(true);
    expect(report.rows).toBe(60);
  });
});
