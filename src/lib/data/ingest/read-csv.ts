import { createReadStream } from 'node:fs';
import type { ColumnMap } from './column-map.js';
import { CsvParser } from './csv-parser.js';

/** Streams a CSV/TSV file into the column map in 1 MiB chunks. */
export async function readDelimited(
  file: string,
  delimiter: string,
  map: ColumnMap,
  onProgress?: (bytes: number) => void,
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
    bytes += (chunk as string).length;
    onProgress?.(bytes);
  }
  parser.end();
}
