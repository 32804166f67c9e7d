import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MlxError } from '../../../src/lib/errors.js';
import {
  MANIFEST_FILE,
  MAX_BUNDLE_FILE_BYTES,
  readManifest,
  sha256,
  unsafeEntryName,
  verifyManifest,
  writeManifest,
} from '../../../src/lib/model/manifest.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'mlx-manifest-'));
  writeFileSync(path.join(dir, 'a.json'), '{}');
  writeManifest(dir, ['a.json']);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const ZERO = '0'.repeat(64);
const append = (line: string) =>
  writeFileSync(path.join(dir, MANIFEST_FILE), `${readFileSync(path.join(dir, MANIFEST_FILE), 'utf8')}${line}\n`);

function refusal(fn: () => unknown): MlxError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(MlxError);
    expect((error as MlxError).code).toBe('MLX_BUNDLE_CORRUPT');
    expect((error as MlxError).exitCode).toBe(2);
    return error as MlxError;
  }
  throw new Error('expected MLX_BUNDLE_CORRUPT');
}

describe('manifest entry names', () => {
  it.each([
    ['../../dev/zero', /outside the bundle/],
    ['/etc/passwd', /absolute path/],
    ['C:/x', /absolute path/],
    ['./a.json', /not normalised/],
    ['sub//a.json', /not normalised/],
    ['sub/', /not normalised/],
    ['a\\..\\b', /backslash/],
    ['a\u0000b', /control character/],
    [MANIFEST_FILE, /the manifest itself/],
  ])('%j is refused (%s) before any file is opened', (name, reason) => {
    expect(unsafeEntryName(name)).toMatch(reason);
    append(`${ZERO}  ${name}`);
    expect(refusal(() => readManifest(dir)).message).toMatch(reason);
  });

  it('accepts relative, normalised names (also in sub-folders)', () => {
    expect(unsafeEntryName('weights.bin')).toBeNull();
    expect(unsafeEntryName('trees/0.json')).toBeNull();
    expect(unsafeEntryName('..weights')).toBeNull();
  });

  it('refuses malformed lines and duplicates instead of skipping them', () => {
    append('not a manifest line');
    expect(refusal(() => readManifest(dir)).message).toMatch(/line 2 \(not '<sha256> {2}<file>'\)/);
    writeManifest(dir, ['a.json']);
    append(`${sha256('{}')}  a.json`);
    expect(refusal(() => readManifest(dir)).message).toMatch(/a.json \(listed twice\)/);
  });
});

describe('manifest files', () => {
  it('verifies an intact bundle', () => {
    expect(() => verifyManifest(dir, ['a.json'])).not.toThrow();
  });

  it('refuses a listed symbolic link (to /dev/zero) without reading it', () => {
    symlinkSync('/dev/zero', path.join(dir, 'zero.bin'));
    append(`${ZERO}  zero.bin`);
    expect(refusal(() => verifyManifest(dir)).message).toMatch(/zero.bin \(a symbolic link\)/);
  });

  it('refuses a listed folder or device', () => {
    mkdirSync(path.join(dir, 'folder'));
    append(`${ZERO}  folder`);
    expect(refusal(() => verifyManifest(dir)).message).toMatch(/folder \(not a regular file\)/);
  });

  it('refuses a file reached through a linked folder that leaves the bundle', () => {
    const outside = mkdtempSync(path.join(os.tmpdir(), 'mlx-outside-'));
    try {
      writeFileSync(path.join(outside, 'x.bin'), 'x');
      symlinkSync(outside, path.join(dir, 'sub'));
      append(`${sha256('x')}  sub/x.bin`);
      expect(refusal(() => verifyManifest(dir)).message).toMatch(/sub\/x.bin \(outside the bundle\)/);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('refuses a file over the size cap (a sparse file: nothing is read)', () => {
    const big = path.join(dir, 'big.bin');
    writeFileSync(big, '');
    truncateSync(big, MAX_BUNDLE_FILE_BYTES + 1);
    append(`${ZERO}  big.bin`);
    expect(refusal(() => verifyManifest(dir)).message).toMatch(/big.bin \(larger than 1073741824 bytes\)/);
  });

  it('refuses a manifest that is not a regular file', () => {
    rmSync(path.join(dir, MANIFEST_FILE));
    mkdirSync(path.join(dir, MANIFEST_FILE));
    expect(refusal(() => readManifest(dir)).message).toMatch(/not a regular file/);
  });

  it('hashes like sha256sum -c', () => {
    const ok = (() => {
      try {
        execFileSync('sha256sum', ['-c', MANIFEST_FILE], { cwd: dir, stdio: 'pipe' });
        return true;
      } catch {
        return false;
      }
    })();
    expect(ok).toBe(true);
  });
});
