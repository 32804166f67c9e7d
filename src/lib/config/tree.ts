/** Small helpers over plain JSON-like config trees addressed by dotted paths. */
export type Tree = Record<string, unknown>;

export function isPlainObject(value: unknown): value is Tree {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function splitPath(path: string): string[] {
  return path === '' ? [] : path.split('.');
}

export function getPath(tree: unknown, path: string): { found: boolean; value: unknown } {
  let node: unknown = tree;
  for (const part of splitPath(path)) {
    if (!isPlainObject(node) || !Object.hasOwn(node, part)) return { found: false, value: undefined };
    node = node[part];
  }
  return { found: true, value: node };
}

export function setPath(tree: Tree, path: string, value: unknown): void {
  const parts = splitPath(path);
  const last = parts.pop();
  if (last === undefined) throw new Error('setPath needs a non-empty path');
  let node = tree;
  for (const part of parts) {
    const next = node[part];
    if (!isPlainObject(next)) node[part] = {};
    node = node[part] as Tree;
  }
  node[last] = value;
}

export function deletePath(tree: Tree, path: string): void {
  const parts = splitPath(path);
  const last = parts.pop();
  const parent = getPath(tree, parts.join('.')).value;
  if (last !== undefined && isPlainObject(parent)) delete parent[last];
}

/** Leaf paths of a tree; lists and empty objects are leaves. */
export function leafPaths(tree: unknown, prefix = ''): string[] {
  if (!isPlainObject(tree) || (Object.keys(tree).length === 0 && prefix !== '')) return prefix ? [prefix] : [];
  return Object.entries(tree).flatMap(([key, value]) => leafPaths(value, prefix ? `${prefix}.${key}` : key));
}

/** Every path (inner nodes too), for suggestions. */
export function allPaths(tree: unknown, prefix = ''): string[] {
  if (!isPlainObject(tree)) return [];
  return Object.entries(tree).flatMap(([key, value]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return [path, ...allPaths(value, path)];
  });
}

export function cloneTree<T>(tree: T): T {
  return structuredClone(tree);
}
