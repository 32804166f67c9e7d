/**
 * The protocol-buffers wire format, only what writing an ONNX file needs: varints, length-delimited
 * fields (strings, bytes, sub-messages), packed repeated numbers and fixed-width floats.
 * https://protobuf.dev/programming-guides/encoding/
 */

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LENGTH = 2;
const WIRE_FIXED32 = 5;

const encoder = new TextEncoder();

/** Appends fields in order; `bytes()` gives the encoded message. */
export class ProtoWriter {
  private readonly chunks: Uint8Array[] = [];
  private size = 0;

  private push(chunk: Uint8Array): this {
    this.chunks.push(chunk);
    this.size += chunk.length;
    return this;
  }

  private tag(field: number, wire: number): this {
    return this.push(varint(BigInt((field << 3) | wire)));
  }

  /** An int32/int64/enum/bool field (negative numbers take ten bytes, as protobuf's int64 does). */
  int(field: number, value: number | bigint): this {
    return this.tag(field, WIRE_VARINT).push(varint(BigInt(value)));
  }

  /** A string field (UTF-8). */
  string(field: number, value: string): this {
    return this.bytes(field, encoder.encode(value));
  }

  /** A bytes field. */
  bytes(field: number, value: Uint8Array): this {
    return this.tag(field, WIRE_LENGTH)
      .push(varint(BigInt(value.length)))
      .push(value);
  }

  /** An embedded message field. */
  message(field: number, value: ProtoWriter): this {
    return this.bytes(field, value.finish());
  }

  /** A `float` field (fixed32, little-endian). */
  float(field: number, value: number): this {
    const out = new Uint8Array(4);
    new DataView(out.buffer).setFloat32(0, value, true);
    return this.tag(field, WIRE_FIXED32).push(out);
  }

  /** A `double` field (fixed64, little-endian). */
  double(field: number, value: number): this {
    const out = new Uint8Array(8);
    new DataView(out.buffer).setFloat64(0, value, true);
    return this.tag(field, WIRE_FIXED64).push(out);
  }

  /** A packed `repeated int64` field. */
  packedInts(field: number, values: readonly (number | bigint)[]): this {
    if (values.length === 0) return this;
    const parts = values.map((v) => varint(BigInt(v)));
    return this.bytes(field, concat(parts));
  }

  /** A packed `repeated float` field. */
  packedFloats(field: number, values: ArrayLike<number>): this {
    if (values.length === 0) return this;
    const out = new Uint8Array(values.length * 4);
    const view = new DataView(out.buffer);
    for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i] as number, true);
    return this.bytes(field, out);
  }

  /** The encoded message. */
  finish(): Uint8Array {
    return concat(this.chunks, this.size);
  }
}

/** Base-128 varint of a 64-bit value; negative values are their two's complement (ten bytes). */
export function varint(value: bigint): Uint8Array {
  let v = BigInt.asUintN(64, value);
  const out: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) byte |= 0x80;
    out.push(byte);
  } while (v !== 0n);
  return Uint8Array.from(out);
}

function concat(parts: readonly Uint8Array[], size = parts.reduce((n, p) => n + p.length, 0)): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
