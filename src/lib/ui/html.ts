import { esc, fmt } from '../evaluate/report/svg.js';
import { assetVersion } from './assets.js';

export { esc, fmt };

/** HTML that is already escaped (so `html` templates do not escape it twice). */
export interface Html {
  readonly html: string;
}

/** Marks a string as safe HTML. */
export function raw(html: string): Html {
  return { html };
}

/** Escapes interpolated values unless they are {@link Html}; arrays are joined. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? '');
  });
  return { html: out };
}

function render(value: unknown): string {
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map(render).join('');
  if (typeof value === 'object' && 'html' in value) return String((value as Html).html);
  return esc(value);
}

const NAV = [
  ['/runs', 'Runs'],
  ['/compare', 'Compare'],
  ['/models', 'Models'],
  ['/data', 'Data'],
  ['/drift', 'Drift'],
  ['/live', 'Live'],
  ['/predict', 'Predict'],
] as const;

export interface PageOptions {
  title: string;
  /** The nav entry to mark current. */
  section?: string;
  body: Html;
}

/** The page shell: skip link, navigation, one h1 per page (in the body), the UI's own CSS and script. */
export function page({ title, section, body }: PageOptions): string {
  const nav = NAV.map(
    ([href, label]) =>
      html`<li><a href="${href}"${raw(section === href ? ' aria-current="page"' : '')}>${label}</a></li>`,
  );
  return `<!doctype html>${
    html`<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · mlx</title><link rel="stylesheet" href="/assets/ui.css?v=${assetVersion()}"><link rel="icon" href="data:,">
<script src="/assets/ui.js?v=${assetVersion()}" defer></script></head>
<body><a class="skip" href="#main">Skip to content</a>
<header><nav aria-label="Main"><a class="brand" href="/runs">mlx</a><ul>${nav}</ul></nav></header>
<main id="main" tabindex="-1">${body}</main></body></html>`.html
  }\n`;
}

/** A notice listing what is missing or broken (the rest of the page still renders). */
export function problems(list: readonly string[], heading = 'Missing or broken'): Html {
  if (list.length === 0) return raw('');
  return html`<section class="notice" role="status" aria-label="${heading}"><h2>${heading}</h2><ul>${list.map(
    (p) => html`<li>${p}</li>`,
  )}</ul></section>`;
}

/** A compact cell value: numbers to 4 significant digits, objects as JSON, missing as an em dash. */
export function cell(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number')
    return Number.isInteger(value) ? String(value) : Number(value.toPrecision(4)).toString();
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** A two-column key/value table. */
export function kvTable(rows: readonly (readonly [string, unknown])[], caption?: string): Html {
  return html`<table class="kv">${caption ? html`<caption>${caption}</caption>` : ''}<tbody>${rows.map(
    ([k, v]) => html`<tr><th scope="row">${k}</th><td>${cell(v)}</td></tr>`,
  )}</tbody></table>`;
}

/** A hidden CSRF field for a POST form. */
export function csrfField(token: string): Html {
  return html`<input type="hidden" name="_csrf" value="${token}">`;
}

/** Duration between two ISO times, as `1m 05s`; null when unfinished or unparsable. */
export function duration(start: string, end: string | null): number | null {
  if (!end) return null;
  const ms = Date.parse(end) - Date.parse(start);
  return Number.isFinite(ms) && ms >= 0 ? ms : null;
}

/** Milliseconds for people: `850 ms`, `12.3 s`, `4m 05s`. */
export function formatMs(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const m = Math.floor(ms / 60_000);
  return `${m}m ${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s`;
}

/** An ISO time shortened to `YYYY-MM-DD HH:MM:SS` (UTC). */
export function shortTime(iso: string | null | undefined): string {
  return iso ? iso.slice(0, 19).replace('T', ' ') : '—';
}
