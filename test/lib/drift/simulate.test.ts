import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyShifts, parseShift } from '../../../src/lib/drift/simulate/shift.js';
import { sendTraffic } from '../../../src/lib/drift/simulate/traffic.js';
import { UsageError } from '../../../src/lib/errors.js';

describe('shifts', () => {
  it('parses scale, add and category flags', () => {
    expect(parseShift('scale', 'bill_length_mm=1.3')).toEqual({ kind: 'scale', column: 'bill_length_mm', factor: 1.3 });
    expect(parseShift('add', 'x=-2')).toEqual({ kind: 'add', column: 'x', amount: -2 });
    expect(parseShift('category', 'island=Dream:0.8')).toEqual({
      kind: 'category',
      column: 'island',
      value: 'Dream',
      probability: 0.8,
    });
    expect(parseShift('category', 'island=Dream')).toMatchObject({ probability: 1 });
    expect(() => parseShift('scale', 'x=abc')).toThrow(UsageError);
    expect(() => parseShift('category', 'x=a:2')).toThrow(/between 0 and 1/);
  });
  it('applies them to a copy', () => {
    const row = { x: 2, y: 'a', z: null };
    const shifted = applyShifts(
      row,
      [parseShift('scale', 'x=3'), parseShift('category', 'y=b:1'), parseShift('add', 'z=1')],
      () => 0.5,
    );
    expect(shifted).toEqual({ x: 6, y: 'b', z: null });
    expect(row.x).toBe(2);
  });
});

describe('sendTraffic against a real HTTP server', () => {
  const received: Record<string, unknown>[][] = [];
  let server: http.Server;
  let url: string;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const instances = (JSON.parse(body) as { instances: Record<string, unknown>[] }).instances;
        received.push(instances);
        const bad = instances.some((i) => i.x === 99);
        res.writeHead(bad ? 422 : 200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('sends complete rows in batches, drops the target, counts accepted and rejected', async () => {
    const rows = [
      { x: 1, target: 'a' },
      { x: null, target: 'b' },
      { x: 3, target: 'c' },
    ];
    const r = await sendTraffic({ url, rows, count: 25, batchSize: 10, drop: ['target'], seed: 7 });
    expect(r).toMatchObject({
      sent: 25,
      accepted: 25,
      rejected: 0,
      requests: 3,
      incompleteRows: 1,
      statuses: { 200: 3 },
    });
    expect(received.map((b) => b.length)).toEqual([10, 10, 5]);
    expect(received.flat().every((i) => Object.keys(i).join() === 'x' && (i.x === 1 || i.x === 3))).toBe(true);
    const again = await sendTraffic({ url, rows: [{ x: 33 }], count: 4, shifts: [parseShift('scale', 'x=3')] });
    expect(again).toMatchObject({ accepted: 0, rejected: 4, statuses: { 422: 1 } });
  });

  it('explains an unreachable server', async () => {
    await expect(sendTraffic({ url: 'http://127.0.0.1:1', rows: [{ x: 1 }], count: 1 })).rejects.toThrow(
      /Cannot reach/,
    );
  });
});
