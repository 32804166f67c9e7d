import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyExampleProject } from '../../scripts/docs-figures.js';
import { findRunnableBlocks, runBlocks } from '../../scripts/docs-readme-check.js';

const root = path.resolve(import.meta.dirname, '..', '..');

describe('docs-readme-check: the README blocks marked runnable', () => {
  const project = copyExampleProject();
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it('finds only sh/bash blocks directly after a runnable marker, with their timeout', () => {
    const md = [
      '# t', // 1
      '```sh', // 2: not marked
      'echo no',
      '```',
      '<!-- runnable -->', // 5
      '```sh', // 6
      'echo one',
      '# a comment',
      '```',
      '<!-- runnable: timeout=5 -->', // 10
      '```bash', // 11
      'echo two',
      '```',
      '<!-- runnable -->', // 14
      '```text', // 15: not a shell block
      '$ echo three',
      '```',
    ].join('\n');
    expect(findRunnableBlocks(md, 60)).toEqual([
      { line: 6, script: 'echo one\n# a comment', timeoutSeconds: 60 },
      { line: 11, script: 'echo two', timeoutSeconds: 5 },
    ]);
    expect(() => findRunnableBlocks('<!-- runnable -->\n```sh\necho open')).toThrow(/not closed/);
  });

  it('runs blocks in order in the example project with `mlx` and `npx mlx` on the built binary', () => {
    const blocks = findRunnableBlocks(
      [
        '<!-- runnable -->',
        '```sh',
        'mlx data prepare --quiet',
        'npx mlx data status --quiet',
        'test -f data.lock',
        '```',
        '<!-- runnable -->',
        '```sh',
        'mlx config show --json | grep -q \'"target": "species"\'',
        '```',
      ].join('\n'),
    );
    const results = runBlocks(blocks, project, root);
    expect(results.map((r) => [r.block.line, r.status])).toEqual([
      [2, 0],
      [8, 0],
    ]);
    expect(existsSync(path.join(project, 'data', 'processed'))).toBe(true);
  }, 120_000);

  it('stops at the first failing block and keeps its output; -e and pipefail apply', () => {
    const blocks = findRunnableBlocks(
      [
        '<!-- runnable -->',
        '```sh',
        'mlx config show --set trian.lr=1 | cat',
        'echo never',
        '```',
        '<!-- runnable -->',
        '```sh',
        'echo not reached',
        '```',
      ].join('\n'),
    );
    const results = runBlocks(blocks, project, root);
    expect(results).toHaveLength(1);
    expect(results[0]?.status).toBe(2);
    expect(results[0]?.output).toMatch(/Did you mean 'train.lr'/);
    expect(results[0]?.output).not.toMatch(/never/);
  }, 60_000);

  it('kills a block that overruns its timeout', () => {
    const [result] = runBlocks(findRunnableBlocks('<!-- runnable: timeout=1 -->\n```sh\nsleep 30\n```'), project, root);
    expect(result?.status).toBeNull();
    expect(result?.ms).toBeLessThan(10_000);
  }, 30_000);
});
