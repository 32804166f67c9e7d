import type { Prediction, Row } from '../../contracts.js';
import type { LiveView } from '../../workflows/ui-live.js';
import { lineChart } from '../charts.js';
import { cell, type Html, html, kvTable, page, problems, raw } from '../html.js';

function output(p: Prediction): string {
  if ('value' in p) return cell(p.value);
  const prob = p.probabilities[p.label];
  return prob === undefined ? p.label : `${p.label} (${(prob * 100).toFixed(1)}%)`;
}

function inputs(row: Row): string {
  return Object.entries(row)
    .map(([k, v]) => `${k}=${cell(v)}`)
    .join(', ');
}

/** The refreshable part of the live page (the script swaps it in every few seconds). */
export function liveContent(v: LiveView): Html {
  const total = v.perMinute.reduce((a, p) => a + p.count, 0);
  const errors = v.errors;
  const share = (n: number) => (errors && errors.requests > 0 ? `${((n / errors.requests) * 100).toFixed(2)}%` : '—');
  return html`${problems(v.problems, 'Not available')}
<section aria-labelledby="h-rate"><h2 id="h-rate">Predictions per minute</h2>${
    v.perMinute.length > 0
      ? html`<p>${total} predictions in the last ${v.perMinute.length} minutes.</p><figure class="chart">${raw(
          lineChart(
            'Predictions per minute',
            [
              {
                name: 'predictions',
                points: v.perMinute.map((p, i) => ({ x: i - v.perMinute.length + 1, y: p.count })),
              },
            ],
            { xTitle: 'minutes ago', yTitle: 'predictions' },
          ),
        )}</figure>`
      : html`<p class="missing">No prediction store to count from.</p>`
  }</section>
<section aria-labelledby="h-latency"><h2 id="h-latency">Latency (last 5 minutes)</h2>${
    v.latencyMs
      ? kvTable([
          ['p50', `${cell(v.latencyMs.p50)} ms`],
          ['p90', `${cell(v.latencyMs.p90)} ms`],
          ['p99', `${cell(v.latencyMs.p99)} ms`],
          ['predictions', v.latencyMs.n],
        ])
      : html`<p>No predictions in the last 5 minutes.</p>`
  }</section>
<section aria-labelledby="h-errors"><h2 id="h-errors">Error rate</h2>${
    errors
      ? kvTable([
          ['prediction requests', errors.requests],
          ['client errors (4xx)', `${errors.client} (${share(errors.client)})`],
          ['server errors (5xx)', `${errors.server} (${share(errors.server)})`],
        ])
      : html`<p>Needs a running server: start the UI with <code>--serve-url</code>.</p>`
  }</section>
<section aria-labelledby="h-gauges"><h2 id="h-gauges">Drift gauges</h2>${
    v.drift
      ? html`<p><label for="drift-share">Share of features drifted</label> <meter id="drift-share" min="0" max="1" low="0.3" high="0.5" optimum="0" value="${v.drift.share ?? 0}">${cell(v.drift.share)}</meter> ${v.drift.share === null ? 'insufficient data' : `${(v.drift.share * 100).toFixed(0)}%`}</p><ul class="gauges">${v.drift.features.map(
          (f) => html`<li class="${f.drifted ? 'bad' : 'ok'}">${f.feature}: ${f.drifted ? 'drift' : 'no drift'}</li>`,
        )}</ul>`
      : html`<p>No in-server drift checks (set <code>serve.drift_check_interval</code> and pass <code>--serve-url</code>).</p>`
  }</section>
<section aria-labelledby="h-recent"><h2 id="h-recent">Recent predictions</h2>${
    v.recent.length > 0
      ? html`<div class="scroll"><table><caption class="sr-only">Most recent predictions first</caption><thead><tr><th scope="col">time (UTC)</th><th scope="col">model</th><th scope="col">features</th><th scope="col">output</th><th scope="col" class="num">latency</th></tr></thead><tbody>${v.recent.map(
          (p) =>
            html`<tr><td>${new Date(p.ts).toISOString().slice(0, 19).replace('T', ' ')}</td><td>${p.modelName} v${p.modelVersion}</td><td>${inputs(p.inputs)}</td><td>${output(p.outputs)}</td><td class="num">${cell(p.latencyMs)} ms</td></tr>`,
        )}</tbody></table></div>`
      : html`<p>No predictions logged yet.</p>`
  }</section>`;
}

/** The live page: serving traffic from the prediction store and a running `mlx serve`. */
export function livePage(v: LiveView): string {
  const sources = [v.store ? `prediction store ${v.store}` : null, v.serveUrl ? `server ${v.serveUrl}` : null].filter(
    (s): s is string => s !== null,
  );
  const body = html`<h1>Live serving</h1>
<p>${sources.length > 0 ? `From ${sources.join(' and ')}.` : 'No source: set serve.store_path or start the UI with --serve-url.'} <span class="help" id="live-refresh">Updates every 5 seconds.</span></p>
<div id="live" data-refresh="/live/content" aria-live="polite">${liveContent(v)}</div>`;
  return page({ title: 'Live', section: '/live', body });
}
