#!/usr/bin/env bash
# CI stage: validate every GitHub Actions workflow offline against the SchemaStore JSON schema and GitHub's own
# workflow parser (scripts/ci/validate-workflows.ts); a typo in a workflow fails CI.
set -euo pipefail
cd "$(dirname "$0")/../.."
npx tsx scripts/ci/validate-workflows.ts
