import { get } from 'node:http';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/lib/errors.js';
import { silentLogger } from '../../../src/lib/logging.js';
import { startUi, uiToken } from '../../../src/lib/ui/index.js';
import { record, tempProject, writeRun } from './fixtures.js';

describe('mlx ui server', () => {
  it('needs no token on loopback, and refuses to bind elsewhere without a long enough one', () => {
    expect(uiToken('127.0.0.1', 'T', {})).toBeNull();
    expect(uiToken('::1', 'T', {})).toBeNull();
    expect(() => uiToken('0.0.0.0', 'T', {})).toThrow(ConfigError);
    expect(() => uiToken('0.0.0.0', 'T', {})).toThrow(/without a token/);
    expect(() => uiToken('0.0.0.0', 'T', { T: 'short' })).toThrow(/too short/);
    expect(uiToken('0.0.0.0', 'T', { T: 'a-long-enough-token' })).toBe('a-long-enough-token');
  });

  it('listens on 127.0.0.1:0, serves the runs page, and stops when the signal aborts', async () => {
    const project = tempProject();
    writeRun(project.root, record('20260101-000000-a'));
    const controller = new AbortController();
    const ui = await startUi({ ...project, logger: silentLogger(), port: 0, env: {}, signal: controller.signal });
    expect(ui.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(ui.protected).toBe(false);
    const res = await fetch(`${ui.url}/runs`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('20260101-000000-a');
    // fetch() may not set Host: a DNS-rebinding page would reach us with its own name in it.
    const foreign = await new Promise<number>((resolve, reject) =>
      get(`${ui.url}/runs`, { headers: { host: 'attacker.example' } }, (r) => {
        r.resume();
        resolve(r.statusCode ?? 0);
      }).on('error', reject),
    );
    expect(foreign).toBe(403);
    controller.abort('SIGINT');
    await ui.closed;
    await expect(fetch(`${ui.url}/runs`)).rejects.toThrow();
  });
});
