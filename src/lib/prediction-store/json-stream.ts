/**
 * Values sent to another thread as typed arrays, to be written there as JSON text exactly as
 * `JSON.stringify` writes them. The SQLite writer thread makes its rows' JSON this way: a 1,000-row
 * batch of penguins and 3-class predictions costs the HTTP thread ~0.55 ms to encode (a walk over the
 * rows' keys and values into typed arrays) where making its JSON there cost ~0.84 ms and joining it
 * ~0.1 more; structured-cloning the row objects costs about as much as their JSON.
 *
 * A leaf module (no imports at run time): the writer thread loads it as it is, from src/ (type
 * stripping) and from dist/ alike.
 *
 * The stream: one tag per item; numbers in `numbers`, keys and strings as indices into `keys` and
 * `strings` (keys and string values interned per message, JSON texts not). Plain objects (prototype
 * Object or null, no `toJSON`) are walked (`for…in` own keys: the order JSON.stringify uses); anything
 * else — an array, a Date, a class instance, a bigint (which JSON.stringify refuses) — is written by
 * JSON.stringify here and sent as text (`RAW`), as is a value given as text already (a row's JSON
 * made earlier).
 */

/** Item tags. Values: NUMBER..RAW; OPEN/CLOSE bracket an object's members, each a KEY then its value. */
export const Tag = {
  NUMBER: 0,
  STRING: 1,
  NULL: 2,
  TRUE: 3,
  FALSE: 4,
  /** JSON text made on the sending side (`strings[index]`, written as it is). */
  RAW: 5,
  OPEN: 6,
  CLOSE: 7,
  KEY: 8,
} as const;

/** One message's values: `count` top-level values, in order. */
export interface JsonStream {
  count: number;
  tags: Uint8Array;
  /** Per KEY, STRING and RAW item (in order): its index in `keys` or `strings`. */
  refs: Uint32Array;
  numbers: Float64Array;
  keys: string[];
  strings: string[];
}

/** Nesting deeper than this is written by JSON.stringify on the sending side (RAW). */
const MAX_DEPTH = 8;

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value) as unknown;
  return (
    (proto === Object.prototype || proto === null) &&
    typeof (value as { toJSON?: unknown }).toJSON !== 'function' &&
    !Array.isArray(value)
  );
}

