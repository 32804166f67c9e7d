#!/usr/bin/env bash
# CI stage: the Docker smoke test (scripts/docker-smoke.sh): build the serve image with a freshly trained example
# model, run it, API tests, uid 1000, healthcheck, SIGTERM → exit 0 with the prediction store flushed, and the
# train image. Provisioning the engine (../shared/tools/docker-local-base.sh, minutes on a fresh machine) comes
# first; the smoke test itself is bounded to 10 minutes.
set -euo pipefail
cd "$(dirname "$0")/../.."
# An engine this stage starts is stopped when it ends: left running (dockerd with the vfs driver kept ~17 % of a
# core busy) it skewed every later measurement on the machine. One that answered before is left alone.
if docker info >/dev/null 2>&1; then started_engine=0; else started_engine=1; fi
stop_engine() {
  if [ "$started_engine" = 1 ]; then pkill -x dockerd || true; fi
}
trap stop_engine EXIT
if [ -f ../shared/tools/docker-local-base.sh ]; then
  bash ../shared/tools/docker-local-base.sh
fi
timeout --signal TERM --kill-after 30 600 bash scripts/docker-smoke.sh
