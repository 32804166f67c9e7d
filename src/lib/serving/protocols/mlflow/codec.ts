import type { FeatureContract, InputSchema, Prediction, Row } from '../../../contracts.js';
import { featureKind } from '../../../data/index.js';
import { CsvParser } from '../../../data/ingest/csv-parser.js';
import { isMlxError } from '../../../errors.js';
import { ApiError } from '../../http-error.js';
import { formatIssues } from '../../validation/format-issues.js';
import { badRequest } from '../errors.js';
import { INPUT_FORMATS, type InputFormat, type Invocation, type MlflowErrorCode } from './schemas.js';

export interface MlflowRows {
  rows: Row[];
  rename: (row: number, feature: string) => string;
}

const FORMATS = Object.keys(INPUT_FORMATS) as InputFormat[];

/** A parsed JSON body as one of the four formats: exactly one input key (400 otherwise, naming the fields). */
export function parseInvocation(body: unknown): Invocation {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw badRequest('The request body must be a JSON object', [
      { path: '(body)', message: `expected one of the keys ${FORMATS.join(', ')}` },
    ]);
  const keys = FORMATS.filter((k) => Object.hasOwn(body, k));
  const [format] = keys;
  if (keys.length !== 1 || format === undefined)
    throw badRequest(
      `The input must be a JSON dictionary with exactly one of the input fields ${FORMATS.map((f) => `'${f}'`).join(', ')}; got ${keys.length === 0 ? 'none' : keys.join(', ')}`,
    );
  const parsed = INPUT_FORMATS[format].safeParse(body);
  if (!parsed.success) throw badRequest(`Invalid '${format}' input`, formatIssues(parsed.error.issues));
  return parsed.data;
}

/** The rows of a JSON invocation, whichever of the four formats it uses. */
export function invocationRows(body: Invocation): MlflowRows {
  if ('dataframe_split' in body) {
    const { columns, data } = body.dataframe_split;
    const bad = data.findIndex((values) => values.length !== columns.length);
    if (bad >= 0)
      throw badRequest('dataframe_split rows must have one value per column', [
        { path: `dataframe_split.data[${bad}]`, message: `${data[bad]?.length} values for ${columns.length} columns` },
      ]);
    return {
      rows: data.map((values) => Object.fromEntries(columns.map((c, k) => [c, values[k]]))),
      rename: (row, feature) => {
        const k = columns.indexOf(feature);
        return `dataframe_split.data[${row}]${k >= 0 ? `[${k}]` : ''} (${feature})`;
      },
    };
  }
  if ('dataframe_records' in body) return records(body.dataframe_records, 'dataframe_records');
  if ('instances' in body) return records(body.instances, 'instances');
  const inputs = body.inputs;
  if (Array.isArray(inputs)) return records(inputs, 'inputs');
  const columns = Object.entries(inputs);
  const n = columns[0]?.[1].length ?? 0;
  const uneven = columns.find(([, values]) => values.length !== n);
  if (uneven)
    throw badRequest('inputs columns must have the same length', [
      { path: `inputs.${uneven[0]}`, message: `${uneven[1].length} values; ${columns[0]?.[0]} has ${n}` },
    ]);
  return {
    rows: Array.from({ length: n }, (_, r) => Object.fromEntries(columns.map(([c, values]) => [c, values[r]]))),
    rename: (row, feature) => `inputs.${feature}[${row}]`,
  };
}

function records(rows: Row[], key: string): MlflowRows {
  return { rows, rename: (row, feature) => `${key}[${row}]${feature ? `.${feature}` : ''}` };
}

/** A CSV cell as the JSON value a client would send: typed by the feature's kind; empty = missing. */
function cellValue(contract: FeatureContract | undefined, text: string): unknown {
  if (text === '') return null;
  if (!contract) return text;
  switch (contract.type) {
    case 'numeric': {
      const v = featureKind('numeric').coerce(text) as number | undefined;
      // Not a number: the text goes on, and validation names the column.
      return v === undefined ? text : v;
    }
    case 'boolean': {
      const v = featureKind('boolean').coerce(text) as number | undefined;
      return v === undefined ? text : v === 1;
    }
    case 'categorical':
    case 'datetime':
      return text;
    default:
      return contract.type satisfies never;
  }
}

/** The rows of a `text/csv` invocation (RFC 4180, a header line), typed by the model's schema. */
export function csvRows(text: string, schema: InputSchema): MlflowRows {
  const contracts = new Map(schema.features.map((f) => [f.name, f]));
  const rows: Row[] = [];
  let names: string[] = [];
  let current: Row = {};
  const set = (index: number, value: string) => {
    const name = names[index];
    if (name !== undefined) current[name] = cellValue(contracts.get(name), value);
  };
  const parser = new CsvParser(
    {
      header: (header) => {
        names = header;
      },
      field: (index, source, start, end) => set(index, source.slice(start, end)),
      quoted: set,
      endRecord: () => {
        rows.push(current);
        current = {};
      },
    },
    'the request body',
    ',',
  );
  try {
    parser.push(text);
    parser.end();
  } catch (error) {
    if (isMlxError(error)) throw new ApiError(400, 'MALFORMED_JSON', `Malformed CSV: ${error.message}`);
    throw error;
  }
  return { rows, rename: (row, feature) => `csv row ${row + 1} (line ${row + 2}).${feature}` };
}

/** Predictions as MLflow answers: a regressor's values, a classifier's records (the columns of `mlx predict`). */
export function mlflowPredictions(predictions: readonly Prediction[]): unknown[] {
  return predictions.map((p) => {
    if ('value' in p) return p.value;
    const probabilities = Object.entries(p.probabilities).map(([c, v]) => [`probability_${c}`, v]);
    return { prediction: p.label, ...Object.fromEntries(probabilities) };
  });
}

/** MLflow's error code for an API error. */
export function mlflowErrorCode(error: ApiError): MlflowErrorCode {
  switch (error.code) {
    case 'MALFORMED_JSON':
    case 'MALFORMED_REQUEST':
      return 'MALFORMED_REQUEST';
    case 'INVALID_INPUT':
    case 'UNSUPPORTED_MEDIA_TYPE':
    case 'METHOD_NOT_ALLOWED':
    case 'REQUEST_TIMEOUT':
      return 'BAD_REQUEST';
    case 'PAYLOAD_TOO_LARGE':
    case 'HEADERS_TOO_LARGE':
      return 'RESOURCE_EXHAUSTED';
    case 'NOT_FOUND':
      return 'ENDPOINT_NOT_FOUND';
    case 'UNAUTHORIZED':
      return 'UNAUTHENTICATED';
    case 'MODEL_NOT_READY':
    case 'STORE_UNAVAILABLE':
    case 'SHUTTING_DOWN':
      return 'TEMPORARILY_UNAVAILABLE';
    case 'PREDICTION_FAILED':
    case 'INTERNAL':
      return 'INTERNAL_ERROR';
    default:
      return error.code satisfies never;
  }
}
