#!/usr/bin/env bash
# `npm run docker-build [-- DOCKER_BUILD_ARGS...]`: build the mlx image (default target: serve) from the repo.
#   npm run docker-build                                               # serve image, no model baked in
#   npm run docker-build -- --build-arg MODEL_DIR=runs/<run-id>/model  # serve image with that bundle baked in
#   npm run docker-build -- --target train -t mlx-train                # the training image
# Prepares a local engine first when ../shared/tools/docker-local-base.sh exists (offline machines), builds with
# host networking (the build runs `npm ci`), and prints the image size. MLX_IMAGE sets the tag (default mlx).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
base="$ROOT/../shared/tools/docker-local-base.sh"
[ -f "$base" ] && bash "$base"
tag=${MLX_IMAGE:-mlx}
for arg in "$@"; do
  # A later -t/--tag wins over the default one.
  case "$arg" in -t | --tag | --tag=*) tag="" ;; esac
done
docker build --network host ${tag:+-t "$tag"} "$@" "$ROOT"
[ -n "$tag" ] && docker image ls "$tag" --format '{{.Repository}}:{{.Tag}} {{.Size}}'
exit 0
