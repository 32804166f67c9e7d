import { ConfigError } from '../errors.js';

/** Key segments that reach JavaScript's object machinery instead of a config value (prototype pollution). */
const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'prototype', 'constructor']);

/** Config group and environment names: one file name under `configs/<group>/`, no separators. */
const NAME = /^[A-Za-z0-9_.-]+$/;

/** The first segment of a dotted key that may not be used (`__proto__`, `prototype`, `constructor`), or null. */
export function forbiddenSegment(key: string): string | null {
  return key.split('.').find((part) => FORBIDDEN_SEGMENTS.has(part)) ?? null;
}

/** Throws MLX_CONFIG_OVERRIDE when a key (from `via`: a file, an env var, --set) has a forbidden segment. */
export function assertSafeKey(key: string, via: string): void {
  const bad = forbiddenSegment(key);
  if (bad === null) return;
  throw new ConfigError(`'${key.slice(0, 200)}' (${via}) uses '${bad}', which is not allowed in a config key.`, {
    code: 'MLX_CONFIG_OVERRIDE',
    hint: "Config keys never contain the segments '__proto__', 'prototype' or 'constructor'; fix or remove that key.",
    details: { key: key.slice(0, 200), layer: via },
  });
}

/** Whether a config group or option name (`model`, `mlp_large`, an MLX_ENV value) is one plain file name. */
export function isSafeName(name: string): boolean {
  return NAME.test(name) && name !== '.' && name !== '..' && name.length <= 100 && !FORBIDDEN_SEGMENTS.has(name);
}

/** Throws MLX_CONFIG_GROUP when a group or option name could leave `configs/` (`../../x`). */
export function assertSafeName(what: string, name: string, via: string): void {
  if (isSafeName(name)) return;
  throw new ConfigError(`${what} '${name.slice(0, 200)}' (${via}) is not a valid name.`, {
    code: 'MLX_CONFIG_GROUP',
    hint: 'Config group and environment names are file names under configs/: letters, digits, _, . and - only (no / or ..).',
    details: { name: name.slice(0, 200), layer: via },
  });
}
