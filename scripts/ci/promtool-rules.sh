#!/usr/bin/env bash
# CI stage: the Prometheus config and alert rules are valid, and the alert unit tests pass.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v promtool >/dev/null || { echo "promtool missing: apt-get install prometheus (scripts/ci/apt-packages)"; exit 1; }
timeout 120 promtool check config deploy/prometheus/prometheus.yml
timeout 120 promtool check rules deploy/prometheus/alerts.yml
timeout 120 promtool test rules deploy/prometheus/alerts.test.yml
# The Grafana dashboard is valid JSON and only queries metrics that mlx exports.
node -e '
const d = JSON.parse(require("fs").readFileSync("deploy/grafana/mlx.json", "utf8"));
const exprs = d.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
const bad = exprs.filter((e) => !/mlx_|up\{/.test(e));
if (exprs.length === 0 || bad.length) { console.error("dashboard queries without mlx metrics:", bad); process.exit(1); }
console.log(`grafana dashboard: ${d.panels.length} panels, ${exprs.length} queries`);
'
