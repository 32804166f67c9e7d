import { csrfField, html, page } from '../html.js';

/** 404: what was asked for, and where to go (never a stack trace). */
export function notFoundPage(what: string): string {
  const body = html`<h1>Not found</h1><p>${what}</p><p>Go to the <a href="/runs">runs</a>, <a href="/models">models</a> or <a href="/data">data</a>.</p>`;
  return page({ title: 'Not found', body });
}

/** 500: a bug or an unreadable file; the details go to the log, not the page. */
export function errorPage(message: string): string {
  const body = html`<h1>Something went wrong</h1><p>${message}</p><p>The terminal running <code>mlx ui</code> has the details.</p>`;
  return page({ title: 'Error', body });
}

/** The login form (only when the UI requires a token: bound to a non-loopback address). */
export function loginPage(next: string, csrf: string, failed: boolean): string {
  const body = html`<h1>Sign in</h1>
${failed ? html`<p class="error" role="alert">That token is not the one this UI was started with.</p>` : ''}
<form method="post" action="/login" class="login">${csrfField(csrf)}<input type="hidden" name="next" value="${next}">
<label for="token">Access token</label> <input id="token" name="token" type="password" autocomplete="current-password" required aria-describedby="token-help">
<small id="token-help">The value of the environment variable named by <code>--token-env</code> (default MLX_UI_TOKEN) when <code>mlx ui</code> started.</small>
<button type="submit">Sign in</button></form>`;
  return page({ title: 'Sign in', body });
}
