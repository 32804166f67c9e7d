import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { ColumnMap, RawColumns } from './column-map.js';
import { CsvParser } from './csv-parser.js';
import type { ChunkOptions } from './read-chunks.js';

/**
 * Streams a CSV/TSV file into the column map (1 MiB reads, 64 KiB when read in chunks of rows); yields
 * the rows read so far whenever there are `chunkRows` of them, and the rest at the end (once, for a
 * whole-file read). A whole-file read with `fileBytes` reserves, after the first block, room for the
 * rows the file size suggests, so the columns do not grow by doubling (and copying).
 */
export async function* readDelimited(
  file: string,
  delimiter: string,
  map: ColumnMap,
  options: ChunkOptions = {},
): AsyncGenerator<RawColumns> {
  const chunkRows = options.chunkRows ?? Number.POSITIVE_INFINITY;
  const fileBytes = Number.isFinite(chunkRows) ? undefined : options.fileBytes;
  let builders = map.bySource;
  // Rows are kept as text only where they can be written back as they are: commas, and every column read,
  // in file order (renamed or not; no select or drop).
  let lines: string[] | null = null;
  const parser = new CsvParser(
    {
      header(names) {
        for (const name of names) map.add(name);
        builders = map.bySource;
        const every = map.names.length === names.length && map.bySource.every((b) => b !== null);
        if (options.lines && delimiter === ',' && every) lines = [];
      },
      field(index, text, start, end) {
        builders[index]?.pushField(text, start, end);
      },
      quoted(index, value) {
        builders[index]?.pushString(value);
      },
      endRecord() {
        map.rows++;
      },
      record(text, start, end) {
        lines?.push(text.slice(start, end));
      },
    },
    file,
    delimiter,
  );
  let bytes = 0;
  // Read in chunks of rows: 64 KiB reads keep every string the parser makes in V8's young generation
  // (1 MiB strings go to the large-object space, which grows until a full collection).
  const highWaterMark = Number.isFinite(chunkRows) ? 1 << 16 : 1 << 20;
  const range = options.range;
  if (range) parser.push(await readHeader(file, range.headerEnd));
  const stream = createReadStream(file, {
    encoding: 'utf8',
    highWaterMark,
    ...(range ? { start: range.start, end: range.end - 1 } : {}),
  });
  for await (const chunk of stream) {
    parser.push(chunk as string);
    if (bytes === 0 && fileBytes !== undefined) reserveFor(map, Buffer.byteLength(chunk as string), fileBytes);
    bytes += (chunk as string).length;
    options.onProgress?.(bytes);
    if (map.rows >= chunkRows) yield withLines(map.take());
  }
  parser.end();
  yield withLines(map.take());

  function withLines(raw: RawColumns): RawColumns {
    if (!lines) return raw;
    const taken = lines;
    lines = [];
    return { ...raw, lines: taken };
  }
}

/** The header's bytes [0, end) as text. */
async function readHeader(file: string, end: number): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const bytes = Buffer.alloc(end);
    const { bytesRead } = await handle.read(bytes, 0, end, 0);
    return bytes.toString('utf8', 0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Reserves ~2 % more rows than the rows read so far, scaled from the bytes read to the file size. */
export function reserveFor(map: ColumnMap, bytesRead: number, fileBytes: number): void {
  if (map.rows === 0 || bytesRead >= fileBytes) return;
  map.reserve(Math.ceil(((map.rows * fileBytes) / bytesRead) * 1.02) + 16);
}
