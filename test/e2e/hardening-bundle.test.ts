// Fault injection with the built binary (issue 16): a diverged training run, and every kind of malformed
// bundle, against `mlx predict` and `mlx serve` — each refused with exit 2 (6 for divergence), quickly,
// naming what is wrong; nothing hangs, nothing is registered.
import { mkdirSync, readFileSync, rmSync, symlinkSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMlx } from '../helpers/cli.js';
import { addManifestLine, jsonError, poisonWeights, runBounded, tamperedBundle } from '../helpers/hardening.js';
import { copyProject } from '../helpers/project.js';

let cwd: string;
let bundle: string;
const input = () => path.join(cwd, 'data', 'raw', 'penguins.csv');

beforeAll(() => {
  cwd = copyProject('mlx-e2e-hard-bundle-');
  for (const args of [
    ['data', 'prepare', '-q'],
    ['train', '-q', '--set', 'train.epochs=3'],
  ]) {
    const r = runMlx(args, { cwd });
    if (r.code !== 0) throw new Error(r.stderr);
  }
  bundle = path.join(cwd, 'models', 'penguins', 'v1');
}, 120_000);
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe('a diverged training run (built binary)', { timeout: 60_000 }, () => {
  it('exits 6 with MLX_TRAINING_DIVERGED, the run is failed and no version is registered', () => {
    const r = runMlx(['train', '--json', '-q', '--set', 'train.lr=1e30', '--set', 'train.epochs=5'], { cwd });
    expect(r.code, r.stderr).toBe(6);
    expect(jsonError(r)).toMatchObject({ code: 'MLX_TRAINING_DIVERGED', exitCode: 6 });
    expect(jsonError(r)?.message).toMatch(/^Training diverged at epoch 1: loss is NaN/);
    const text = runMlx(['train', '-q', '--set', 'train.lr=1e30', '--set', 'train.epochs=5'], { cwd });
    expect(text.stderr).toMatch(/Error: Training diverged at epoch 1.*\nHint: Lower train.lr/);
    expect(text.stderr).not.toMatch(/please report/);
    const { runs } = JSON.parse(runMlx(['runs', 'list', '--json'], { cwd }).stdout) as { runs: { status: string }[] };
    expect(runs.map((r) => r.status).sort()).toEqual(['completed', 'failed', 'failed']);
    const { models } = JSON.parse(runMlx(['models', 'list', '--json'], { cwd }).stdout) as {
      models: { name: string; versions: { version: number }[] }[];
    };
    expect(models.map((m) => [m.name, m.versions.map((v) => v.version)])).toEqual([['penguins', [1]]]);
  });
});

interface Case {
  name: string;
  make: (dir: string) => void;
  reseal?: boolean;
  message: RegExp;
}

/** Each malformed bundle, made from the good one. */
const CASES: Case[] = [
  {
    name: "a manifest entry '../../dev/zero'",
    make: (dir) => addManifestLine(dir, `${'0'.repeat(64)}  ../../dev/zero`),
    reseal: false,
    message: /outside the bundle/,
  },
  {
    name: 'an absolute manifest entry',
    make: (dir) => addManifestLine(dir, `${'0'.repeat(64)}  /etc/passwd`),
    reseal: false,
    message: /an absolute path/,
  },
  {
    name: 'a listed symbolic link to /dev/zero',
    make: (dir) => {
      symlinkSync('/dev/zero', path.join(dir, 'zero.bin'));
      addManifestLine(dir, `${'0'.repeat(64)}  zero.bin`);
    },
    reseal: false,
    message: /zero.bin \(a symbolic link\)/,
  },
  {
    name: 'a listed file over the size cap',
    make: (dir) => {
      writeFileSync(path.join(dir, 'huge.bin'), '');
      truncateSync(path.join(dir, 'huge.bin'), 1024 ** 3 + 1);
      addManifestLine(dir, `${'0'.repeat(64)}  huge.bin`);
    },
    reseal: false,
    message: /huge.bin \(larger than/,
  },
  {
    name: 'a malformed manifest line',
    make: (dir) => addManifestLine(dir, 'this is not a manifest line'),
    reseal: false,
    message: /not '<sha256> {2}<file>'/,
  },
  {
    name: 'weights changed after training',
    make: (dir) => writeFileSync(path.join(dir, 'weights.bin'), Buffer.alloc(16)),
    reseal: false,
    message: /weights.bin \(sha256 differs\)/,
  },
  {
    name: 'no manifest',
    make: (dir) => unlinkSync(path.join(dir, 'MANIFEST.sha256')),
    reseal: false,
    message: /MANIFEST.sha256/,
  },
  {
    name: 'NaN weights (the manifest matches)',
    make: (dir) => poisonWeights(dir, Number.NaN),
    message: /weights.bin holds \d+ NaN or infinite weight/,
  },
  {
    name: 'infinite weights (the manifest matches)',
    make: (dir) => poisonWeights(dir, Number.POSITIVE_INFINITY),
    message: /NaN or infinite weight/,
  },
  {
    name: 'a lineage.json that is not JSON (the manifest matches)',
    make: (dir) => writeFileSync(path.join(dir, 'lineage.json'), '{"runId":'),
    message: /lineage.json is not valid JSON/,
  },
];

describe('malformed bundles (built binary)', { timeout: 60_000 }, () => {
  for (const c of CASES) {
    it(`mlx predict refuses ${c.name}: exit 2, MLX_BUNDLE_CORRUPT`, () => {
      const dir = path.join(cwd, 'bad', c.name.replace(/\W+/g, '-'));
      mkdirSync(path.dirname(dir), { recursive: true });
      tamperedBundle(bundle, dir, c.make, c.reseal !== false);
      const r = runMlx(['predict', '--json', '--model', dir, '--input', input()], { cwd, timeoutMs: 30_000 });
      expect(r.code, r.stderr).toBe(2);
      expect(jsonError(r)?.code).toBe('MLX_BUNDLE_CORRUPT');
      expect(jsonError(r)?.message).toMatch(c.message);
    });
  }

  it('mlx serve refuses them at start, quickly (no 6 GB read of /dev/zero, no hang)', async () => {
    for (const c of CASES.filter((x) => /dev\/zero|symbolic|NaN weights|size cap/.test(x.name))) {
      const dir = path.join(cwd, 'bad-serve', c.name.replace(/\W+/g, '-'));
      mkdirSync(path.dirname(dir), { recursive: true });
      tamperedBundle(bundle, dir, c.make, c.reseal !== false);
      const r = await runBounded(['serve', '--port', '0', '--model', dir, '--set', 'store=none'], cwd, 30_000);
      expect(r.timedOut, c.name).toBe(false);
      expect(r.code, `${c.name}: ${r.stderr}`).toBe(2);
      expect(r.stderr, c.name).toMatch(c.message);
    }
  });

  it('the good bundle still serves predictions (the cases above differ from it only by their fault)', () => {
    const r = runMlx(['predict', '--model', bundle, '--input', input(), '--output', path.join(cwd, 'ok.csv')], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(path.join(cwd, 'ok.csv'), 'utf8').split('\n')[0]).toMatch(/prediction,probability_Adelie/);
  });
});
