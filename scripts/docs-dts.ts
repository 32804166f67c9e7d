// Reads the public API out of emitted declaration files (`dist/**/*.d.ts`) without the TypeScript
// compiler API (TypeScript 7 has none): splits each file into top-level statements, keeps their doc
// comments, and follows the entry point's named re-exports to the declarations they name.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export type DeclarationKind = 'function' | 'class' | 'interface' | 'type' | 'const' | 'enum' | 'namespace';

/** One top-level declaration as the .d.ts file states it. */
export interface Declaration {
  name: string;
  kind: DeclarationKind;
  /** The statement without `export` / `declare`, as emitted. */
  signature: string;
  /** The doc comment's text without the comment markers, or '' when there is none. */
  doc: string;
}

/** A public symbol: every declaration merged under its exported name (overloads, const + type). */
export interface ApiSymbol {
  name: string;
  declarations: Declaration[];
  /** The declaration file it comes from, relative to the declaration root. */
  file: string;
}

interface ExportEntry {
  /** Name exported from this file. */
  exported: string;
  /** Name in the source module (or local name when `from` is undefined). */
  local: string;
  from?: string;
}

interface ParsedFile {
  declarations: Map<string, Declaration[]>;
  exports: ExportEntry[];
  starFrom: string[];
  imports: Map<string, { name: string; from: string }>;
}

interface Statement {
  text: string;
  doc: string;
}

const BLOCK_HEAD = /^(?:export\s+)?(?:declare\s+)?(?:abstract\s+)?(?:interface|class|enum|namespace|module)\b/;

/** Splits declaration-file text into top-level statements with their leading doc comment. */
export function splitStatements(source: string): Statement[] {
  const out: Statement[] = [];
  let depth = 0;
  let start = -1;
  let doc = '';
  let pendingDoc = '';
  let i = 0;
  const end = (to: number) => {
    out.push({ text: source.slice(start, to).trim(), doc });
    start = -1;
    doc = '';
  };
  while (i < source.length) {
    const ch = source[i] as string;
    const next = source[i + 1];
    if (ch === '/' && next === '*') {
      const close = source.indexOf('*/', i + 2);
      const stop = close < 0 ? source.length : close + 2;
      if (start < 0 && source[i + 2] === '*') pendingDoc = source.slice(i, stop);
      i = stop;
      continue;
    }
    if (ch === '/' && next === '/') {
      const nl = source.indexOf('\n', i);
      i = nl < 0 ? source.length : nl;
      continue;
    }
    if (start < 0) {
      if (/\s/.test(ch)) {
        i++;
        continue;
      }
      start = i;
      doc = pendingDoc;
      pendingDoc = '';
    }
    if (ch === '"' || ch === "'" || ch === '`') {
      i = skipString(source, i);
      continue;
    }
    if (ch === '{' || ch === '(' || ch === '[') depth++;
    else if (ch === '}' || ch === ')' || ch === ']') {
      depth--;
      if (depth === 0 && ch === '}' && BLOCK_HEAD.test(source.slice(start, i))) {
        const rest = /^[ \t]*;/.exec(source.slice(i + 1));
        end(i + 1 + (rest ? rest[0].length : 0));
        i += 1 + (rest ? rest[0].length : 0);
        continue;
      }
    } else if (ch === ';' && depth === 0) {
      end(i + 1);
    }
    i++;
  }
  if (start >= 0) end(source.length);
  return out;
}

function skipString(source: string, at: number): number {
  const quote = source[at];
  let i = at + 1;
  while (i < source.length && source[i] !== quote) i += source[i] === '\\' ? 2 : 1;
  return i + 1;
}

/** The text of a `/** ... *\/` comment without its markers and leading asterisks. */
export function cleanDoc(comment: string): string {
  if (!comment) return '';
  return comment
    .replace(/^\/\*\*/, '')
    .replace(/\*\/$/, '')
    .split('\n')
    .map((line) => line.replace(/^\s*\* ?/, ''))
    .join('\n')
    .trim();
}

const DECLARATION =
  /^(?:export\s+)?(?:default\s+)?(?:declare\s+)?(?:abstract\s+)?(function|class|interface|type|const|let|var|enum|namespace)\s+([A-Za-z_$][\w$]*)/;

function parseNames(list: string): { exported: string; local: string }[] {
  return list
    .split(',')
    .map((part) => part.trim().replace(/^type\s+/, ''))
    .filter((part) => part.length > 0)
    .map((part) => {
      const [local, exported] = part.split(/\s+as\s+/);
      return { local: (local ?? '').trim(), exported: (exported ?? local ?? '').trim() };
    });
}

