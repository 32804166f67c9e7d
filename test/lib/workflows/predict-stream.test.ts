import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MlxConfig, resolveConfig } from '../../../src/lib/config/index.js';
import { prepareData } from '../../../src/lib/data/index.js';
import type { MlxError } from '../../../src/lib/errors.js';
import { silentLogger } from '../../../src/lib/logging.js';
import { predictFile } from '../../../src/lib/workflows/predict.js';
import { PARALLEL_MIN_BYTES, partOutput, planParts, removePart } from '../../../src/lib/workflows/predict-parts.js';
import { fileSink } from '../../../src/lib/workflows/predict-sink.js';
import { trainModel } from '../../../src/lib/workflows/train-run.js';
import { copyProject, EXAMPLE_PARTS } from '../../helpers/project.js';

const repo = path.resolve(import.meta.dirname, '../../..');
const logger = silentLogger();
let root: string;
let config: MlxConfig;
let raw: string;

beforeAll(async () => {
  root = copyProject('mlx-lib-predict-', EXAMPLE_PARTS, repo);
  config = resolveConfig({ cwd: root, env: {}, overrides: ['train.epochs=3', 'train.backend=wasm'] }).config;
  await prepareData({ root, config, logger });
  await trainModel({ root, config, logger });
  raw = path.join(root, 'data', 'raw', 'penguins.csv');
}, 120_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A stream that records each write (what reached stdout, and when). */
function recorder() {
  const writes: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      writes.push(String(chunk));
      done();
    },
  });
  return { stream, writes };
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: unknown) => e as MlxError,
  );

describe('mlx predict in chunks', () => {
  it('writes the same output whatever the chunk size (CSV and NDJSON)', async () => {
    for (const format of ['csv', 'ndjson']) {
      const outputs = await Promise.all(
        [7, 50, 100_000].map(async (chunkRows) => {
          const output = path.join(root, `out-${chunkRows}.${format}`);
          const result = await predictFile({ root, config, logger, input: raw, output, chunkRows });
          expect(result.rows).toBe(344);
          return readFileSync(output, 'utf8');
        }),
      );
      expect(outputs[0]).toBe(outputs[2]);
      expect(outputs[1]).toBe(outputs[2]);
      expect((outputs[2] as string).trim().split('\n')).toHaveLength(format === 'csv' ? 345 : 344);
    }
  });

  it('matches the predictions returned in memory, row for row', async () => {
    const kept = await predictFile({ root, config, logger, input: raw, chunkRows: 40 });
    const lines = (kept.text ?? '').trim().split('\n');
    expect(kept.predictions).toHaveLength(344);
    const header = (lines[0] ?? '').split(',');
    const at = header.indexOf('prediction');
    lines.slice(1).forEach((line, i) => {
      const p = kept.predictions?.[i] as { label: string };
      expect(line.split(',')[at]).toBe(p.label);
    });
  });

  it('streams to stdout as it goes: one write per chunk, header once', async () => {
    const { stream, writes } = recorder();
    const result = await predictFile({ root, config, logger, input: raw, stream, chunkRows: 50 });
    expect(result).toMatchObject({ rows: 344, text: null, predictions: null });
    expect(writes.length).toBeGreaterThanOrEqual(7);
    const text = writes.join('');
    expect(text.match(/^species,island,/gm)).toHaveLength(1);
    expect(text.trim().split('\n')).toHaveLength(345);
  });

  it('an error in a late chunk: exit 3 with the rows named in the file, no output file, nothing left behind', async () => {
    const lines = readFileSync(raw, 'utf8').trim().split('\n');
    // Data row 300 (in the 6th chunk of 50: rows 251–300) names an island the model refuses.
    lines[300] = (lines[300] as string).replace(/^(\w+),(\w+),/, '$1,Atlantis,');
    const input = path.join(root, 'late-error.csv');
    writeFileSync(input, `${lines.join('\n')}\n`);
    const dir = path.join(root, 'out-late');
    mkdirSync(dir);
    const output = path.join(dir, 'p.csv');
    const error = await failure(predictFile({ root, config, logger, input, output, chunkRows: 50 }));
    expect(error?.exitCode).toBe(3);
    expect(error?.message).toMatch(/island \[not_allowed\].*row 300/);
    expect(readdirSync(dir)).toEqual([]);
    // To a stream, the chunks before the bad one (rows 1–250) are out already; the exit code says the run failed.
    const { stream, writes } = recorder();
    expect((await failure(predictFile({ root, config, logger, input, stream, chunkRows: 50 })))?.exitCode).toBe(3);
    expect(writes.join('').trim().split('\n').length).toBe(1 + 250);
  });

  it('a header-only file is refused like validate refuses it (exit 3, no rows)', async () => {
    const input = path.join(root, 'header.csv');
    writeFileSync(input, `${readFileSync(raw, 'utf8').split('\n')[0]}\n`);
    const error = await failure(predictFile({ root, config, logger, input, output: path.join(root, 'h.csv') }));
    expect(error?.exitCode).toBe(3);
    expect(error?.message).toMatch(/\[empty\] the file has no data rows/);
    expect(existsSync(path.join(root, 'h.csv'))).toBe(false);
  });

  it('an output that is a folder, or in a missing folder, fails first, naming it (exit 2)', async () => {
    const folder = await failure(predictFile({ root, config, logger, input: raw, output: root }));
    expect([folder?.code, folder?.exitCode]).toEqual(['MLX_FILE_TYPE', 2]);
    expect(folder?.message).toContain(root);
    const missing = path.join(root, 'no', 'such', 'out.csv');
    const absent = await failure(predictFile({ root, config, logger, input: raw, output: missing }));
    expect([absent?.code, absent?.exitCode]).toEqual(['MLX_FILE_NOT_FOUND', 2]);
    expect(absent?.message).toContain(path.join(root, 'no', 'such'));
  });
});

