#!/usr/bin/env node
// API tests against a running `mlx serve`: a local process, a container (scripts/docker-smoke.sh) or the deployed
// Cloud Run service (.github/workflows/deploy.yml). Plain Node (>= 18, global fetch), no dependencies.
//
//   node scripts/api-smoke.mjs --url http://127.0.0.1:8080 [--cases deploy/api-tests/penguins.json]
//                              [--token-env MLX_API_TOKEN] [--wait 60]
//
// Checks /health, /ready, /v1/model, /openapi.json, /metrics, POST /v1/predict (every case's expected label,
// probabilities summing to 1, the request id echoed) and that an invalid instance is rejected with the error
// shape of the API. Prints one line per check and a summary; exits 1 if any check failed.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    cases: { type: 'string', default: path.join(root, 'deploy/api-tests/penguins.json') },
    'token-env': { type: 'string' },
    wait: { type: 'string', default: '60' },
  },
});
if (!values.url) {
  console.error('usage: api-smoke.mjs --url BASE_URL [--cases FILE] [--token-env NAME] [--wait SECONDS]');
  process.exit(2);
}
const base = values.url.replace(/\/+$/, '');
const cases = JSON.parse(readFileSync(values.cases, 'utf8'));
const token = values['token-env'] ? process.env[values['token-env']] : undefined;
if (values['token-env'] && !token) {
  console.error(`api-smoke: the environment variable ${values['token-env']} is empty`);
  process.exit(2);
}
const auth = token ? { authorization: `Bearer ${token}` } : {};

let passed = 0;
let failed = 0;
/** Runs one named check; a thrown error or a false result is a failure. */
async function check(name, fn) {
  try {
    const detail = await fn();
    passed += 1;
    console.log(`ok - ${name}${typeof detail === 'string' ? ` (${detail})` : ''}`);
  } catch (error) {
    failed += 1;
    console.log(`FAIL - ${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
function assert(condition, message) {
  if (!condition) throw new Error(message);
}
async function request(method, route, body) {
  const headers = { ...auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) };
  const res = await fetch(`${base}${route}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

// Wait for readiness first: a cold Cloud Run instance or a container still loading its model answers 503.
const deadline = Date.now() + Number(values.wait) * 1000;
let ready = false;
while (Date.now() < deadline) {
  try {
    if ((await request('GET', '/ready')).status === 200) {
      ready = true;
      break;
    }
  } catch {
    // not listening yet
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
}

await check('GET /ready answers 200', async () => {
  assert(ready, `not ready within ${values.wait} s`);
  const res = await request('GET', '/ready');
  assert(res.status === 200, `status ${res.status}`);
});
await check('GET /health answers {"status":"ok"}', async () => {
  const res = await request('GET', '/health');
  assert(res.status === 200 && res.json?.status === 'ok', `status ${res.status}, body ${res.text.slice(0, 200)}`);
});
await check('GET /v1/model names the model and its version', async () => {
  const res = await request('GET', '/v1/model');
  assert(res.status === 200, `status ${res.status}`);
  assert(typeof res.json?.name === 'string' && res.json.version != null, `body ${res.text.slice(0, 200)}`);
  return `${res.json.name} v${res.json.version}`;
});
await check('GET /openapi.json is an OpenAPI 3.1 document with /v1/predict', async () => {
  const res = await request('GET', '/openapi.json');
  assert(res.status === 200, `status ${res.status}`);
  assert(String(res.json?.openapi).startsWith('3.1'), `openapi ${res.json?.openapi}`);
  assert(res.json?.paths?.['/v1/predict'], 'no /v1/predict path');
});
await check('POST /v1/predict returns the expected label for every case', async () => {
  const requestId = `api-smoke-${Date.now()}`;
  const instances = cases.predict.map((c) => c.instance);
  const res = await fetch(`${base}/v1/predict`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json', 'x-request-id': requestId },
    body: JSON.stringify({ instances }),
    signal: AbortSignal.timeout(15_000),
  });
  const body = await res.json();
  assert(res.status === 200, `status ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
  assert(res.headers.get('x-request-id') === requestId, `X-Request-Id ${res.headers.get('x-request-id')}`);
  assert(body.predictions?.length === instances.length, `${body.predictions?.length} predictions`);
  cases.predict.forEach((c, i) => {
    const p = body.predictions[i];
    if (c.expect.label !== undefined) {
      assert(p.label === c.expect.label, `instance ${i}: label ${p.label}, expected ${c.expect.label}`);
      const sum = Object.values(p.probabilities).reduce((a, b) => a + b, 0);
      assert(Math.abs(sum - 1) < 1e-3, `instance ${i}: probabilities sum to ${sum}`);
    }
    if (c.expect.value !== undefined) {
      assert(Math.abs(p.value - c.expect.value) <= (c.expect.tolerance ?? 1e-6), `instance ${i}: value ${p.value}`);
    }
  });
  assert(body.model_version != null, 'no model_version');
  return `${instances.length} instances, model version ${body.model_version}`;
});
if (cases.invalid) {
  await check(`POST /v1/predict rejects an invalid instance with ${cases.invalid.expectStatus}`, async () => {
    const res = await request('POST', '/v1/predict', { instances: [cases.invalid.instance] });
    assert(res.status === cases.invalid.expectStatus, `status ${res.status}`);
    assert(typeof res.json?.error?.code === 'string', `body ${res.text.slice(0, 200)}`);
    assert(
      res.json.error.details?.some((d) => String(d.path).startsWith('instances[0]')),
      'no per-field details',
    );
  });
}
await check('GET /metrics exposes the request counter', async () => {
  const res = await request('GET', '/metrics');
  assert(res.status === 200, `status ${res.status}`);
  assert(res.text.includes('mlx_http_requests_total'), 'no mlx_http_requests_total');
});

console.log(`api-smoke: ${passed} checks passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
