/**
 * A GBDT model as one `ai.onnx.ml` TreeEnsembleRegressor node (opset 3, thresholds and leaf values as
 * double tensors) that sums the raw scores of every tree, followed by the sigmoid or softmax of the
 * loss. Categorical splits, a set of codes in mlx, become chains of BRANCH_EQ nodes whose true
 * branches share one subtree (as ONNX converters of LightGBM write them; ONNX Runtime accepts the
 * shared children), over the smaller side of the split. A value that is not a code of its column
 * takes the missing side, as in predict.ts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { attr, type GraphBuilder, ML_DOMAIN } from '../../export/onnx/graph-builder.js';
import type { OnnxAttribute, OnnxTensor } from '../../export/onnx/model.js';
import type { OnnxScorerContext } from '../../family.js';
import { BITSET_WORDS, GBDT_FILE, type GbdtModel, type GbdtTree, inBitset } from './format.js';
import { deserializeGbdtModel } from './serialize.js';

type Mode = 'BRANCH_LEQ' | 'BRANCH_EQ' | 'LEAF';

/** The node and target attribute lists of a TreeEnsembleRegressor, filled tree by tree. */
interface Ensemble {
  treeIds: number[];
  nodeIds: number[];
  featureIds: number[];
  modes: Mode[];
  values: number[];
  trueIds: number[];
  falseIds: number[];
  missingTrue: number[];
  targetTreeIds: number[];
  targetNodeIds: number[];
  targetIds: number[];
  weights: number[];
}

/** Whether `code` goes right at categorical node `n`: codes never seen in training count as missing. */
function codeGoesRight(model: GbdtModel, tree: GbdtTree, n: number, code: number): boolean {
  const known = model.features[tree.feature[n] as number]?.known ?? [];
  const missingRight = tree.missingLeft[n] !== 1;
  if (!inBitset(known, 0, code)) return missingRight;
  return !inBitset(tree.bitsets, (tree.categorical[n] as number) * BITSET_WORDS, code);
}

/** A categorical node as an equality chain: the codes tested, which side they go to, and where missing values go. */
function chainOf(
  model: GbdtModel,
  tree: GbdtTree,
  n: number,
): { codes: number[]; right: boolean; missingTrue: boolean } {
  const count = model.features[tree.feature[n] as number]?.categories ?? 0;
  const right: number[] = [];
  const left: number[] = [];
  for (let code = 0; code < count; code++) (codeGoesRight(model, tree, n, code) ? right : left).push(code);
  const useRight = right.length <= left.length;
  const codes = useRight ? right : left;
  // NaN equals nothing: it falls through the chain to the other side, unless the first test sends it here.
  const missingTrue = (tree.missingLeft[n] !== 1) === useRight;
  // A chain needs one test: -1 is never a code (an empty side sends every code the other way).
  return { codes: codes.length > 0 ? codes : [-1], right: useRight, missingTrue };
}

function addTree(model: GbdtModel, tree: GbdtTree, t: number, e: Ensemble): void {
  const k = model.treesPerIteration;
  // Ids in pre-order, a categorical node taking one id per test of its chain.
  const ids = new Array<number>(tree.feature.length).fill(-1);
  let next = 0;
  const number = (n: number): void => {
    ids[n] = next;
    const cat = (tree.feature[n] as number) >= 0 && (tree.categorical[n] as number) >= 0;
    next += cat ? chainOf(model, tree, n).codes.length : 1;
    if ((tree.feature[n] as number) < 0) return;
    number(tree.left[n] as number);
    number(tree.right[n] as number);
  };
  number(0);
  const push = (id: number, feature: number, mode: Mode, value: number, yes: number, no: number, missing: boolean) => {
    e.treeIds.push(t);
    e.nodeIds.push(id);
    e.featureIds.push(feature);
    e.modes.push(mode);
    e.values.push(value);
    e.trueIds.push(yes);
    e.falseIds.push(no);
    e.missingTrue.push(missing ? 1 : 0);
  };
  const emit = (n: number): void => {
    const id = ids[n] as number;
    const f = tree.feature[n] as number;
    if (f < 0) {
      push(id, 0, 'LEAF', 0, 0, 0, false);
      e.targetTreeIds.push(t);
      e.targetNodeIds.push(id);
      e.targetIds.push(t % k);
      e.weights.push(tree.value[n] as number);
      return;
    }
    const left = ids[tree.left[n] as number] as number;
    const right = ids[tree.right[n] as number] as number;
    if ((tree.categorical[n] as number) < 0) {
      push(id, f, 'BRANCH_LEQ', tree.threshold[n] as number, left, right, tree.missingLeft[n] === 1);
    } else {
      const chain = chainOf(model, tree, n);
      const yes = chain.right ? right : left;
      const no = chain.right ? left : right;
      chain.codes.forEach((code, j) => {
        const last = j === chain.codes.length - 1;
        push(id + j, f, 'BRANCH_EQ', code, yes, last ? no : id + j + 1, j === 0 && chain.missingTrue);
      });
    }
    emit(tree.left[n] as number);
    emit(tree.right[n] as number);
  };
  emit(0);
}

