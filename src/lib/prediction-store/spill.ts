import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { StoreSpillError } from './errors.js';
import { spillKey } from './target.js';
import type { StoreRow, StoreTarget } from './types.js';

// A shutdown that cannot commit in time writes the queue to `<key>.spill-<time>-<pid>.ndjson` next to the store;
// the next start claims each file (renamed to `...ndjson.ingesting-<pid>`), commits its rows and deletes it.
// Rows carry their uid, so a file ingested twice (a crash while ingesting) is still stored once.

const SPILL = /\.spill-\d+-\d+\.ndjson$/;
const CLAIMED = /^(.*\.spill-\d+-\d+\.ndjson)\.ingesting-(\d+)$/;

/** One spill line: the export's NDJSON shape plus the row's uid. */
function line(r: StoreRow): string {
  return `{"uid":${JSON.stringify(r.uid)},"ts":${r.ts},"request_id":${JSON.stringify(r.requestId)},"model_name":${JSON.stringify(
    r.modelName,
  )},"model_version":${JSON.stringify(r.modelVersion)},"inputs":${r.inputs},"outputs":${r.outputs},"latency_ms":${r.latencyMs}}\n`;
}

/** Writes rows to a new spill file (temporary name, fsync, rename, fsync of the folder); returns its path. */
export function writeSpillFile(dir: string, key: string, rows: readonly StoreRow[], now = Date.now()): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${key}.spill-${now}-${process.pid}.ndjson`);
  const tmp = `${file}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    const chunk = 1000;
    for (let i = 0; i < rows.length; i += chunk)
      writeSync(
        fd,
        rows
          .slice(i, i + chunk)
          .map(line)
          .join(''),
      );
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  try {
    const dirFd = openSync(dir, 'r');
    fsyncSync(dirFd);
    closeSync(dirFd);
  } catch {
    // Folders cannot be fsynced on every platform; the file itself is on disk.
  }
  return file;
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Claims this store's spill files for ingestion (atomic renames, so two replicas never take the same one),
 * including files a crashed process had claimed. Returns the claimed paths.
 */
export function claimSpillFiles(dir: string, key: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const claimed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(`${key}.spill-`)) continue;
    let original: string | undefined;
    if (SPILL.test(name)) original = name;
    else {
      const m = CLAIMED.exec(name);
      if (m && !alive(Number(m[2]))) original = m[1];
    }
    if (!original) continue;
    const target = path.join(dir, `${original}.ingesting-${process.pid}`);
    if (claimed.includes(target)) continue;
    try {
      renameSync(path.join(dir, name), target);
      claimed.push(target);
    } catch {
      // Another process claimed it first.
    }
  }
  return claimed.sort();
}

/** The rows of a claimed spill file; a torn last line (a crash while spilling) is counted, not fatal. */
export function readSpillFile(file: string): { rows: StoreRow[]; malformed: number } {
  const rows: StoreRow[] = [];
  let malformed = 0;
  for (const text of readFileSync(file, 'utf8').split('\n')) {
    if (text.trim() === '') continue;
    try {
      const r = JSON.parse(text) as Record<string, unknown>;
      // What the writer needs whole: a one-line uid (its texts cross to the writer thread joined by
      // newlines) and inputs and outputs to store as JSON.
      if (typeof r.uid !== 'string' || r.uid.includes('\n') || r.inputs === undefined || r.outputs === undefined) {
        malformed++;
        continue;
      }
      rows.push({
        uid: r.uid,
        ts: Number(r.ts),
        requestId: String(r.request_id),
        modelName: String(r.model_name),
        modelVersion: String(r.model_version),
        inputs: JSON.stringify(r.inputs),
        outputs: JSON.stringify(r.outputs),
        latencyMs: Number(r.latency_ms),
      });
    } catch {
      malformed++;
    }
  }
  return { rows, malformed };
}

/** Gives a claimed file back (its rows could not be committed now): the next start tries again. */
export function releaseSpillFile(file: string): void {
  const m = CLAIMED.exec(path.basename(file));
  if (m?.[1]) renameSync(file, path.join(path.dirname(file), m[1]));
}

/** Removes an ingested spill file. */
export function removeSpillFile(file: string): void {
  rmSync(file, { force: true });
}

/** Writes rows to a new spill file of `target`'s store; throws StoreSpillError (naming the folder) when it cannot. */
export function spillRows(target: StoreTarget, rows: readonly StoreRow[]): string {
  try {
    return writeSpillFile(target.spillDir, spillKey(target), rows);
  } catch (error) {
    throw new StoreSpillError(target.spillDir, rows.length, error);
  }
}
