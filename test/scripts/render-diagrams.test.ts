import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findDiagramBlocks, renderDiagrams } from '../../scripts/render-diagrams.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('render-diagrams', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mlx-diagrams-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds only the mermaid blocks that carry a render target', () => {
    const md = [
      '# t',
      '```mermaid\nflowchart LR\n  a --> b\n```',
      '<!-- render: out/one.png -->\n```mermaid\nflowchart LR\n  a --> b\n```',
      '<!-- render: out/two.png docs/two.png -->',
      '```mermaid',
      'flowchart TB',
      '  x --> y',
      '```',
    ].join('\n');
    expect(findDiagramBlocks(md)).toEqual([
      { outputs: ['out/one.png'], source: 'flowchart LR\n  a --> b' },
      { outputs: ['out/two.png', 'docs/two.png'], source: 'flowchart TB\n  x --> y' },
    ]);
  });

  it('docs/architecture.md renders the course figure and the layer diagram', () => {
    const outputs = findDiagramBlocks(readFileSync(path.join(root, 'docs', 'architecture.md'), 'utf8')).map(
      (b) => b.outputs,
    );
    expect(outputs).toEqual([
      ['reports/figures/architecture.png', 'docs/figures/architecture.png'],
      ['docs/figures/layers.png'],
    ]);
    for (const output of outputs.flat()) expect(existsSync(path.join(root, output))).toBe(true);
  });

  it.skipIf(!existsSync(chromium))(
    'renders Mermaid to a PNG offline with chromium, wider for a longer chain',
    async () => {
      const short = path.join(dir, 'short.png');
      const long = path.join(dir, 'long.png');
      const results = await renderDiagrams(
        [
          { source: 'flowchart LR\n  a[prepare] --> b[train]', outputPath: short },
          { source: 'flowchart LR\n  a[prepare] --> b[train] --> c[serve] --> d[drift]', outputPath: long },
        ],
        { executablePath: chromium, scale: 1 },
      );
      expect(results.map((r) => r.outputPath)).toEqual([short, long]);
      const s = pngSize(short);
      const l = pngSize(long);
      expect(s.width).toBeGreaterThan(100);
      expect(l.width).toBeGreaterThan(s.width);
      expect(l.height).toBeGreaterThan(20);
    },
    60_000,
  );

  it.skipIf(!existsSync(chromium))(
    'rejects invalid Mermaid with the parser error',
    async () => {
      await expect(
        renderDiagrams([{ source: 'flowchart LR\n  a -->', outputPath: path.join(dir, 'bad.png') }], {
          executablePath: chromium,
        }),
      ).rejects.toThrow(/Parse error|Expecting/);
    },
    60_000,
  );
});
