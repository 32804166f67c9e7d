// The predict form of an exported mlx model: fields generated from schema.json, predictions computed
// in the page by mlx-web.js. `window.mlxApp.ready` resolves to the loaded model ({ predict(rows) }).
(() => {
  const bundle = globalThis.MLX_BUNDLE;
  const { schema, info } = bundle;
  const $ = (id) => document.getElementById(id);
  const el = (tag, props = {}, children = []) => {
    const node = Object.assign(document.createElement(tag), props);
    for (const child of children) node.append(child);
    return node;
  };

  $('title').textContent = `${info.name}${info.version === null ? '' : ` v${info.version}`}`;
  document.title = `${info.name}: predict`;

  function control(f) {
    const id = `f-${f.name}`;
    const choices = f.type === 'boolean' ? ['true', 'false'] : f.type === 'categorical' && f.allowed ? f.allowed : null;
    if (choices) {
      const select = el('select', { id, name: f.name });
      select.append(el('option', { value: '', textContent: f.required ? 'choose…' : '(missing)' }));
      for (const c of choices)
        if (c !== null) select.append(el('option', { value: String(c), textContent: String(c) }));
      return select;
    }
    if (f.type === 'numeric')
      return el('input', {
        id,
        name: f.name,
        type: 'number',
        step: 'any',
        ...(f.min === null ? {} : { min: f.min }),
        ...(f.max === null ? {} : { max: f.max }),
      });
    return el('input', {
      id,
      name: f.name,
      type: 'text',
      placeholder: f.type === 'datetime' ? '2024-01-31T12:00:00Z' : '',
    });
  }

  function hint(f) {
    if (f.type === 'numeric' && (f.min !== null || f.max !== null))
      return `range seen in training: ${f.min ?? '−∞'} … ${f.max ?? '∞'}`;
    if (f.type === 'datetime') return 'ISO 8601 date-time (UTC unless an offset is given) or epoch milliseconds';
    return f.required ? '' : 'optional';
  }

  for (const f of schema.features) {
    const label = el('label', { htmlFor: `f-${f.name}`, textContent: f.name });
    const row = el('div', { className: 'field' }, [label, control(f)]);
    const text = hint(f);
    if (text) row.append(el('small', { textContent: text }));
    $('fields').append(row);
  }

  /** The form's values as one row, typed as a JSON request would carry them. */
  function readRow() {
    const row = {};
    const missing = [];
    for (const f of schema.features) {
      const raw = $(`f-${f.name}`).value.trim();
      if (raw === '') {
        if (f.required) missing.push(f.name);
        row[f.name] = null;
      } else if (f.type === 'numeric') row[f.name] = Number(raw);
      else if (f.type === 'boolean') row[f.name] = raw === 'true';
      else if (f.type === 'datetime' && /^-?\d+$/.test(raw)) row[f.name] = Number(raw);
      else row[f.name] = raw;
    }
    return { row, missing };
  }

  function show(prediction) {
    const result = $('result');
    result.replaceChildren();
    if ('value' in prediction) {
      result.append(
        el('p', {}, [
          `${schema.target.name}: `,
          el('span', { className: 'label', id: 'prediction', textContent: String(prediction.value) }),
        ]),
      );
      return;
    }
    result.append(
      el('p', {}, [
        `${schema.target.name}: `,
        el('span', { className: 'label', id: 'prediction', textContent: prediction.label }),
      ]),
    );
    const rows = Object.entries(prediction.probabilities).map(([label, p]) => {
      const cell = el('td', { className: 'probability', textContent: p.toFixed(4) });
      cell.dataset.label = label;
      return el('tr', {}, [el('td', { textContent: label }), cell]);
    });
    result.append(
      el('table', {}, [
        el('tr', {}, [el('th', { textContent: 'class' }), el('th', { textContent: 'probability' })]),
        ...rows,
      ]),
    );
  }

  const ready = globalThis.mlxWeb.load(bundle, globalThis.tf);
  globalThis.mlxApp = { ready };
  ready.then(
    (model) => {
      $('about').textContent =
        `Predicts ${schema.target.name} (${schema.target.task}) from ${schema.features.length} features.`;
      $('predict').disabled = false;
      $('form').addEventListener('submit', (event) => {
        event.preventDefault();
        const { row, missing } = readRow();
        if (missing.length > 0) {
          $('result').replaceChildren(el('p', { className: 'error', textContent: `Required: ${missing.join(', ')}` }));
          return;
        }
        show(model.predict([row])[0]);
      });
    },
    (error) => {
      $('about').replaceChildren(
        el('span', { className: 'error', textContent: `The model failed to load: ${error.message}` }),
      );
    },
  );
})();
