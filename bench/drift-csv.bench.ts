// `npm run bench -- drift-csv [rows]`: the CSV parser's run-time bimodality (issue 17). Each run is a
// fresh process that parses the same generated file twice (as `mlx drift --reference a.csv --current
// b.csv` does) and reports the CPU seconds of each parse. "legacy" is CsvParser as of 5b16286, whose
// `text.indexOf('"', pos)` over the rest of each 1 MiB chunk was, in some runs, repeated for every line
// by V8's optimised code (perf: memchr ~70 % of the process); "current" scans each record once.
import { execFileSync, spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateBenchCsv } from './gen-data.js';
import { median, printTable, projectRoot } from './lib.js';

const rows = Number(process.argv[2] ?? process.env.BENCH_ROWS ?? 1_000_000);
const runs = Number(process.env.BENCH_RUNS ?? 10);
const dir = path.join(projectRoot, 'bench', 'out', 'drift-csv');
const csv = path.join(dir, `synthetic-${rows}.csv`);
const LEGACY_COMMIT = '5b16286';

interface Parser {
  push(chunk: string): void;
  end(): void;
}
type ParserClass = new (
  sink: import('../src/lib/data/ingest/csv-parser.js').CsvSink,
  file: string,
  delimiter: string,
) => Parser;

/** The legacy parser source, taken from git history (its one import made absolute), outside the project. */
function legacySource(): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'mlx-drift-csv-')), 'legacy-csv-parser.ts');
  const source = execFileSync('git', ['show', `${LEGACY_COMMIT}:src/lib/data/ingest/csv-parser.ts`], {
    cwd: projectRoot,
    encoding: 'utf8',
  });
  const errors = pathToFileURL(path.join(projectRoot, 'src', 'lib', 'errors.js')).href;
  writeFileSync(file, source.replace("'../../errors.js'", `'${errors}'`));
  return file;
}

/** One parse of `file` into the data module's column builders, as `readDelimited` does; CPU seconds. */
async function parseOnce(Parser: ParserClass, file: string): Promise<number> {
  const { ColumnMap } = await import('../src/lib/data/ingest/column-map.js');
  const map = new ColumnMap(
    { naValues: ['', 'NA', 'NaN', 'null'], rename: {}, select: null, drop: [], keep: [], textColumns: new Set() },
    file,
  );
  let builders = map.bySource;
  const parser = new Parser(
    {
      header(names) {
        for (const name of names) map.add(name);
        builders = map.bySource;
      },
      field: (index, text, start, end) => builders[index]?.pushField(text, start, end),
      quoted: (index, value) => builders[index]?.pushString(value),
      endRecord() {
        map.rows++;
      },
    },
    file,
    ',',
  );
  const cpu = process.cpuUsage();
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 }))
    parser.push(chunk as string);
  parser.end();
  const used = process.cpuUsage(cpu);
  if (map.rows !== rows) throw new Error(`parsed ${map.rows} rows, expected ${rows}`);
  return (used.user + used.system) / 1e6;
}

async function worker(variant: string, file: string): Promise<void> {
  const module =
    variant === 'legacy'
      ? ((await import(pathToFileURL(file).href)) as { CsvParser: ParserClass })
      : ((await import('../src/lib/data/ingest/csv-parser.js')) as { CsvParser: ParserClass });
  const seconds = [await parseOnce(module.CsvParser, csv), await parseOnce(module.CsvParser, csv)];
  console.log(JSON.stringify(seconds));
}

if (process.argv.includes('--worker')) {
  const at = process.argv.indexOf('--worker');
  await worker(process.argv[at + 1] ?? 'current', process.argv[at + 2] ?? '');
} else {
  mkdirSync(dir, { recursive: true });
  if (!existsSync(csv)) {
    console.error(`generating ${rows} rows → ${path.relative(projectRoot, csv)}`);
    await generateBenchCsv(csv, rows);
  }
  const legacy = legacySource();
  const seconds: Record<string, number[]> = { legacy: [], current: [] };
  const loads: number[] = [];
  for (let r = 0; r < runs; r++)
    for (const variant of ['legacy', 'current']) {
      loads.push(os.loadavg()[0] ?? 0);
      const args = [
        '--import',
        'tsx',
        path.join(projectRoot, 'bench', 'drift-csv.bench.ts'),
        String(rows),
        '--worker',
        variant,
        legacy,
      ];
      const out = spawnSync(process.execPath, args, { cwd: projectRoot, encoding: 'utf8' });
      if (out.status !== 0) throw new Error(`worker failed: ${out.stderr}`);
      seconds[variant]?.push(...(JSON.parse(out.stdout.trim().split('\n').at(-1) ?? '[]') as number[]));
    }
  rmSync(path.dirname(legacy), { recursive: true, force: true });
  const typical = median(seconds.current ?? []);
  console.log(
    `\nCsvParser on ${rows} rows × 13 columns, ${runs} fresh processes × 2 parses per variant, node ${process.version}`,
  );
  console.log(
    `load average during the runs: ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} (shared machine: provisional figures)\n`,
  );
  printTable(
    ['parser', 'parses', 'median CPU s', 'min–max CPU s', `parses > 3× ${typical.toFixed(2)} s`],
    Object.entries(seconds).map(([variant, s]) => [
      variant,
      s.length,
      median(s).toFixed(2),
      `${Math.min(...s).toFixed(2)}–${Math.max(...s).toFixed(2)}`,
      s.filter((x) => x > 3 * typical).length,
    ]),
  );
}
