import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { DataValidationError } from '../../errors.js';
import type { ColumnMap, RawColumns } from './column-map.js';
import { jsonErrorOffset } from './json-error-offset.js';
import type { ChunkOptions } from './read-chunks.js';
import { reserveFor } from './read-csv.js';

/**
 * A JSON file holding an array of records (objects): parsed whole (JSON has no record boundaries to
 * stream on), then handed out `chunkRows` records at a time.
 */
export async function* readJsonArray(
  file: string,
  map: ColumnMap,
  options: ChunkOptions = {},
): AsyncGenerator<RawColumns> {
  const chunkRows = options.chunkRows ?? Number.POSITIVE_INFINITY;
  const text = await readFile(file, 'utf8');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw jsonError(file, text, error, 1);
  }
  if (!Array.isArray(data)) throw malformed(file, 1, 1, 'expected an array of records ([{...}, ...])');
  for (let i = 0; i < data.length; i++) {
    addRecord(map, data[i], file, i + 1);
    if (map.rows >= chunkRows) yield map.take();
  }
  yield map.take();
}

/**
 * A newline-delimited JSON file: one record per line, blank lines skipped; yields every `chunkRows`
 * records. A whole-file read with `fileBytes` reserves room from the file size, as `readDelimited` does.
 */
export async function* readNdjson(
  file: string,
  map: ColumnMap,
  options: ChunkOptions = {},
): AsyncGenerator<RawColumns> {
  const chunkRows = options.chunkRows ?? Number.POSITIVE_INFINITY;
  const onProgress = options.onProgress;
  const fileBytes = Number.isFinite(chunkRows) ? undefined : options.fileBytes;
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let line = 0;
  let bytes = 0;
  for await (const text of lines) {
    line++;
    bytes += text.length + 1;
    if (line % 65536 === 0) onProgress?.(bytes);
    // Room for the rows the file size suggests (as for CSV), once a few thousand lines were read.
    if (line === 4096 && fileBytes !== undefined) reserveFor(map, bytes, fileBytes);
    if (text.trim() === '') continue;
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch (error) {
      throw jsonError(file, text, error, line);
    }
    addRecord(map, record, file, line);
    if (map.rows >= chunkRows) yield map.take();
  }
  yield map.take();
}

/** Adds one record (an object) to the map. */
export function addRecord(map: ColumnMap, record: unknown, file: string, line: number): void {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) {
    throw malformed(file, line, 1, `record ${map.rows + 1} is not an object`);
  }
  for (const [key, value] of Object.entries(record)) map.add(key)?.pushValue(value);
  map.endRow();
}

function jsonError(file: string, text: string, error: unknown, firstLine: number): DataValidationError {
  const message = error instanceof Error ? error.message : String(error);
  const offset = jsonErrorOffset(text);
  let line = firstLine;
  let column = 1;
  if (offset >= 0) {
    const upTo = text.slice(0, offset);
    const lastNl = upTo.lastIndexOf('\n');
    line = firstLine + (upTo.match(/\n/g)?.length ?? 0);
    column = upTo.length - lastNl;
  }
  const short =
    message
      .split('\n')[0]
      ?.replace(/, ".*$/, '')
      .replace(/ in JSON at position.*$/, '') ?? message;
  return malformed(file, line, column, short);
}

function malformed(file: string, line: number, column: number, message: string): DataValidationError {
  return new DataValidationError(`${file}:${line}:${column}: malformed JSON: ${message}`, {
    code: 'MLX_DATA_MALFORMED',
    hint: 'Fix the file at that position; JSON input is an array of objects, NDJSON one object per line.',
    details: { file, line, column },
  });
}
