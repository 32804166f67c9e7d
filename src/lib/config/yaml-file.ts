import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { ConfigError } from '../errors.js';

/** Reads a YAML (or JSON) config file; a syntax error names the file, line and column. */
export function readYamlFile(file: string, content?: string): unknown {
  let text = content;
  if (text === undefined) {
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new ConfigError(`Cannot read config file ${file}: ${(error as Error).message}`, {
        code: 'MLX_CONFIG_FILE',
        cause: error,
      });
    }
  }
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const pos = first.linePos?.[0];
    const where = pos ? `:${pos.line}:${pos.col}` : '';
    throw new ConfigError(`Invalid YAML in ${file}${where}: ${first.message.split('\n')[0]}`, {
      code: 'MLX_CONFIG_FILE',
      hint: 'Fix the syntax at that position (YAML indentation uses spaces, not tabs).',
    });
  }
  let tree: unknown;
  try {
    // A small alias budget: a config never needs thousands of expansions ("billion laughs" otherwise).
    tree = doc.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    throw new ConfigError(`Invalid YAML in ${file}: ${(error as Error).message.split('\n')[0]}`, {
      code: 'MLX_CONFIG_FILE',
      hint: 'Use fewer YAML aliases (*name): write the repeated values out.',
      cause: error,
    });
  }
  const cycle = recursivePath(tree);
  if (cycle !== null)
    throw new ConfigError(`Invalid YAML in ${file}: a recursive alias at '${cycle || '(root)'}' contains itself.`, {
      code: 'MLX_CONFIG_FILE',
      hint: 'An anchor (&name) cannot be used (*name) inside its own value: write the value out.',
    });
  return tree ?? {};
}

/** The dotted path of the first value that contains itself (a recursive YAML alias), or null. */
function recursivePath(value: unknown, at = '', ancestors = new Set<object>()): string | null {
  if (typeof value !== 'object' || value === null) return null;
  if (ancestors.has(value)) return at;
  ancestors.add(value);
  for (const [key, child] of Object.entries(value)) {
    const found = recursivePath(child, at ? `${at}.${key}` : key, ancestors);
    if (found !== null) return found;
  }
  ancestors.delete(value);
  return null;
}

/** Reads the `# @package ...` directive from the file header (Hydra), if any. */
export function readPackageDirective(text: string): string | undefined {
  for (const line of text.split('\n').slice(0, 5)) {
    const match = /^#\s*@package\s+(\S+)/.exec(line.trim());
    if (match) return match[1];
  }
  return undefined;
}
