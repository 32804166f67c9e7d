import type { ColumnDrift, DriftResult } from '../types.js';
import { effectText, formatScore, multivariateText, TEST_LABELS, thresholdText } from './format.js';
import { chartSvg, escapeHtml } from './svg.js';

const CSS = `body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;max-width:1100px}
h1{font-size:22px}table{border-collapse:collapse;margin:12px 0}td,th{border:1px solid #ddd;padding:4px 8px;text-align:left}
.drift{color:#b00020;font-weight:600}.ok{color:#2e7d32}.banner{padding:12px;border-radius:6px;margin:12px 0}
.banner.drift{background:#fdecea}.banner.ok{background:#e8f5e9}.grid{display:flex;flex-wrap:wrap;gap:16px}
.card{border:1px solid #eee;border-radius:6px;padding:8px}.legend span{display:inline-block;width:10px;height:10px;margin:0 4px 0 12px}`;

const MLX_HEAD = '<th>corrected p</th><th>effect size</th>';

function columnRow(c: ColumnDrift, mlx: boolean): string {
  const cls = c.drifted ? 'drift' : 'ok';
  const extra = mlx
    ? `<td>${c.pValueAdjusted === null ? '—' : formatScore(c.pValueAdjusted)}</td><td>${escapeHtml(effectText(c))}</td>`
    : '';
  return `<tr><td>${escapeHtml(c.column)}</td><td>${c.kind}</td><td>${TEST_LABELS[c.test]}</td><td>${formatScore(c.score)}</td>${extra}<td>${escapeHtml(thresholdText(c))}</td><td class="${cls}">${c.drifted ? 'drift' : 'no drift'}</td><td>${formatScore(c.psi)}</td><td>${(c.reference.missingShare * 100).toFixed(1)}% → ${(c.current.missingShare * 100).toFixed(1)}%</td></tr>`;
}

function decisionRow(result: DriftResult): string {
  const d = result.decision;
  if (d.method === 'evidently')
    return `<tr><th>method</th><td>${escapeHtml(`evidently (Evidently's defaults; dataset drift at share ≥ ${d.share})`)}</td></tr>`;
  const correction = d.correction === 'bh' ? 'Benjamini–Hochberg' : 'Holm';
  const text = `mlx (${correction} at ${d.fdr}; effect-size floors: normed Wasserstein ${d.effectSizeFloor.numeric}, Jensen–Shannon ${d.effectSizeFloor.categorical})`;
  return `<tr><th>method</th><td>${escapeHtml(text)}</td></tr>`;
}

function card(c: ColumnDrift): string {
  const title = `${c.column}: ${TEST_LABELS[c.test]} ${formatScore(c.score)} (${c.drifted ? 'drift' : 'no drift'})`;
  return `<div class="card"><h3 class="${c.drifted ? 'drift' : 'ok'}">${escapeHtml(title)}</h3>${chartSvg(c.chart, title)}</div>`;
}

/** A self-contained HTML drift report: verdict and summary on top, a table, one chart per column. */
export function renderDriftHtml(result: DriftResult): string {
  const all = result.prediction ? [...result.columns, result.prediction] : result.columns;
  const verdictClass = result.datasetDrift ? 'drift' : 'ok';
  const model = result.model ? `${result.model.name}${result.model.version ? ` v${result.model.version}` : ''}` : '—';
  const window = result.window ? `${result.window.since ?? '…'} → ${result.window.until ?? 'now'}` : 'files';
  const mlx = result.method === 'mlx';
  const summary = `<table>${decisionRow(result)}<tr><th>model</th><td>${escapeHtml(model)}</td></tr><tr><th>current window</th><td>${escapeHtml(window)}</td></tr><tr><th>rows (reference / current)</th><td>${result.referenceRows} / ${result.currentRows}</td></tr><tr><th>drifted columns</th><td>${result.driftedColumns} of ${result.evaluatedColumns} (${mlx ? 'dataset drift when any column drifts' : `share ${result.driftShare.toFixed(2)}, threshold ${result.shareThreshold}`})</td></tr><tr><th>generated</th><td>${escapeHtml(result.generatedAt)}</td></tr></table>`;
  const table = all.length
    ? `<table><tr><th>column</th><th>type</th><th>test</th><th>statistic</th>${mlx ? MLX_HEAD : ''}<th>threshold</th><th>result</th><th>PSI</th><th>missing</th></tr>${all.map((c) => columnRow(c, mlx)).join('')}</table>`
    : '';
  const mv = result.multivariate;
  const multivariate = mv
    ? `<h2>Multivariate test</h2><p class="${mv.drifted ? 'drift' : 'ok'}">${escapeHtml(multivariateText(mv))}</p><p class="explain">${escapeHtml(`A ${mv.model} classifier is trained to tell reference rows from current rows on one half of the rows and scored on the other half (AUC 0.5 = indistinguishable). The p-value is the share of random relabellings of the held-out rows that reach the same AUC: if both samples come from one distribution it is at most α with probability α, whatever the model. It is corrected together with the column p-values.`)}</p>`
    : '';
  const skipped = result.skipped.length
    ? `<p>Skipped: ${result.skipped.map((s) => `${escapeHtml(s.column)} (${escapeHtml(s.reason)})`).join(', ')}</p>`
    : '';
  const legend = `<p class="legend">Share of rows per bin/value: <span style="background:#4e79a7"></span>reference <span style="background:#f28e2b"></span>current</p>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>mlx drift report</title><style>${CSS}</style></head><body><h1>Data drift report</h1><div class="banner ${verdictClass}">${escapeHtml(result.message)}</div><p class="explain">${escapeHtml(result.decision.explanation)}</p>${summary}${table}${multivariate}${skipped}${all.length ? legend : ''}<div class="grid">${all.map(card).join('')}</div></body></html>\n`;
}
