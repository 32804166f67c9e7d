import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchFromServer } from '../../scripts/docs-openapi.js';
import { constraints, renderOpenApiHtml, schemaView, typeLabel } from '../../scripts/docs-openapi-html.js';
import { buildOpenApiDocument } from '../../src/lib/serving/openapi/document.js';

const root = path.resolve(import.meta.dirname, '..', '..');

describe('docs-openapi: rendering an OpenAPI document', () => {
  it('labels schema types: refs, enums of consts, arrays, unions', () => {
    expect(typeLabel({ $ref: '#/components/schemas/PredictRequest' })).toBe(
      '<a href="#schema-PredictRequest">PredictRequest</a>',
    );
    expect(typeLabel({ anyOf: [{ const: 'MALE' }, { const: 'FEMALE' }] })).toBe(
      'one of <code>&#34;MALE&#34;</code> | <code>&#34;FEMALE&#34;</code>',
    );
    expect(typeLabel({ type: 'array', items: { type: 'number' } })).toBe('array of number');
    expect(typeLabel({ anyOf: [{ type: 'string' }, { type: 'null' }] })).toBe('string <em>or</em> null');
    expect(typeLabel({})).toBe('any');
  });

  it("lists real constraints and hides zod's ±1e15 stand-in for 'any finite number'", () => {
    expect(constraints({ type: 'number', minimum: -1e15, maximum: 1e15 })).toEqual([]);
    expect(constraints({ type: 'array', minItems: 1, maxItems: 1000, additionalProperties: false })).toEqual([
      'min items 1',
      'max items 1000',
      'no other fields',
    ]);
    expect(constraints({ minimum: 0, exclusiveMaximum: 1, format: 'date-time' })).toEqual([
      '≥ 0',
      '< 1',
      'format date-time',
    ]);
  });

  it('renders nested object properties with required flags', () => {
    const html = schemaView({
      type: 'object',
      required: ['a'],
      properties: { a: { type: 'object', properties: { b: { type: 'string', description: 'inner <b>' } } }, c: {} },
    });
    expect(html).toMatch(
      /<td><code>a<\/code><\/td><td>object<\/td><td>yes<\/td><td><table>.*<code>b<\/code>.*inner &#60;b&#62;/,
    );
    expect(html).toContain('<td><code>c</code></td><td>any</td><td>no</td>');
  });

  it("renders the serving library's own document (no model, auth on): endpoints, reasons, bearer curl", () => {
    const doc = buildOpenApiDocument(null, { version: '9.9.9', auth: true });
    const html = renderOpenApiHtml(doc, { baseUrl: 'http://127.0.0.1:1234' });
    for (const id of ['op-get-health', 'op-get-ready', 'op-get-metrics', 'op-get-v1-model', 'op-post-v1-predict']) {
      expect(html).toContain(`id="${id}"`);
    }
    expect(html).toContain('<title>mlx 9.9.9: HTTP API</title>');
    expect(html).toContain('<td><code>401</code></td><td>Unauthorized</td>');
    expect(html).toContain('Authorization: Bearer $MLX_API_TOKEN');
    expect(html).toContain('id="schema-Error"');
    expect(html).not.toMatch(/<script|<link|src="http/);
  });
});

describe('docs-openapi: from a running mlx serve', () => {
  let project: string;
  beforeAll(() => {
    project = mkdtempSync(path.join(os.tmpdir(), 'mlx-docs-openapi-'));
    cpSync(path.join(root, 'mlx.config.yaml'), path.join(project, 'mlx.config.yaml'));
    cpSync(path.join(root, 'configs'), path.join(project, 'configs'), { recursive: true });
    mkdirSync(path.join(project, 'data'));
    cpSync(path.join(root, 'data', 'raw'), path.join(project, 'data', 'raw'), { recursive: true });
    execFileSync(process.execPath, [path.join(root, 'bin', 'run.js'), 'pipeline', '--quiet'], {
      cwd: project,
      stdio: 'ignore',
    });
  }, 180_000);
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it("fetches the served model's document and renders its feature schema; the server is stopped after", async () => {
    const doc = (await fetchFromServer('latest', project)) as { openapi: string; info: { title: string } };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBe('mlx: penguins');
    const html = renderOpenApiHtml(doc);
    expect(html).toContain('<code>bill_length_mm</code>');
    expect(html).toContain('one of <code>&#34;Biscoe&#34;</code> | <code>&#34;Dream&#34;</code>');
    expect(html).toContain('curl -s -X POST http://127.0.0.1:8080/v1/predict');
    // store=none: serving for the docs leaves no prediction database behind.
    expect(existsSync(path.join(project, 'var', 'predictions.sqlite'))).toBe(false);
  }, 60_000);

  it('reports why when the model does not exist', async () => {
    await expect(fetchFromServer('nosuchmodel@production', project, 30_000)).rejects.toThrow(
      /exited \(2\) before listening/,
    );
  }, 60_000);

  it('writes openapi.html and openapi.json with the script', () => {
    const out = path.join(project, 'docs-out');
    execFileSync(
      process.execPath,
      ['--import', 'tsx', path.join(root, 'scripts', 'docs-openapi.ts'), '--project', project, '--out', out],
      { cwd: root, stdio: 'pipe' },
    );
    expect(JSON.parse(readFileSync(path.join(out, 'openapi.json'), 'utf8')).info.title).toBe('mlx: penguins');
    expect(readFileSync(path.join(out, 'openapi.html'), 'utf8')).toContain('mlx serve --model latest');
  }, 60_000);
});
