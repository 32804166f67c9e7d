import { ConfigError } from '../errors.js';
import { assertSafeKey } from './safe-names.js';

/** One parsed `--set` argument, Hydra style. */
export type Override =
  | { kind: 'set'; key: string; value: OverrideValue; text: string }
  | { kind: 'add'; key: string; value: OverrideValue; text: string }
  | { kind: 'force'; key: string; value: OverrideValue; text: string }
  | { kind: 'delete'; key: string; value: OverrideValue | undefined; text: string };

/** A single typed value, or a sweep over several (only legal with `--multirun`). */
export type OverrideValue = { kind: 'value'; value: unknown } | { kind: 'sweep'; values: unknown[]; source: string };

const KEY = /^[A-Za-z_][\w\-/@]*(\.[\w\-/@]+)*$/;

/** Parses `key=value`, `+key=value`, `++key=value`, `~key[=value]`. */
export function parseOverride(text: string): Override {
  const trimmed = text.trim();
  const prefix = trimmed.startsWith('++') ? '++' : trimmed.startsWith('+') ? '+' : trimmed.startsWith('~') ? '~' : '';
  const body = trimmed.slice(prefix.length);
  const eq = body.indexOf('=');
  const key = (eq === -1 ? body : body.slice(0, eq)).trim();
  if (!KEY.test(key)) {
    throw new ConfigError(`Invalid override '${text}': '${key}' is not a valid key.`, {
      code: 'MLX_CONFIG_OVERRIDE',
      hint: 'Overrides look like key=value, +key=value, ++key=value or ~key (dotted paths such as train.lr).',
    });
  }
  assertSafeKey(key, `--set ${text.trim().slice(0, 200)}`);
  if (eq === -1) {
    if (prefix === '~') return { kind: 'delete', key, value: undefined, text };
    throw new ConfigError(`Invalid override '${text}': missing '=' and a value.`, {
      code: 'MLX_CONFIG_OVERRIDE',
      hint: `Write ${key}=VALUE, or ~${key} to delete the key.`,
    });
  }
  const value = parseOverrideValue(body.slice(eq + 1), text);
  switch (prefix) {
    case '':
      return { kind: 'set', key, value, text };
    case '+':
      return { kind: 'add', key, value, text };
    case '++':
      return { kind: 'force', key, value, text };
    case '~':
      return { kind: 'delete', key, value, text };
    default:
      return prefix satisfies never;
  }
}

/** Parses the value side of an override: typed primitives, quoted strings, lists, dicts, sweeps. */
export function parseOverrideValue(raw: string, context = raw): OverrideValue {
  const parser = new ValueParser(raw, context);
  return parser.parseTop();
}

class ValueParser {
  private pos = 0;
  constructor(
    private readonly src: string,
    private readonly context: string,
  ) {}

  parseTop(): OverrideValue {
    this.skipWs();
    if (this.atEnd()) return { kind: 'value', value: '' };
    const sweepFn = this.tryFunction();
    if (sweepFn) {
      this.skipWs();
      if (!this.atEnd()) this.fail(`unexpected '${this.src.slice(this.pos)}' after ${sweepFn.name}(...)`);
      return { kind: 'sweep', values: sweepFn.values, source: this.src.trim() };
    }
    const first = this.parseElement(',');
    this.skipWs();
    if (this.atEnd()) return { kind: 'value', value: first };
    const values = [first];
    while (this.peek() === ',') {
      this.pos++;
      values.push(this.parseElement(','));
      this.skipWs();
    }
    if (!this.atEnd()) this.fail(`unexpected '${this.src.slice(this.pos)}'`);
    return { kind: 'sweep', values, source: this.src.trim() };
  }

