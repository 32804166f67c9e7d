#!/usr/bin/env node
// `npm run docs:diagrams [-- FILE.md ...]`: renders every ```mermaid block that follows a
// `<!-- render: PATH [PATH...] -->` comment (PATH relative to the project root) to a PNG, fully offline:
// Debian's chromium driven by playwright-core, Mermaid from node_modules, every network request refused.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runIfMain } from './run-main.js';

export interface DiagramBlock {
  /** Output paths as written in the comment (space-separated), relative to the project root. */
  outputs: string[];
  source: string;
}

const BLOCK = /<!--\s*render:\s*([^>]+?)\s*-->\s*\n```mermaid[ \t]*\n([\s\S]*?)\n```/g;

/** The Mermaid blocks of a Markdown text that carry a render target. */
export function findDiagramBlocks(markdown: string): DiagramBlock[] {
  return [...markdown.replace(/\r\n?/g, '\n').matchAll(BLOCK)].map((m) => ({
    outputs: (m[1] ?? '').split(/\s+/).filter(Boolean),
    source: m[2] ?? '',
  }));
}

/** The few browser globals the in-page render function touches (the project has no DOM lib). */
interface InPageElement {
  viewBox?: { baseVal?: { width: number; height: number } };
  style: { maxWidth: string };
  setAttribute(name: string, value: string): void;
  getBoundingClientRect(): { width: number; height: number };
}
interface InPage {
  mermaid: {
    initialize(config: Record<string, unknown>): void;
    render(id: string, source: string): Promise<{ svg: string }>;
  };
  document: { body: { innerHTML: string }; querySelector(selector: string): InPageElement | null };
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-gpu',
];

export interface RenderOptions {
  /** Chromium binary; default `/usr/bin/chromium` or `$CHROMIUM_PATH`. */
  executablePath?: string;
  /** Device pixel ratio of the screenshot (2 gives crisp text). */
  scale?: number;
}

/** Renders Mermaid sources to PNG files (absolute paths) in one headless chromium. */
export async function renderDiagrams(
  diagrams: readonly { source: string; outputPath: string }[],
  options: RenderOptions = {},
): Promise<{ outputPath: string; width: number; height: number }[]> {
  const { chromium } = await import('playwright-core');
  const require = createRequire(import.meta.url);
  const mermaidJs = require.resolve('mermaid/dist/mermaid.min.js');
  const browser = await chromium.launch({
    executablePath: options.executablePath ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
  try {
    const context = await browser.newContext({ deviceScaleFactor: options.scale ?? 2, offline: true });
    await context.route('**/*', (route) => route.abort());
    const page = await context.newPage();
    await page.setContent('<!doctype html><html><body style="margin:0;background:#fff"></body></html>');
    await page.addScriptTag({ path: mermaidJs });
    const results = [];
    for (const [i, diagram] of diagrams.entries()) {
      const size = await page.evaluate(
        async ({ id, source }) => {
          // Runs inside the page: the project compiles without DOM types, so name only what is used.
          const page = globalThis as unknown as InPage;
          page.mermaid.initialize({
            startOnLoad: false,
            securityLevel: 'strict',
            theme: 'default',
            fontFamily: 'DejaVu Sans, sans-serif',
            flowchart: { curve: 'basis', padding: 12 },
          });
          const { svg } = await page.mermaid.render(id, source);
          page.document.body.innerHTML = `<div id="out" style="display:inline-block;padding:16px;background:#fff">${svg}</div>`;
          // Mermaid emits width="100%" + max-width: give the SVG its natural size so nothing is scaled down.
          const el = page.document.querySelector('#out svg');
          if (el?.viewBox?.baseVal) {
            el.setAttribute('width', String(el.viewBox.baseVal.width));
            el.setAttribute('height', String(el.viewBox.baseVal.height));
            el.style.maxWidth = 'none';
          }
          const box = page.document.querySelector('#out')?.getBoundingClientRect();
          return { width: Math.ceil(box?.width ?? 0), height: Math.ceil(box?.height ?? 0) };
        },
        { id: `diagram${i}`, source: diagram.source },
      );
      mkdirSync(path.dirname(diagram.outputPath), { recursive: true });
      await page.setViewportSize({ width: Math.max(size.width, 100), height: Math.max(size.height, 100) });
      await page.locator('#out').screenshot({ path: diagram.outputPath, animations: 'disabled' });
      results.push({ outputPath: diagram.outputPath, ...size });
    }
    return results;
  } finally {
    await browser.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const files = argv.length > 0 ? argv : [path.join(root, 'docs', 'architecture.md')];
  const diagrams = files.flatMap((file) =>
    findDiagramBlocks(readFileSync(path.resolve(file), 'utf8')).flatMap((b) =>
      b.outputs.map((output) => ({ source: b.source, outputPath: path.resolve(root, output) })),
    ),
  );
  if (diagrams.length === 0) {
    console.error('render-diagrams: no `<!-- render: PATH -->` + ```mermaid blocks found');
    return 2;
  }
  for (const r of await renderDiagrams(diagrams)) {
    console.log(`${path.relative(root, r.outputPath)}  ${r.width}x${r.height} css px`);
  }
  return 0;
}

runIfMain(import.meta.url, 'render-diagrams', main);
