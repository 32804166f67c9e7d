import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRegistry } from '../../../src/lib/tracking/registry.js';
import { FolderRegistryStore } from '../../../src/lib/tracking/registry-store.js';
import { cookiesOf, csrfOf, record, registeredRun, tempProject, uiApp, writeRun } from './fixtures.js';

const get = async (app: ReturnType<typeof uiApp>['app'], url: string, headers: Record<string, string> = {}) => {
  const res = await app.request(url, { headers: { accept: 'text/html', ...headers } });
  return { res, text: await res.text() };
};

describe('mlx ui pages (app.request, a project on disk)', () => {
  it('lists runs with sorting, filtering and paging, and links each run', async () => {
    const project = tempProject();
    for (let i = 0; i < 30; i++)
      writeRun(
        project.root,
        record(`2026010${i % 10}-1200${String(i).padStart(2, '0')}-aa`, { params: { 'train.lr': i / 1000 } }),
      );
    const { app } = uiApp(project);
    const all = await get(app, '/runs?size=10');
    expect(all.res.status).toBe(200);
    expect(all.text).toContain('30 of 30 runs · page 1 of 3');
    expect(all.text.match(/<tr><td><input type="checkbox" name="run"/g)).toHaveLength(10);
    const filtered = await get(app, `/runs?q=${encodeURIComponent('lr>=0.025')}&sort=params.train.lr&dir=asc`);
    expect(filtered.text).toContain('5 of 30 runs');
    const lrs = [...filtered.text.matchAll(/<td>(0\.0\d+)<\/td>/g)].map((m) => Number(m[1]));
    expect(lrs).toEqual([0.025, 0.026, 0.027, 0.028, 0.029]);
    const unknown = await get(app, '/runs?q=nosuch%3D1');
    expect(unknown.text).toContain('unknown field &#39;nosuch&#39;');
  });

  it('shows what is missing: a corrupt run folder, a run without metrics or history, a deleted bundle', async () => {
    const project = tempProject();
    writeRun(project.root, { id: '20260101-000000-bad', raw: '{"id": "20260101-000000-bad", "status": ' });
    writeRun(
      project.root,
      record('20260102-000000-nometrics', { status: 'failed', metrics: {}, error: 'diverged' }),
      null,
    );
    await registeredRun(project.root, '20260103-000000-gone', 1);
    rmSync(path.join(project.root, 'runs', '20260103-000000-gone', 'model'), { recursive: true });
    const { app } = uiApp(project);

    const list = await get(app, '/runs');
    expect(list.res.status).toBe(200);
    expect(list.text).toContain('3 of 3 runs');
    expect(list.text).toMatch(/class="status status-corrupt" title="run.json is not valid JSON/);

    const corrupt = await get(app, '/runs/20260101-000000-bad');
    expect(corrupt.res.status).toBe(200);
    expect(corrupt.text).toContain('run.json is not valid JSON');
    expect(corrupt.text).toContain('Resolved config');

    const failed = await get(app, '/runs/20260102-000000-nometrics');
    expect(failed.text).toContain('the run has no metrics (status failed: diverged)');
    expect(failed.text).toContain('history.json is missing: no learning curves');

    const gone = await get(app, '/runs/20260103-000000-gone');
    expect(gone.text).toContain('the bundle folder');
    expect(gone.text).toContain('is missing');
    expect(gone.text).toContain('no evaluation report yet: run `mlx evaluate --model 20260103-000000-gone`');
    expect(gone.text).toContain('<svg'); // the learning curves still render
  });

  it('embeds the evaluation report in a sandboxed frame served with its own CSP', async () => {
    const project = tempProject();
    await registeredRun(project.root, '20260103-000000-ok', 1);
    const dir = path.join(project.root, 'reports', 'evaluate', 'penguins-v1');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'report.html'), '<html><body><h1>Evaluation of penguins</h1></body></html>');
    const { app } = uiApp(project);
    const page = await get(app, '/runs/20260103-000000-ok');
    expect(page.text).toContain('<iframe class="report" src="/runs/20260103-000000-ok/report"');
    expect(page.text).toContain('sandbox');
    expect(page.text).toContain('abc123'); // git commit from the bundle's lineage
    const report = await get(app, '/runs/20260103-000000-ok/report');
    expect(report.text).toContain('Evaluation of penguins');
    expect(report.res.headers.get('content-security-policy')).toContain('sandbox');
  });

  it('compares three runs: only differing params by default, best metric marked', async () => {
    const project = tempProject();
    const ids = ['20260101-000000-a', '20260101-000000-b', '20260101-000000-c'];
    for (const [i, id] of ids.entries())
      writeRun(
        project.root,
        record(id, {
          params: { 'train.lr': [0.1, 0.01, 0.001][i], seed: 42 },
          metrics: { val_accuracy: [0.7, 0.9, 0.8][i] as number },
        }),
      );
    const { app } = uiApp(project);
    const page = await get(app, `/compare?${ids.map((id) => `run=${id}`).join('&')}&run=nope`);
    expect(page.text).toContain('<h1>Compare 3 runs</h1>');
    expect(page.text).toContain('no run &#39;nope&#39;');
    expect(page.text).toContain('Only params that differ (1 of 2)');
    expect(page.text).toContain('class="compare only-differing"');
    expect(page.text).toMatch(/<td class="num best"><strong>0.9<\/strong>/);
    const all = await get(app, `/compare?${ids.map((id) => `run=${id}`).join('&')}&diff=0`);
    expect(all.text).not.toContain('class="compare only-differing"');
  });

  it('promotes through a confirmation and a CSRF-checked POST, then shows what the alias pointed to before', async () => {
    const project = tempProject();
    await registeredRun(project.root, '20260101-000000-v1', 1);
    await registeredRun(project.root, '20260102-000000-v2', 2);
    const { app } = uiApp(project);
    const step = async (version: number) => {
      const confirm = await get(app, `/models/penguins/promote?version=${version}&alias=production`);
      expect(confirm.text).toContain(`Point penguins@production at v${version}?`);
      const body = new URLSearchParams({ _csrf: csrfOf(confirm.text), version: String(version), alias: 'production' });
      return app.request('/models/penguins/promote', {
        method: 'POST',
        body,
        headers: { cookie: cookiesOf(confirm.res), 'content-type': 'application/x-www-form-urlencoded' },
      });
    };
    expect((await step(1)).status).toBe(303);
    const done = await step(2);
    expect(done.status).toBe(303);
    const models = await get(app, done.headers.get('location') ?? '');
    expect(models.text).toContain('penguins@production → v2 (was v1)');
    expect(
      (await readRegistry(new FolderRegistryStore(path.join(project.root, 'models')), 'penguins')).aliases,
    ).toEqual({ production: 2 });

    const forged = await app.request('/models/penguins/unalias', {
      method: 'POST',
      body: new URLSearchParams({ alias: 'production', _csrf: 'guess' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(forged.status).toBe(403);
    const crossSite = await app.request('/models/penguins/unalias', {
      method: 'POST',
      body: new URLSearchParams({ alias: 'production' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' },
    });
    expect(crossSite.status).toBe(403);
    expect(
      (await readRegistry(new FolderRegistryStore(path.join(project.root, 'models')), 'penguins')).aliases,
    ).toEqual({ production: 2 });
  });

  it('answers the predict form with per-field errors, then a prediction', async () => {
    const project = tempProject();
    const { app, loads } = uiApp(project);
    const form = await get(app, '/predict');
    expect(form.text).toContain('<select id="f-island"');
    const post = (fields: Record<string, string>) =>
      app.request('/predict', {
        method: 'POST',
        body: new URLSearchParams({ _csrf: csrfOf(form.text), model: 'latest', ...fields }),
        headers: { cookie: cookiesOf(form.res), 'content-type': 'application/x-www-form-urlencoded' },
      });
    const bad = await post({ bill_length_mm: 'abc', island: '' });
    expect(bad.status).toBe(200);
    const badText = await bad.text();
    expect(badText).toMatch(/id="f-bill_length_mm-error">[^<]*number/);
    expect(badText).toContain('id="f-island-error"');
    expect(badText).toContain('aria-invalid="true"');
    const good = await post({ bill_length_mm: '39.1', island: 'Torgersen', sex: 'male' });
    expect(good.status).toBe(200);
    expect(await good.text()).toMatch(/id="predicted-label">(Adelie|Chinstrap|Gentoo)</);
    expect(loads()).toBe(1); // one model load for the three requests
  });

  it('answers unknown routes with a 404 page and bugs with a 500 page without a stack trace', async () => {
    const project = tempProject();
    const { app } = uiApp(project, {
      runs: {
        list: () => {
          throw new Error('disk on fire at /secret/path');
        },
      },
    });
    const missing = await get(app, '/no/such/page');
    expect(missing.res.status).toBe(404);
    expect(missing.text).toContain('<h1>Not found</h1>');
    const broken = await get(app, '/runs');
    expect(broken.res.status).toBe(500);
    expect(broken.text).not.toContain('disk on fire');
    expect(broken.text).not.toContain('at ');
  });
});

describe('mlx ui security', () => {
  it('sets a strict CSP and refuses a foreign Host header on loopback (DNS rebinding)', async () => {
    const { app } = uiApp(tempProject(), { allowedHostnames: ['127.0.0.1', 'localhost'] });
    const ok = await get(app, 'http://127.0.0.1:4800/runs', { host: '127.0.0.1:4800' });
    expect(ok.res.status).toBe(200);
    expect(ok.res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(ok.res.headers.get('content-security-policy')).not.toContain('unsafe');
    // `no-referrer` would make Chrome send `Origin: null` with the UI's own forms (refused below).
    expect(ok.res.headers.get('referrer-policy')).toBe('same-origin');
    const nullOrigin = await app.request('/predict', {
      method: 'POST',
      body: new URLSearchParams({ _csrf: 'x' }),
      headers: { origin: 'null', host: '127.0.0.1:4800', 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(nullOrigin.status).toBe(403);
    const evil = await get(app, 'http://evil.example:4800/runs', { host: 'evil.example:4800' });
    expect(evil.res.status).toBe(403);
  });

  it('with a token: redirects browsers to sign in, accepts the bearer header or the login cookie, never renders the token', async () => {
    const token = 'correct-horse-battery-staple';
    const { app } = uiApp(tempProject(), { token });
    const anon = await get(app, '/runs');
    expect(anon.res.status).toBe(303);
    expect(anon.res.headers.get('location')).toBe('/login?next=%2Fruns');
    expect((await app.request('/runs')).status).toBe(401);
    expect((await get(app, '/runs', { authorization: `Bearer ${token}` })).res.status).toBe(200);
    expect((await get(app, '/runs', { authorization: 'Bearer wrong-token-wrong-token' })).res.status).toBe(303);

    const login = await get(app, '/login?next=/models');
    const signIn = (value: string) =>
      app.request('/login', {
        method: 'POST',
        body: new URLSearchParams({ _csrf: csrfOf(login.text), token: value, next: '/models' }),
        headers: { cookie: cookiesOf(login.res), 'content-type': 'application/x-www-form-urlencoded' },
      });
    expect((await signIn('nope')).status).toBe(401);
    const ok = await signIn(token);
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/models');
    const cookie = `${cookiesOf(login.res)}; ${cookiesOf(ok)}`;
    expect(cookie).not.toContain(token);
    const page = await get(app, '/models', { cookie });
    expect(page.res.status).toBe(200);
    expect(page.text).not.toContain(token);
  });
});
