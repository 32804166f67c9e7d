import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DriftResult } from '../types.js';
import { renderDriftHtml } from './html.js';

export interface WrittenReport {
  html: string;
  json: string;
}

/** Writes `drift-<time>.html` and `.json` under `dir`, and copies them to `latest.html` / `latest.json`. */
export function writeDriftReport(dir: string, result: DriftResult): WrittenReport {
  mkdirSync(dir, { recursive: true });
  const stamp = result.generatedAt.replace(/[:.]/g, '-');
  const html = renderDriftHtml(result);
  const json = `${JSON.stringify(result, null, 2)}\n`;
  const paths = { html: path.join(dir, `drift-${stamp}.html`), json: path.join(dir, `drift-${stamp}.json`) };
  writeFileSync(paths.html, html);
  writeFileSync(paths.json, json);
  writeFileSync(path.join(dir, 'latest.html'), html);
  writeFileSync(path.join(dir, 'latest.json'), json);
  return paths;
}
