import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type MlxConfig, projectPath } from '../config/index.js';

/** Absolute paths of everything the data pipeline reads and writes. */
export interface DataPaths {
  root: string;
  source: string;
  processed: string;
  lock: string;
  cache: string;
  outputs: { train: string; val: string; test: string; pipeline: string; schema: string; profile: string };
}

export function dataPaths(root: string, config: MlxConfig): DataPaths {
  const processed = projectPath(root, config.paths.processed);
  const out = (name: string) => path.join(processed, name);
  return {
    root,
    source: projectPath(root, config.data.source),
    processed,
    lock: projectPath(root, config.paths.lock),
    cache: projectPath(root, config.paths.cache),
    outputs: {
      train: out('train.arrow'),
      val: out('val.arrow'),
      test: out('test.arrow'),
      pipeline: out('pipeline.json'),
      schema: out('schema.json'),
      profile: out('profile.json'),
    },
  };
}

/** A path relative to the root, with forward slashes (as stored in data.lock). */
export function relativePath(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

let version: string | undefined;
/** The version of mlx itself (package.json), recorded in data.lock. */
export function mlxVersion(): string {
  if (version === undefined) {
    const pkg = new URL('../../../package.json', import.meta.url);
    version = (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
  }
  return version;
}
