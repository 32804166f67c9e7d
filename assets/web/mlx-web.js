// mlx in the browser: the preprocessing of pipeline.json, the tfjs model and the decoding of its
// outputs, client-side (a classic script: it works from file:// as well as from any static server).
// It mirrors src/lib/data (coerce.ts, features/*.ts, pipeline/transform.ts, datetime-parts.ts) and
// src/lib/model/predictor.ts; test/lib/model/export/web-runtime.test.ts checks it against them.
(() => {
  const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
  const TRUE = new Set(['true', 't', 'yes', 'y', '1']);
  const FALSE = new Set(['false', 'f', 'no', 'n', '0']);
  const F32_MAX = 3.4028234663852886e38;
  const DAY_MS = 86400000;

  function isMissing(value, na) {
    if (value === null || value === undefined) return true;
    if (typeof value === 'number') return Number.isNaN(value);
    if (typeof value === 'string') return value.trim() === '' || na.has(value);
    return false;
  }

  function coerceNumber(value, na) {
    if (typeof value === 'number') return Number.isFinite(value) || Number.isNaN(value) ? value : undefined;
    if (isMissing(value, na)) return Number.NaN;
    if (typeof value === 'string') {
      const text = value.trim();
      return NUMBER_RE.test(text) ? Number(text) : undefined;
    }
    if (typeof value === 'boolean') return value ? 1 : 0;
    return undefined;
  }

  function coerceBoolean(value, na) {
    if (typeof value === 'boolean') return value ? 1 : 0;
    if (isMissing(value, na)) return Number.NaN;
    if (typeof value === 'number') return value === 1 ? 1 : value === 0 ? 0 : undefined;
    if (typeof value === 'string') {
      const lower = value.trim().toLowerCase();
      return TRUE.has(lower) ? 1 : FALSE.has(lower) ? 0 : undefined;
    }
    return undefined;
  }

  function coerceDatetime(value, na) {
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.getTime();
    if (typeof value === 'number') return Number.isFinite(value) ? value : Number.isNaN(value) ? value : undefined;
    if (isMissing(value, na)) return Number.NaN;
    if (typeof value !== 'string') return undefined;
    const text = value.trim();
    const ms = /^\d{4}$/.test(text) ? Date.UTC(Number(text), 0, 1) : Date.parse(text);
    return Number.isNaN(ms) ? undefined : ms;
  }

  function coerceCategory(value, na) {
    if (isMissing(value, na)) return null;
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
    return JSON.stringify(value);
  }

  function datetimePart(ms, part) {
    if (Number.isNaN(ms)) return Number.NaN;
    const d = new Date(ms);
    switch (part) {
      case 'year':
        return d.getUTCFullYear();
      case 'month':
        return d.getUTCMonth() + 1;
      case 'day':
        return d.getUTCDate();
      case 'dayofweek':
        return (d.getUTCDay() + 6) % 7;
      case 'hour':
        return d.getUTCHours();
      case 'epoch_days':
        return Math.floor(ms / DAY_MS);
      default:
        throw new Error(`unknown datetime part ${part}`);
    }
  }

  /** Imputes then scales one value, clamped to the float32 range. */
  function scaled(step, v) {
    const out = ((Number.isNaN(v) ? step.impute : v) - step.center) / step.scale;
    return Math.min(F32_MAX, Math.max(-F32_MAX, out));
  }

  /** A value that is not of the type is imputed (NaN), as the one-hot transform does. */
  const orNaN = (v) => (v === undefined ? Number.NaN : v);

  const ENCODERS = {
    numeric: {
      width: () => 1,
      encode(f, value, out, at, na) {
        out[at] = scaled(f.step, orNaN(coerceNumber(value, na)));
      },
    },
    boolean: {
      width: () => 1,
      encode(f, value, out, at, na) {
        const v = orNaN(coerceBoolean(value, na));
        out[at] = Number.isNaN(v) ? f.impute : v;
      },
    },
    categorical: {
      width: (f) => f.categories.length,
      encode(f, value, out, at, na) {
        const label = coerceCategory(value, na) ?? f.impute;
        const index = f.categories.indexOf(label);
        if (index >= 0) out[at + index] = 1;
      },
    },
    datetime: {
      width: (f) => f.parts.length,
      encode(f, value, out, at, na) {
        const ms = orNaN(coerceDatetime(value, na));
        f.parts.forEach((p, i) => {
          out[at + i] = scaled(p.step, datetimePart(ms, p.part));
        });
      },
    },
  };

  /** Rows (feature name → value) → the model's float32 input matrix, as transformRows does. */
  function encode(pipeline, rows) {
    const na = new Set(pipeline.na_values);
    const x = new Float32Array(rows.length * pipeline.width);
    let offset = 0;
    for (const f of pipeline.features) {
      const kind = ENCODERS[f.kind];
      if (!kind) throw new Error(`feature ${f.name}: kind ${f.kind} is not supported in the browser`);
      for (let r = 0; r < rows.length; r++) kind.encode(f, rows[r][f.name], x, r * pipeline.width + offset, na);
      offset += kind.width(f);
    }
    return x;
  }

  /** Model outputs → predictions shaped as POST /v1/predict answers them. */
  function decode(pipeline, output, rows) {
    const { task, classes, center, scale } = pipeline.target;
    if (task === 'classification' && classes) {
      const k = classes.length;
      return Array.from({ length: rows }, (_, i) => {
        let best = 0;
        const probabilities = {};
        classes.forEach((label, c) => {
          const p = output[i * k + c];
          probabilities[label] = p;
          if (p > output[i * k + best]) best = c;
        });
        return { label: classes[best], probabilities };
      });
    }
    return Array.from({ length: rows }, (_, i) => ({ value: output[i] * scale + center }));
  }

  function base64Bytes(text) {
    const raw = atob(text);
    const bytes = new Uint8Array(raw.length);
    for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  /** Loads the embedded tfjs model (bundle.js) on the cpu backend: the same numbers on every machine. */
  async function load(bundle, tf) {
    await tf.setBackend('cpu');
    await tf.ready();
    const weights = base64Bytes(bundle.weights);
    const model = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: bundle.model.modelTopology,
        weightSpecs: bundle.model.weightsManifest.flatMap((group) => group.weights),
        weightData: weights.buffer,
      }),
    );
    return {
      /** Predictions for rows of feature name → value (validate them against bundle.schema first). */
      predict(rows) {
        if (rows.length === 0) return [];
        const x = encode(bundle.pipeline, rows);
        const output = tf.tidy(() => {
          const input = tf.tensor2d(x, [rows.length, bundle.pipeline.width]);
          return model.predict(input).dataSync();
        });
        return decode(bundle.pipeline, output, rows.length);
      },
    };
  }

  globalThis.mlxWeb = { encode, decode, load, coerceNumber, coerceBoolean, coerceDatetime, coerceCategory };
})();
