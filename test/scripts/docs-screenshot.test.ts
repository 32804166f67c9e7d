import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commandText, copyExampleProject, mlx } from '../../scripts/docs-figures.js';
import { screenshotPage } from '../../scripts/docs-screenshot.js';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const pngSize = (file: string) => {
  const bytes = readFileSync(file);
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
};

describe('docs-screenshot and docs-figures helpers', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mlx-shot-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.skipIf(!existsSync(chromium))(
    'screenshots a local page at the viewport size and refuses every network request',
    async () => {
      const page = path.join(dir, 'page.html');
      writeFileSync(
        page,
        '<!doctype html><h1 id="top">local</h1><img src="http://127.0.0.1:9/x.png"><link rel="stylesheet" href="https://cdn.invalid/a.css"><div style="height:3000px"></div><h2 id="far">far</h2>',
      );
      const out = path.join(dir, 'shot.png');
      const refused = await screenshotPage(`${page}#far`, out, { width: 640, height: 360, executablePath: chromium });
      expect(refused).toBe(2);
      expect(pngSize(out)).toEqual({ width: 640, height: 360 });
      const full = path.join(dir, 'full.png');
      await screenshotPage(page, full, { width: 640, height: 360, fullPage: true, executablePath: chromium });
      expect(pngSize(full).height).toBeGreaterThan(3000);
    },
    60_000,
  );

  it('refuses a page that does not exist before starting a browser', async () => {
    await expect(screenshotPage(path.join(dir, 'nope.html'), path.join(dir, 'x.png'))).rejects.toThrow(
      /does not exist/,
    );
  });

  it('copies the shipped example project and runs the built binary in it, with exit codes checked', () => {
    const project = copyExampleProject();
    try {
      expect(existsSync(path.join(project, 'mlx.config.yaml'))).toBe(true);
      expect(existsSync(path.join(project, 'data', 'raw', 'penguins.csv'))).toBe(true);
      const shown = mlx(project, ['config', 'show']) as { config: { data: { target: string } } };
      expect(shown.config.data.target).toBe('species');
      expect(() => mlx(project, ['config', 'show', '--set', 'trian.lr=1'])).toThrow(/exited 2/);
      expect(mlx(project, ['config', 'show', '--set', 'trian.lr=1'], [2])).toMatchObject({
        error: { message: expect.stringMatching(/Did you mean 'train.lr'/) },
      });
      expect(commandText(project, 'ls', ['data/raw'])).toContain('penguins.csv');
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});
