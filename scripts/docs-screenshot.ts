#!/usr/bin/env node
// `npm run docs:screenshot -- PAGE.html[#id] OUT.png [--width 1200] [--height 900] [--full]`: a PNG of a
// local HTML file (a report mlx wrote, a generated docs page) taken by Debian's chromium, offline:
// only file:// requests are allowed, so a page that needs the network shows that it does.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHROMIUM_ARGS } from './render-diagrams.js';
import { runIfMain } from './run-main.js';

export interface ScreenshotOptions {
  width?: number;
  height?: number;
  /** Capture the whole scrollable page instead of the viewport. */
  fullPage?: boolean;
  executablePath?: string;
  scale?: number;
}

/** Screenshots a local HTML file to a PNG; returns the number of network requests it refused. */
export async function screenshotPage(
  htmlFile: string,
  outputPath: string,
  options: ScreenshotOptions = {},
): Promise<number> {
  // `page.html#section` scrolls to that section before the shot.
  const [file = htmlFile, fragment] = htmlFile.split('#');
  if (!existsSync(file)) throw new Error(`${file} does not exist`);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: options.executablePath ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
  let refused = 0;
  try {
    const context = await browser.newContext({
      viewport: { width: options.width ?? 1200, height: options.height ?? 900 },
      deviceScaleFactor: options.scale ?? 1,
    });
    await context.route('**/*', (route) => {
      if (route.request().url().startsWith('file://')) return route.continue();
      refused++;
      return route.abort();
    });
    const page = await context.newPage();
    await page.goto(pathToFileURL(path.resolve(file)).href, { waitUntil: 'load' });
    if (fragment) await page.locator(`[id="${fragment}"]`).evaluate((el) => el.scrollIntoView({ block: 'start' }));
    mkdirSync(path.dirname(path.resolve(outputPath)), { recursive: true });
    await page.screenshot({ path: outputPath, fullPage: options.fullPage ?? false, animations: 'disabled' });
  } finally {
    await browser.close();
  }
  return refused;
}

async function main(argv: string[]): Promise<number> {
  const positional = argv.filter((a, i) => !a.startsWith('--') && !['--width', '--height'].includes(argv[i - 1] ?? ''));
  const [input, output] = positional;
  if (!input || !output) {
    console.error('usage: docs-screenshot PAGE.html OUT.png [--width N] [--height N] [--full]');
    return 2;
  }
  const num = (name: string) => {
    const at = argv.indexOf(name);
    return at >= 0 ? Number(argv[at + 1]) : undefined;
  };
  const refused = await screenshotPage(input, output, {
    width: num('--width'),
    height: num('--height'),
    fullPage: argv.includes('--full'),
  });
  console.log(`${output}${refused ? ` (${refused} network requests refused)` : ''}`);
  return 0;
}

runIfMain(import.meta.url, 'docs-screenshot', main);
