import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { UiDeps, UiEnv } from './deps.js';

/** The UI's pages: own scripts and styles only; frames only from the UI itself (embedded reports). */
export const PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "form-action 'self'; frame-src 'self'; frame-ancestors 'none'; base-uri 'none'";

/** Reports mlx wrote (inline styles, no script), shown inside a sandboxed frame of the UI. */
export const REPORT_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; sandbox";

const CSRF_COOKIE = 'mlx_ui_csrf';
const LOGIN_COOKIE = 'mlx_ui_login';
const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]', '::1'];

/** Host names a loopback-bound UI answers to (anything else is a DNS-rebinding attempt). */
export function loopbackHostnames(): readonly string[] {
  return LOOPBACK;
}

/** Whether an interface address is loopback-only. */
export function isLoopback(host: string): boolean {
  return LOOPBACK.includes(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** A new random secret (CSRF and login cookie signing) for one process. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

const hmac = (secret: string, value: string) => createHmac('sha256', secret).update(value).digest('base64url');

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function hostnameOf(host: string): string {
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  return host.split(':')[0] ?? '';
}

function originHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null; // `Origin: null` (sandboxed frames, file://) is never our page
  }
}

/** Security headers on every answer: a strict CSP, no sniffing, no referrer, never cached by proxies. */
export function pageHeaders(): MiddlewareHandler<UiEnv> {
  return async (c, next) => {
    c.header('Content-Security-Policy', PAGE_CSP);
    c.header('X-Content-Type-Options', 'nosniff');
    // Not `no-referrer`: under it Chrome sends `Origin: null` with our own form POSTs.
    c.header('Referrer-Policy', 'same-origin');
    c.header('X-Frame-Options', 'DENY');
    c.header('Cross-Origin-Opener-Policy', 'same-origin');
    c.header('Cross-Origin-Resource-Policy', 'same-origin');
    c.header('Cache-Control', 'no-store');
    await next();
  };
}

/** Rejects requests whose Host header is not one the UI was bound for (DNS rebinding). */
export function hostGuard(allowed: readonly string[] | null): MiddlewareHandler<UiEnv> {
  return async (c, next) => {
    const host = c.req.header('host');
    if (allowed && (!host || !allowed.includes(hostnameOf(host).toLowerCase())))
      return c.text('Forbidden: unexpected Host header', 403);
    await next();
  };
}

/** The login cookie's value: derived from the token, never the token itself. */
function loginValue(deps: Pick<UiDeps, 'secret' | 'token'>): string {
  return hmac(deps.secret, `login:${deps.token ?? ''}`);
}

/** Whether a presented token (login form or bearer header) is the UI's token. */
export function tokenMatches(deps: Pick<UiDeps, 'token'>, presented: string): boolean {
  return deps.token !== null && sameText(presented, deps.token);
}

/** Signs the browser in (after a correct token on the login form). */
export function setLogin(c: Context<UiEnv>, deps: Pick<UiDeps, 'secret' | 'token'>): void {
  setCookie(c, LOGIN_COOKIE, loginValue(deps), { httpOnly: true, sameSite: 'Strict', path: '/' });
}

/** With a token: every request needs `Authorization: Bearer <token>` or the login cookie; else → login. */
export function requireToken(deps: Pick<UiDeps, 'secret' | 'token'>): MiddlewareHandler<UiEnv> {
  return async (c, next) => {
    if (deps.token === null || c.req.path === '/login' || c.req.path.startsWith('/assets/')) return next();
    const bearer = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1];
    const cookie = getCookie(c, LOGIN_COOKIE);
    if ((bearer && tokenMatches(deps, bearer)) || (cookie && sameText(cookie, loginValue(deps)))) return next();
    if (c.req.method === 'GET' && (c.req.header('accept') ?? '').includes('text/html'))
      return c.redirect(`/login?next=${encodeURIComponent(c.req.path)}`, 303);
    return c.text('Unauthorized: a token is required (Authorization: Bearer <token>)', 401, {
      'WWW-Authenticate': 'Bearer',
    });
  };
}

/**
 * CSRF protection: a random cookie per browser; every form carries an HMAC of it, checked on POST, and
 * a cross-site Origin / Sec-Fetch-Site is refused outright. The token for forms is in `c.get('csrf')`.
 */
export function csrf(secret: string): MiddlewareHandler<UiEnv> {
  return async (c, next) => {
    let id = getCookie(c, CSRF_COOKIE);
    if (!id || !/^[\w-]{20,64}$/.test(id)) {
      id = randomBytes(18).toString('base64url');
      setCookie(c, CSRF_COOKIE, id, { httpOnly: true, sameSite: 'Strict', path: '/' });
    }
    const expected = hmac(secret, `csrf:${id}`);
    c.set('csrf', expected);
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const site = c.req.header('sec-fetch-site');
      const origin = c.req.header('origin');
      const host = c.req.header('host');
      if ((site && site !== 'same-origin' && site !== 'none') || (origin && host && originHost(origin) !== host))
        return c.text('Forbidden: cross-site request', 403);
      const form = await c.req.parseBody();
      const sent = typeof form._csrf === 'string' ? form._csrf : '';
      if (!sameText(sent, expected))
        return c.text('Forbidden: the form expired or came from elsewhere (CSRF check); reload the page', 403);
    }
    await next();
  };
}
