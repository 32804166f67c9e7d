// e2e: what a newcomer trips on first — an old Node, a typo in a command, a wrong path, the README's
// drift overrides — answered by the built binary with a usage error (exit 2) that says what to do.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { mlxBin, repoRoot, runMlx } from '../helpers/cli.js';
import { copyProject } from '../helpers/project.js';

const OLD_NODE = '/usr/bin/node';
const oldNodeVersion = existsSync(OLD_NODE)
  ? spawnSync(OLD_NODE, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim()
  : '';
const hasOldNode = oldNodeVersion !== '' && Number(oldNodeVersion.split('.')[0]) < 24;

describe('newcomer errors', () => {
  const project = copyProject('mlx-newcomer-');
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it.skipIf(!hasOldNode)(
    `Node ${oldNodeVersion || '< 24'} stops every command at once: exit 2, the version and how to get 24`,
    () => {
      for (const args of [['--version'], ['serve'], ['train', '--set', 'lr=0.1']]) {
        const run = spawnSync(OLD_NODE, [mlxBin, ...args], { cwd: repoRoot, encoding: 'utf8' });
        expect(run.status).toBe(2);
        expect(run.stderr).toContain(`mlx needs Node.js 24 or newer; this is Node.js v${oldNodeVersion}`);
        expect(run.stderr).toContain('nvm install 24');
        expect(run.stderr).not.toMatch(/bug in mlx|\n\s+at /);
      }
    },
  );

  it('a mistyped command gets a "did you mean" and exit 2', () => {
    const typo = runMlx(['trian']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("Error: 'trian' is not an mlx command. Did you mean 'mlx train'?");
    expect(runMlx(['modles', 'list']).stderr).toContain("Did you mean 'mlx models list'?");
  });

  it('a missing file is reported against the flag that named it, not data.source', () => {
    const missing = runMlx(['predict', '--input', 'nope.csv'], { cwd: project });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Error: --input nope.csv: no such file');
    expect(missing.stderr).toContain('Hint: Check the path given to --input');
    expect(missing.stderr).not.toContain('data.source');
  });

  it("the README's drift overrides work as printed (keys of drift.columns need no '+')", () => {
    const drift = runMlx(
      [
        'drift',
        '--reference',
        'data/raw/penguins.csv',
        '--current',
        'data/raw/penguins.csv',
        '--set',
        'method=evidently',
        '--set',
        'columns.bill_length_mm.test=psi',
        '--set',
        'columns.bill_length_mm.threshold=0.2',
        '--set',
        'share=0.3',
        '--json',
      ],
      { cwd: project },
    );
    expect(drift.code, drift.stderr).toBe(0);
    const result = JSON.parse(drift.stdout) as { columns: { column: string; test: string }[] };
    expect(result.columns.find((c) => c.column === 'bill_length_mm')?.test).toBe('psi');
  });

  it('the mlx method says which drift.columns keys it ignores instead of dropping them silently', () => {
    const drift = runMlx(
      [
        'drift',
        '--reference',
        'data/raw/penguins.csv',
        '--current',
        'data/raw/penguins.csv',
        '--set',
        'columns.bill_length_mm.test=psi',
        '--json',
      ],
      { cwd: project },
    );
    expect(drift.code, drift.stderr).toBe(0);
    expect(drift.stderr).toContain('drift.columns.bill_length_mm.test');
    expect(drift.stderr).toContain('drift.method=evidently');
    const result = JSON.parse(drift.stdout) as { columns: { column: string; test: string }[] };
    expect(result.columns.find((c) => c.column === 'bill_length_mm')?.test).toBe('ks');
  });
});
