import { describe, expect, it } from 'vitest';
import { ProtoWriter, varint } from '../../../../src/lib/model/export/onnx/protobuf.js';

describe('the protobuf writer', () => {
  it('writes varints as base-128 groups, negative int64 as ten bytes of two’s complement', () => {
    expect(Array.from(varint(0n))).toEqual([0]);
    expect(Array.from(varint(1n))).toEqual([1]);
    expect(Array.from(varint(300n))).toEqual([0xac, 0x02]);
    expect(Array.from(varint(-1n))).toEqual([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
  });

  it('tags fields with their number and wire type (the encoding guide’s examples)', () => {
    // message Test1 { int32 a = 1; } with a = 150 → 08 96 01; message Test2 { string b = 2; } "testing".
    expect(Array.from(new ProtoWriter().int(1, 150).finish())).toEqual([0x08, 0x96, 0x01]);
    expect(Buffer.from(new ProtoWriter().string(2, 'testing').finish()).toString('hex')).toBe('120774657374696e67');
    // Embedded message: Test3 { Test1 c = 3; } → 1a 03 08 96 01.
    const inner = new ProtoWriter().int(1, 150);
    expect(Array.from(new ProtoWriter().message(3, inner).finish())).toEqual([0x1a, 0x03, 0x08, 0x96, 0x01]);
  });

  it('packs repeated numbers and writes floats little-endian', () => {
    // repeated int32 d = 4 [packed] with 3, 270, 86942 → 22 06 03 8e 02 9e a7 05.
    expect(Buffer.from(new ProtoWriter().packedInts(4, [3, 270, 86942]).finish()).toString('hex')).toBe(
      '2206038e029ea705',
    );
    expect(Array.from(new ProtoWriter().float(2, 1).finish())).toEqual([0x15, 0x00, 0x00, 0x80, 0x3f]);
    expect(new ProtoWriter().packedFloats(7, []).finish()).toHaveLength(0);
  });
});
