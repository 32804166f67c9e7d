/**
 * The UI's only stylesheet and script, served from /assets/ (CSP: 'self'). They are TypeScript string
 * modules so that they ship inside dist/ with no build step and no file lookup at run time.
 */
import { createHash } from 'node:crypto';

export const UI_CSS: string = `
:root{--fg:#1d1d1f;--muted:#5a5a60;--line:#d8d8de;--bg:#fff;--accent:#1f5fbf;--bad:#b00020;--ok:#1e7a34;--soft:#f4f5f8}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
a{color:var(--accent)}
:focus-visible{outline:3px solid #f0a500;outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#000;color:#fff;padding:6px 10px;z-index:10}
.skip:focus{left:8px}
header{background:#14213d;color:#fff}
header nav{display:flex;flex-wrap:wrap;align-items:center;gap:4px 16px;padding:8px 16px}
header a{color:#fff;text-decoration:none;padding:4px 2px}
header a[aria-current=page]{border-bottom:3px solid #f0a500}
header ul{display:flex;flex-wrap:wrap;gap:4px 14px;list-style:none;margin:0;padding:0}
.brand{font-weight:700;font-size:18px;margin-right:8px}
main{padding:12px 16px 48px;max-width:1400px}
main:focus{outline:none}
h1{font-size:24px;margin:8px 0 12px}
h2{font-size:19px;margin:24px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
h3{font-size:16px;margin:16px 0 6px}
table{border-collapse:collapse;margin:8px 0;font-size:14px}
th,td{border-bottom:1px solid var(--line);padding:4px 10px;text-align:left;vertical-align:top}
thead th{background:var(--soft);position:sticky;top:0}
th a{color:inherit}
.num{text-align:right;font-variant-numeric:tabular-nums}
.scroll{overflow-x:auto;max-width:100%}
table.kv th{font-weight:500;color:var(--muted)}
table.runs td,table.runs th,table.nowrap td,table.nowrap th{white-space:nowrap}
tr.broken td{background:#fff4f4}
.status-completed{color:var(--ok)}.status-failed,.status-corrupt{color:var(--bad)}.status-running{color:var(--accent)}
.only-differing tr.same{display:none}
.js .js-hide{display:none}
.best{background:#fff6d8}
.ok{color:var(--ok)}.bad{color:var(--bad)}.missing{color:var(--muted);font-style:italic}
.notice{border:1px solid #e3b341;background:#fff8e5;border-radius:6px;padding:4px 12px;margin:8px 0}
.notice h2{border:0;font-size:16px;margin:6px 0}
.error{border:1px solid var(--bad);background:#fdecea;border-radius:6px;padding:6px 12px}
.flash{border:1px solid var(--ok);background:#e8f5e9;border-radius:6px;padding:6px 12px}
.help,small{color:var(--muted);font-size:13px}
.filter input[name=q]{font:inherit;padding:4px 6px;max-width:100%}
details.columns{margin:6px 0}
details.columns fieldset{display:flex;flex-wrap:wrap;gap:2px 14px;border:1px solid var(--line);max-height:220px;overflow:auto}
.charts,.cards{display:flex;flex-wrap:wrap;gap:12px}
figure.chart{margin:0;max-width:100%;overflow-x:auto}
figure.chart svg{max-width:100%;height:auto}
.card{border:1px solid var(--line);border-radius:6px;padding:6px 10px;max-width:360px}
.card svg{max-width:100%;height:auto}
.card h3{margin-top:4px}
iframe.report{width:100%;height:80vh;border:1px solid var(--line)}
pre{background:var(--soft);padding:8px;overflow:auto;max-height:480px}
button,.button{font:inherit;padding:4px 10px;border:1px solid var(--accent);background:var(--accent);color:#fff;border-radius:4px;cursor:pointer;text-decoration:none;display:inline-block}
button:disabled{opacity:.5;cursor:not-allowed}
form.inline{display:inline-flex;flex-wrap:wrap;gap:4px;align-items:center;margin:0}
.pager{display:flex;gap:12px;flex-wrap:wrap;margin:12px 0}
.pick{display:block}
.predict fieldset{border:1px solid var(--line);border-radius:6px;display:grid;grid-template-columns:repeat(auto-fill,minmax(240px,1fr));gap:12px}
.field{display:flex;flex-direction:column;gap:2px}
.field input,.field select{font:inherit;padding:4px}
.field.invalid input,.field.invalid select{border:2px solid var(--bad)}
.field-error{color:var(--bad);margin:0;font-size:13px}
.answer{font-size:18px}
meter{width:200px}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:640px){main{padding:8px}h1{font-size:20px}th,td{padding:3px 6px}}
`;

export const UI_JS: string = `'use strict';
document.documentElement.classList.add('js');
document.addEventListener('keydown', function (e) {
  var q = document.getElementById('q');
  var t = e.target;
  if (e.key === '/' && q && !(t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement)) {
    e.preventDefault();
    q.focus();
  }
});
function initCompare() {
  var form = document.getElementById('compare-form');
  var button = document.getElementById('compare-button');
  if (!form || !button) return;
  var update = function () {
    var n = form.querySelectorAll('input[name=run]:checked').length;
    button.disabled = n < 2;
    button.textContent = n < 2 ? 'Compare selected runs (pick two or more)' : 'Compare ' + n + ' selected runs';
  };
  form.addEventListener('change', update);
  update();
}
function initDiffToggle() {
  var box = document.getElementById('only-differing');
  var table = document.getElementById('params');
  if (!box || !table) return;
  box.addEventListener('change', function () {
    table.classList.toggle('only-differing', box.checked);
    var url = new URL(location.href);
    url.searchParams.delete('diff');
    url.searchParams.set('diff', box.checked ? '1' : '0');
    history.replaceState(null, '', url);
  });
}
function initLive() {
  var live = document.getElementById('live');
  if (!live || !live.dataset.refresh) return;
  var busy = false;
  setInterval(function () {
    if (document.hidden || busy) return;
    busy = true;
    fetch(live.dataset.refresh, { credentials: 'same-origin', headers: { accept: 'text/html' } })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (text) { if (text !== null) live.innerHTML = text; })
      .catch(function () {})
      .finally(function () { busy = false; });
  }, 5000);
}
initCompare();
initDiffToggle();
initLive();
`;

let version: string | undefined;
/** A short content hash: the asset URLs change when the content does, so browsers may cache them. */
export function assetVersion(): string {
  version ??= createHash('sha256').update(UI_CSS).update(UI_JS).digest('hex').slice(0, 10);
  return version;
}
