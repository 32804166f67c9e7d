#!/usr/bin/env bash
# CI stage: the README's shell blocks marked `<!-- runnable -->` run, in order, on a temporary copy of
# the example project with the built binary (dist/ is built by `npm test`).
set -euo pipefail
cd "$(dirname "$0")/../.."
timeout 900 node --import tsx scripts/docs-readme-check.ts