const doubles = (name: string, data: readonly number[]): OnnxAttribute => ({
  name,
  type: 'tensor',
  value: { name, type: 'double', dims: [data.length], data } satisfies OnnxTensor,
});

/** The TreeEnsembleRegressor's attributes for the whole forest (a forest without trees gets one zero leaf). */
export function treeEnsembleAttributes(model: GbdtModel): OnnxAttribute[] {
  const e: Ensemble = {
    treeIds: [],
    nodeIds: [],
    featureIds: [],
    modes: [],
    values: [],
    trueIds: [],
    falseIds: [],
    missingTrue: [],
    targetTreeIds: [],
    targetNodeIds: [],
    targetIds: [],
    weights: [],
  };
  const leaf: GbdtTree = {
    feature: [-1],
    threshold: [0],
    left: [-1],
    right: [-1],
    missingLeft: [0],
    value: [0],
    gain: [0],
    count: [0],
    categorical: [-1],
    bitsets: [],
  };
  const trees = model.trees.length > 0 ? model.trees : [leaf];
  trees.forEach((tree, t) => {
    addTree(model, tree, t, e);
  });
  return [
    attr.int('n_targets', model.treesPerIteration),
    attr.string('aggregate_function', 'SUM'),
    attr.string('post_transform', 'NONE'),
    doubles('base_values_as_tensor', model.baseline),
    attr.ints('nodes_treeids', e.treeIds),
    attr.ints('nodes_nodeids', e.nodeIds),
    attr.ints('nodes_featureids', e.featureIds),
    attr.strings('nodes_modes', e.modes),
    doubles('nodes_values_as_tensor', e.values),
    attr.ints('nodes_truenodeids', e.trueIds),
    attr.ints('nodes_falsenodeids', e.falseIds),
    attr.ints('nodes_missing_value_tracks_true', e.missingTrue),
    attr.ints('target_treeids', e.targetTreeIds),
    attr.ints('target_nodeids', e.targetNodeIds),
    attr.ints('target_ids', e.targetIds),
    doubles('target_weights_as_tensor', e.weights),
  ];
}

/**
 * Categorical values that are not a code of the column (not an integer in 0..categories-1) → NaN, so
 * they take the missing side as in predict.ts. The preprocessing graph never writes one (an unseen label
 * is already NaN there); this keeps the forest's graph right on any input.
 */
function unknownCodesMissing(g: GraphBuilder, model: GbdtModel, x: string): string {
  if (!model.features.some((f) => f.kind === 'categorical')) return x;
  const width = model.features.length;
  const isCategorical = g.constant('categorical', {
    type: 'bool',
    dims: [1, width],
    data: model.features.map((f) => f.kind === 'categorical'),
  });
  const counts = g.constant('categories', {
    type: 'double',
    dims: [1, width],
    data: model.features.map((f) => (f.kind === 'categorical' ? (f.categories ?? 0) : Number.POSITIVE_INFINITY)),
  });
  const integer = g.op('Equal', [x, g.op('Floor', [x])]);
  const inRange = g.op('And', [g.op('GreaterOrEqual', [x, g.scalar(0)]), g.op('Less', [x, counts])]);
  const unknown = g.op('And', [isCategorical, g.op('Not', [g.op('And', [integer, inRange])])]);
  return g.op('Where', [unknown, g.scalar(Number.NaN), x]);
}

/**
 * The family's ONNX exporter: the ordinal rows ([N, columns] double) → the forest's raw scores → class
 * probabilities (sigmoid as [1 - p, p], or softmax) or the value in the scale the model was trained on,
 * as `Scorer.score` gives them (float32).
 */
export function gbdtOnnx(dir: string, { graph: g, input }: OnnxScorerContext): string {
  const file = path.join(dir, GBDT_FILE);
  const model = deserializeGbdtModel(readFileSync(file), file);
  const raw = g.op(
    'TreeEnsembleRegressor',
    [unknownCodesMissing(g, model, input)],
    treeEnsembleAttributes(model),
    ML_DOMAIN,
  );
  if (model.loss === 'squared_error') return raw;
  if (model.treesPerIteration === 1) {
    const p = g.op('Sigmoid', [raw]);
    return g.op('Concat', [g.op('Sub', [g.scalar(1, 'float'), p]), p], [attr.int('axis', 1)]);
  }
  return g.op('Softmax', [raw], [attr.int('axis', 1)]);
}
