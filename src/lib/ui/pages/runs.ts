import type { RunEntry } from '../../workflows/ui.js';
import { cell, esc, formatMs, type Html, html, page, problems, raw, shortTime } from '../html.js';
import { columnValue, type RunsPage, type RunsQuery } from '../runs/table.js';

const LABELS: Record<string, string> = {
  id: 'run',
  status: 'status',
  started: 'started (UTC)',
  duration: 'duration',
  data: 'data version',
  model: 'model version',
};

/** A column's header text: base columns by name, params and metrics by their key. */
export function columnLabel(key: string): string {
  return LABELS[key] ?? key.replace(/^(params|metrics)\./, '');
}

/** The query string of the runs page with some parameters changed. */
export function runsHref(query: RunsQuery, change: Partial<RunsQuery>): string {
  const q = { ...query, ...change };
  const params = new URLSearchParams();
  if (q.q) params.set('q', q.q);
  params.set('sort', q.sort);
  params.set('dir', q.dir);
  for (const c of q.cols ?? []) params.append('col', c);
  if (q.size !== 50) params.set('size', String(q.size));
  if (q.page > 1) params.set('page', String(q.page));
  return `/runs?${params.toString()}`;
}

function valueCell(entry: RunEntry, key: string): Html {
  const v = columnValue(entry, key);
  if (key === 'id') return html`<a href="/runs/${entry.id}">${entry.id}</a>`;
  if (key === 'status') {
    const status = String(v ?? '');
    return html`<span class="status status-${status}"${raw(entry.problem ? ` title="${esc(entry.problem)}"` : '')}>${status}</span>`;
  }
  if (key === 'started') return html`${shortTime(typeof v === 'string' ? v : null)}`;
  if (key === 'duration') return html`${formatMs(typeof v === 'number' ? v : null)}`;
  if (key === 'data') return html`<code>${typeof v === 'string' ? v.slice(0, 12) : '—'}</code>`;
  return html`${cell(v)}`;
}

function header(p: RunsPage, key: string): Html {
  const current = p.query.sort === key;
  const dir = current && p.query.dir === 'desc' ? 'asc' : 'desc';
  const sort = current ? (p.query.dir === 'asc' ? 'ascending' : 'descending') : null;
  const numeric = key.startsWith('metrics.') || key === 'duration';
  return html`<th scope="col"${raw(sort ? ` aria-sort="${sort}"` : '')}${raw(numeric ? ' class="num"' : '')}><a href="${runsHref(p.query, { sort: key, dir, page: 1 })}">${columnLabel(key)}${current ? (p.query.dir === 'asc' ? ' ▲' : ' ▼') : ''}</a></th>`;
}

function columnChooser(p: RunsPage): Html {
  const groups: [string, string[]][] = [
    ['Run', p.allColumns.filter((c) => !c.includes('.'))],
    ['Params', p.allColumns.filter((c) => c.startsWith('params.'))],
    ['Metrics', p.allColumns.filter((c) => c.startsWith('metrics.'))],
  ];
  return html`<details class="columns"><summary>Columns (${p.columns.length} of ${p.allColumns.length})</summary>${groups.map(
    ([name, cols]) =>
      html`<fieldset><legend>${name}</legend>${cols.map(
        (c) =>
          html`<label><input type="checkbox" name="col" value="${c}"${raw(p.columns.includes(c) ? ' checked' : '')}> ${columnLabel(c)}</label>`,
      )}</fieldset>`,
  )}<button type="submit">Show columns</button> <a href="${runsHref(p.query, { cols: null })}">defaults</a></details>`;
}

function pager(p: RunsPage): Html {
  if (p.pages <= 1) return raw('');
  const { page: n } = p.query;
  const link = (to: number, label: string, rel?: string) =>
    to < 1 || to > p.pages || to === n
      ? html`<span aria-disabled="true">${label}</span>`
      : html`<a href="${runsHref(p.query, { page: to })}"${raw(rel ? ` rel="${rel}"` : '')}>${label}</a>`;
  return html`<nav class="pager" aria-label="Pages">${link(1, '« first')} ${link(n - 1, '‹ previous', 'prev')} <span>page ${n} of ${p.pages}</span> ${link(n + 1, 'next ›', 'next')} ${link(p.pages, 'last »')}</nav>`;
}

/** The runs page: filter, column chooser, sortable table, selection for compare, pages. */
export function runsView(p: RunsPage, flash?: string): string {
  const q = p.query;
  const hidden = html`<input type="hidden" name="sort" value="${q.sort}"><input type="hidden" name="dir" value="${q.dir}">${q.size === 50 ? '' : html`<input type="hidden" name="size" value="${q.size}">`}`;
  const rows = p.rows.map(
    (e) =>
      html`<tr${raw(e.problem ? ' class="broken"' : '')}><td><input type="checkbox" name="run" value="${e.id}" aria-label="Select run ${e.id}"></td>${p.columns.map(
        (c) =>
          html`<td${raw(c.startsWith('metrics.') || c === 'duration' ? ' class="num"' : '')}>${valueCell(e, c)}</td>`,
      )}</tr>`,
  );
  const empty =
    p.total === 0
      ? html`<p>No runs yet: train one with <code>mlx train</code>.</p>`
      : p.matched === 0
        ? html`<p>No run matches <code>${q.q}</code>.</p>`
        : raw('');
  const body = html`<h1>Runs</h1>
${flash ? html`<p class="flash" role="status">${flash}</p>` : ''}
<form class="filter" method="get" action="/runs" role="search">
<label for="q">Filter</label> <input id="q" name="q" value="${q.q}" placeholder="lr>0.005 status=completed text" aria-describedby="q-help" size="40">
<button type="submit">Apply</button> ${q.q ? html`<a href="${runsHref(q, { q: '', page: 1 })}">clear</a>` : ''}
<p id="q-help" class="help">Terms: <code>field op value</code> with = != &gt; &gt;= &lt; &lt;= ~ (contains), or text. Fields: a column, a param (<code>lr</code> = <code>train.lr</code>) or a metric. Press <kbd>/</kbd> to filter.</p>
${hidden}${columnChooser(p)}
</form>
${problems(p.filterErrors, 'Filter terms not applied')}
<p id="count" role="status">${p.matched.toLocaleString('en')} of ${p.total.toLocaleString('en')} runs${p.pages > 1 ? ` · page ${q.page} of ${p.pages}` : ''}</p>
${empty}
${
  p.rows.length > 0
    ? html`<form method="get" action="/compare" id="compare-form">
<div class="scroll"><table class="runs"><caption class="sr-only">Runs, sorted by ${columnLabel(q.sort)} ${q.dir === 'asc' ? 'ascending' : 'descending'}</caption>
<thead><tr><th scope="col"><span class="sr-only">Select</span></th>${p.columns.map((c) => header(p, c))}</tr></thead>
<tbody>${rows}</tbody></table></div>
<button type="submit" id="compare-button">Compare selected runs</button>
</form>`
    : ''
}
${pager(p)}`;
  return page({ title: 'Runs', section: '/runs', body });
}
