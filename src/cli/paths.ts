import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The path rule of the CLI: a path the user types is relative to the current directory. Commands turn
 * them into absolute paths before calling the library (config paths are the library's: relative to the
 * project root).
 */
export function userPath(value: string): string;
export function userPath(value: string | undefined): string | undefined;
export function userPath(value: string | undefined): string | undefined {
  return value === undefined ? undefined : path.resolve(value);
}

/**
 * A model REF as typed: a path that exists from the current directory becomes absolute; anything else
 * (a run id, NAME@ALIAS, NAME@VERSION, `latest`) is passed on as it is.
 */
export function userModelRef(ref: string): string;
export function userModelRef(ref: string | undefined): string | undefined;
export function userModelRef(ref: string | undefined): string | undefined {
  if (ref === undefined) return undefined;
  const asPath = path.resolve(ref);
  return existsSync(asPath) ? asPath : ref;
}
