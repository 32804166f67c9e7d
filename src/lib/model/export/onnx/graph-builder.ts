import type { ElemType, OnnxAttribute, OnnxGraph, OnnxNode, OnnxTensor, OnnxValueInfo } from './model.js';

/** Attribute constructors: `attr.int('axis', 1)`. */
export const attr = {
  int: (name: string, value: number): OnnxAttribute => ({ name, type: 'int', value }),
  float: (name: string, value: number): OnnxAttribute => ({ name, type: 'float', value }),
  string: (name: string, value: string): OnnxAttribute => ({ name, type: 'string', value }),
  ints: (name: string, value: readonly number[]): OnnxAttribute => ({ name, type: 'ints', value }),
  floats: (name: string, value: readonly number[]): OnnxAttribute => ({ name, type: 'floats', value }),
  strings: (name: string, value: readonly string[]): OnnxAttribute => ({ name, type: 'strings', value }),
};

/** The ONNX-ML operator domain (LabelEncoder, TreeEnsembleClassifier, ...). */
export const ML_DOMAIN = 'ai.onnx.ml';

/**
 * Builds one graph: named inputs and outputs, constant initializers, and nodes whose outputs get
 * fresh names (`scope/op_N`) that can never collide with an input's name (a feature name).
 */
export class GraphBuilder {
  private readonly nodes: OnnxNode[] = [];
  private readonly initializers: OnnxTensor[] = [];
  private readonly inputs: OnnxValueInfo[] = [];
  private readonly outputs: OnnxValueInfo[] = [];
  private readonly used = new Set<string>();
  private counter = 0;

  constructor(private readonly name: string) {}

  /** A unique value name starting with `hint`. */
  fresh(hint: string): string {
    let name = `${hint}_${this.counter++}`;
    while (this.used.has(name)) name = `${hint}_${this.counter++}`;
    this.used.add(name);
    return name;
  }

  /** `name` if no value has it yet, else `name_output`, `name_output_1`, ... (graph outputs beside feature inputs). */
  freeName(name: string): string {
    let candidate = name;
    for (let i = 0; this.used.has(candidate); i++) candidate = i === 0 ? `${name}_output` : `${name}_output_${i}`;
    return candidate;
  }

  /** Declares a graph input under its exact name. */
  input(info: OnnxValueInfo): string {
    if (this.used.has(info.name)) throw new Error(`two graph values are named '${info.name}'`);
    this.used.add(info.name);
    this.inputs.push(info);
    return info.name;
  }

  /** Declares `value` (a node output) as a graph output under the exact name `info.name`. */
  output(value: string, info: OnnxValueInfo): void {
    if (this.used.has(info.name)) throw new Error(`two graph values are named '${info.name}'`);
    this.used.add(info.name);
    this.nodes.push({ op: 'Identity', name: this.fresh('out'), inputs: [value], outputs: [info.name], attributes: [] });
    this.outputs.push(info);
  }

  /** A constant tensor (an initializer); returns its name. */
  constant(hint: string, tensor: Omit<OnnxTensor, 'name'>): string {
    const name = this.fresh(hint);
    this.initializers.push({ ...tensor, name } as OnnxTensor);
    return name;
  }

  /** A scalar constant of type double/float/int64. */
  scalar(value: number, type: Extract<ElemType, 'double' | 'float' | 'int64'> = 'double'): string {
    return this.constant('const', { type, dims: [], data: [value] } as Omit<OnnxTensor, 'name'>);
  }

  /** Adds a node with one output; returns the output's name. */
  op(op: string, inputs: readonly string[], attributes: readonly OnnxAttribute[] = [], domain?: string): string {
    return this.opN(op, inputs, 1, attributes, domain)[0] as string;
  }

  /** Adds a node with `count` outputs; returns their names. */
  opN(
    op: string,
    inputs: readonly string[],
    count: number,
    attributes: readonly OnnxAttribute[] = [],
    domain?: string,
  ): string[] {
    const outputs = Array.from({ length: count }, () => this.fresh(op));
    this.nodes.push({
      op,
      name: this.fresh(`node_${op}`),
      inputs,
      outputs,
      attributes,
      ...(domain ? { domain } : {}),
    });
    return outputs;
  }

  /** The graph built so far. */
  build(doc?: string): OnnxGraph {
    return {
      name: this.name,
      ...(doc ? { doc } : {}),
      nodes: [...this.nodes],
      initializers: [...this.initializers],
      inputs: [...this.inputs],
      outputs: [...this.outputs],
    };
  }
}
