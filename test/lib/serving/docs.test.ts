import { describe, expect, it } from 'vitest';
import { DOCS_CSP } from '../../../src/lib/serving/routes/docs.js';
import { createTestApp } from './helpers.js';

describe('GET /docs', () => {
  it('serves the page and its own script and stylesheet with a CSP that allows only them', async () => {
    const { app } = await createTestApp();
    const page = await app.request('/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(DOCS_CSP);
    const html = await page.text();
    expect(html).toContain('<script src="/docs/docs.js"></script>');
    expect(html).not.toMatch(/https?:\/\//); // no CDN
    const js = await app.request('/docs/docs.js');
    expect(js.headers.get('content-type')).toContain('javascript');
    expect(await js.text()).toContain("fetch('/openapi.json'");
    expect((await app.request('/docs/docs.css')).headers.get('content-type')).toContain('text/css');
    // The JSON API keeps its deny-all policy.
    expect((await app.request('/health')).headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('stays reachable when the API requires a token, while /openapi.json does not answer without it', async () => {
    const { app } = await createTestApp({ authToken: 'tok-tok-tok-tok-tok' });
    expect((await app.request('/docs')).status).toBe(200);
    expect((await app.request('/openapi.json')).status).toBe(401);
    const doc = await app.request('/openapi.json', { headers: { authorization: 'Bearer tok-tok-tok-tok-tok' } });
    expect(doc.status).toBe(200);
  });
});
