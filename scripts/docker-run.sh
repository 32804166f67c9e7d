#!/usr/bin/env bash
# `npm run docker-run [-- MODEL_DIR]`: run the serve image on http://127.0.0.1:${PORT:-8080}.
#   npm run docker-run                          # the model baked into the image
#   npm run docker-run -- runs/<run-id>/model   # mount this bundle on /app/model (read-only) instead
# The prediction store lives in the named volume mlx-var (kept across runs). Host networking (works offline and
# on Linux; on Docker Desktop set MLX_DOCKER_NETWORK=bridge to publish the port instead). Ctrl-C stops it
# cleanly (SIGTERM: drain, flush the store, exit 0). MLX_IMAGE sets the image (default mlx).
set -euo pipefail
image=${MLX_IMAGE:-mlx}
port=${PORT:-8080}
args=(--rm --init -e "PORT=$port" -v mlx-var:/app/var)
if [ "${MLX_DOCKER_NETWORK:-host}" = host ]; then
  args+=(--network host)
else
  args+=(-p "127.0.0.1:$port:$port")
fi
if [ $# -gt 0 ]; then
  [ -f "$1/MANIFEST.sha256" ] || {
    echo "docker-run: $1 is not a model bundle (no MANIFEST.sha256)" >&2
    exit 2
  }
  args+=(-v "$(cd "$1" && pwd):/app/model:ro")
fi
echo "docker-run: $image on http://127.0.0.1:$port (Ctrl-C stops it)" >&2
exec docker run "${args[@]}" "$image"
