import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../lib/errors.js';

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

/**
 * A file the user named with `flag`: absolute, and checked to exist, so a typo is reported against
 * the flag that gave it (not against a config key such as data.source). Exit 2.
 */
export function existingFile(value: string, flag: string): string;
export function existingFile(value: string | undefined, flag: string): string | undefined;
export function existingFile(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  const file = path.resolve(value);
  const hint = `Check the path given to ${flag}: relative paths are from the current folder (${process.cwd()}).`;
  if (!existsSync(file))
    throw new InputError('MLX_FILE_NOT_FOUND', `${flag} ${value}: no such file (${file}).`, { hint });
  if (!statSync(file).isFile())
    throw new InputError('MLX_FILE_TYPE', `${flag} ${value}: it is a folder, not a file (${file}).`, { hint });
  return file;
}
