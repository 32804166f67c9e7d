import { createReadStream } from 'node:fs';
import type { ColumnMap } from './column-map.js';
import { CsvParser } from './csv-parser.js';

/**
 * Streams a CSV/TSV file into the column map in 1 MiB chunks. After the first chunk the columns
 * reserve room for the rows the file size suggests, so they do not grow by doubling (and copying).
 */
export async function readDelimited(
  file: string,
  delimiter: string,
  map: ColumnMap,
  onProgress?: (bytes: number) => void,
  fileBytes?: number,
): Promise<void> {
  let builders = map.bySource;
  const parser = new CsvParser(
    {
      header(names) {
        for (const name of names) map.add(name);
        builders = map.bySource;
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
    },
    file,
    delimiter,
  );
  let bytes = 0;
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
  for await (const chunk of stream) {
    parser.push(chunk as string);
    if (bytes === 0 && fileBytes !== undefined) reserveFor(map, Buffer.byteLength(chunk as string), fileBytes);
    bytes += (chunk as string).length;
    onProgress?.(bytes);
  }
  parser.end();
}

/** Reserves ~2 % more rows than the rows read so far, scaled from the bytes read to the file size. */
export function reserveFor(map: ColumnMap, bytesRead: number, fileBytes: number): void {
  if (map.rows === 0 || bytesRead >= fileBytes) return;
  map.reserve(Math.ceil(((map.rows * fileBytes) / bytesRead) * 1.02) + 16);
}
