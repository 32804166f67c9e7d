#!/usr/bin/env bash
# CI stage: `promtool check metrics` on the real /metrics of `mlx serve` (built binary, a model trained
# on the shipped penguins data, after a few predictions). promtool comes from Debian's prometheus package
# (scripts/ci/apt-packages). Also checks that SIGTERM exits 0 with the predictions in the store.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
command -v promtool >/dev/null || { echo "promtool missing: apt-get install prometheus"; exit 1; }

work=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then kill -TERM "$server"; fi
  rm -rf "$work"
}
trap cleanup EXIT

cp -r mlx.config.yaml configs "$work/"
mkdir -p "$work/data" && cp -r data/raw "$work/data/"
cd "$work"
env -u PORT node "$root/bin/run.js" data prepare -q >/dev/null
env -u PORT node "$root/bin/run.js" train -q --set train.epochs=20 >/dev/null

env -u PORT node "$root/bin/run.js" serve --port 0 --log-format json 2>serve.log &
server=$!
url=""
for _ in $(seq 1 300); do
  url=$(grep -o 'listening on http://[0-9.:]*' serve.log | head -1 | cut -d' ' -f3 || true)
  [ -n "$url" ] && break
  kill -0 "$server" 2>/dev/null || { cat serve.log; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { echo "mlx serve did not start"; cat serve.log; exit 1; }

penguin='{"island":"Biscoe","bill_length_mm":46.1,"bill_depth_mm":13.2,"flipper_length_mm":211,"body_mass_g":4500,"sex":"FEMALE"}'
curl -fsS -X POST "$url/v1/predict" -H 'Content-Type: application/json' -d "{\"instances\":[$penguin,$penguin]}" >/dev/null
curl -sS -X POST "$url/v1/predict" -H 'Content-Type: application/json' -d '{"instances":[{}]}' >/dev/null
curl -fsS "$url/metrics" >metrics.txt
promtool check metrics <metrics.txt
grep -q '^mlx_predictions_total{model_version="1",label="Gentoo"} 2$' metrics.txt

kill -TERM "$server"
wait "$server"
server=""
rows=$(node -e "const {DatabaseSync}=require('node:sqlite');console.log(new DatabaseSync('var/predictions.sqlite',{readOnly:true}).prepare('SELECT COUNT(*) n FROM predictions').get().n)")
[ "$rows" = 2 ] || { echo "expected 2 stored predictions, got $rows"; exit 1; }
echo "promtool check metrics: ok ($(grep -c '^# TYPE' metrics.txt) metric families); clean shutdown stored $rows rows"
