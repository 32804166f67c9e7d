import type { Hono } from 'hono';
import { TrieRouter } from 'hono/router/trie-router';

/**
 * The methods an app answers on each path, for `405 Method Not Allowed` with its `Allow` header: a router
 * of the app's own routes (middleware excluded), built once after every route is mounted.
 */
export function allowedMethods(app: Pick<Hono, 'routes'>): (path: string) => string[] {
  const router = new TrieRouter<string>();
  const methods = new Set<string>();
  for (const route of app.routes) {
    if (route.method === 'ALL') continue;
    router.add(route.method, route.path, route.method);
    methods.add(route.method);
  }
  return (path) => {
    const allowed = [...methods].filter((method) => router.match(method, path)[0].length > 0);
    // Hono answers HEAD with the GET handler.
    if (allowed.includes('GET')) allowed.push('HEAD');
    return allowed.sort();
  };
}
