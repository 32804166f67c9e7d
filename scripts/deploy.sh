#!/usr/bin/env bash
# Deploy the serve image to Cloud Run, then run the API tests against the deployed URL; roll traffic back to the
# previous revision when they fail. Used by .github/workflows/deploy.yml and `npm run deploy`.
#
#   bash scripts/deploy.sh [--dry-run] [--skip-tests]
#
# Settings (environment; docs/deploy-gcp.md creates the resources):
#   GCP_PROJECT_ID (default: gcloud's configured project)   GCP_REGION (europe-west1)   GAR_REPOSITORY (mlx)
#   MLX_SERVICE (mlx)   GCLOUD (the gcloud binary)   IMAGE (default: <region>-docker.pkg.dev/<project>/<repository>/mlx:<git HEAD>)
#   RUNTIME_SERVICE_ACCOUNT (mlx-runtime@<project>.iam.gserviceaccount.com)   API_TOKEN_SECRET (mlx-api-token)
#
# Without gcloud, credentials or a project it deploys nothing: it says why, prints the rendered service.yaml and
# the exact gcloud commands it would run, and exits 2. --dry-run prints the same and exits 0.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DRY_RUN=0
SKIP_TESTS=0
for arg in "$@"; do
  case "$arg" in
    --dry-run) DRY_RUN=1 ;;
    --skip-tests) SKIP_TESTS=1 ;;
    -h | --help)
      sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *)
      echo "deploy: unknown argument '$arg' (try --help)" >&2
      exit 2
      ;;
  esac
done

# GCLOUD picks the gcloud binary (default: the one on PATH).
gcloud() { command "${GCLOUD:-gcloud}" "$@"; }
have_gcloud=0
command -v "${GCLOUD:-gcloud}" >/dev/null 2>&1 && have_gcloud=1
project=${GCP_PROJECT_ID:-}
if [ -z "$project" ] && [ "$have_gcloud" = 1 ]; then
  project=$(gcloud config get-value project 2>/dev/null || true)
fi
region=${GCP_REGION:-europe-west1}
repository=${GAR_REPOSITORY:-mlx}
service=${MLX_SERVICE:-mlx}
project_shown=${project:-PROJECT_ID}
sha=$(git -C "$ROOT" rev-parse HEAD 2>/dev/null || echo latest)
image=${IMAGE:-$region-docker.pkg.dev/$project_shown/$repository/mlx:$sha}
runtime_sa=${RUNTIME_SERVICE_ACCOUNT:-mlx-runtime@$project_shown.iam.gserviceaccount.com}
secret=${API_TOKEN_SECRET:-mlx-api-token}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rendered="$work/service.yaml"

render() {
  # Placeholders are ${NAME} in deploy/cloudrun/service.yaml; the values never contain '|'.
  sed -e "s|\${SERVICE}|$service|g" -e "s|\${IMAGE}|$1|g" -e "s|\${RUNTIME_SERVICE_ACCOUNT}|$runtime_sa|g" \
    -e "s|\${API_TOKEN_SECRET}|$secret|g" "$ROOT/deploy/cloudrun/service.yaml" >"$rendered"
  if grep -v '^ *#' "$rendered" | grep '\${' >&2; then
    echo "deploy: unfilled placeholders in deploy/cloudrun/service.yaml (above)" >&2
    exit 2
  fi
}

where=(--project "$project_shown" --region "$region")
plan() {
  cat <<EOF
# 1. the image's digest (deploy exactly what was tested and pushed)
gcloud artifacts docker images describe $image --project $project_shown --format='value(image_summary.fully_qualified_digest)'
# 2. the revision serving now (to roll back to)
gcloud run services describe $service ${where[*]} --format='value(status.latestReadyRevisionName)'
# 3. deploy deploy/cloudrun/service.yaml, rendered below
gcloud run services replace service.yaml ${where[*]}
# 4. its URL and the API token, then the API tests
gcloud run services describe $service ${where[*]} --format='value(status.url)'
MLX_API_TOKEN=\$(gcloud secrets versions access latest --secret $secret --project $project_shown) \\
  node scripts/api-smoke.mjs --url <URL> --token-env MLX_API_TOKEN --wait 180
# 5. only if the tests fail: traffic back to the previous revision
gcloud run services update-traffic $service ${where[*]} --to-revisions <PREVIOUS_REVISION>=100
EOF
  echo "# service.yaml:"
  sed 's/^/#   /' "$rendered"
}

reason=""
if [ "$have_gcloud" = 0 ]; then
  reason="gcloud is not installed"
elif ! gcloud auth print-access-token >/dev/null 2>&1; then
  reason="gcloud has no active credentials (gcloud auth login, or Workload Identity Federation in CI)"
elif [ -z "$project" ]; then
  reason="no project: set GCP_PROJECT_ID or gcloud config set project"
fi

if [ "$DRY_RUN" = 1 ] || [ -n "$reason" ]; then
  render "$image"
  if [ "$DRY_RUN" = 1 ]; then
    echo "deploy: dry run, nothing deployed. These are the commands it would run:"
  else
    echo "deploy: cannot deploy: $reason. Nothing was deployed. These are the commands it would run:"
  fi
  plan
  [ "$DRY_RUN" = 1 ] && exit 0
  exit 2
fi

log() { printf '[deploy] %s\n' "$*" >&2; }
digest=$(gcloud artifacts docker images describe "$image" --project "$project" \
  --format='value(image_summary.fully_qualified_digest)')
[ -n "$digest" ] || {
  log "image $image not found in Artifact Registry"
  exit 2
}
render "$digest"
previous=$(gcloud run services describe "$service" "${where[@]}" --format='value(status.latestReadyRevisionName)' \
  2>/dev/null || true)
log "deploying $digest to $service in $region (serving now: ${previous:-nothing})"
gcloud run services replace "$rendered" "${where[@]}"
url=$(gcloud run services describe "$service" "${where[@]}" --format='value(status.url)')
log "deployed: $url"
[ "$SKIP_TESTS" = 1 ] && exit 0

MLX_API_TOKEN=$(gcloud secrets versions access latest --secret "$secret" --project "$project")
export MLX_API_TOKEN
if node "$ROOT/scripts/api-smoke.mjs" --url "$url" --token-env MLX_API_TOKEN --wait 180; then
  log "API tests passed against $url"
  exit 0
fi
if [ -n "$previous" ]; then
  log "API tests failed: routing all traffic back to $previous"
  gcloud run services update-traffic "$service" "${where[@]}" --to-revisions "$previous=100"
fi
exit 1
