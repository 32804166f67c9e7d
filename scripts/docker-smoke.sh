#!/usr/bin/env bash
# Docker smoke test of the serve image, end to end (run by CI through scripts/ci/docker-smoke.sh):
#   1. a Docker engine (../shared/tools/docker-local-base.sh when it exists: engine + node:24-bookworm-slim offline)
#   2. a clean build context: the repo's files (tracked + untracked, minus .gitignore'd) in a temp dir
#   3. train the example model there with the host's built CLI (`mlx pipeline`)
#   4. `docker build` the serve target with that bundle baked in (--build-arg MODEL_DIR); check the image size
#   5. run it (prediction store on a mounted var/ dir), wait for /ready, API tests (scripts/api-smoke.mjs)
#   6. the server is PID 1 and runs as uid 1000; the HEALTHCHECK (no curl) turns healthy; models export works
#   7. SIGTERM: exit code 0, and the store holds exactly one row per predicted instance
#   8. the train target builds and runs `mlx pipeline` to a model of test accuracy >= 0.9
# Env: MLX_SMOKE_IMAGE (tag, default mlx:smoke), MLX_SMOKE_MAX_MB (image size limit, default 350),
# MLX_SMOKE_KEEP=1 keeps the images and the temp dir. With CI=true, untagged build layers are pruned afterwards.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
START=$(date +%s)
IMAGE=${MLX_SMOKE_IMAGE:-mlx:smoke}
MAX_MB=${MLX_SMOKE_MAX_MB:-350}
KEEP=${MLX_SMOKE_KEEP:-0}
CASES="$ROOT/deploy/api-tests/penguins.json"
log() { printf '[docker-smoke %4ss] %s\n' "$(($(date +%s) - START))" "$*" >&2; }
fail() {
  log "FAILED: $*"
  exit 1
}

work=$(mktemp -d /tmp/mlx-docker-smoke.XXXXXX)
ctx="$work/context"
var="$work/var"
container=""
cleanup() {
  local rc=$?
  if [ -n "$container" ]; then
    if [ "$rc" -ne 0 ]; then
      log "container logs (last 40 lines):"
      docker logs --tail 40 "$container" >&2 2>&1 || true
    fi
    docker rm -f "$container" >/dev/null 2>&1 || true
  fi
  if [ "$KEEP" = 1 ]; then
    log "kept $work and the image $IMAGE"
  else
    rm -rf "$work"
    docker rmi "$IMAGE" "$IMAGE-train" >/dev/null 2>&1 || true
    # In CI, also drop the build's untagged layers: with the vfs storage driver each is a full filesystem copy.
    [ "${CI:-}" = true ] && docker image prune -f >/dev/null 2>&1 || true
  fi
  exit "$rc"
}
trap cleanup EXIT

# 1. Docker engine.
base="$ROOT/../shared/tools/docker-local-base.sh"
if [ -f "$base" ]; then
  log "preparing the local Docker engine and base image ($base)"
  bash "$base"
fi
docker info >/dev/null 2>&1 || fail "no Docker engine answers (docker info)"

# 2. The CLI on the host (built by npm test in CI) and a clean build context.
if [ ! -f "$ROOT/dist/index.js" ] || [ ! -f "$ROOT/oclif.manifest.json" ]; then
  log "building the CLI (npm run build)"
  (cd "$ROOT" && npm run build >/dev/null)
fi
mkdir -p "$ctx" "$var"
if git -C "$ROOT" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  (cd "$ROOT" && git ls-files -z --cached --others --exclude-standard |
    tar --null --ignore-failed-read -T - -cf - 2>/dev/null) | tar -xf - -C "$ctx"
else
  (cd "$ROOT" && tar --exclude=./node_modules --exclude=./dist --exclude=./coverage --exclude=./var \
    --exclude=./runs --exclude=./models --exclude=./data/processed -cf - .) | tar -xf - -C "$ctx"
fi
[ -f "$ctx/Dockerfile" ] || fail "no Dockerfile in the build context"

# 3. Train the example model with the host's CLI, in the context (so the bundle can be baked in).
log "training the example model on the host (mlx pipeline)"
(cd "$ctx" && node "$ROOT/bin/run.js" pipeline --json --log-level warn >"$work/pipeline.json") ||
  fail "mlx pipeline failed"
run_id=$(node -p "require(process.argv[1]).runId" "$work/pipeline.json")
model_dir="runs/$run_id/model"
[ -f "$ctx/$model_dir/MANIFEST.sha256" ] || fail "no bundle at $model_dir"
log "model bundle: $model_dir"