/** Builds a {@link JsonStream} value by value (`add`), then `finish()`. */
export function jsonStreamWriter(expectedItems = 64) {
  let tags = new Uint8Array(expectedItems);
  let refs = new Uint32Array(expectedItems);
  let numbers = new Float64Array(expectedItems);
  let items = 0;
  let refCount = 0;
  let numberCount = 0;
  let count = 0;
  const keys: string[] = [];
  const keyIndex = new Map<string, number>();
  const strings: string[] = [];
  const stringIndex = new Map<string, number>();

  const grow = () => {
    const t = new Uint8Array(tags.length * 2);
    t.set(tags);
    tags = t;
  };
  const tag = (t: number) => {
    if (items === tags.length) grow();
    tags[items++] = t;
  };
  const ref = (r: number) => {
    if (refCount === refs.length) {
      const next = new Uint32Array(refs.length * 2);
      next.set(refs);
      refs = next;
    }
    refs[refCount++] = r;
  };
  const number = (n: number) => {
    if (numberCount === numbers.length) {
      const next = new Float64Array(numbers.length * 2);
      next.set(numbers);
      numbers = next;
    }
    numbers[numberCount++] = n;
  };
  // The key last seen at each position of a top-level value: rows of one shape repeat their keys in the
  // same order (often the same string objects), so most keys are found by one comparison, not a lookup.
  const seenKey: string[] = [];
  const seenKeyIndex: number[] = [];
  let position = 0;
  const key = (k: string) => {
    let i: number | undefined;
    if (seenKey[position] === k) i = seenKeyIndex[position] as number;
    else {
      i = keyIndex.get(k);
      if (i === undefined) {
        i = keys.length;
        keys.push(k);
        keyIndex.set(k, i);
      }
      seenKey[position] = k;
      seenKeyIndex[position] = i;
    }
    position++;
    tag(Tag.KEY);
    ref(i);
  };
  const string = (t: number, s: string) => {
    let i = stringIndex.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      stringIndex.set(s, i);
    }
    tag(t);
    ref(i);
  };

  /** JSON text as it is: not interned (rows' texts are unique; hashing each would only cost). */
  const raw = (text: string) => {
    tag(Tag.RAW);
    ref(strings.length);
    strings.push(text);
  };

  /** Writes `value` as a member or top-level value; false when JSON.stringify would leave it out. */
  const value = (v: unknown, depth: number): boolean => {
    switch (typeof v) {
      case 'number':
        if (Number.isFinite(v)) {
          tag(Tag.NUMBER);
          number(v);
        } else tag(Tag.NULL);
        return true;
      case 'string':
        string(Tag.STRING, v);
        return true;
      case 'boolean':
        tag(v ? Tag.TRUE : Tag.FALSE);
        return true;
      case 'undefined':
      case 'function':
      case 'symbol':
        return false;
      default:
        break;
    }
    if (v === null) {
      tag(Tag.NULL);
      return true;
    }
    if (typeof v === 'object' && depth < MAX_DEPTH && isPlainObject(v)) {
      tag(Tag.OPEN);
      for (const k in v) {
        if (!Object.hasOwn(v, k)) continue;
        const member = v[k];
        const t = typeof member;
        if (t === 'undefined' || t === 'function' || t === 'symbol') continue;
        key(k);
        value(member, depth + 1);
      }
      tag(Tag.CLOSE);
      return true;
    }
    // Arrays, Dates, class instances, bigints (JSON.stringify throws, as it would for the whole row).
    const text = JSON.stringify(v) as string | undefined;
    if (text === undefined) return false;
    raw(text);
    return true;
  };

  return {
    /** Adds a top-level value; a string is taken as JSON text already made. */
    add(v: unknown, isText = false): void {
      count++;
      position = 0;
      if (isText && typeof v === 'string') raw(v);
      else if (!value(v, 0)) tag(Tag.NULL);
    },
    finish(): JsonStream {
      return {
        count,
        tags: tags.slice(0, items),
        refs: refs.slice(0, refCount),
        numbers: numbers.slice(0, numberCount),
        keys,
        strings,
      };
    },
  };
}

/** Strings JSON writes as they are between quotes: printable ASCII without a quote or a backslash. */
const PLAIN = /^[ !#-[\]-~]*$/;

function quote(s: string): string {
  return PLAIN.test(s) ? `"${s}"` : JSON.stringify(s);
}

/** The stream's top-level values as JSON texts, each exactly what JSON.stringify gives for it. */
export function jsonTexts(stream: JsonStream): string[] {
  const { tags, refs, numbers } = stream;
  const keyTexts = stream.keys.map((k) => `${quote(k)}:`);
  const stringTexts: (string | undefined)[] = new Array(stream.strings.length);
  const stringText = (i: number) => {
    let text = stringTexts[i];
    if (text === undefined) {
      text = quote(stream.strings[i] as string);
      stringTexts[i] = text;
    }
    return text;
  };
  const out: string[] = [];
  let t = 0;
  let r = 0;
  let n = 0;
  let text = '';
  let depth = 0;
  /** Whether the next member of the object being written is its first (per depth). */
  const first: boolean[] = [];
  while (t < tags.length) {
    const tag = tags[t++];
    switch (tag) {
      case Tag.NUMBER:
        text += String(numbers[n++]);
        break;
      case Tag.STRING:
        text += stringText(refs[r++] as number);
        break;
      case Tag.NULL:
        text += 'null';
        break;
      case Tag.TRUE:
        text += 'true';
        break;
      case Tag.FALSE:
        text += 'false';
        break;
      case Tag.RAW:
        text += stream.strings[refs[r++] as number];
        break;
      case Tag.OPEN:
        text += '{';
        first[++depth] = true;
        continue;
      case Tag.CLOSE:
        text += '}';
        depth--;
        break;
      case Tag.KEY:
        if (first[depth]) first[depth] = false;
        else text += ',';
        text += keyTexts[refs[r++] as number];
        continue;
      default:
        throw new Error(`a JSON stream holds an unknown tag ${tag}`);
    }
    if (depth === 0) {
      out.push(text);
      text = '';
    }
  }
  if (out.length !== stream.count || depth !== 0) throw new Error('a JSON stream ended inside a value');
  return out;
}
