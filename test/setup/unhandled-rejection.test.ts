// The unhandled-rejection guard itself: a test that leaves a rejection unhandled must fail.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');

describe('unhandled-rejection guard (test/setup)', () => {
  it('fails a test file whose code leaves a promise rejection unhandled', () => {
    const dir = mkdtempSync(path.join(root, 'test', 'setup', 'tmp-'));
    try {
      writeFileSync(
        path.join(dir, 'leak.test.ts'),
        `import { it } from 'vitest';\nit('leaks', async () => {\n  void Promise.reject(new Error('nobody catches me'));\n  await new Promise((r) => setTimeout(r, 20));\n});\n`,
      );
      const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
      const r = spawnSync(
        process.execPath,
        [vitest, 'run', path.relative(root, path.join(dir, 'leak.test.ts')), '--coverage.enabled=false'],
        { cwd: root, encoding: 'utf8', timeout: 60_000, env: { ...process.env, CI: '' } },
      );
      expect(r.status).not.toBe(0);
      const out = `${r.stdout}${r.stderr}`;
      expect(out).toContain('nobody catches me');
      // Reported by this guard (the test fails), not only by vitest's own end-of-run report.
      expect(out).toContain('unhandled promise rejections');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
