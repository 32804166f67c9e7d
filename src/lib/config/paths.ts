import path from 'node:path';

/**
 * The one rule for paths that come from the config (`data.source`, `paths.*`, `serve.store_path`, ...):
 * relative to the project root (the config file's folder), or absolute. Paths the user types on the
 * command line are resolved against the current directory by the command, before the library sees them.
 */
export function projectPath(root: string, configured: string): string {
  return path.resolve(root, configured);
}