/** Parses one declaration file into its declarations, exports and imports. */
export function parseDeclarationFile(source: string): ParsedFile {
  const parsed: ParsedFile = { declarations: new Map(), exports: [], starFrom: [], imports: new Map() };
  for (const { text, doc } of splitStatements(source)) {
    const flat = text.replace(/\s+/g, ' ');
    const reexport = /^export (?:type )?\{([^}]*)\}(?: from ['"]([^'"]+)['"])?/.exec(flat);
    if (reexport) {
      for (const n of parseNames(reexport[1] ?? '')) parsed.exports.push({ ...n, from: reexport[2] });
      continue;
    }
    const star = /^export \* from ['"]([^'"]+)['"]/.exec(flat);
    if (star?.[1]) {
      parsed.starFrom.push(star[1]);
      continue;
    }
    const imported = /^import (?:type )?\{([^}]*)\} from ['"]([^'"]+)['"]/.exec(flat);
    if (imported) {
      for (const n of parseNames(imported[1] ?? '')) {
        parsed.imports.set(n.exported, { name: n.local, from: imported[2] ?? '' });
      }
      continue;
    }
    const match = DECLARATION.exec(text);
    if (!match?.[1] || !match[2]) continue;
    const keyword = match[1];
    const kind: DeclarationKind = keyword === 'let' || keyword === 'var' ? 'const' : (keyword as DeclarationKind);
    const declaration: Declaration = {
      name: match[2],
      kind,
      signature: text.replace(/^export\s+(?:default\s+)?/, '').replace(/^declare\s+/, ''),
      doc: cleanDoc(doc),
    };
    parsed.declarations.set(match[2], [...(parsed.declarations.get(match[2]) ?? []), declaration]);
    if (/^export\s/.test(text)) parsed.exports.push({ exported: match[2], local: match[2] });
  }
  return parsed;
}

/** Resolves `./x.js` (as written in an emitted file) to the `.d.ts` beside it. */
function resolveModule(fromFile: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(fromFile), specifier).replace(/\.(js|mjs|cjs)$/, '');
  return [`${base}.d.ts`, path.join(base, 'index.d.ts')].find((f) => existsSync(f));
}

/**
 * The public API reachable from an entry declaration file: each exported name resolved through
 * re-exports (`export { a as b } from`, `export *`, imported-then-exported names) to its declarations.
 * Names that come from outside packages (e.g. zod) are skipped.
 */
export function collectPublicApi(entry: string): ApiSymbol[] {
  const root = path.dirname(entry);
  const cache = new Map<string, ParsedFile>();
  const parse = (file: string) => {
    let parsed = cache.get(file);
    if (!parsed) {
      parsed = parseDeclarationFile(readFileSync(file, 'utf8'));
      cache.set(file, parsed);
    }
    return parsed;
  };
  const resolve = (file: string, name: string, seen: Set<string>): ApiSymbol | undefined => {
    const key = `${file}#${name}`;
    if (seen.has(key)) return undefined;
    seen.add(key);
    const parsed = parse(file);
    const own = parsed.declarations.get(name);
    if (own) return { name, declarations: own, file: path.relative(root, file) };
    const alias = parsed.exports.find((e) => e.exported === name && !e.from && e.local !== name);
    if (alias) return resolve(file, alias.local, seen);
    const imported = parsed.imports.get(name);
    const target = imported && resolveModule(file, imported.from);
    if (imported && target) return resolve(target, imported.name, seen);
    for (const entryExport of parsed.exports.filter((e) => e.exported === name && e.from)) {
      const next = resolveModule(file, entryExport.from ?? '');
      const found = next && resolve(next, entryExport.local, seen);
      if (found) return found;
    }
    for (const from of parsed.starFrom) {
      const next = resolveModule(file, from);
      const found = next && resolve(next, name, seen);
      if (found) return found;
    }
    return undefined;
  };
  const names = (file: string, seen = new Set<string>()): string[] => {
    if (seen.has(file)) return [];
    seen.add(file);
    const parsed = parse(file);
    const starNames = parsed.starFrom.flatMap((from) => {
      const next = resolveModule(file, from);
      return next ? names(next, seen) : [];
    });
    return [...parsed.exports.map((e) => e.exported), ...starNames];
  };
  const symbols = new Map<string, ApiSymbol>();
  for (const name of names(entry)) {
    if (symbols.has(name) || name === 'default') continue;
    const found = resolve(entry, name, new Set());
    if (found) symbols.set(name, { ...found, name });
  }
  return [...symbols.values()].sort((a, b) => a.name.localeCompare(b.name));
}
