#!/usr/bin/env bash
# CI stage: the Docker smoke test (scripts/docker-smoke.sh): build the serve image with a freshly trained example
# model, run it, API tests, uid 1000, healthcheck, SIGTERM → exit 0 with the prediction store flushed, and the
# train image. Provisioning the engine (../shared/tools/docker-local-base.sh, minutes on a fresh machine) comes
# first; the smoke test itself is bounded to 10 minutes.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ -f ../shared/tools/docker-local-base.sh ]; then
  bash ../shared/tools/docker-local-base.sh
fi
timeout --signal TERM --kill-after 30 600 bash scripts/docker-smoke.sh
