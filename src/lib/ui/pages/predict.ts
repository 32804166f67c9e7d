import type { FeatureContract, InputSchema, Prediction, Row } from '../../contracts.js';
import { shareBars } from '../charts.js';
import { cell, csrfField, type Html, html, page, raw } from '../html.js';

/** What the predict page shows: the form (with the values sent back), field errors, the answer. */
export interface PredictState {
  ref: string;
  /** Model REFs to offer (NAME@alias, NAME@vN). */
  choices: string[];
  schema: InputSchema | null;
  modelLabel: string | null;
  values: Record<string, string>;
  /** Per feature (or `(body)`): the validation messages of `POST /v1/predict`. */
  errors: Record<string, string[]>;
  warnings: { feature: string; message: string }[];
  prediction: Prediction | null;
  /** A problem with the model itself (not found, corrupt bundle). */
  failure: string | null;
}

/** Turns the submitted form into one request instance: '' = missing, numbers parsed, booleans as booleans. */
export function formToRow(schema: InputSchema, form: Record<string, string>): Row {
  const row: Row = {};
  for (const f of schema.features) {
    const text = (form[f.name] ?? '').trim();
    if (text === '') continue;
    if (f.type === 'numeric') row[f.name] = Number.isFinite(Number(text)) ? Number(text) : text;
    else if (f.type === 'boolean' && (text === 'true' || text === 'false')) row[f.name] = text === 'true';
    else row[f.name] = text;
  }
  return row;
}

/** The feature a validation path names (`bill_length_mm`, `instances[0].bill_length_mm` → `bill_length_mm`). */
export function fieldOf(path: string): string {
  return path.replace(/^instances\[\d+\]\.?/, '').split('.')[0] || '(body)';
}

function hint(f: FeatureContract): string {
  const parts: string[] = [f.type];
  if (f.min !== null || f.max !== null) parts.push(`training range ${cell(f.min)} – ${cell(f.max)}`);
  if (f.type === 'datetime') parts.push('ISO time, e.g. 2026-01-31T12:00:00Z');
  parts.push(f.required ? 'required' : 'optional');
  return parts.join(' · ');
}

function field(f: FeatureContract, s: PredictState): Html {
  const id = `f-${f.name}`;
  const errors = s.errors[f.name] ?? [];
  const value = s.values[f.name] ?? '';
  const describedBy = [`${id}-hint`, ...(errors.length ? [`${id}-error`] : [])].join(' ');
  const common = raw(
    ` id="${id}" name="${f.name.replace(/"/g, '&quot;')}" aria-describedby="${describedBy}"${f.required ? ' aria-required="true"' : ''}${errors.length ? ' aria-invalid="true"' : ''}`,
  );
  const control =
    f.allowed && f.allowed.length > 0
      ? html`<select${common}><option value="">(missing)</option>${f.allowed.map(
          (a) => html`<option value="${String(a)}"${raw(String(a) === value ? ' selected' : '')}>${String(a)}</option>`,
        )}</select>`
      : f.type === 'numeric'
        ? html`<input type="number" step="any" inputmode="decimal" value="${value}"${common}>`
        : html`<input type="text" value="${value}"${common}>`;
  return html`<div class="field${errors.length ? ' invalid' : ''}"><label for="${id}">${f.name}${f.required ? raw(' <abbr title="required">*</abbr>') : ''}</label>${control}<small id="${id}-hint">${hint(f)}</small>${
    errors.length ? html`<p class="field-error" id="${id}-error">${errors.join('; ')}</p>` : ''
  }</div>`;
}

function answer(p: Prediction): Html {
  if ('value' in p) return html`<p class="answer">Predicted value: <strong>${cell(p.value)}</strong></p>`;
  const probs = Object.entries(p.probabilities).sort((a, b) => b[1] - a[1]);
  return html`<p class="answer">Predicted class: <strong id="predicted-label">${p.label}</strong></p>${raw(
    shareBars(
      'Class probabilities',
      probs.map(([label, value]) => ({ label, value })),
      1,
    ),
  )}`;
}

/** The predict page: a form generated from the model's schema.json, answered like `POST /v1/predict`. */
export function predictPage(s: PredictState, csrf: string): string {
  const bodyErrors = s.errors['(body)'] ?? [];
  const form = s.schema
    ? html`<form method="post" action="/predict" novalidate class="predict">${csrfField(csrf)}<input type="hidden" name="model" value="${s.ref}">
<fieldset><legend>Features of ${s.modelLabel ?? s.ref}</legend>${s.schema.features.map((f) => field(f, s))}</fieldset>
<button type="submit">Predict</button></form>`
    : raw('');
  const errorCount = Object.values(s.errors).reduce((a, e) => a + e.length, 0);
  const body = html`<h1>Predict</h1>
<form method="get" action="/predict" class="inline"><label for="model">Model</label> <input id="model" name="model" value="${s.ref}" list="model-choices" size="24"><datalist id="model-choices">${s.choices.map(
    (c) => html`<option value="${c}">`,
  )}</datalist> <button type="submit">Load</button></form>
${s.failure ? html`<p class="error" role="alert">${s.failure}</p>` : ''}
${errorCount > 0 ? html`<div class="error" role="alert" id="form-errors"><p>The model rejected the input: ${errorCount} invalid ${errorCount === 1 ? 'field' : 'fields'}.</p>${bodyErrors.length ? html`<p>${bodyErrors.join('; ')}</p>` : ''}</div>` : ''}
${
  s.prediction
    ? html`<section aria-labelledby="h-answer" id="answer"><h2 id="h-answer">Answer</h2>${answer(s.prediction)}${
        s.warnings.length
          ? html`<ul class="warnings">${s.warnings.map((w) => html`<li>${w.feature}: ${w.message}</li>`)}</ul>`
          : ''
      }</section>`
    : ''
}
${form}`;
  return page({ title: 'Predict', section: '/predict', body });
}
