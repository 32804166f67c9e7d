import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyProject } from '../helpers/project.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(repo, 'bin', 'run.js');
const dirs: string[] = [];

/** Runs the built binary in `cwd`. */
function mlx(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function copyDataProject(from: string, parts: string[]): string {
  const dir = copyProject('mlx-e2e-data-', parts, from);
  dirs.push(dir);
  return dir;
}

let penguins: string;
beforeAll(() => {
  penguins = copyDataProject(repo, ['mlx.config.yaml', 'configs', 'data/raw']);
});
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('mlx data (built binary)', () => {
  it('prepares the shipped penguins data, then finds it up to date', () => {
    const first = mlx(penguins, 'data', 'prepare', '--json', '-q');
    expect(first.code, first.stderr).toBe(0);
    const result = JSON.parse(first.stdout);
    expect(result).toMatchObject({ skipped: false, task: 'classification', features: 6, width: 9 });
    expect(result.rows).toEqual({
      raw: 344,
      dropped_missing_target: 0,
      duplicates_removed: 0,
      train: 241,
      val: 52,
      test: 51,
    });
    const pipeline = JSON.parse(readFileSync(path.join(penguins, 'data/processed/pipeline.json'), 'utf8'));
    expect(pipeline.target.classes).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
    expect(pipeline.outputs).toContain('sex=MALE');
    expect(pipeline.outputs).not.toContain('sex=.');
    const again = mlx(penguins, 'data', 'prepare');
    expect(again.stdout).toContain('Up to date: nothing to do');
    expect(mlx(penguins, 'data', 'status').code).toBe(0);
  });

  it('status exits 3 and names the config keys that changed', () => {
    const r = mlx(penguins, 'data', 'status', '--set', 'data.split.stratify=false', '--json');
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout).changes).toEqual([
      { kind: 'param', target: 'data.split.stratify', message: 'config data.split.stratify changed: true → false' },
    ]);
  });

  it('prepares the cars regression example from its own folder', () => {
    const cars = copyDataProject(path.join(repo, 'examples/cars'), ['mlx.config.yaml', 'data/raw']);
    const r = mlx(cars, 'data', 'prepare', '--json', '-q');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ task: 'regression', rows: { raw: 406, dropped_missing_target: 8 } });
    const pipeline = JSON.parse(readFileSync(path.join(cars, 'data/processed/pipeline.json'), 'utf8'));
    expect(pipeline.outputs).toEqual([
      'cylinders',
      'displacement',
      'horsepower',
      'weight_lbs',
      'acceleration',
      'model_year.year',
      'origin=Europe',
      'origin=Japan',
      'origin=USA',
    ]);
  });

  it('validate FILE: wrong types, out-of-range values and a missing column exit 3 with a report naming each', () => {
    const bad = path.join(penguins, 'batch.csv');
    // island is required (never missing in training); body_mass_g, with missing values, is optional.
    writeFileSync(
      bad,
      [
        'bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,sex',
        '41.1,18.2,heavy,3900,MALE',
        '300,17.0,190,3500,FEMALE',
        '40.0,16.1,185,3700,MALE',
      ].join('\n'),
    );
    const r = mlx(penguins, 'data', 'validate', bad);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('flipper_length_mm [type] 1 value(s) are not numbers — e.g. row 1: "heavy"');
    expect(r.stderr).toContain('bill_length_mm [out_of_range] 1 value(s) above max 70 — e.g. row 2: 300');
    expect(r.stderr).toContain("island [missing_column] required column 'island' (categorical) is not in the file");
    const json = mlx(penguins, 'data', 'validate', bad, '--json');
    const rules = JSON.parse(json.stdout).error.details.violations.map(
      (v: { column: string; rule: string }) => `${v.column}:${v.rule}`,
    );
    // The input policy of `mlx predict` (issue 16: one rule set): out of the declared range warns by default.
    expect(rules).toEqual(['island:missing_column', 'flipper_length_mm:type', 'bill_length_mm:out_of_range']);
  });

  it('a malformed CSV is exit 3 with file, line and column', () => {
    const dir = copyDataProject(repo, ['mlx.config.yaml', 'configs', 'data/raw']);
    const file = path.join(dir, 'data/raw/penguins.csv');
    writeFileSync(file, `${readFileSync(file, 'utf8')}Adelie,Dream,1,2,3,4,MALE,extra\n`);
    const r = mlx(dir, 'data', 'prepare');
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/data\/raw\/penguins\.csv:346:\d+: malformed CSV: more fields than the 7 header columns/);
  });

  it('push, then pull into a clone that has only data.lock', () => {
    const store = path.join(penguins, '..', `${path.basename(penguins)}-store`);
    dirs.push(store);
    const push = mlx(penguins, 'data', 'push', '--set', `data.remote=${store}`);
    expect(push.code, push.stderr).toBe(0);
    expect(push.stdout).toContain('7 uploaded');
    const clone = copyDataProject(penguins, ['mlx.config.yaml', 'configs', 'data.lock']);
    const pull = mlx(clone, 'data', 'pull', '--set', `data.remote=${store}`);
    expect(pull.code, pull.stderr).toBe(0);
    expect(readFileSync(path.join(clone, 'data/processed/train.arrow'))).toEqual(
      readFileSync(path.join(penguins, 'data/processed/train.arrow')),
    );
    expect(mlx(clone, 'data', 'status').code).toBe(0);
  });

  it('infer-schema prints a starting data.features', () => {
    const r = mlx(penguins, 'data', 'infer-schema', '--json');
    expect(r.code, r.stderr).toBe(0);
    // Missing in the file ⇒ optional; what the file showed is a soft limit.
    expect(JSON.parse(r.stdout).features.sex).toEqual({
      type: 'categorical',
      required: false,
      max_missing: 0.07,
      limits: 'soft',
      allowed: ['FEMALE', 'MALE'],
    });
  });
});
