import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { repoRoot } from './cli.js';

const created: string[] = [];

/** Makes a temporary project folder with the given files (path → content); removed after each test. */
export function makeProject(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mlx-test-'));
  created.push(dir);
  for (const [file, content] of Object.entries(files)) {
    const target = path.join(dir, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  return dir;
}

afterEach(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** What a copy of the shipped penguins example needs: its config, config groups and raw data. */
export const EXAMPLE_PARTS = ['mlx.config.yaml', 'configs', 'data/raw'] as const;

/** A temporary copy of `parts` of a project (default: the shipped example); the caller removes it. */
export function copyProject(prefix: string, parts: readonly string[] = EXAMPLE_PARTS, from = repoRoot): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const part of parts) cpSync(path.join(from, part), path.join(dir, part), { recursive: true });
  return dir;
}
