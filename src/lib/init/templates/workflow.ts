import type { ProjectSpec } from '../spec.js';

/**
 * `.github/workflows/mlx.yml`: on every push and pull request, the pipeline (prepare → train →
 * evaluate) with the quality gate of mlx.config.yaml; every day, a drift check of recent inputs
 * against the model's training reference.
 */
export function workflow(spec: ProjectSpec): string {
  return `# mlx: train and gate the model on every change; check recent inputs for drift every day.
# The gate is evaluate.fail_under in mlx.config.yaml (exit 4 fails the job). The daily drift check reads
# the file named by the repository variable MLX_CURRENT_DATA (default data/current.csv): export recent
# production inputs there, e.g. \`npx mlx predictions export --since 7d --output data/current.csv\` on the
# serving host. Exit 5 (drift) fails the job.
name: mlx

on:
  push:
    branches: [main]
  pull_request:
  schedule:
    - cron: '23 5 * * *'
  workflow_dispatch:

permissions:
  contents: read

jobs:
  pipeline:
    if: github.event_name != 'schedule'
    runs-on: ubuntu-latest
    timeout-minutes: 30
    steps:
      - uses: actions/checkout@v5
      - uses: actions/setup-node@v5
        with:
          node-version: 24
          cache: npm
      - run: npm ci --no-audit --no-fund
      - name: Validate the data against its contract
        run: npx mlx data validate
      - name: Pipeline (prepare → train → evaluate, gate ${spec.gate.metric} ≥ ${spec.gate.value})
        run: npx mlx pipeline
      - uses: actions/upload-artifact@v4
        if: always()
        with:
          name: evaluation
          path: |
            reports/evaluate/
            data.lock
          if-no-files-found: ignore

  drift:
    if: github.event_name == 'schedule' || github.event_name == 'workflow_dispatch'
    runs-on: ubuntu-latest
    timeout-minutes: 30
    env:
      CURRENT: \${{ vars.MLX_CURRENT_DATA || 'data/current.csv' }}
    steps:
      - uses: actions/checkout@v5
      - uses: actions/setup-node@v5
        with:
          node-version: 24
          cache: npm
      - run: npm ci --no-audit --no-fund
      - name: The model (the same data and config give the same weights)
        run: npx mlx pipeline
      - name: Drift of recent inputs
        run: |
          if [ ! -f "$CURRENT" ]; then
            echo "::warning::No recent inputs at $CURRENT: drift not checked (set the MLX_CURRENT_DATA variable)."
            exit 0
          fi
          npx mlx drift --current "$CURRENT" --fail-on-drift
      - uses: actions/upload-artifact@v4
        if: always()
        with:
          name: drift-report
          path: reports/drift/
          if-no-files-found: ignore
`;
}