describe('mlx predict writes a CSV row as it is in the input CSV', () => {
  it('the input fields keep their text (number spellings, NA tokens, quotes, CRLF), then the prediction fields', async () => {
    // Given penguins rows written differently: trailing zeros, an NA token, a quoted island, CRLF endings
    const [header, ...rows] = readFileSync(raw, 'utf8').trim().split('\n');
    const spelled = [
      'Adelie,Torgersen,39.10,18.70,181.0,3750,MALE',
      'Adelie,"Torgersen",39.5,17.4,186,3800,NA',
      ...rows.slice(2, 6),
    ];
    const input = path.join(root, 'spelled.csv');
    writeFileSync(input, `${header}\r\n${spelled.join('\r\n')}\r\n`);
    const canonical = path.join(root, 'canonical.csv');
    writeFileSync(
      canonical,
      `${header}\n${['Adelie,Torgersen,39.1,18.7,181,3750,MALE', 'Adelie,Torgersen,39.5,17.4,186,3800,', ...rows.slice(2, 6)].join('\n')}\n`,
    );

    // When both are predicted
    const out = (await predictFile({ root, config, logger, input, chunkRows: 4 })).text ?? '';
    const reference = (await predictFile({ root, config, logger, input: canonical })).text ?? '';

    // Then every row is its input text plus the prediction fields, which are those of the canonical file
    const lines = out.trimEnd().split('\n');
    const refLines = reference.trimEnd().split('\n');
    expect(lines[0]).toBe(refLines[0]);
    expect(lines).toHaveLength(spelled.length + 1);
    spelled.forEach((text, i) => {
      const line = lines[i + 1] as string;
      expect(line.startsWith(`${text},`)).toBe(true);
      const predicted = (refLines[i + 1] as string).split(',').slice(7).join(',');
      expect(line.slice(text.length + 1)).toBe(predicted);
    });
  });

  it('NDJSON out, or a file read with data.select, is written from the typed values', async () => {
    const input = path.join(root, 'spelled-nd.csv');
    const [header, first] = readFileSync(raw, 'utf8').split('\n');
    writeFileSync(input, `${header}\n${(first as string).replace('39.1', '39.10')}\n`);
    const nd = await predictFile({ root, config, logger, input, format: 'ndjson' });
    expect(nd.text).toContain('"bill_length_mm":39.1,');
    const selected = resolveConfig({
      cwd: root,
      env: {},
      overrides: ['train.epochs=3', 'train.backend=wasm', 'data.drop=[sex]'],
    }).config;
    const csv = await predictFile({ root, config: selected, logger, input });
    expect(csv.text?.split('\n')[1]).toMatch(/^Adelie,Torgersen,39\.1,18\.7,181,3750,Adelie,/);
  });
});