# 4. Build the serve image with the bundle baked in.
log "docker build --target serve --build-arg MODEL_DIR=$model_dir -t $IMAGE"
build_start=$(date +%s)
docker build --network host --target serve --build-arg "MODEL_DIR=$model_dir" -t "$IMAGE" "$ctx" \
  >"$work/build.log" 2>&1 || {
  tail -40 "$work/build.log" >&2
  fail "docker build failed"
}
size_bytes=$(docker image inspect -f '{{.Size}}' "$IMAGE")
size_mb=$((size_bytes / 1000000))
log "built in $(($(date +%s) - build_start)) s; image size ${size_mb} MB (limit ${MAX_MB} MB)"
[ "$size_mb" -le "$MAX_MB" ] || fail "image is ${size_mb} MB, over the ${MAX_MB} MB limit"

# 5. Run it: host network (no registry or bridge needed here), a free port, the store on a mounted dir.
port=$(node -e 'const s=require("node:net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
chown 1000:1000 "$var" 2>/dev/null || chmod 0777 "$var"
container=$(docker run -d --network host -e "PORT=$port" -v "$var:/app/var" --name "mlx-smoke-$$" "$IMAGE")
log "container ${container:0:12} on port $port; API tests"
node "$ROOT/scripts/api-smoke.mjs" --url "http://127.0.0.1:$port" --cases "$CASES" --wait 120 ||
  fail "API tests failed"

# 6. PID 1 is the server, as uid 1000 (the image's `node` user); the HEALTHCHECK works without curl.
proc=$(docker exec "$container" node -e '
  const fs = require("node:fs");
  const uid = fs.readFileSync("/proc/1/status", "utf8").match(/^Uid:\s+(\d+)/m)[1];
  const cmd = fs.readFileSync("/proc/1/cmdline", "utf8").split("\0").join(" ").trim();
  console.log(`${uid} ${cmd}`);')
log "PID 1: uid ${proc}"
[ "${proc%% *}" = 1000 ] || fail "the server runs as uid ${proc%% *}, not 1000"
case "$proc" in *mlx*serve*) ;; *) fail "PID 1 is not mlx serve: $proc" ;; esac
health=""
for _ in $(seq 1 60); do
  health=$(docker inspect -f '{{.State.Health.Status}}' "$container")
  [ "$health" = healthy ] && break
  [ "$health" = unhealthy ] && break
  sleep 1
done
[ "$health" = healthy ] || fail "HEALTHCHECK status: $health"
log "HEALTHCHECK: healthy"

# 6b. The exports work inside the image (the web page's assets ship in it).
docker exec "$container" sh -c 'mlx models export /app/model --format web --output /tmp/web --log-level warn >/dev/null &&
  test -s /tmp/web/index.html && mlx models export /app/model --format onnx --output /tmp/model.onnx --log-level warn >/dev/null &&
  test -s /tmp/model.onnx' || fail "mlx models export (web, onnx) failed in the serve image"
log "models export: web folder and .onnx written inside the image"

# 7. SIGTERM: drain, flush the store, exit 0.
expected=$(node -p "require(process.argv[1]).predict.length" "$CASES")
docker kill --signal TERM "$container" >/dev/null
code=$(timeout 60 docker wait "$container") || fail "the container did not stop within 60 s of SIGTERM"
log "exit code after SIGTERM: $code"
[ "$code" = 0 ] || fail "exit code $code after SIGTERM, expected 0"
rows=$(node -e '
  const { DatabaseSync } = require("node:sqlite");
  const db = new DatabaseSync(process.argv[1], { readOnly: true });
  console.log(db.prepare("SELECT count(*) AS n FROM predictions").get().n);' "$var/predictions.sqlite" 2>/dev/null) ||
  fail "cannot read $var/predictions.sqlite"
log "prediction store: $rows rows (expected $expected)"
[ "$rows" = "$expected" ] || fail "the store holds $rows rows, expected $expected"

docker rm "$container" >/dev/null
container=""

# 8. The train target (its stages were built above, so this build is mostly cache): `mlx pipeline` in a container.
log "train target: docker build --target train; mlx pipeline inside"
docker build --network host --target train -t "$IMAGE-train" "$ctx" >"$work/build-train.log" 2>&1 || {
  tail -40 "$work/build-train.log" >&2
  fail "docker build --target train failed"
}
docker run --rm --init --network host "$IMAGE-train" pipeline --json --log-level warn >"$work/train.json" ||
  fail "mlx pipeline failed in the train image"
accuracy=$(node -p "require(process.argv[1]).metrics.accuracy" "$work/train.json")
log "train image: pipeline exit 0, test accuracy $accuracy"
node -e 'process.exit(Number(process.argv[1]) >= 0.9 ? 0 : 1)' "$accuracy" || fail "accuracy $accuracy < 0.9"

log "passed: image ${size_mb} MB, API tests, uid 1000, healthy, SIGTERM → 0 with $rows rows flushed, train image OK"
