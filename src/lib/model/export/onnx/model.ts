/**
 * ONNX's model format as plain objects, and their encoding as an `onnx.ModelProto` (field numbers from
 * onnx/onnx.proto, IR version 8). Only what mlx's exports use; https://onnx.ai/onnx/repo-docs/IR.html
 */
import { ProtoWriter } from './protobuf.js';

/** Tensor element types (onnx.TensorProto.DataType). */
export const ELEM_TYPE = { float: 1, int64: 7, string: 8, bool: 9, double: 11 } as const;
export type ElemType = keyof typeof ELEM_TYPE;

/** A constant tensor (an initializer or a tensor attribute). */
export type OnnxTensor = { name: string; dims: readonly number[] } & (
  | { type: 'float'; data: ArrayLike<number> }
  | { type: 'double'; data: ArrayLike<number> }
  | { type: 'int64'; data: readonly number[] }
  | { type: 'bool'; data: readonly boolean[] }
  | { type: 'string'; data: readonly string[] }
);

/** A node attribute (onnx.AttributeProto), tagged with its type. */
export type OnnxAttribute = { name: string } & (
  | { type: 'int'; value: number }
  | { type: 'float'; value: number }
  | { type: 'string'; value: string }
  | { type: 'ints'; value: readonly number[] }
  | { type: 'floats'; value: readonly number[] }
  | { type: 'strings'; value: readonly string[] }
  | { type: 'tensor'; value: OnnxTensor }
);

export interface OnnxNode {
  op: string;
  domain?: string;
  name: string;
  inputs: readonly string[];
  outputs: readonly string[];
  attributes: readonly OnnxAttribute[];
}

/** A graph input or output: name, element type and shape (a string is a symbolic dimension such as `N`). */
export interface OnnxValueInfo {
  name: string;
  type: ElemType;
  dims: readonly (number | string)[];
  doc?: string;
}

export interface OnnxGraph {
  name: string;
  doc?: string;
  nodes: readonly OnnxNode[];
  initializers: readonly OnnxTensor[];
  inputs: readonly OnnxValueInfo[];
  outputs: readonly OnnxValueInfo[];
}

export interface OnnxModel {
  irVersion: number;
  opsets: readonly { domain: string; version: number }[];
  producerName: string;
  producerVersion: string;
  doc?: string;
  graph: OnnxGraph;
  /** Free-form key/value pairs (onnx.ModelProto.metadata_props). */
  metadata: Readonly<Record<string, string>>;
}

const ATTRIBUTE_TYPE = { float: 1, int: 2, string: 3, tensor: 4, floats: 6, ints: 7, strings: 8 } as const;
const encoder = new TextEncoder();

/** Encodes a model as the bytes of a `.onnx` file. */
export function encodeModel(model: OnnxModel): Uint8Array {
  const w = new ProtoWriter().int(1, model.irVersion);
  w.string(2, model.producerName).string(3, model.producerVersion);
  if (model.doc) w.string(6, model.doc);
  w.message(7, encodeGraph(model.graph));
  for (const opset of model.opsets) w.message(8, new ProtoWriter().string(1, opset.domain).int(2, opset.version));
  for (const [key, value] of Object.entries(model.metadata))
    w.message(14, new ProtoWriter().string(1, key).string(2, value));
  return w.finish();
}

function encodeGraph(graph: OnnxGraph): ProtoWriter {
  const w = new ProtoWriter();
  for (const node of graph.nodes) w.message(1, encodeNode(node));
  w.string(2, graph.name);
  for (const tensor of graph.initializers) w.message(5, encodeTensor(tensor));
  if (graph.doc) w.string(10, graph.doc);
  for (const input of graph.inputs) w.message(11, encodeValueInfo(input));
  for (const output of graph.outputs) w.message(12, encodeValueInfo(output));
  return w;
}

function encodeNode(node: OnnxNode): ProtoWriter {
  const w = new ProtoWriter();
  for (const input of node.inputs) w.string(1, input);
  for (const output of node.outputs) w.string(2, output);
  w.string(3, node.name).string(4, node.op);
  for (const attribute of node.attributes) w.message(5, encodeAttribute(attribute));
  if (node.domain) w.string(7, node.domain);
  return w;
}

function encodeAttribute(a: OnnxAttribute): ProtoWriter {
  const w = new ProtoWriter().string(1, a.name);
  switch (a.type) {
    case 'float':
      w.float(2, a.value);
      break;
    case 'int':
      w.int(3, a.value);
      break;
    case 'string':
      w.string(4, a.value);
      break;
    case 'tensor':
      w.message(5, encodeTensor(a.value));
      break;
    case 'floats':
      w.packedFloats(7, a.value);
      break;
    case 'ints':
      w.packedInts(8, a.value);
      break;
    case 'strings':
      for (const s of a.value) w.string(9, s);
      break;
    default:
      return a satisfies never;
  }
  return w.int(20, ATTRIBUTE_TYPE[a.type]);
}

function encodeTensor(t: OnnxTensor): ProtoWriter {
  const w = new ProtoWriter().packedInts(1, t.dims).int(2, ELEM_TYPE[t.type]);
  if (t.type === 'string') for (const s of t.data) w.bytes(6, encoder.encode(s));
  w.string(8, t.name);
  if (t.type !== 'string') w.bytes(9, rawData(t));
  return w;
}

/** Little-endian raw bytes of a numeric or boolean tensor (onnx.TensorProto.raw_data). */
function rawData(t: Exclude<OnnxTensor, { type: 'string' }>): Uint8Array {
  switch (t.type) {
    case 'float':
      return bytesOf(Float32Array.from(t.data));
    case 'double':
      return bytesOf(Float64Array.from(t.data));
    case 'int64':
      return bytesOf(BigInt64Array.from(t.data, (v) => BigInt(v)));
    case 'bool':
      return Uint8Array.from(t.data, (v) => (v ? 1 : 0));
    default:
      return t satisfies never;
  }
}

// Typed arrays are little-endian on every platform Node.js runs on (x64, arm64).
const bytesOf = (a: Float32Array | Float64Array | BigInt64Array) =>
  new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

function encodeValueInfo(v: OnnxValueInfo): ProtoWriter {
  const shape = new ProtoWriter();
  for (const d of v.dims)
    shape.message(1, typeof d === 'number' ? new ProtoWriter().int(1, d) : new ProtoWriter().string(2, d));
  const tensor = new ProtoWriter().int(1, ELEM_TYPE[v.type]).message(2, shape);
  const w = new ProtoWriter().string(1, v.name).message(2, new ProtoWriter().message(1, tensor));
  if (v.doc) w.string(3, v.doc);
  return w;
}
