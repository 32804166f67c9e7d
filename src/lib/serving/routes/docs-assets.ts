/**
 * The script and stylesheet of `GET /docs`, served by the server itself (no CDN). The script renders
 * whatever `/openapi.json` returns with DOM calls only (no innerHTML: the document's text is never HTML)
 * and sends "try it" requests to the same origin.
 */

export const DOCS_CSS: string = `
*{box-sizing:border-box}body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d1d1f}
header{background:#14213d;color:#fff;padding:10px 16px}header h1{margin:0;font-size:20px}
main{padding:12px 16px 48px;max-width:1100px}:focus-visible{outline:3px solid #f0a500;outline-offset:2px}
details.op{border:1px solid #d8d8de;border-radius:6px;margin:8px 0;padding:4px 10px}
summary{cursor:pointer;padding:4px 0}.method{display:inline-block;min-width:64px;font-weight:700;text-transform:uppercase}
.get{color:#1f5fbf}.post{color:#1e7a34}.put,.patch{color:#9a6700}.delete{color:#b00020}
code,pre,textarea{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:13px}
pre{background:#f4f5f8;padding:8px;overflow:auto;max-height:360px}textarea{width:100%;min-height:140px}
label{display:block;margin:6px 0 2px}input{font:inherit;padding:3px 6px}button{font:inherit;padding:4px 12px;border:1px solid #1f5fbf;background:#1f5fbf;color:#fff;border-radius:4px;cursor:pointer}
.muted{color:#5a5a60}.error{color:#b00020}.auth{border:1px solid #e3b341;background:#fff8e5;border-radius:6px;padding:8px 12px;margin:8px 0}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
`;

export const DOCS_JS: string = `'use strict';
var token = '';
var spec = null;
function el(tag, attrs, children) {
  var node = document.createElement(tag);
  Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
  (children || []).forEach(function (c) { if (c !== null && c !== undefined) node.append(c); });
  return node;
}
function pretty(value) { return JSON.stringify(value, null, 2); }
function resolve(schema, depth) {
  if (!schema || depth > 8) return schema;
  if (schema.$ref && spec && spec.components && spec.components.schemas) {
    var name = String(schema.$ref).replace('#/components/schemas/', '');
    return resolve(spec.components.schemas[name], depth + 1);
  }
  return schema;
}
function headers(extra) {
  var h = Object.assign({ accept: 'application/json' }, extra || {});
  if (token) h.authorization = 'Bearer ' + token;
  return h;
}
function tryIt(path, method, op, id) {
  var params = (op.parameters || []).filter(function (p) { return p.in === 'path' || p.in === 'query'; });
  var inputs = params.map(function (p, i) {
    var inputId = id + '-p' + i;
    return [p, el('label', { for: inputId }, [p.name + ' (' + p.in + (p.required ? ', required' : '') + ')']), el('input', { id: inputId })];
  });
  var content = op.requestBody && op.requestBody.content && op.requestBody.content['application/json'];
  var body = null;
  if (content) {
    body = el('textarea', { id: id + '-body', spellcheck: 'false' });
    body.value = content.example !== undefined ? pretty(content.example) : '{}';
  }
  var out = el('pre', { id: id + '-out', 'aria-live': 'polite' }, []);
  var send = el('button', { type: 'button' }, ['Send ' + method.toUpperCase() + ' ' + path]);
  send.addEventListener('click', function () {
    var url = path;
    var query = new URLSearchParams();
    inputs.forEach(function (x) {
      var p = x[0], v = x[2].value;
      if (p.in === 'path') url = url.replace('{' + p.name + '}', encodeURIComponent(v));
      else if (v !== '') query.set(p.name, v);
    });
    if (String(query)) url += '?' + query;
    out.textContent = 'sending…';
    var init = { method: method.toUpperCase(), headers: headers(body ? { 'content-type': 'application/json' } : {}) };
    if (body) init.body = body.value;
    fetch(url, init).then(function (r) {
      return r.text().then(function (text) {
        var shown = text;
        try { shown = pretty(JSON.parse(text)); } catch (e) {}
        out.textContent = r.status + ' ' + r.statusText + '  (X-Request-Id: ' + (r.headers.get('x-request-id') || '-') + ')\\n\\n' + shown;
      });
    }).catch(function (e) { out.textContent = 'request failed: ' + e.message; });
  });
  var parts = [el('h4', {}, ['Try it'])];
  inputs.forEach(function (x) { parts.push(x[1], x[2]); });
  if (body) parts.push(el('label', { for: body.id }, ['Request body (JSON)']), body);
  parts.push(send, out);
  return el('div', { class: 'try' }, parts);
}
function operation(path, method, op, n) {
  var id = 'op' + n;
  var summary = el('summary', {}, [el('span', { class: 'method ' + method }, [method]), ' ', el('code', {}, [path]), op.summary ? ' — ' + op.summary : '']);
  var parts = [summary];
  if (op.description) parts.push(el('p', {}, [op.description]));
  var content = op.requestBody && op.requestBody.content && op.requestBody.content['application/json'];
  if (content && content.schema) parts.push(el('h4', {}, ['Request body schema']), el('pre', {}, [pretty(resolve(content.schema, 0))]));
  var responses = op.responses || {};
  parts.push(el('h4', {}, ['Responses']));
  parts.push(el('ul', {}, Object.keys(responses).map(function (status) {
    return el('li', {}, [el('code', {}, [status]), ' ', responses[status].description || '']);
  })));
  parts.push(tryIt(path, method, op, id));
  return el('details', { class: 'op', id: id }, parts);
}
function render(doc) {
  spec = doc;
  var main = document.getElementById('ops');
  main.replaceChildren();
  var info = doc.info || {};
  document.title = (info.title || 'API') + ' · docs';
  main.append(el('h2', {}, [(info.title || 'API') + (info.version ? ' ' + info.version : '')]));
  if (info.description) main.append(el('p', {}, [info.description]));
  var n = 0;
  Object.keys(doc.paths || {}).forEach(function (path) {
    var item = doc.paths[path];
    ['get', 'post', 'put', 'patch', 'delete'].forEach(function (method) {
      if (item[method]) main.append(operation(path, method, item[method], n++));
    });
  });
  var schemas = (doc.components && doc.components.schemas) || {};
  if (Object.keys(schemas).length) {
    main.append(el('h2', {}, ['Schemas']));
    Object.keys(schemas).forEach(function (name) {
      main.append(el('details', { class: 'op' }, [el('summary', {}, [el('code', {}, [name])]), el('pre', {}, [pretty(schemas[name])])]));
    });
  }
  main.append(el('p', { class: 'muted' }, ['Raw document: ', el('a', { href: '/openapi.json' }, ['/openapi.json'])]));
}
function load() {
  var status = document.getElementById('status');
  status.textContent = 'Loading /openapi.json…';
  fetch('/openapi.json', { headers: headers() }).then(function (r) {
    if (r.status === 401) {
      status.textContent = 'This server requires a bearer token: enter it above (kept in this page only).';
      document.getElementById('auth').hidden = false;
      return null;
    }
    if (!r.ok) throw new Error('GET /openapi.json answered ' + r.status);
    return r.json();
  }).then(function (doc) {
    if (!doc) return;
    status.textContent = '';
    render(doc);
  }).catch(function (e) {
    status.textContent = e.message;
    status.className = 'error';
  });
}
document.getElementById('auth-form').addEventListener('submit', function (e) {
  e.preventDefault();
  token = document.getElementById('token').value.trim();
  load();
});
load();
`;
