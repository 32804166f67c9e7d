import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DriftResult } from '../types.js';
import { renderDriftHtml } from './html.js';

export interface WrittenReport {
  html: string;
  json: string;
}

/** Reports of one millisecond beyond the first get `-2`, `-3`, … (two `mlx drift` runs at the same moment). */
const MAX_SAME_STAMP = 1000;

/** Writes `text` to `file` through a temporary file and a rename: a reader sees the old file or the new one. */
function replaceFile(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

/**
 * Writes `drift-<time>.html` and `.json` under `dir` (never over an existing report: a second report of the
 * same millisecond is `drift-<time>-2.html`), and replaces `latest.html` / `latest.json` with copies of them.
 */
export function writeDriftReport(dir: string, result: DriftResult): WrittenReport {
  mkdirSync(dir, { recursive: true });
  const stamp = result.generatedAt.replace(/[:.]/g, '-');
  const html = renderDriftHtml(result);
  const json = `${JSON.stringify(result, null, 2)}\n`;
  for (let n = 1; n <= MAX_SAME_STAMP; n++) {
    const name = n === 1 ? `drift-${stamp}` : `drift-${stamp}-${n}`;
    const paths = { html: path.join(dir, `${name}.html`), json: path.join(dir, `${name}.json`) };
    try {
      // 'wx': this name is ours only if no report holds it yet.
      writeFileSync(paths.html, html, { flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw error;
    }
    writeFileSync(paths.json, json);
    replaceFile(path.join(dir, 'latest.html'), html);
    replaceFile(path.join(dir, 'latest.json'), json);
    return paths;
  }
  throw new Error(`${MAX_SAME_STAMP} drift reports named drift-${stamp} already exist in ${dir}`);
}
