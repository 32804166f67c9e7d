import { FRAME } from '../../evaluate/report/svg.js';
import type { RunView } from '../../workflows/ui.js';
import { lineChart, type Series } from '../charts.js';
import { cell, duration, formatMs, type Html, html, kvTable, page, problems, raw, shortTime } from '../html.js';

const NOT_CURVES = new Set(['epoch', 'elapsed_ms']);

/** Learning-curve charts from per-epoch history: losses in one chart, other metrics in another. */
export function curveCharts(histories: readonly { name: string; history: readonly Record<string, number>[] }[]): Html {
  const keys = new Set<string>();
  for (const h of histories)
    for (const row of h.history) for (const k of Object.keys(row)) if (!NOT_CURVES.has(k)) keys.add(k);
  const multi = histories.length > 1;
  let losses = [...keys].filter((k) => /(^|_)loss$/.test(k)).sort();
  // Many runs overlaid: one line per run (the validation loss), or the chart is unreadable.
  if (histories.length > 3 && losses.includes('val_loss')) losses = ['val_loss'];
  const others = [...keys].filter((k) => !/(^|_)loss$/.test(k)).sort();
  const series = (k: string): Series[] =>
    histories.map((h) => ({
      name: multi ? `${h.name.slice(-6)} ${k}` : k,
      points: h.history.map((row, i) => ({ x: row.epoch ?? i + 1, y: row[k] ?? Number.NaN })),
      dashed: k.startsWith('val_'),
    }));
  const frameFor = (n: number) => ({ ...FRAME, height: Math.max(FRAME.height, FRAME.top + 14 * n + 20) });
  const chart = (title: string, list: Series[], yTitle: string) =>
    lineChart(title, list, { xTitle: 'epoch', yTitle }, frameFor(list.length));
  const charts: string[] = [];
  if (losses.length > 0) charts.push(chart('Loss per epoch', losses.flatMap(series), 'loss'));
  if (multi) for (const k of others.slice(0, 2)) charts.push(chart(`${k} per epoch`, series(k), k));
  else if (others.length > 0) charts.push(chart('Validation metrics per epoch', others.flatMap(series), 'value'));
  if (charts.length === 0) return html`<p>No per-epoch history.</p>`;
  return html`<div class="charts">${charts.map((c) => html`<figure class="chart">${raw(c)}</figure>`)}</div>`;
}

function lineageSection(v: RunView): Html {
  const l = v.bundle.lineage;
  const r = v.entry.record;
  if (!l && !r) return html`<p>No lineage: neither run.json nor the bundle's lineage.json can be read.</p>`;
  const git = l?.git as { commit?: string; dirty?: boolean } | null | undefined;
  const versions = (l?.versions ?? {}) as Record<string, string>;
  return html`${kvTable([
    ['data fingerprint', l?.dataFingerprint ?? r?.dataFingerprint],
    ['config hash', l?.configHash ?? r?.configHash],
    ['git commit', git?.commit ? `${git.commit}${git.dirty ? ' (uncommitted changes)' : ''}` : 'not in git'],
    ['model family', l?.family],
    ['backend', l?.backend ?? r?.backend],
    ['seed', l?.seed],
    ['weights sha256', l?.weightsSha256 ?? r?.weightsSha256],
  ])}${
    Object.keys(versions).length > 0
      ? kvTable(
          Object.entries(versions).map(([k, val]) => [k, val] as const),
          'Package versions',
        )
      : ''
  }`;
}

function bundleSection(v: RunView): Html {
  const b = v.bundle;
  if (b.files === null) return html`<p class="missing">The bundle folder is missing (<code>${b.dir}</code>).</p>`;
  const rows = b.files.map(
    (f) =>
      html`<tr><td><code>${f.name}</code></td><td class="num">${f.bytes.toLocaleString('en')}</td><td>${f.intact === null ? 'not listed' : f.intact ? 'matches' : html`<strong class="bad">modified</strong>`}</td></tr>`,
  );
  return html`<table><caption class="sr-only">Bundle files</caption><thead><tr><th scope="col">file</th><th scope="col" class="num">bytes</th><th scope="col">MANIFEST.sha256</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** The run page: summary, params, metrics, learning curves, lineage, bundle files, config, evaluate report. */
export function runPage(v: RunView): string {
  const r = v.entry.record;
  const metrics = Object.entries(r?.metrics ?? {});
  const summary = r
    ? kvTable([
        ['status', r.status],
        ['started (UTC)', shortTime(r.startedAt)],
        ['finished (UTC)', shortTime(r.finishedAt)],
        ['duration', formatMs(duration(r.startedAt, r.finishedAt))],
        [
          'model version',
          r.model ? `${r.model.name} ${r.model.version === null ? '(not registered)' : `v${r.model.version}`}` : null,
        ],
        ['error', r.error],
      ])
    : raw('');
  const body = html`<h1>Run <code>${v.id}</code></h1>
${problems(v.missing)}
<p><a href="/compare?run=${v.id}">Compare with other runs</a>${r?.model?.version != null ? html` · <a href="/models#model-${r.model.name}">${r.model.name} in the registry</a>` : ''}</p>
<section aria-labelledby="h-summary"><h2 id="h-summary">Summary</h2>${summary}</section>
<section aria-labelledby="h-params"><h2 id="h-params">Params</h2>${
    r && Object.keys(r.params).length > 0 ? kvTable(Object.entries(r.params)) : html`<p>No params recorded.</p>`
  }</section>
<section aria-labelledby="h-metrics"><h2 id="h-metrics">Metrics</h2>${
    metrics.length > 0
      ? html`<table><caption class="sr-only">Metrics</caption><tbody>${metrics.map(
          ([k, val]) => html`<tr><th scope="row">${k}</th><td class="num">${cell(val)}</td></tr>`,
        )}</tbody></table>`
      : html`<p class="missing">No metrics recorded for this run.</p>`
  }</section>
<section aria-labelledby="h-curves"><h2 id="h-curves">Learning curves</h2>${
    v.history ? curveCharts([{ name: v.id, history: v.history }]) : html`<p class="missing">No history.json.</p>`
  }</section>
<section aria-labelledby="h-lineage"><h2 id="h-lineage">Lineage</h2>${lineageSection(v)}</section>
<section aria-labelledby="h-bundle"><h2 id="h-bundle">Bundle files</h2>${bundleSection(v)}</section>
<section aria-labelledby="h-config"><h2 id="h-config">Resolved config</h2>${
    v.config === null ? html`<p class="missing">config.yaml is missing.</p>` : html`<pre><code>${v.config}</code></pre>`
  }</section>
<section aria-labelledby="h-report"><h2 id="h-report">Evaluation report</h2>${
    v.report.exists
      ? html`<p><a href="/runs/${v.id}/report" target="_blank" rel="noopener">Open the report on its own</a></p><iframe class="report" src="/runs/${v.id}/report" title="Evaluation report of run ${v.id}" sandbox></iframe>`
      : html`<p class="missing">No evaluation report: run <code>mlx evaluate --model ${v.id}</code>.</p>`
  }</section>`;
  return page({ title: `Run ${v.id}`, section: '/runs', body });
}
