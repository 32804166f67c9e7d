#!/usr/bin/env node
// Converts the example datasets shipped in the `vega-datasets` npm package (JSON arrays of
// records) to CSV, unchanged: missing values stay empty fields and odd values (the '.' in the
// penguins' Sex column) are kept — the data pipeline handles them through config, not by hand.
// Usage: node scripts/make-example-data.mjs   (rewrites data/raw/penguins.csv and
// examples/cars/data/raw/cars.csv; data/README.md records their sha256).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkgDir = path.join(root, 'node_modules', 'vega-datasets');
const version = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version;

/** RFC 4180 field: quoted when it holds a delimiter, quote or newline; null → empty. */
function field(value) {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function toCsv(records) {
  const columns = [...new Set(records.flatMap((r) => Object.keys(r)))];
  const lines = [columns.map(field).join(',')];
  for (const record of records) lines.push(columns.map((c) => field(record[c])).join(','));
  return `${lines.join('\n')}\n`;
}

const outputs = [
  ['penguins.json', 'data/raw/penguins.csv'],
  ['cars.json', 'examples/cars/data/raw/cars.csv'],
];
for (const [source, target] of outputs) {
  const records = JSON.parse(readFileSync(path.join(pkgDir, 'data', source), 'utf8'));
  const csv = toCsv(records);
  const file = path.join(root, target);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, csv);
  const sha = createHash('sha256').update(csv).digest('hex');
  console.log(`${target}: ${records.length} rows from vega-datasets ${version} data/${source}, sha256 ${sha}`);
}
