import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as entry from 'arquero';
import { describe, expect, it } from 'vitest';
import { arquero } from '../../../src/lib/data/arquero.js';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const require = createRequire(import.meta.url);

describe('arquero (the loader)', () => {
  it('from src, gives arquero with what mlx uses: tables, Arrow out and back in', () => {
    const aq = arquero();
    const t = aq.table({ x: Float64Array.of(1.5, Number.NaN), s: ['a', null] });
    const back = aq.fromArrow(aq.toArrowIPC(t));
    expect(back.numRows()).toBe(2);
    expect(back.array('x')[0]).toBe(1.5);
    expect(back.array('s')).toEqual(['a', null]);
  });

  it("the build ships arquero's own one-file build as CommonJS: the installed version's, the same API as its module entry", () => {
    // `npm test` builds first (scripts/build.js copies the file)
    const bundle = path.join(root, 'dist', 'vendor', 'arquero.cjs');
    const shipped = path.join(path.dirname(require.resolve('arquero/package.json')), 'dist', 'arquero.js');
    expect(readFileSync(bundle).equals(readFileSync(shipped))).toBe(true);
    const aq = require(bundle) as typeof entry;
    expect(Object.keys(aq).sort()).toEqual(Object.keys(entry).sort());
    // Its tables and the module entry's read each other's Arrow bytes
    const t = aq.table({ x: [1, 2, 3], s: ['a', 'b', null] });
    expect(entry.fromArrow(aq.toArrowIPC(t)).objects()).toEqual(t.objects());
    expect(aq.fromArrow(entry.toArrowIPC(entry.table({ y: [4] }))).array('y')).toEqual([4]);
  });
});
