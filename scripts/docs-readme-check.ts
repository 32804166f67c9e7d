#!/usr/bin/env node
// `npm run docs:readme [-- FILE.md]`: runs the README's shell blocks marked runnable, in order, in one
// temporary copy of the shipped example project, so the README cannot drift from what works. Mark a
// block by putting `<!-- runnable -->` (or `<!-- runnable: timeout=120 -->`, seconds) on the line
// before its ```sh or ```bash fence. `mlx` and `npx mlx` run the built binary (`npm run build` first);
// each block runs under `bash -euo pipefail`; a block that fails stops the check with its output.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { copyExampleProject } from './docs-figures.js';
import { runIfMain } from './run-main.js';

export interface RunnableBlock {
  /** 1-based line of the opening fence. */
  line: number;
  script: string;
  timeoutSeconds: number;
}

const MARKER = /^<!--\s*runnable(?::\s*timeout=(\d+))?\s*-->\s*$/;

/** The ```sh / ```bash blocks directly preceded by a runnable marker. */
export function findRunnableBlocks(markdown: string, defaultTimeout = 120): RunnableBlock[] {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const blocks: RunnableBlock[] = [];
  for (let i = 1; i < lines.length; i++) {
    const marker = MARKER.exec(lines[i - 1] ?? '');
    if (!marker || !/^```(sh|bash|shell)\s*$/.test(lines[i] ?? '')) continue;
    const end = lines.findIndex((l, j) => j > i && /^```\s*$/.test(l));
    if (end < 0) throw new Error(`runnable block at line ${i + 1} is not closed`);
    blocks.push({
      line: i + 1,
      script: lines.slice(i + 1, end).join('\n'),
      timeoutSeconds: marker[1] ? Number(marker[1]) : defaultTimeout,
    });
  }
  return blocks;
}

/** A bin folder whose `mlx` and `npx mlx` run this checkout's built binary. */
export function writeShims(dir: string, root: string): string {
  mkdirSync(dir, { recursive: true });
  const run = path.join(root, 'bin', 'run.js');
  const mlx = path.join(dir, 'mlx');
  writeFileSync(mlx, `#!/bin/sh\nexec "${process.execPath}" "${run}" "$@"\n`);
  const npx = path.join(dir, 'npx');
  const realNpx = path.join(path.dirname(process.execPath), 'npx');
  writeFileSync(npx, `#!/bin/sh\nif [ "$1" = mlx ]; then shift; exec "${mlx}" "$@"; fi\nexec "${realNpx}" "$@"\n`);
  chmodSync(mlx, 0o755);
  chmodSync(npx, 0o755);
  return dir;
}

export interface BlockResult {
  block: RunnableBlock;
  status: number | null;
  output: string;
  ms: number;
}

/** Runs the blocks in order in `project`; stops at the first failure. */
export function runBlocks(blocks: readonly RunnableBlock[], project: string, root: string): BlockResult[] {
  const bin = writeShims(path.join(project, '.readme-bin'), root);
  const env = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`, MLX_REPO: root };
  const results: BlockResult[] = [];
  for (const block of blocks) {
    const started = Date.now();
    const run = spawnSync('bash', ['-euo', 'pipefail', '-c', block.script], {
      cwd: project,
      env,
      encoding: 'utf8',
      timeout: block.timeoutSeconds * 1000,
      maxBuffer: 64 * 1024 * 1024,
    });
    const output = `${run.stdout ?? ''}${run.stderr ?? ''}${run.error ? `\n${run.error.message}` : ''}`;
    results.push({ block, status: run.status, output, ms: Date.now() - started });
    if (run.status !== 0) break;
  }
  return results;
}

function main(argv: string[]): number {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const file = path.resolve(argv[0] ?? path.join(root, 'README.md'));
  const blocks = findRunnableBlocks(readFileSync(file, 'utf8'));
  const project = copyExampleProject();
  try {
    const results = runBlocks(blocks, project, root);
    for (const r of results) {
      const ok = r.status === 0;
      console.log(`${ok ? 'ok  ' : 'FAIL'} ${path.basename(file)}:${r.block.line} (${r.ms} ms)`);
      if (!ok) console.error(`--- script\n${r.block.script}\n--- exit ${r.status}, output\n${r.output}`);
    }
    const failed = results.some((r) => r.status !== 0);
    console.log(
      `${results.length} of ${blocks.length} runnable block(s) run${failed ? ', one failed' : ', all passed'}`,
    );
    return failed ? 1 : 0;
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
}

runIfMain(import.meta.url, 'docs:readme', main);
