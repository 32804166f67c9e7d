import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  lstatSync,
  openSync,
  readFileSync,
  readSync,
  realpathSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.js';

export const MANIFEST_FILE = 'MANIFEST.sha256';

/** The largest file a bundle may list (a tabular model is far smaller; this stops `/dev/zero`-like entries). */
export const MAX_BUNDLE_FILE_BYTES = 1024 ** 3;
/** The largest manifest, and the most entries it may list. */
const MAX_MANIFEST_BYTES = 1024 ** 2;
const MAX_ENTRIES = 1000;
const CHUNK = 1024 * 1024;

const DAMAGED_HINT =
  'The bundle was modified or damaged after training: re-train, or restore it from the registry or a backup.';

/** sha256 (hex) of a buffer or string. */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** sha256 of a file read in chunks (bounded memory, whatever its size). */
function sha256File(file: string): string {
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(CHUNK);
  const fd = openSync(file, 'r');
  try {
    for (let n = readSync(fd, buffer, 0, CHUNK, null); n > 0; n = readSync(fd, buffer, 0, CHUNK, null))
      hash.update(buffer.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/** Writes `MANIFEST.sha256` in `sha256sum` format (so `sha256sum -c MANIFEST.sha256` also checks it). */
export function writeManifest(dir: string, files: readonly string[]): void {
  const lines = [...files].sort().map((f) => `${sha256(readFileSync(path.join(dir, f)))}  ${f}`);
  writeFileSync(path.join(dir, MANIFEST_FILE), `${lines.join('\n')}\n`);
}

/**
 * Why a manifest entry's name is not acceptable, or null: names are relative, normalised POSIX paths
 * that stay inside the bundle (no `..`, no absolute path, no backslash or control character).
 */
export function unsafeEntryName(name: string): string | null {
  if (name.length === 0 || name.length > 255) return 'an empty or over-long name';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it rejects
  if (/[\u0000-\u001f\u007f\\]/.test(name)) return 'a control character or a backslash';
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'an absolute path';
  if (name.split('/').some((part) => part === '..')) return 'a path outside the bundle';
  if (path.posix.normalize(name) !== name || name.split('/').some((part) => part === '.' || part === ''))
    return 'a path that is not normalised';
  if (name === MANIFEST_FILE) return 'the manifest itself';
  return null;
}

function corrupt(dir: string, problems: string[]): InputError {
  return new InputError(
    'MLX_BUNDLE_CORRUPT',
    `The model bundle ${dir} does not match its manifest: ${problems.slice(0, 10).join(', ')}${problems.length > 10 ? `, and ${problems.length - 10} more` : ''}.`,
    { hint: DAMAGED_HINT, details: { dir, problems } },
  );
}

/** Reads the manifest: file name → sha256. Every entry is a well-formed line with a safe name. */
export function readManifest(dir: string): Map<string, string> {
  const file = path.join(dir, MANIFEST_FILE);
  if (!existsSync(file)) {
    throw new InputError('MLX_BUNDLE_CORRUPT', `${dir} is not a model bundle: ${MANIFEST_FILE} is missing.`, {
      hint: 'Pass a bundle directory written by `mlx train`, a run id, NAME@ALIAS, NAME@VERSION or `latest`.',
    });
  }
  const stat = lstatSync(file);
  if (!stat.isFile() || stat.size > MAX_MANIFEST_BYTES)
    throw corrupt(dir, [`${MANIFEST_FILE} (not a regular file of at most ${MAX_MANIFEST_BYTES} bytes)`]);
  const entries = new Map<string, string>();
  const problems: string[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((raw, i) => {
      const line = raw.trim();
      if (line === '') return;
      const match = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
      const name = match?.[2];
      if (!match?.[1] || name === undefined) {
        problems.push(`line ${i + 1} (not '<sha256>  <file>')`);
        return;
      }
      const unsafe = unsafeEntryName(name);
      if (unsafe) problems.push(`${JSON.stringify(name.slice(0, 100))} (${unsafe})`);
      else if (entries.has(name)) problems.push(`${name} (listed twice)`);
      else entries.set(name, match[1]);
    });
  if (entries.size > MAX_ENTRIES) problems.push(`${entries.size} entries (at most ${MAX_ENTRIES})`);
  if (problems.length > 0) throw corrupt(dir, problems);
  return entries;
}

/** Why a listed file cannot be checked (not a regular file inside the bundle, too large), or null. */
function unsafeFile(dir: string, name: string): string | null {
  const file = path.join(dir, name);
  let stat: ReturnType<typeof lstatSync>;
  try {
    stat = lstatSync(file);
  } catch {
    return 'missing';
  }
  if (!stat.isFile()) return stat.isSymbolicLink() ? 'a symbolic link' : 'not a regular file';
  if (stat.size > MAX_BUNDLE_FILE_BYTES) return `larger than ${MAX_BUNDLE_FILE_BYTES} bytes`;
  // A folder of the bundle that is a link to elsewhere: the real path must stay inside the bundle.
  if (name.includes('/') && !realpathSync(file).startsWith(realpathSync(dir) + path.sep)) return 'outside the bundle';
  return null;
}

/** Checks every file listed in the manifest; throws MLX_BUNDLE_CORRUPT naming the files that differ. */
export function verifyManifest(dir: string, required: readonly string[] = []): void {
  const entries = readManifest(dir);
  const problems: string[] = [];
  for (const name of required) if (!entries.has(name)) problems.push(`${name} (not in the manifest)`);
  for (const [name, expected] of entries) {
    const unsafe = unsafeFile(dir, name);
    if (unsafe) problems.push(`${name} (${unsafe})`);
    else if (sha256File(path.join(dir, name)) !== expected) problems.push(`${name} (sha256 differs)`);
  }
  if (problems.length > 0) throw corrupt(dir, problems);
}
