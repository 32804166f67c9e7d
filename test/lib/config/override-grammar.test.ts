import { describe, expect, it } from 'vitest';
import { interpretPrimitive, parseOverride, parseOverrideValue } from '../../../src/lib/config/override-grammar.js';

const value = (raw: string) => {
  const parsed = parseOverrideValue(raw);
  if (parsed.kind !== 'value') throw new Error(`expected a single value for ${raw}`);
  return parsed.value;
};

describe('override value grammar', () => {
  it.each([
    ['42', 42],
    ['-7', -7],
    ['+3', 3],
    ['1_000', 1000],
    ['0', 0],
  ])('types ints: %s', (raw, expected) => {
    expect(value(raw)).toBe(expected);
  });

  it.each([
    ['0.5', 0.5],
    ['.5', 0.5],
    ['1.', 1],
    ['1e-5', 1e-5],
    ['-1.5E3', -1500],
    ['1_000.5', 1000.5],
    ['inf', Number.POSITIVE_INFINITY],
    ['-inf', Number.NEGATIVE_INFINITY],
    ['+INF', Number.POSITIVE_INFINITY],
  ])('types floats: %s', (raw, expected) => {
    expect(value(raw)).toBe(expected);
  });

  it('types nan', () => {
    expect(value('nan')).toBeNaN();
    expect(value('NaN')).toBeNaN();
  });

  it.each([
    ['true', true],
    ['TRUE', true],
    ['False', false],
    ['null', null],
    ['NULL', null],
  ])('types booleans and null case-insensitively: %s', (raw, expected) => {
    expect(value(raw)).toBe(expected);
  });

  it.each([
    ['value-1.0', 'value-1.0'],
    ['007', '007'],
    ['adam', 'adam'],
    ['data/raw/x.csv', 'data/raw/x.csv'],
    ['penguins@production', 'penguins@production'],
    ['1_', '1_'],
  ])('keeps anything else as a string: %s', (raw, expected) => {
    expect(value(raw)).toBe(expected);
  });

  it('trims whitespace around values', () => {
    expect(value('  0.1  ')).toBe(0.1);
    expect(value(' [ 1 , 2 ] ')).toEqual([1, 2]);
  });

  it('parses quoted strings with escapes', () => {
    expect(value("'a,b'")).toBe('a,b');
    expect(value('"it\\"s"')).toBe('it"s');
    expect(value("'back\\\\slash'")).toBe('back\\slash');
    expect(value("'true'")).toBe('true');
    expect(value("'42'")).toBe('42');
  });

  it('parses lists and nested lists', () => {
    expect(value('[64,32]')).toEqual([64, 32]);
    expect(value('[]')).toEqual([]);
    expect(value("[a, 'b c', [1, 2.5], null]")).toEqual(['a', 'b c', [1, 2.5], null]);
  });

  it('parses dicts', () => {
    expect(value('{a:1, b: [2, 3], c: {d: true}}')).toEqual({ a: 1, b: [2, 3], c: { d: true } });
    expect(value('{}')).toEqual({});
  });

  it('an empty value is the empty string', () => {
    expect(value('')).toBe('');
  });

  it('recognises sweeps: comma lists, range and choice', () => {
    expect(parseOverrideValue('0.1,0.01')).toEqual({ kind: 'sweep', values: [0.1, 0.01], source: '0.1,0.01' });
    expect(parseOverrideValue('[32],[64,32]')).toMatchObject({ kind: 'sweep', values: [[32], [64, 32]] });
    expect(parseOverrideValue('range(3)')).toMatchObject({ values: [0, 1, 2] });
    expect(parseOverrideValue('range(1,10,4)')).toMatchObject({ values: [1, 5, 9] });
    expect(parseOverrideValue('range(0.1, 0.4, 0.1)')).toMatchObject({ values: [0.1, 0.2, 0.3] });
    expect(parseOverrideValue('choice(adam, sgd)')).toMatchObject({ values: ['adam', 'sgd'] });
  });

  it.each([
    ['[1,2', /expected '\]'/],
    ["'open", /unterminated single-quoted string/],
    ['{a 1}', /expected ':'/],
    ['range(a)', /range\(\) takes numbers/],
    ['range(1,2,0)', /step must not be 0/],
    ['interval(0,1)', /interval\(\) is not supported/],
    ['a,,b', /empty value/],
  ])('rejects malformed values: %s', (raw, message) => {
    expect(() => parseOverrideValue(raw)).toThrow(message);
  });

  it('interpretPrimitive is the single typing rule', () => {
    expect(interpretPrimitive('1e3')).toBe(1000);
    expect(interpretPrimitive('yes')).toBe('yes');
  });
});

describe('override prefixes', () => {
  it('parses set, add, force and delete', () => {
    expect(parseOverride('train.lr=0.1')).toMatchObject({ kind: 'set', key: 'train.lr' });
    expect(parseOverride('+data.rename.A=a')).toMatchObject({ kind: 'add', key: 'data.rename.A' });
    expect(parseOverride('++train.lr=1')).toMatchObject({ kind: 'force', key: 'train.lr' });
    expect(parseOverride('~train.class_weights')).toMatchObject({ kind: 'delete', value: undefined });
    expect(parseOverride('~train.lr=0.1')).toMatchObject({ kind: 'delete', value: { kind: 'value', value: 0.1 } });
  });

  it('keeps everything after the first = as the value', () => {
    expect(parseOverride("data.source='a=b'")).toMatchObject({ value: { kind: 'value', value: 'a=b' } });
  });

  it('rejects a missing value and an invalid key', () => {
    expect(() => parseOverride('train.lr')).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: Invalid override 'train.lr': missing '=' and a value.]`,
    );
    expect(() => parseOverride('1abc=3')).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: Invalid override '1abc=3': '1abc' is not a valid key.]`,
    );
  });
});
