import YAML from 'yaml';
import type { ProjectSpec } from '../spec.js';

/** `mlx.config.yaml`: the data and its inferred contract, the target, the model group, a quality gate. */
export function configYaml(spec: ProjectSpec): string {
  const doc = new YAML.Document({
    data: {
      source: spec.source,
      target: spec.target,
      task: spec.task,
      features: spec.features,
      split: { train: 0.7, val: 0.15, test: 0.15, stratify: spec.task === 'classification' },
    },
    model: { name: spec.name },
    evaluate: { fail_under: { [spec.gate.metric]: spec.gate.value } },
  });
  // One line per feature, as a table reads; the other maps in block style.
  const features = doc.getIn(['data', 'features'], true);
  if (YAML.isMap(features)) for (const item of features.items) if (YAML.isMap(item.value)) item.value.flow = true;
  const split = doc.getIn(['data', 'split'], true);
  if (YAML.isMap(split)) split.flow = true;
  const body = doc.toString({ lineWidth: 0 });
  const what =
    spec.task === 'classification'
      ? `classify ${spec.target} (${spec.classes?.length ?? 0} classes)`
      : `predict ${spec.target} (regression)`;
  return [
    `# mlx project: ${what} from ${spec.source} (${spec.rows} rows).`,
    `# Written by \`mlx init\` (${spec.mlx.packageName} ${spec.mlx.version}). Layers, lowest first: defaults → this file →`,
    '# the groups below → configs/env/$MLX_ENV.yaml → MLX_<SECTION>__<KEY> variables → --set overrides;',
    '# `npx mlx config show --sources` prints every value and where it came from.',
    '#',
    '# data.features is the input contract inferred from the file: a column with missing values is',
    '# optional (required: false); min/max/allowed/max_missing are what the file showed (limits: soft), so',
    '# a new value outside them is a warning in `mlx data validate`, `mlx predict` and `mlx serve`, not an',
    '# error. Declare a limit you mean (and drop `limits: soft`) to enforce it; the `inputs` section says',
    '# what predict and serve do then (on_out_of_range, on_unknown_category, on_missing).',
    'defaults:',
    '  - model: mlp # configs/model/mlp.yaml; `--set model=linear` trains configs/model/linear.yaml instead',
    '  - _self_',
    '',
    'seed: 42',
    '',
    body.replace(
      /^evaluate:\n/m,
      '# The quality gate of CI (`mlx pipeline` and `mlx evaluate` exit 4 below it): beat the baseline to start\n# with; raise it once you know what the model reaches.\nevaluate:\n',
    ),
  ].join('\n');
}
