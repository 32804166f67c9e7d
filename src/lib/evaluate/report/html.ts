import { higherIsBetter } from '../metrics/index.js';
import type { ModelFacts } from '../model-facts.js';
import type { Metrics, Scored } from '../score.js';
import { scalarMetrics } from '../score.js';
import { barChart } from './bar-chart.js';
import { confusionChart } from './confusion-chart.js';
import { lineChart, type Series } from './line-chart.js';
import { scatterChart } from './scatter-chart.js';
import { esc, fmt } from './svg.js';

export interface ReportInput {
  title: string;
  model: { name: string; version: number | null; runId: string; createdAt: string };
  split: string;
  scored: Scored;
  history: readonly Record<string, number>[];
  /** Forest size and feature importance from the bundle's metrics.json. */
  facts?: ModelFacts;
}

/**
 * A self-contained HTML report: metrics vs baseline, confusion matrix, ROC or residuals, learning curves
 * (per epoch, or per boosting iteration), feature importance and the size of a forest.
 */
export function renderReport(input: ReportInput): string {
  const { scored, facts } = input;
  const charts: string[] = [];
  const step = facts?.forest ? 'iteration' : 'epoch';
  if (input.history.length > 0) charts.push(figure('Learning curves', learningCurves(input.history, step)));
  if (scored.task === 'classification' && 'confusion_matrix' in scored.metrics) {
    const cm = scored.metrics.confusion_matrix;
    charts.push(figure('Confusion matrix', confusionChart(cm.labels, cm.matrix)));
    const series: Series[] = scored.roc.map((r) => ({
      name: r.label,
      points: r.points.map((p) => ({ x: p.fpr, y: p.tpr })),
    }));
    charts.push(
      figure(
        'ROC (one vs rest)',
        lineChart('ROC curves', series, {
          xTitle: 'false positive rate',
          yTitle: 'true positive rate',
          x: [0, 1],
          y: [0, 1],
          diagonal: true,
        }),
      ),
    );
  } else {
    charts.push(
      figure(
        'Residuals',
        scatterChart('Residuals vs predicted', scored.residuals, {
          xTitle: 'predicted',
          yTitle: 'actual − predicted',
          zeroLine: true,
        }),
      ),
    );
  }
  const model = input.model;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(input.title)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2rem;color:#222;max-width:1100px}table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ddd;padding:4px 10px;text-align:right}th:first-child,td:first-child{text-align:left}.better{color:#2a7d2a}.worse{color:#b22}figure{display:inline-block;margin:0 1rem 1rem 0;vertical-align:top}figcaption{font-weight:600;margin-bottom:4px}</style>
</head><body>
<h1>${esc(input.title)}</h1>
<p>Model <b>${esc(model.name)}</b>${model.version === null ? '' : ` v${model.version}`} · run ${esc(model.runId)} · trained ${esc(model.createdAt)} · evaluated on ${esc(input.split)} (${scored.metrics.n} rows)</p>
<h2>Model vs baseline</h2>
${metricsTable(scored.metrics, scored.baseline, scored.task === 'classification' ? 'majority class' : 'mean')}
${'per_class' in scored.metrics ? perClassTable(scored.metrics.per_class) : ''}
${facts ? modelSection(facts) : ''}
<h2>Charts</h2>
${charts.join('\n')}
</body></html>
`;
}

function figure(caption: string, body: string): string {
  return `<figure><figcaption>${esc(caption)}</figcaption>${body}</figure>`;
}

function learningCurves(history: readonly Record<string, number>[], step: string): string {
  const keys = ['loss', 'val_loss'].filter((k) => history.some((h) => typeof h[k] === 'number'));
  const series = keys.map((k) => ({
    name: k,
    points: history.map((h) => ({ x: h.epoch ?? 0, y: h[k] ?? Number.NaN })),
    dashed: k.startsWith('val_'),
  }));
  return lineChart('Learning curves', series, { xTitle: step, yTitle: 'loss' });
}

function metricsTable(model: Metrics, baseline: Metrics, baselineName: string): string {
  const m = scalarMetrics(model);
  const b = scalarMetrics(baseline);
  const rows = Object.keys(m).map((k) => {
    const mv = m[k] ?? Number.NaN;
    const bv = b[k] ?? Number.NaN;
    const better = higherIsBetter(k) ? mv > bv : mv < bv;
    return `<tr><td>${esc(k)}</td><td class="${better ? 'better' : 'worse'}">${fmt(mv)}</td><td>${fmt(bv)}</td></tr>`;
  });
  return `<table><tr><th>metric</th><th>model</th><th>baseline (${esc(baselineName)})</th></tr>${rows.join('')}</table>`;
}

function perClassTable(
  perClass: Record<string, { precision: number; recall: number; f1: number; support: number }>,
): string {
  const rows = Object.entries(perClass).map(
    ([label, s]) =>
      `<tr><td>${esc(label)}</td><td>${fmt(s.precision)}</td><td>${fmt(s.recall)}</td><td>${fmt(s.f1)}</td><td>${s.support}</td></tr>`,
  );
  return `<table><tr><th>class</th><th>precision</th><th>recall</th><th>F1</th><th>support</th></tr>${rows.join('')}</table>`;
}

/** The forest's size and the two feature importances as bar charts (when the bundle has them). */
function modelSection(facts: ModelFacts): string {
  const parts: string[] = [];
  const f = facts.forest;
  if (f)
    parts.push(
      `<table><tr><th>boosting iterations</th><th>trees</th><th>leaves</th><th>deepest leaf</th><th>best iteration</th></tr><tr><td>${f.iterations}</td><td>${f.trees}</td><td>${f.leaves}</td><td>${f.maxDepth}</td><td>${f.bestIteration ?? '-'}</td></tr></table>`,
    );
  const p = facts.permutation;
  if (p)
    parts.push(
      figure(
        `Permutation importance (${p.split} split, ${p.rows} rows, ${p.repeats} shuffles)`,
        barChart(
          'Permutation importance',
          p.features.map((x) => ({ label: x.name, value: x.mean, spread: x.std })),
          { xTitle: `increase of ${p.metric} when the feature is shuffled` },
        ),
      ),
    );
  if (facts.gain)
    parts.push(
      figure(
        'Feature importance (total split gain)',
        barChart(
          'Feature importance by gain',
          facts.gain.map((x) => ({ label: x.name, value: x.share })),
          { xTitle: 'share of the total gain of all splits' },
        ),
      ),
    );
  return parts.length > 0 ? `<h2>Model</h2>\n${parts.join('\n')}` : '';
}
