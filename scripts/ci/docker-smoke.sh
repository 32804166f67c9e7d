#!/usr/bin/env bash
# CI stage: the Docker smoke test (scripts/docker-smoke.sh): build the serve image with a freshly trained example
# model, run it, API tests, uid 1000, healthcheck, SIGTERM → exit 0 with the prediction store flushed.
# Bounded: fails after 8 minutes.
set -euo pipefail
cd "$(dirname "$0")/../.."
timeout --signal TERM 480 bash scripts/docker-smoke.sh
