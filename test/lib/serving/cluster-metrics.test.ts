import { Gauge, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { clusterExposition } from '../../../src/lib/serving/metrics/cluster-metrics.js';
import { createServingMetrics } from '../../../src/lib/serving/metrics/serving-metrics.js';

/** The gauges the in-server drift monitor registers (src/lib/drift/monitor.ts), as a check leaves them. */
function driftGauges(registry: Registry, drift: { checkedAt: number; share: number }) {
  const registers = [registry];
  const share = new Gauge({ name: 'mlx_drift_share', help: 'share', registers });
  const checkedAt = new Gauge({ name: 'mlx_drift_last_check_timestamp_seconds', help: 'time', registers });
  // A process that never checked keeps the gauges at their start value, 0.
  if (drift.checkedAt > 0) {
    share.set(drift.share);
    checkedAt.set(drift.checkedAt);
  }
}

/** One worker's metrics after `requests` predictions, its drift gauges checked at `checkedAt` (s) with `share`. */
async function worker(requests: number, drift?: { checkedAt: number; share: number }) {
  const metrics = createServingMetrics({ registry: new Registry(), defaultMetrics: false });
  for (let i = 0; i < requests; i++) {
    metrics.httpRequests.inc({ route: '/v1/predict', method: 'POST', status: '200' });
    metrics.httpDuration.observe({ route: '/v1/predict', method: 'POST' }, 0.001);
  }
  metrics.modelInfo.set({ name: 'penguins', version: '1' }, 1);
  if (drift) driftGauges(metrics.registry, drift);
  return metrics.registry.getMetricsAsJSON();
}

const value = (text: string, series: string) => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe('clusterExposition', () => {
  it('sums counters and histograms over the workers, keeps the model info at 1, takes drift from the latest check', async () => {
    // Given two workers: 3 and 4 requests; worker 1 checked drift at t=100 (share 0.5), worker 2 at t=200 (share 0.25)
    const text = await clusterExposition([
      await worker(3, { checkedAt: 100, share: 0.5 }),
      await worker(4, { checkedAt: 200, share: 0.25 }),
    ]);
    // Then the cluster reads as one server
    expect(value(text, 'mlx_http_requests_total{route="/v1/predict",method="POST",status="200"}')).toBe(7);
    expect(value(text, 'mlx_http_request_duration_seconds_count{route="/v1/predict",method="POST"}')).toBe(7);
    expect(value(text, 'mlx_model_info{name="penguins",version="1"}')).toBe(1);
    // And the drift gauges are the later check's, not a sum
    expect(value(text, 'mlx_drift_share')).toBe(0.25);
    expect(value(text, 'mlx_drift_last_check_timestamp_seconds')).toBe(200);
  });

  it('a worker that never checked drift does not shadow one that did', async () => {
    const text = await clusterExposition([
      await worker(1, { checkedAt: 0, share: 0 }),
      await worker(1, { checkedAt: 50, share: 0.75 }),
    ]);
    expect(value(text, 'mlx_drift_share')).toBe(0.75);
  });
});
