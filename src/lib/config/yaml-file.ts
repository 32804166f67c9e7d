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
  return doc.toJS() ?? {};
}

/** Reads the `# @package ...` directive from the file header (Hydra), if any. */
export function readPackageDirective(text: string): string | undefined {
  for (const line of text.split('\n').slice(0, 5)) {
    const match = /^#\s*@package\s+(\S+)/.exec(line.trim());
    if (match) return match[1];
  }
  return undefined;
}
