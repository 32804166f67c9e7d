import type { ColumnProfile, DataPageView } from '../../workflows/ui-data.js';
import { histogramChart, shareBars } from '../charts.js';
import { cell, type Html, html, kvTable, page, problems, raw } from '../html.js';

function statusSection(d: DataPageView): Html {
  const s = d.status;
  if (!s) return html`<p class="missing">The data status is unknown.</p>`;
  if (s.upToDate)
    return html`<p class="ok">Up to date: <code>data/processed</code> matches the raw data and the config (${s.lockFile}).</p>`;
  return html`<p class="bad">Not up to date — run <code>mlx data prepare</code>:</p><ul>${s.changes.map((c) => html`<li>${c.message}</li>`)}</ul>`;
}

function lockSection(d: DataPageView): Html {
  const l = d.lock;
  if (!l) return html`<p class="missing">No data.lock: the data was never prepared.</p>`;
  const files = [...l.deps.map((f) => ['input', f] as const), ...l.outs.map((f) => ['output', f] as const)];
  return html`${kvTable([
    ['data version (fingerprint)', l.fingerprint],
    ['params sha256', l.params_sha256],
    ['task', l.task],
    ['features → model inputs', `${l.features} → ${l.width}`],
    ['prepared by mlx', l.mlx_version],
    ['rows: raw', l.rows.raw],
    ['rows: dropped (missing target)', l.rows.dropped_missing_target],
    ['rows: duplicates removed', l.rows.duplicates_removed],
    ['rows: train / val / test', `${l.rows.train} / ${l.rows.val} / ${l.rows.test}`],
  ])}<div class="scroll"><table><caption>Files pinned by data.lock</caption><thead><tr><th scope="col">role</th><th scope="col">path</th><th scope="col">sha256</th><th scope="col" class="num">bytes</th><th scope="col" class="num">rows</th></tr></thead><tbody>${files.map(
    ([role, f]) =>
      html`<tr><td>${role}</td><td><code>${f.path}</code></td><td><code title="${f.sha256}">${f.sha256.slice(0, 16)}…</code></td><td class="num">${f.size.toLocaleString('en')}</td><td class="num">${cell(f.rows)}</td></tr>`,
  )}</tbody></table></div>`;
}

function validationSection(d: DataPageView): Html {
  const v = d.validation;
  if (!v) return html`<p class="missing">Not validated.</p>`;
  const verdict = v.valid
    ? html`<p class="ok">Valid: ${v.rows} rows × ${v.columns} columns, ${v.warnings} warnings.</p>`
    : html`<p class="bad">${v.errors} errors, ${v.warnings} warnings in ${v.rows} rows.</p>`;
  if (v.violations.length === 0) return verdict;
  return html`${verdict}<table><caption class="sr-only">Violations</caption><thead><tr><th scope="col">severity</th><th scope="col">column</th><th scope="col">rule</th><th scope="col" class="num">rows</th><th scope="col">message</th></tr></thead><tbody>${v.violations.map(
    (x) =>
      html`<tr><td>${x.severity}</td><td>${x.column ?? '(dataset)'}</td><td>${x.rule}</td><td class="num">${x.count}</td><td>${x.message}</td></tr>`,
  )}</tbody></table>`;
}

function columnCard(c: ColumnProfile, d: DataPageView): Html {
  const missing = c.count > 0 ? `${((c.missing / c.count) * 100).toFixed(1)}% missing` : '';
  if ('mean' in c) {
    const h = d.histograms[c.name];
    return html`<article class="card"><h3>${c.name} <small>${c.type}</small></h3><p>${c.count} rows, ${missing}</p>${kvTable(
      [
        ['min', c.min],
        ['p25 / p50 / p75', `${cell(c.p25)} / ${cell(c.p50)} / ${cell(c.p75)}`],
        ['max', c.max],
        ['mean ± std', `${cell(c.mean)} ± ${cell(c.std)}`],
      ],
    )}${h ? html`<p class="help">Histogram of the training split:</p>${raw(histogramChart(`Histogram of ${c.name} (training split)`, h.edges, h.counts))}` : ''}</article>`;
  }
  const present = c.count - c.missing;
  return html`<article class="card"><h3>${c.name} <small>${c.type}</small></h3><p>${c.count} rows, ${missing}, ${c.distinct} distinct</p>${raw(
    shareBars(
      `Most frequent values of ${c.name}`,
      c.top.map((t) => ({ label: t.value, value: t.count })),
      present,
    ),
  )}</article>`;
}

/** The data page: data status, data.lock, validation of the source, per-column profile with histograms. */
export function dataPage(d: DataPageView): string {
  const body = html`<h1>Data</h1>
${problems(d.problems)}
<section aria-labelledby="h-status"><h2 id="h-status">Status</h2>${statusSection(d)}</section>
<section aria-labelledby="h-lock"><h2 id="h-lock">data.lock</h2>${lockSection(d)}</section>
<section aria-labelledby="h-validation"><h2 id="h-validation">Validation of the source</h2>${validationSection(d)}</section>
<section aria-labelledby="h-profile"><h2 id="h-profile">Columns</h2>${
    d.profile
      ? html`<div class="cards">${d.profile.map((c) => columnCard(c, d))}</div>`
      : html`<p class="missing">No profile.</p>`
  }</section>`;
  return page({ title: 'Data', section: '/data', body });
}
