// `npm run bench -- drift-csv [rows]`: the CSV parser's run-time bimodality (issue 17). Each run is a
// fresh process of the built library (dist/) that ingests two generated files one after the other, as
// `mlx drift --reference a.csv --current b.csv` does, and reports the CPU seconds of each. "legacy" is
// the same dist/ with CsvParser as of 5b16286 (compiled from git history): its
// `text.indexOf('"', pos)` over the rest of each 1 MiB chunk was, in some runs, repeated by V8's
// optimised code for every line (perf: __memchr_avx2 ~70 % of the process, ~10× the CPU time);
// "current" scans each record once. Build first: npm run build.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { generateBenchCsv } from './gen-data.js';
import { median, printTable, projectRoot } from './lib.js';

const rows = Number(process.argv[2] ?? process.env.BENCH_ROWS ?? 1_000_000);
const runs = Number(process.env.BENCH_RUNS ?? 15);
const dir = path.join(projectRoot, 'bench', 'out', 'drift-csv');
const files = [path.join(dir, `reference-${rows}.csv`), path.join(dir, `current-${rows}.csv`)];
const LEGACY_COMMIT = '5b16286';

/** What each run executes: ingest both files with the built library, CPU seconds per file. */
const WORKER = `
const [lib, ...files] = process.argv.slice(2);
const { defaultConfig } = await import(lib + '/config/index.js');
const { ingestFile } = await import(lib + '/data/index.js');
const config = defaultConfig();
const seconds = [];
for (const file of files) {
  const cpu = process.cpuUsage();
  await ingestFile(file, { config });
  const used = process.cpuUsage(cpu);
  seconds.push((used.user + used.system) / 1e6);
}
console.log(JSON.stringify(seconds));
`;

/** dist/ with csv-parser.js replaced by the legacy one, compiled from git history with the project's tsc. */
function legacyDist(tmp: string): string {
  const src = path.join(tmp, 'legacy');
  mkdirSync(src);
  const archive = execFileSync(
    'git',
    ['archive', LEGACY_COMMIT, 'src', 'package.json', 'tsconfig.json', 'tsconfig.build.json'],
    {
      cwd: projectRoot,
      maxBuffer: 1 << 28,
    },
  );
  execFileSync('tar', ['-x', '-C', src], { input: archive });
  symlinkSync(path.join(projectRoot, 'node_modules'), path.join(src, 'node_modules'));
  const tsc = path.join(path.dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');
  execFileSync(process.execPath, [tsc, '-p', path.join(src, 'tsconfig.build.json')], { stdio: 'inherit' });
  // A copy of the current build beside the project's packages (node_modules, ESM package.json).
  const lib = path.join(tmp, 'lib');
  cpSync(path.join(projectRoot, 'dist', 'lib'), lib, { recursive: true });
  symlinkSync(path.join(projectRoot, 'node_modules'), path.join(tmp, 'node_modules'));
  writeFileSync(path.join(tmp, 'package.json'), '{"type":"module"}\n');
  const parser = path.join('data', 'ingest', 'csv-parser.js');
  cpSync(path.join(src, 'dist', 'lib', parser), path.join(lib, parser));
  return lib;
}

if (!existsSync(path.join(projectRoot, 'dist', 'lib'))) {
  console.error('build first: npm run build');
  process.exit(2);
}
mkdirSync(dir, { recursive: true });
if (!existsSync(files[1] as string)) {
  console.error(`generating 2 × ${rows} rows → ${path.relative(projectRoot, dir)}`);
  await generateBenchCsv(files[0] as string, rows, 20240607);
  await generateBenchCsv(files[1] as string, rows, 20261201);
}
const tmp = mkdtempSync(path.join(os.tmpdir(), 'mlx-drift-csv-'));
try {
  const worker = path.join(tmp, 'worker.mjs');
  writeFileSync(worker, WORKER);
  const libs: Record<string, string> = { legacy: legacyDist(tmp), current: path.join(projectRoot, 'dist', 'lib') };
  const seconds: Record<string, number[]> = { legacy: [], current: [] };
  const loads: number[] = [];
  for (let r = 0; r < runs; r++)
    for (const variant of ['legacy', 'current']) {
      loads.push(os.loadavg()[0] ?? 0);
      const out = spawnSync(process.execPath, [worker, libs[variant] as string, ...files], { encoding: 'utf8' });
      if (out.status !== 0) throw new Error(`worker failed: ${out.stderr}`);
      seconds[variant]?.push(...(JSON.parse(out.stdout.trim().split('\n').at(-1) ?? '[]') as number[]));
    }
  const typical = median(seconds.current ?? []);
  console.log(
    `\ningest of 2 × ${rows} rows × 13 columns per process, ${runs} fresh processes per parser, node ${process.version}`,
  );
  console.log(
    `load average during the runs: ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} (shared machine: provisional figures)\n`,
  );
  printTable(
    ['parser', 'files parsed', 'median CPU s', 'min–max CPU s', `> 3 × ${typical.toFixed(2)} s`],
    Object.entries(seconds).map(([variant, s]) => [
      variant,
      s.length,
      median(s).toFixed(2),
      `${Math.min(...s).toFixed(2)}–${Math.max(...s).toFixed(2)}`,
      s.filter((x) => x > 3 * typical).length,
    ]),
  );
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
