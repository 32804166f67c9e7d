import type { ModelView } from '../../workflows/ui.js';
import { cell, csrfField, type Html, html, page, shortTime } from '../html.js';

const v = (n: number | null) => (n === null ? '—' : `v${n}`);

function modelSection(m: ModelView): Html {
  const aliasRows = m.aliases.map(
    (a) =>
      html`<tr><th scope="row">${a.alias}</th><td>${v(a.version)}</td><td>${a.previous === null ? '—' : v(a.previous)}</td><td><a class="button" href="/models/${m.name}/unalias?alias=${encodeURIComponent(a.alias)}">Unalias…</a></td></tr>`,
  );
  const metricKeys = [...new Set(m.versions.flatMap((x) => Object.keys(x.metrics)))].filter((k) =>
    k.startsWith('test_'),
  );
  const versionRows = m.versions.map((ver) => {
    const aliases = m.aliases.filter((a) => a.version === ver.version).map((a) => a.alias);
    return html`<tr><th scope="row">${v(ver.version)}</th><td>${aliases.join(', ') || '—'}</td><td>${shortTime(ver.createdAt)}</td><td><a href="/runs/${ver.runId}">${ver.runId}</a></td>${metricKeys.map(
      (k) => html`<td class="num">${cell(ver.metrics[k])}</td>`,
    )}<td><form method="get" action="/models/${m.name}/promote" class="inline"><input type="hidden" name="version" value="${ver.version}"><label class="sr-only" for="alias-${m.name}-${ver.version}">Alias for ${v(ver.version)}</label><input id="alias-${m.name}-${ver.version}" name="alias" list="aliases-${m.name}" value="production" size="10"><button type="submit">Promote…</button></form></td></tr>`;
  });
  const historyRows = m.history.map(
    (h) =>
      html`<tr><td>${shortTime(h.at)}</td><th scope="row">${h.alias}</th><td>${v(h.from)}</td><td>${h.to === null ? 'removed' : v(h.to)}</td></tr>`,
  );
  return html`<section aria-labelledby="model-${m.name}"><h2 id="model-${m.name}">${m.name}</h2>
<datalist id="aliases-${m.name}"><option value="production"><option value="staging">${m.aliases.map((a) => html`<option value="${a.alias}">`)}</datalist>
<h3>Aliases</h3>${
    m.aliases.length > 0
      ? html`<table><caption class="sr-only">Aliases of ${m.name}</caption><thead><tr><th scope="col">alias</th><th scope="col">version</th><th scope="col">before</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead><tbody>${aliasRows}</tbody></table>`
      : html`<p>No aliases: promote a version below.</p>`
  }
<h3>Versions</h3><div class="scroll"><table class="nowrap"><caption class="sr-only">Versions of ${m.name}</caption><thead><tr><th scope="col">version</th><th scope="col">aliases</th><th scope="col">created (UTC)</th><th scope="col">run</th>${metricKeys.map((k) => html`<th scope="col" class="num">${k}</th>`)}<th scope="col">promote</th></tr></thead><tbody>${versionRows}</tbody></table></div>
${
  historyRows.length > 0
    ? html`<h3>Alias history</h3><table><caption class="sr-only">Alias moves of ${m.name}, newest first</caption><thead><tr><th scope="col">when (UTC)</th><th scope="col">alias</th><th scope="col">from</th><th scope="col">to</th></tr></thead><tbody>${historyRows}</tbody></table>`
    : ''
}</section>`;
}

/** The models page: every registered model's aliases (with what they pointed to before), versions, history. */
export function modelsPage(models: readonly ModelView[], flash?: string): string {
  const body = html`<h1>Models</h1>
${flash ? html`<p class="flash" role="status">${flash}</p>` : ''}
${models.length === 0 ? html`<p>No registered models yet: train one with <code>mlx train</code>.</p>` : models.map(modelSection)}`;
  return page({ title: 'Models', section: '/models', body });
}

export type Confirmation =
  | { action: 'promote'; name: string; alias: string; version: number; current: number | null }
  | { action: 'unalias'; name: string; alias: string; current: number };

/** The confirmation step of promote/unalias: a POST form with the CSRF token, and a way back. */
export function confirmPage(c: Confirmation, csrf: string, error?: string): string {
  const question =
    c.action === 'promote'
      ? `Point ${c.name}@${c.alias} at v${c.version}?${c.current === null ? ` The alias is new.` : c.current === c.version ? ` It already points there.` : ` It points at v${c.current} now.`}`
      : `Remove ${c.name}@${c.alias}? It points at v${c.current}; the version itself stays.`;
  const fields =
    c.action === 'promote'
      ? html`<input type="hidden" name="version" value="${c.version}"><input type="hidden" name="alias" value="${c.alias}">`
      : html`<input type="hidden" name="alias" value="${c.alias}">`;
  const body = html`<h1>${c.action === 'promote' ? 'Promote' : 'Unalias'} ${c.name}</h1>
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<form method="post" action="/models/${c.name}/${c.action}" class="confirm">${csrfField(csrf)}${fields}
<p id="question">${question}</p>
<button type="submit" aria-describedby="question">${c.action === 'promote' ? `Yes, promote to ${c.alias}` : `Yes, remove ${c.alias}`}</button> <a href="/models">Cancel</a>
</form>`;
  return page({ title: `${c.action} ${c.name}`, section: '/models', body });
}