describe('mlx predict on two threads', () => {
  /** The penguins rows 20 times over (6,880 rows), some fields quoted. */
  function bigInput(name: string, edit?: (rows: string[]) => void): string {
    const [header, ...rows] = readFileSync(raw, 'utf8').trim().split('\n');
    const many: string[] = [];
    for (let k = 0; k < 20; k++) many.push(...rows);
    for (let i = 5; i < many.length; i += 97) many[i] = (many[i] as string).replace(/^(\w+),/, '"$1",');
    edit?.(many);
    const input = path.join(root, name);
    writeFileSync(input, `${header}\n${many.join('\n')}\n`);
    return input;
  }
  const run = async (input: string, threads: 1 | 2, format?: string) => {
    const dir = mkdtempSync(path.join(root, 'two-'));
    const output = path.join(dir, format === 'ndjson' ? 'p.ndjson' : 'p.csv');
    const error = await failure(predictFile({ root, config, logger, input, output, threads, chunkRows: 500 }));
    const text = existsSync(output) ? readFileSync(output, 'utf8') : null;
    return { error, text, left: readdirSync(dir) };
  };

  it('writes the same bytes as one thread, CSV and NDJSON', async () => {
    const input = bigInput('big.csv');
    for (const format of ['csv', 'ndjson']) {
      const one = await run(input, 1, format);
      const two = await run(input, 2, format);
      expect(two.error).toBeNull();
      expect(two.text).toBe(one.text);
      expect(two.text?.trim().split('\n')).toHaveLength(format === 'csv' ? 6881 : 6880);
      expect(two.left).toHaveLength(1);
    }
  });

  it('rows refused in both halves: the same report as one thread (counts, rows numbered in the file), no output', async () => {
    const input = bigInput('big-bad.csv', (rows) => {
      for (const i of [10, 3000, 5000, 6800]) rows[i] = (rows[i] as string).replace(/^(\w+),(\w+),/, '$1,Atlantis,');
    });
    const one = await run(input, 1);
    const two = await run(input, 2);
    expect(one.error?.exitCode).toBe(3);
    expect(two.error?.exitCode).toBe(3);
    expect(two.error?.message).toBe(one.error?.message);
    expect(two.error?.message).toMatch(/4 value/);
    expect(two.left).toEqual([]);
  });

  it('a missing input is the reader’s error (exit 2, named), whatever the threads', async () => {
    for (const threads of [1, 2] as const) {
      const { error } = await run(path.join(root, 'no-such.csv'), threads);
      expect(error?.code).toBe('MLX_DATA_NOT_FOUND');
      expect(error?.exitCode).toBe(2);
      expect(error?.message).toContain('no-such.csv');
    }
  });

  it('auto keeps a file under PARALLEL_MIN_BYTES on one thread; 2 cuts it; 1 never does', async () => {
    const input = bigInput('big-plan.csv');
    const output = path.join(root, 'plan-out.csv');
    expect(statSync(input).size).toBeLessThan(PARALLEL_MIN_BYTES);
    expect(await planParts(input, { config, output, threads: 'auto' })).toBeNull();
    expect(await planParts(input, { config, output, threads: 1 })).toBeNull();
    const split = await planParts(input, { config, output, threads: 2 });
    expect(split?.ranges).toHaveLength(2);
  });

  it('Ctrl-C (an aborted signal): exit 130, no output and nothing else left, on one thread or two', async () => {
    const input = bigInput('big-interrupted.csv');
    const signal = AbortSignal.abort('SIGINT');
    for (const threads of [1, 2] as const) {
      const dir = mkdtempSync(path.join(root, 'interrupted-'));
      const output = path.join(dir, 'p.csv');
      const error = await failure(predictFile({ root, config, logger, input, output, threads, signal }));
      expect(error?.code).toBe('MLX_INTERRUPTED');
      expect(error?.exitCode).toBe(130);
      expect(readdirSync(dir)).toEqual([]);
    }
  });

  it('a part given up before its thread committed it leaves nothing behind (its temporary file included)', () => {
    // Given the second part's output as a stopped worker leaves it: written to its temporary file, not renamed
    const dir = mkdtempSync(path.join(root, 'stopped-'));
    const spool = partOutput(path.join(dir, 'p.csv'));
    const part = fileSink(spool);
    part.push('a,b\n1,2\n');
    part.append(raw);
    expect(readdirSync(dir)).toHaveLength(1);
    // When the main thread removes the part
    removePart(spool);
    // Then the folder is empty
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a malformed record in the second half: the error names the file’s own line, as one thread does', async () => {
    const input = bigInput('big-malformed.csv', (rows) => {
      rows[6000] = `${rows[6000]},extra`;
    });
    const one = await run(input, 1);
    const two = await run(input, 2);
    expect(one.error?.message).toMatch(/:6002:\d+: malformed CSV/);
    expect(two.error?.message).toBe(one.error?.message);
    expect(two.left).toEqual([]);
  });
});
