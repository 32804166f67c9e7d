import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.js';

export const MANIFEST_FILE = 'MANIFEST.sha256';

/** sha256 (hex) of a buffer or string. */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Writes `MANIFEST.sha256` in `sha256sum` format (so `sha256sum -c MANIFEST.sha256` also checks it). */
export function writeManifest(dir: string, files: readonly string[]): void {
  const lines = [...files].sort().map((f) => `${sha256(readFileSync(path.join(dir, f)))}  ${f}`);
  writeFileSync(path.join(dir, MANIFEST_FILE), `${lines.join('\n')}\n`);
}

/** Reads the manifest: file name → sha256. */
export function readManifest(dir: string): Map<string, string> {
  const file = path.join(dir, MANIFEST_FILE);
  if (!existsSync(file)) {
    throw new InputError('MLX_BUNDLE_CORRUPT', `${dir} is not a model bundle: ${MANIFEST_FILE} is missing.`, {
      hint: 'Pass a bundle directory written by `mlx train`, a run id, NAME@ALIAS, NAME@VERSION or `latest`.',
    });
  }
  const entries = new Map<string, string>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^([0-9a-f]{64}) {2}(.+)$/.exec(line.trim());
    if (match?.[1] && match[2]) entries.set(match[2], match[1]);
  }
  return entries;
}

/** Checks every file listed in the manifest; throws MLX_BUNDLE_CORRUPT naming the files that differ. */
export function verifyManifest(dir: string, required: readonly string[] = []): void {
  const entries = readManifest(dir);
  const problems: string[] = [];
  for (const name of required) if (!entries.has(name)) problems.push(`${name} (not in the manifest)`);
  for (const [name, expected] of entries) {
    const file = path.join(dir, name);
    if (!existsSync(file)) problems.push(`${name} (missing)`);
    else if (sha256(readFileSync(file)) !== expected) problems.push(`${name} (sha256 differs)`);
  }
  if (problems.length > 0) {
    throw new InputError(
      'MLX_BUNDLE_CORRUPT',
      `The model bundle ${dir} does not match its manifest: ${problems.join(', ')}.`,
      {
        hint: 'The bundle was modified or damaged after training: re-train, or restore it from the registry or a backup.',
        details: { dir, problems },
      },
    );
  }
}
