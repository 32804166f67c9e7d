import { chartSvg } from '../../drift/report/svg.js';
import type { DriftHistory, DriftResult } from '../../workflows/ui-data.js';
import { lineChart } from '../charts.js';
import { cell, type Html, html, page, problems, raw, shortTime } from '../html.js';

function latestSection(r: DriftResult, htmlName: string | null): Html {
  const all = [...r.columns, ...(r.prediction ? [r.prediction] : [])];
  return html`<p class="${r.datasetDrift ? 'bad' : 'ok'}" role="status">${r.message}</p>
<p>Generated ${shortTime(r.generatedAt)} UTC · model ${r.model ? `${r.model.name}${r.model.version ? ` v${r.model.version}` : ''}` : '—'} · ${r.referenceRows} reference / ${r.currentRows} current rows${
    htmlName ? html` · <a href="/drift/reports/${htmlName}">open the full report</a>` : ''
  }</p>
${
  all.length > 0
    ? html`<div class="scroll"><table><caption class="sr-only">Columns of the latest report</caption><thead><tr><th scope="col">column</th><th scope="col">test</th><th scope="col" class="num">statistic</th><th scope="col" class="num">threshold</th><th scope="col">result</th></tr></thead><tbody>${all.map(
        (c) =>
          html`<tr><th scope="row">${c.column}</th><td>${c.test}</td><td class="num">${cell(c.score)}</td><td class="num">${cell(c.threshold)}</td><td class="${c.drifted ? 'bad' : 'ok'}">${c.drifted ? 'drift' : 'no drift'}</td></tr>`,
      )}</tbody></table></div>
<div class="charts">${all.map((c) => html`<figure class="chart"><figcaption>${c.column}</figcaption>${raw(chartSvg(c.chart, `${c.column}: reference vs current`))}</figure>`)}</div>`
    : ''
}`;
}

/** The drift page: the latest report, each column's statistic over time, and the history of reports. */
export function driftPage(h: DriftHistory): string {
  const latestHtml = h.reports[0]?.html ?? null;
  const series = Object.entries(h.series).filter(([, points]) => points.length > 1);
  const body = html`<h1>Drift</h1>
${problems(h.problems)}
${
  h.reports.length === 0
    ? html`<p>No drift reports yet: run <code>mlx drift</code> (reports are written to <code>reports/drift/</code>).</p>`
    : html`<section aria-labelledby="h-latest"><h2 id="h-latest">Latest report</h2>${h.latest ? latestSection(h.latest, latestHtml) : ''}</section>
<section aria-labelledby="h-over-time"><h2 id="h-over-time">Statistic over time</h2>${
        series.length === 0
          ? html`<p>One report so far: the charts appear with the second.</p>`
          : html`<div class="charts">${series.map(([column, points]) =>
              raw(
                `<figure class="chart">${lineChart(
                  `${column}: ${points.at(-1)?.test ?? ''} statistic per report`,
                  [{ name: column, points: points.map((p, i) => ({ x: i + 1, y: p.score })) }],
                  { xTitle: 'report (oldest → newest)', yTitle: 'statistic' },
                )}</figure>`,
              ),
            )}</div>`
      }</section>
<section aria-labelledby="h-history"><h2 id="h-history">History</h2><div class="scroll"><table><caption class="sr-only">Drift reports, newest first</caption><thead><tr><th scope="col">generated (UTC)</th><th scope="col">verdict</th><th scope="col" class="num">drifted</th><th scope="col" class="num">share</th><th scope="col">report</th></tr></thead><tbody>${h.reports.map(
        (r) =>
          html`<tr><td>${shortTime(r.generatedAt)}</td><td class="${r.datasetDrift ? 'bad' : 'ok'}">${r.status === 'insufficient_data' ? 'insufficient data' : r.datasetDrift ? 'drift' : 'no drift'}</td><td class="num">${r.driftedColumns} of ${r.evaluatedColumns}</td><td class="num">${cell(r.driftShare)}</td><td>${r.html ? html`<a href="/drift/reports/${r.html}">open</a>` : 'HTML missing'}</td></tr>`,
      )}</tbody></table></div></section>`
}`;
  return page({ title: 'Drift', section: '/drift', body });
}
