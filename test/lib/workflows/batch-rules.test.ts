import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MlxConfig } from '../../../src/lib/config/index.js';
import type { InputSchema } from '../../../src/lib/contracts.js';
import { readTable, type ValidationReport, validateFile } from '../../../src/lib/data/index.js';
import { DataValidationError } from '../../../src/lib/errors.js';
import { silentLogger } from '../../../src/lib/logging.js';
import { checkBatch, schemaTypes } from '../../../src/lib/workflows/eval-data.js';
import { makeConfig, tempDir } from '../data/helpers.js';

/** The contract of a trained model: one required feature, one optional with a declared max_missing, one soft. */
const schema: InputSchema = {
  version: 1,
  features: [
    { name: 'bill', type: 'numeric', required: true, min: 30, max: 60, allowed: null },
    { name: 'mass', type: 'numeric', required: false, min: 2000, max: 7000, allowed: null, max_missing: 0.2 },
    { name: 'depth', type: 'numeric', required: false, min: 10, max: 25, allowed: null, limits: 'soft' },
  ],
  target: { name: 'species', task: 'classification', classes: ['a', 'b'] },
};

interface Verdict {
  valid: boolean;
  rules: string[];
}

const verdict = (report: ValidationReport): Verdict => ({
  valid: report.valid,
  rules: report.violations.map((v) => `${v.severity} ${v.column ?? '(dataset)'} ${v.rule}`).sort(),
});

/** What `mlx data validate FILE` says and what `mlx predict` (checkBatch) says about the same file. */
async function bothVerdicts(csv: string, config: MlxConfig): Promise<{ validate: Verdict; predict: Verdict }> {
  const root = tempDir();
  writeFileSync(path.join(root, 'schema.json'), JSON.stringify(schema));
  const file = path.join(root, 'batch.csv');
  writeFileSync(file, csv);
  const { report } = await validateFile({ root, config, file, schemaFile: path.join(root, 'schema.json') });
  const table = await readTable(file, { config, types: schemaTypes(schema) });
  let predicted: ValidationReport;
  try {
    predicted = checkBatch(table, schema, { file, config, logger: silentLogger(), requireTarget: false });
  } catch (error) {
    expect(error).toBeInstanceOf(DataValidationError);
    predicted = (error as DataValidationError).details as ValidationReport;
  }
  return { validate: verdict(report), predict: verdict(predicted) };
}

const impute = makeConfig();
const reject = makeConfig({ inputs: { on_missing: 'reject' } });

describe('one rule set for a batch: data validate FILE and predict agree', () => {
  it('Given a header-only file, both refuse it (no rows)', async () => {
    const { validate, predict } = await bothVerdicts('bill,mass,depth\n', impute);
    expect(validate).toEqual({ valid: false, rules: ['error (dataset) empty'] });
    expect(predict).toEqual(validate);
  });

  it('Given a column that is entirely missing, both say so (a warning when imputing, an error under reject)', async () => {
    const csv = 'bill,mass,depth\n40,,12\n41,,13\n42,,14\n';
    const imputed = await bothVerdicts(csv, impute);
    expect(imputed.validate).toEqual({ valid: true, rules: ['warning mass all_missing'] });
    expect(imputed.predict).toEqual(imputed.validate);
    const refused = await bothVerdicts(csv, reject);
    expect(refused.validate).toEqual({ valid: false, rules: ['error mass all_missing'] });
    expect(refused.predict).toEqual(refused.validate);
  });

  it('Given more missing values than max_missing, both judge it by the same policy', async () => {
    const csv = 'bill,mass,depth\n40,,12\n41,,13\n42,3000,\n43,3100,14\n';
    const imputed = await bothVerdicts(csv, impute);
    expect(imputed.validate.rules).toEqual(['warning mass missing']);
    expect(imputed.predict).toEqual(imputed.validate);
    const refused = await bothVerdicts(csv, reject);
    expect(refused.validate.rules).toEqual(['error mass missing']);
    expect(refused.predict).toEqual(refused.validate);
  });

  it('Given a clean file, both pass it', async () => {
    const both = await bothVerdicts('bill,mass,depth\n40,3000,12\n41,3100,13\n', impute);
    expect(both.validate).toEqual({ valid: true, rules: [] });
    expect(both.predict).toEqual(both.validate);
  });
});
