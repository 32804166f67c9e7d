import { metricDirection } from '../../evaluate/metrics/registry.js';
import type { RunEntry } from '../../workflows/ui.js';
import { barChart } from '../charts.js';
import { cell, type Html, html, page, problems, raw } from '../html.js';
import { curveCharts } from './run.js';

export interface CompareInput {
  runs: RunEntry[];
  histories: Map<string, Record<string, number>[]>;
  /** Requested ids that are not runs. */
  unknown: string[];
  onlyDiffering: boolean;
  /** Recent runs to pick from when fewer than two are chosen. */
  recent: RunEntry[];
}

/** The best runs of a metric (ties share it; none when every run has the same value or the direction is unknown). */
export function bestIndices(key: string, values: readonly (number | undefined)[]): Set<number> {
  const direction = metricDirection(key);
  const finite = values.filter((v): v is number => v !== undefined && Number.isFinite(v));
  if (!direction || finite.length === 0) return new Set();
  const best = direction === 'max' ? Math.max(...finite) : Math.min(...finite);
  if (finite.length === values.length && finite.every((v) => v === best)) return new Set();
  return new Set(values.flatMap((v, i) => (v === best ? [i] : [])));
}

function picker(recent: readonly RunEntry[]): Html {
  return html`<form method="get" action="/compare"><fieldset><legend>Pick runs to compare (newest first)</legend>${recent.map(
    (e) =>
      html`<label class="pick"><input type="checkbox" name="run" value="${e.id}"> ${e.id} ${e.record?.status ?? '(corrupt)'}</label>`,
  )}</fieldset><button type="submit">Compare</button></form>`;
}

/** Compare any number of runs: params (only those that differ, by default), metrics with the best marked, curves, bars. */
export function comparePage(input: CompareInput): string {
  const runs = input.runs;
  const missing = [
    ...input.unknown.map((id) => `no run '${id}'`),
    ...runs.filter((r) => r.problem).map((r) => `run ${r.id}: ${r.problem}`),
  ];
  if (runs.length < 2) {
    const body = html`<h1>Compare runs</h1>${problems(missing)}<p>Choose two or more runs (on the <a href="/runs">runs page</a> or here).</p>${picker(input.recent)}`;
    return page({ title: 'Compare runs', section: '/compare', body });
  }
  const head = html`<thead><tr><th scope="col">${''}</th>${runs.map((r) => html`<th scope="col"><a href="/runs/${r.id}">${r.id}</a></th>`)}</tr></thead>`;
  const paramKeys = [...new Set(runs.flatMap((r) => Object.keys(r.record?.params ?? {})))].sort();
  const paramRows = paramKeys.map((k) => {
    const values = runs.map((r) => JSON.stringify(r.record?.params[k] ?? null));
    const same = values.every((v) => v === values[0]);
    return html`<tr class="${same ? 'same' : 'differs'}"><th scope="row">${k}</th>${runs.map((r) => html`<td>${cell(r.record?.params[k])}</td>`)}</tr>`;
  });
  const differing = paramRows.filter((row) => row.html.startsWith('<tr class="differs"')).length;
  const metricKeys = [...new Set(runs.flatMap((r) => Object.keys(r.record?.metrics ?? {})))]
    .filter((k) => !k.startsWith('baseline_'))
    .sort();
  const metricRows = metricKeys.map((k) => {
    const values = runs.map((r) => r.record?.metrics[k]);
    const best = bestIndices(k, values);
    return html`<tr><th scope="row">${k}</th>${values.map((v, i) =>
      best.has(i)
        ? html`<td class="num best"><strong>${cell(v)}</strong> <span aria-label="best">★</span></td>`
        : html`<td class="num">${cell(v)}</td>`,
    )}</tr>`;
  });
  const bars = metricKeys.slice(0, 8).map((k) => {
    const values = runs.map((r) => r.record?.metrics[k]);
    const best = bestIndices(k, values);
    return raw(
      `<figure class="chart">${barChart(
        k,
        runs.map((r, i) => ({ label: r.id, value: values[i] ?? Number.NaN, best: best.has(i) })),
        k,
      )}</figure>`,
    );
  });
  const histories = runs.map((r) => ({ name: r.id, history: input.histories.get(r.id) ?? [] }));
  const body = html`<h1>Compare ${runs.length} runs</h1>
${problems(missing)}
<section aria-labelledby="h-params"><h2 id="h-params">Params</h2>
<form method="get" action="/compare" class="toggle">${runs.map((r) => html`<input type="hidden" name="run" value="${r.id}">`)}
<label><input type="checkbox" name="diff" value="1" id="only-differing"${raw(input.onlyDiffering ? ' checked' : '')}> Only params that differ (${differing} of ${paramKeys.length})</label>
<button type="submit" class="js-hide">Apply</button><input type="hidden" name="diff" value="0"></form>
<div class="scroll"><table id="params" class="compare${input.onlyDiffering ? ' only-differing' : ''}"><caption class="sr-only">Params per run</caption>${head}<tbody>${paramRows}</tbody></table></div></section>
<section aria-labelledby="h-metrics"><h2 id="h-metrics">Metrics</h2><p class="help">★ marks the best run of each metric.</p>
<div class="scroll"><table class="compare"><caption class="sr-only">Metrics per run</caption>${head}<tbody>${metricRows}</tbody></table></div>
<div class="charts">${bars}</div></section>
<section aria-labelledby="h-curves"><h2 id="h-curves">Learning curves</h2>${curveCharts(histories)}</section>`;
  return page({ title: 'Compare runs', section: '/compare', body });
}
