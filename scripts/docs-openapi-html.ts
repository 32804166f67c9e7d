// OpenAPI 3.1 document → one self-contained HTML page (no CDN, no script): endpoints, request and
// response schemas as property tables, examples and a curl line per operation.
import { STATUS_CODES } from 'node:http';
import { anchor, escapeHtml, page } from './docs-html.js';

type Json = Record<string, unknown>;
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;
/** zod's JSON Schema stands in ±1e15 for "any finite number": not a real bound worth printing. */
const UNBOUNDED = 1e15;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const asObject = (v: unknown): Json => (isObject(v) ? v : {});
const refName = (ref: string) => ref.replace(/^#\/components\/schemas\//, '');

/** A one-line type for a JSON Schema: `string`, `one of "a" | "b"`, `array of number`, a link to a component. */
export function typeLabel(schema: unknown): string {
  const s = asObject(schema);
  if (typeof s.$ref === 'string') {
    const name = refName(s.$ref);
    return `<a href="#schema-${anchor(name)}">${escapeHtml(name)}</a>`;
  }
  if ('const' in s) return `<code>${escapeHtml(JSON.stringify(s.const))}</code>`;
  if (Array.isArray(s.enum))
    return `one of ${s.enum.map((v) => `<code>${escapeHtml(JSON.stringify(v))}</code>`).join(' | ')}`;
  const union = Array.isArray(s.anyOf) ? s.anyOf : Array.isArray(s.oneOf) ? s.oneOf : undefined;
  if (union) {
    const allConst = union.every((u) => isObject(u) && 'const' in u);
    return (allConst ? 'one of ' : '') + union.map(typeLabel).join(allConst ? ' | ' : ' <em>or</em> ');
  }
  if (s.type === 'array') return `array of ${typeLabel(s.items)}`;
  if (Array.isArray(s.type)) return s.type.map((t) => escapeHtml(String(t))).join(' | ');
  if (typeof s.type === 'string')
    return escapeHtml(s.type === 'object' && typeof s.title === 'string' ? s.title : s.type);
  return 'any';
}

/** Constraints worth a reader's attention: bounds, lengths, formats, patterns. */
export function constraints(schema: unknown): string[] {
  const s = asObject(schema);
  const out: string[] = [];
  const bound = (key: string, label: string) => {
    const v = s[key];
    if (typeof v === 'number' && Math.abs(v) < UNBOUNDED) out.push(`${label} ${v}`);
  };
  bound('minimum', '≥');
  bound('exclusiveMinimum', '>');
  bound('maximum', '≤');
  bound('exclusiveMaximum', '<');
  if (typeof s.minItems === 'number') out.push(`min items ${s.minItems}`);
  if (typeof s.maxItems === 'number') out.push(`max items ${s.maxItems}`);
  if (typeof s.minLength === 'number') out.push(`min length ${s.minLength}`);
  if (typeof s.maxLength === 'number') out.push(`max length ${s.maxLength}`);
  if (typeof s.format === 'string') out.push(`format ${s.format}`);
  if (typeof s.pattern === 'string') out.push(`pattern ${s.pattern}`);
  if (s.additionalProperties === false) out.push('no other fields');
  return out;
}

/** A nested property table for an object schema (arrays of objects and unions are unfolded). */
export function schemaView(schema: unknown, depth = 0): string {
  const s = asObject(schema);
  if (depth > 6) return '';
  if (s.type === 'array') return schemaView(s.items, depth);
  const union = Array.isArray(s.anyOf) ? s.anyOf : Array.isArray(s.oneOf) ? s.oneOf : undefined;
  if (union?.some((u) => isObject(u) && (u.type === 'object' || u.type === 'array'))) {
    return union
      .map((u, i) => {
        const title = typeof asObject(u).title === 'string' ? ` (${escapeHtml(String(asObject(u).title))})` : '';
        return `<p class="muted">Form ${i + 1}${title}: ${typeLabel(u)}</p>${schemaView(u, depth + 1)}`;
      })
      .join('');
  }
  if (!isObject(s.properties)) return '';
  const required = new Set(Array.isArray(s.required) ? s.required.map(String) : []);
  const rows = Object.entries(s.properties).map(([name, prop]) => {
    const p = asObject(prop);
    const notes = [
      typeof p.description === 'string' ? escapeHtml(p.description) : '',
      ...constraints(p).map(escapeHtml),
    ]
      .filter(Boolean)
      .join('; ');
    const nested = schemaView(p, depth + 1);
    return `<tr><td><code>${escapeHtml(name)}</code></td><td>${typeLabel(p)}</td><td>${required.has(name) ? 'yes' : 'no'}</td><td>${notes}${nested}</td></tr>`;
  });
  const extra = constraints(s).length ? `<p class="muted">${escapeHtml(constraints(s).join('; '))}</p>` : '';
  return `<table><tr><th>field</th><th>type</th><th>required</th><th>notes</th></tr>${rows.join('')}</table>${extra}`;
}

const pretty = (value: unknown) => `<pre><code>${escapeHtml(JSON.stringify(value, null, 2))}</code></pre>`;

function curlLine(method: string, route: string, baseUrl: string, example: unknown, bearer: boolean): string {
  const parts = [`curl -s${method === 'get' ? '' : ` -X ${method.toUpperCase()}`} ${baseUrl}${route}`];
  if (bearer) parts.push(`-H "Authorization: Bearer $MLX_API_TOKEN"`);
  if (example !== undefined) parts.push(`-H 'Content-Type: application/json'`, `-d '${JSON.stringify(example)}'`);
  return parts.join(' \\\n  ');
}

function operationHtml(method: string, route: string, op: Json, doc: Json, baseUrl: string): string {
  const security = Array.isArray(op.security) ? op.security : Array.isArray(doc.security) ? doc.security : [];
  const bearer = security.length > 0;
  const body = asObject(asObject(asObject(op.requestBody).content)['application/json']);
  const example = body.example ?? (Array.isArray(body.examples) ? body.examples[0] : undefined);
  const responses = Object.entries(asObject(op.responses)).map(([status, r]) => {
    const resp = asObject(r);
    const schema = asObject(asObject(resp.content)['application/json']).schema;
    // A description that only repeats the code gets the HTTP reason phrase.
    const described = String(resp.description ?? '');
    const meaning = described === status || !described ? (STATUS_CODES[status] ?? described) : described;
    return `<tr><td><code>${escapeHtml(status)}</code></td><td>${escapeHtml(meaning)}</td><td>${schema ? typeLabel(schema) : ''}</td></tr>`;
  });
  return `<section class="item" id="op-${anchor(`${method}${route}`)}">
<h3><span class="method ${method}">${method.toUpperCase()}</span>${escapeHtml(route)}</h3>
<p>${escapeHtml(String(op.summary ?? ''))}${op.description ? ` ${escapeHtml(String(op.description))}` : ''}</p>
<p class="muted">Authentication: ${bearer ? 'bearer token (<code>Authorization: Bearer …</code>)' : 'none'}</p>
${body.schema ? `<h4>Request body (application/json)</h4><p>${typeLabel(body.schema)}</p>` : ''}
${example !== undefined ? `<h4>Example request body</h4>${pretty(example)}` : ''}
<h4>Responses</h4>
<table><tr><th>status</th><th>meaning</th><th>body</th></tr>${responses.join('')}</table>
<h4>Try it</h4><pre><code>${escapeHtml(curlLine(method, route, baseUrl, example, bearer))}</code></pre>
</section>`;
}

export interface OpenApiPageOptions {
  /** Where the curl examples point. */
  baseUrl?: string;
  /** One line about where the document came from. */
  provenance?: string;
}

/** The whole page for an OpenAPI document. */
export function renderOpenApiHtml(document: unknown, options: OpenApiPageOptions = {}): string {
  const doc = asObject(document);
  const info = asObject(doc.info);
  const baseUrl = options.baseUrl ?? 'http://127.0.0.1:8080';
  const ops = Object.entries(asObject(doc.paths)).flatMap(([route, item]) =>
    METHODS.filter((m) => isObject(asObject(item)[m])).map((m) => ({
      method: m,
      route,
      op: asObject(asObject(item)[m]),
    })),
  );
  const schemas = Object.entries(asObject(asObject(doc.components).schemas));
  const nav = `<h2>Endpoints</h2><ul>${ops
    .map(
      (o) =>
        `<li><a href="#op-${anchor(`${o.method}${o.route}`)}">${o.method.toUpperCase()} ${escapeHtml(o.route)}</a></li>`,
    )
    .join('')}</ul><h2>Schemas</h2><ul>${schemas
    .map(([name]) => `<li><a href="#schema-${anchor(name)}">${escapeHtml(name)}</a></li>`)
    .join('')}</ul>`;
  const summary = ops
    .map(
      (o) =>
        `<tr><td><span class="method ${o.method}">${o.method.toUpperCase()}</span></td><td><a href="#op-${anchor(`${o.method}${o.route}`)}"><code>${escapeHtml(o.route)}</code></a></td><td>${escapeHtml(String(o.op.summary ?? ''))}</td></tr>`,
    )
    .join('');
  const title = `${String(info.title ?? 'API')} ${String(info.version ?? '')}`.trim();
  const body = `<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(String(info.description ?? ''))} OpenAPI ${escapeHtml(String(doc.openapi ?? ''))}.</p>
${options.provenance ? `<p class="muted">${escapeHtml(options.provenance)}</p>` : ''}
<table><tr><th>method</th><th>path</th><th>summary</th></tr>${summary}</table>
<h2>Endpoints</h2>
${ops.map((o) => operationHtml(o.method, o.route, o.op, doc, baseUrl)).join('\n')}
<h2>Schemas</h2>
${schemas
  .map(
    ([name, schema]) => `<section class="item" id="schema-${anchor(name)}">
<h3><span class="kind">schema</span>${escapeHtml(name)}</h3>
<p>${typeLabel(schema)}${typeof asObject(schema).description === 'string' ? ` ${escapeHtml(String(asObject(schema).description))}` : ''}</p>
${schemaView(schema)}
<details><summary>JSON Schema</summary>${pretty(schema)}</details>
</section>`,
  )
  .join('\n')}`;
  return page(`${title}: HTTP API`, nav, body);
}
