#!/usr/bin/env bash
# CI stage: the generated references still build from the current code (dist/ is built by `npm test`).
# A committed copy that differs is reported, not failed: regenerate with `npm run docs:api`.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
timeout 120 node --import tsx scripts/docs-api.ts --out "$out/api"
if ! diff -q "$out/api/README.md" docs/api/README.md >/dev/null; then
  echo "[docs] notice: docs/api/ is older than src/index.ts; run 'npm run docs:api' and commit the result"
fi
node scripts/docs-deps.ts --check || echo "[docs] notice: run 'npm run docs:deps && npm run docs:diagrams' and commit the result"
