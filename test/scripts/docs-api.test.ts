import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { areaOf, groupByArea, renderApiHtml, renderApiMarkdown } from '../../scripts/docs-api.js';
import { cleanDoc, collectPublicApi, parseDeclarationFile, splitStatements } from '../../scripts/docs-dts.js';
import { escapeHtml, renderDocText } from '../../scripts/docs-html.js';

/** A small emitted declaration tree shaped like dist/: an entry re-exporting from lib/ modules. */
const TREE: Record<string, string> = {
  'index.d.ts': [
    '/** The entry point. */',
    "export { add, type Options as AddOptions } from './lib/math/index.js';",
    "export type { Shape } from './lib/shapes.js';",
    "export * from './lib/errors.js';",
    "export { renamed } from './lib/alias.js';",
  ].join('\n'),
  'lib/math/index.d.ts': "export { add } from './add.js';\nexport { type Options } from './options.js';\n",
  'lib/math/add.d.ts': [
    "import type { Options } from './options.js';",
    '/** Adds two numbers. */',
    'export declare function add(a: number, b: number): number;',
    '/** Adds with options; `strict` rejects NaN. */',
    'export declare function add(a: number, b: number, options: Options): number;',
    'declare function helper(): void;',
  ].join('\n'),
  'lib/math/options.d.ts': [
    '/**',
    ' * Options of {@link add}.',
    ' *',
    ' * Second paragraph with <angle> brackets.',
    ' */',
    'export interface Options {',
    '    /** Reject NaN; a string with a brace: "}" and a semicolon ";" inside. */',
    '    strict?: boolean;',
    '    nested: {',
    '        depth: number;',
    '    };',
    '}',
  ].join('\n'),
  'lib/shapes.d.ts':
    "export type Shape = {\n    kind: 'circle' | 'square';\n    size: number;\n};\nexport declare const internalOnly = 1;\n",
  'lib/errors.d.ts': [
    '/** Exit codes. */',
    'export declare const Code: {',
    '    readonly ok: 0;',
    '};',
    'export type Code = (typeof Code)[keyof typeof Code];',
    '/** The base error. */',
    'export declare class AppError extends Error {',
    '    readonly code: string;',
    '    constructor(message: string);',
    '}',
  ].join('\n'),
  'lib/alias.d.ts': "import { add } from './math/add.js';\nexport { add as renamed };\n",
};

describe('docs-dts: reading the public API from declaration files', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'mlx-docs-api-'));
    for (const [file, text] of Object.entries(TREE)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('splits statements at top-level semicolons and block ends, not inside strings or nested braces', () => {
    const statements = splitStatements(TREE['lib/math/options.d.ts'] ?? '');
    expect(statements).toHaveLength(1);
    expect(statements[0]?.text.endsWith('}')).toBe(true);
    expect(statements[0]?.doc).toMatch(/^\/\*\*\n \* Options of/);
    expect(splitStatements(TREE['lib/shapes.d.ts'] ?? '').map((s) => s.text.split('\n')[0])).toEqual([
      'export type Shape = {',
      'export declare const internalOnly = 1;',
    ]);
  });

  it('cleans doc comments', () => {
    expect(cleanDoc('/**\n * One.\n *\n * Two.\n */')).toBe('One.\n\nTwo.');
    expect(cleanDoc('/** Single line. */')).toBe('Single line.');
  });

  it('parses declarations, merging overloads and const + type of one name', () => {
    const errors = parseDeclarationFile(TREE['lib/errors.d.ts'] ?? '');
    expect(errors.declarations.get('Code')?.map((d) => d.kind)).toEqual(['const', 'type']);
    expect(errors.declarations.get('AppError')?.[0]?.signature).toMatch(/^class AppError extends Error \{/);
    const add = parseDeclarationFile(TREE['lib/math/add.d.ts'] ?? '');
    expect(add.declarations.get('add')?.map((d) => d.doc)).toEqual([
      'Adds two numbers.',
      'Adds with options; `strict` rejects NaN.',
    ]);
    expect(add.exports.map((e) => e.exported)).toEqual(['add', 'add']);
    expect(add.declarations.has('helper')).toBe(true);
  });

  it('follows re-exports, aliases, type-only exports, export * and import-then-export to the declarations', () => {
    const api = collectPublicApi(path.join(dir, 'index.d.ts'));
    expect(api.map((s) => [s.name, s.file, s.declarations.length])).toEqual([
      ['add', path.join('lib', 'math', 'add.d.ts'), 2],
      ['AddOptions', path.join('lib', 'math', 'options.d.ts'), 1],
      ['AppError', path.join('lib', 'errors.d.ts'), 1],
      ['Code', path.join('lib', 'errors.d.ts'), 2],
      ['renamed', path.join('lib', 'math', 'add.d.ts'), 2],
      ['Shape', path.join('lib', 'shapes.d.ts'), 1],
    ]);
    // Declared but not exported from the entry: not public.
    expect(api.some((s) => s.name === 'internalOnly' || s.name === 'helper')).toBe(false);
  });

  it('renders grouped, escaped HTML and Markdown', () => {
    const api = collectPublicApi(path.join(dir, 'index.d.ts'));
    expect(areaOf(path.join('lib', 'math', 'add.d.ts'))).toBe('math');
    expect(areaOf(path.join('lib', 'errors.d.ts'))).toBe('errors');
    expect(groupByArea(api).map(([area, list]) => [area, list.map((s) => s.name)])).toEqual([
      ['errors', ['AppError', 'Code']],
      ['math', ['add', 'AddOptions', 'renamed']],
      ['shapes', ['Shape']],
    ]);
    const html = renderApiHtml(api, 'test <api>');
    expect(html).toContain('<title>test &#60;api&#62;</title>');
    expect(html).toContain('id="AddOptions"');
    expect(html).toContain('<span class="kind">const + type</span>Code');
    expect(html).toContain('Second paragraph with &#60;angle&#62; brackets.');
    expect(html).toContain('<a href="#add"><code>add</code></a>');
    expect(html).toContain('src/lib/math/add.ts');
    expect(html).not.toMatch(/<script|https?:\/\//);
    const md = renderApiMarkdown(api, 'test');
    expect(md).toContain('### `Shape` (type)');
    expect(md).toContain("```ts\ntype Shape = {\n    kind: 'circle' | 'square';");
  });

  it('escapes HTML and renders inline doc markup', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;');
    expect(renderDocText('Use `mlx train` **now**.\n\n@returns the run')).toBe(
      '<p>Use <code>mlx train</code> <strong>now</strong>.</p>\n<p><span class="tag">@returns</span> the run</p>',
    );
  });
});