  private tryFunction(): { name: string; values: unknown[] } | undefined {
    const match = /^(range|choice|interval|glob|shuffle|sort|tag)\s*\(/.exec(this.src.slice(this.pos));
    if (!match) return undefined;
    const name = match[1] as string;
    this.pos += match[0].length;
    const args: unknown[] = [];
    this.skipWs();
    if (this.peek() !== ')') {
      for (;;) {
        args.push(this.parseElement(',)'));
        this.skipWs();
        if (this.peek() === ',') {
          this.pos++;
          continue;
        }
        break;
      }
    }
    this.expect(')');
    if (name === 'choice') {
      if (args.length === 0) this.fail('choice() needs at least one value');
      return { name, values: args };
    }
    if (name === 'range') return { name, values: expandRange(args, this.context) };
    this.fail(`${name}() is not supported; use choice(...), range(...) or a,b,c`);
  }

  /** `stops`: the characters that end an unquoted value in this position. */
  private parseElement(stops: string): unknown {
    this.skipWs();
    const ch = this.peek();
    if (ch === '[') return this.parseList();
    if (ch === '{') return this.parseDict();
    if (ch === "'" || ch === '"') return this.parseQuoted();
    return this.parsePrimitive(stops);
  }

  private parseList(): unknown[] {
    this.expect('[');
    const items: unknown[] = [];
    this.skipWs();
    if (this.peek() === ']') {
      this.pos++;
      return items;
    }
    for (;;) {
      items.push(this.parseElement(',]'));
      this.skipWs();
      if (this.peek() === ',') {
        this.pos++;
        continue;
      }
      this.expect(']');
      return items;
    }
  }

  private parseDict(): Record<string, unknown> {
    this.expect('{');
    const out: Record<string, unknown> = {};
    this.skipWs();
    if (this.peek() === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipWs();
      const keyMatch = /^[A-Za-z_][\w-]*/.exec(this.src.slice(this.pos));
      if (!keyMatch) this.fail('expected a dictionary key');
      assertSafeKey(keyMatch[0], `--set ${this.context.trim().slice(0, 200)}`);
      this.pos += keyMatch[0].length;
      this.skipWs();
      this.expect(':');
      out[keyMatch[0]] = this.parseElement(',}');
      this.skipWs();
      if (this.peek() === ',') {
        this.pos++;
        continue;
      }
      this.expect('}');
      return out;
    }
  }

  private parseQuoted(): string {
    const quote = this.src[this.pos] as string;
    this.pos++;
    let out = '';
    while (!this.atEnd()) {
      const ch = this.src[this.pos] as string;
      if (ch === '\\' && (this.src[this.pos + 1] === quote || this.src[this.pos + 1] === '\\')) {
        out += this.src[this.pos + 1];
        this.pos += 2;
        continue;
      }
      if (ch === quote) {
        this.pos++;
        return out;
      }
      out += ch;
      this.pos++;
    }
    this.fail(`unterminated ${quote === "'" ? 'single' : 'double'}-quoted string`);
  }

  private parsePrimitive(stops: string): unknown {
    const start = this.pos;
    const nested = stops !== ',';
    while (!this.atEnd() && !stops.includes(this.src[this.pos] as string)) {
      const ch = this.src[this.pos] as string;
      if ((nested && '[]{}()'.includes(ch)) || '[{\'"'.includes(ch)) {
        this.fail(`unexpected '${ch}' inside an unquoted value; quote the whole value`);
      }
      this.pos++;
    }
    const text = this.src.slice(start, this.pos).trim();
    if (text === '') this.fail('empty value in a list or sweep');
    return interpretPrimitive(text);
  }

  private skipWs(): void {
    while (!this.atEnd() && /\s/.test(this.src[this.pos] as string)) this.pos++;
  }

  private peek(): string | undefined {
    return this.src[this.pos];
  }

  private atEnd(): boolean {
    return this.pos >= this.src.length;
  }

  private expect(ch: string): void {
    this.skipWs();
    if (this.peek() !== ch)
      this.fail(`expected '${ch}'${this.atEnd() ? ' before the end' : ` at '${this.src.slice(this.pos)}'`}`);
    this.pos++;
  }

  private fail(message: string): never {
    throw new ConfigError(`Invalid override '${this.context}': ${message}.`, {
      code: 'MLX_CONFIG_OVERRIDE',
      hint: "Quote a value that contains special characters: key='a,b'. Lists: key=[1,2]. Dicts: key={a:1}.",
    });
  }
}

const INT = /^[+-]?(0|[1-9](_?\d)*)$/;
const FLOAT = /^[+-]?(((\d(_?\d)*)?\.\d(_?\d)*|\d(_?\d)*\.)([eE][+-]?\d(_?\d)*)?|\d(_?\d)*[eE][+-]?\d(_?\d)*)$/;

/** Types an unquoted token: int, float (incl. inf/nan), bool, null, else string. */
export function interpretPrimitive(text: string): unknown {
  if (INT.test(text)) return Number(text.replaceAll('_', ''));
  if (FLOAT.test(text)) return Number(text.replaceAll('_', ''));
  const lower = text.toLowerCase();
  if (/^[+-]?inf$/.test(lower)) return lower.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/.test(lower)) return Number.NaN;
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (lower === 'null') return null;
  return text;
}

function expandRange(args: unknown[], context: string): number[] {
  const nums = args.map((a) => {
    if (typeof a !== 'number' || !Number.isFinite(a)) {
      throw new ConfigError(`Invalid override '${context}': range() takes numbers, got '${String(a)}'.`, {
        code: 'MLX_CONFIG_OVERRIDE',
        hint: 'range(stop), range(start, stop) or range(start, stop, step), stop excluded, like Python.',
      });
    }
    return a;
  });
  const [a, b, c] = nums;
  if (nums.length < 1 || nums.length > 3 || a === undefined) {
    throw new ConfigError(`Invalid override '${context}': range() takes 1 to 3 arguments.`, {
      code: 'MLX_CONFIG_OVERRIDE',
      hint: 'range(stop), range(start, stop) or range(start, stop, step).',
    });
  }
  const [start, stop, step] = b === undefined ? [0, a, 1] : [a, b, c ?? 1];
  if (step === 0)
    throw new ConfigError(`Invalid override '${context}': range() step must not be 0.`, {
      code: 'MLX_CONFIG_OVERRIDE',
    });
  const out: number[] = [];
  // The epsilon keeps float ranges such as range(0.1, 0.4, 0.1) from gaining a spurious last value.
  const count = Math.max(0, Math.ceil((stop - start) / step - 1e-9));
  if (count > 10_000)
    throw new ConfigError(`Invalid override '${context}': range() would expand to ${count} values (max 10000).`, {
      code: 'MLX_CONFIG_OVERRIDE',
    });
  for (let i = 0; i < count; i++) out.push(Number((start + i * step).toPrecision(12)));
  return out;
}
