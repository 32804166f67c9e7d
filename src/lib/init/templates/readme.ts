import type { ProjectSpec } from '../spec.js';

/** `README.md`: what the project predicts and the handful of commands that run it. */
export function readme(spec: ProjectSpec): string {
  const instance = JSON.stringify({ instances: [spec.example] });
  const what =
    spec.task === 'classification'
      ? `classifies \`${spec.target}\` (${(spec.classes ?? []).map((c) => `\`${c}\``).join(', ')})`
      : `predicts \`${spec.target}\` (regression)`;
  return `# ${spec.name}

A model that ${what} from \`${spec.source}\` (${spec.rows} rows, ${Object.keys(spec.features).length} features),
trained, served and monitored with [mlx](https://www.npmjs.com/package/${spec.mlx.packageName}) (Node.js 24).

\`\`\`sh
npm install                      # mlx (${spec.mlx.packageName}) from package.json
npx mlx pipeline                 # prepare → train → evaluate (skips what is up to date); gate: ${spec.gate.metric} ≥ ${spec.gate.value}
npx mlx train --set model=linear # another model group (configs/model/linear.yaml)
npx mlx train --set model=gbdt   # gradient-boosted trees (configs/model/gbdt.yaml)
npx mlx models promote ${spec.name}@1 --alias production   # serve, evaluate, predict and drift use it by default
npx mlx serve                    # HTTP API on http://127.0.0.1:8080 (OpenAPI at /openapi.json)
npx mlx predict --input ${spec.source} --output predictions.csv
npx mlx drift --current recent.csv   # recent inputs vs the training reference
\`\`\`

A prediction over HTTP (\`mlx serve\` running):

\`\`\`sh
curl -s localhost:8080/v1/predict -H 'Content-Type: application/json' -d '${instance.replaceAll("'", "'\\''")}'
\`\`\`

- \`mlx.config.yaml\`: the data, its inferred contract (\`data.features\`: optional columns, observed ranges
  as soft limits), the target, the model group and the quality gate. \`npx mlx config show --sources\`.
- \`configs/model/\`: model groups (\`mlp\`, \`linear\`).
- \`.github/workflows/mlx.yml\`: the pipeline and its gate on every push; a daily drift check.
- \`Dockerfile\`: trains at build time and serves on \`$PORT\`.
`;
}
