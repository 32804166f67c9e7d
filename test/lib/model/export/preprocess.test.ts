import { describe, expect, it } from 'vitest';
import type { Row } from '../../../../src/lib/contracts.js';
import { encodeRows, type FittedPipeline, transformRows } from '../../../../src/lib/data/index.js';
import { GraphBuilder, ML_DOMAIN } from '../../../../src/lib/model/export/onnx/graph-builder.js';
import { encodeModel } from '../../../../src/lib/model/export/onnx/model.js';
import { BATCH, featureInputs, preprocessGraph } from '../../../../src/lib/model/export/preprocess.js';
import { mixedPipeline as pipeline, mixedRows as rows } from './fixtures.js';
import { runOnnx } from './helpers.js';

async function encodedByOnnx(encoding: 'onehot' | 'ordinal', data: Row[]) {
  const g = new GraphBuilder('preprocess');
  for (const input of featureInputs(pipeline)) g.input(input);
  const out = preprocessGraph(g, pipeline, encoding);
  g.output(out, {
    name: 'encoded',
    type: encoding === 'onehot' ? 'float' : 'double',
    dims: [BATCH, encoding === 'onehot' ? 15 : 11],
  });
  const bytes = encodeModel({
    irVersion: 8,
    opsets: [
      { domain: '', version: 17 },
      { domain: ML_DOMAIN, version: 3 },
    ],
    producerName: 'test',
    producerVersion: '0',
    graph: g.build(),
    metadata: {},
  });
  const result = await runOnnx(bytes, pipeline, data);
  return result.encoded?.data as Float32Array | Float64Array;
}

describe('the ONNX preprocessing graph', () => {
  const data = rows(2000);

  it('given rows of every kind, when run by ONNX Runtime, then its one-hot matrix is transformRows bit for bit', async () => {
    const expected = transformRows(pipeline, data, { reportMissing: false }).x;
    const actual = await encodedByOnnx('onehot', data);
    expect(actual).toBeInstanceOf(Float32Array);
    expect(Array.from(actual)).toEqual(Array.from(expected));
  });

  it("given the same rows, then its ordinal matrix (the tree families' input) is encodeRows(…, 'ordinal')", async () => {
    const expected = encodeRows(pipeline, data, 'ordinal').x;
    const actual = await encodedByOnnx('ordinal', data);
    expect(Array.from(actual)).toEqual(Array.from(expected));
  });

  it('names one [N,1] input per feature, typed by its kind', () => {
    expect(featureInputs(pipeline).map((i) => [i.name, i.type, i.dims])).toEqual([
      ['x', 'double', ['N', 1]],
      ['big', 'double', ['N', 1]],
      ['flag', 'double', ['N', 1]],
      ['colour', 'string', ['N', 1]],
      ['size', 'string', ['N', 1]],
      ['when', 'double', ['N', 1]],
    ]);
  });

  it('refuses a feature kind it cannot export, naming the feature', () => {
    const odd = {
      ...pipeline,
      features: [{ name: 'notes', kind: 'text' } as unknown as FittedPipeline['features'][0]],
    };
    expect(() => featureInputs(odd)).toThrow(
      /Feature 'notes' is of kind 'text', which the ONNX export does not support/,
    );
  });
});
