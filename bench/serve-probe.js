// Preloaded into the `mlx serve` process by `npm run bench -- serve --tail` (node --import), never by mlx
// itself: it measures where the serving tail comes from, inside the server, for a window the bench
// chooses. SIGUSR2 starts a window; the next SIGUSR2 ends it and appends one JSON line to the file
// named by MLX_BENCH_PROBE: GC pauses by kind (perf_hooks 'gc' entries: every pause, with its
// duration), the event loop's delay percentiles (monitorEventLoopDelay, 1 ms resolution: how long a
// ready callback waited, i.e. how long something blocked the loop), the heap by space, and, with
// MLX_BENCH_PROBE_CPU=1, a sampling CPU profile of the window (inspector, 250 µs) written next to it; with
// MLX_BENCH_PROBE_HEAP=1, a sampling heap profile of every allocation in the window (objects the young
// generation's scavenges freed included: what makes the scavenges), written next to it.
import { appendFileSync, writeFileSync } from 'node:fs';
import inspector from 'node:inspector';
import { constants, monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';
import { isMainThread } from 'node:worker_threads';

const out = process.env.MLX_BENCH_PROBE;
if (isMainThread && out) {
  const KINDS = {
    [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor (scavenge)',
    [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major (mark-compact)',
    [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental marking',
    [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak callbacks',
  };
  const pauses = [];
  let recording = false;
  let started = 0;
  new PerformanceObserver((list) => {
    if (!recording) return;
    for (const entry of list.getEntries()) pauses.push([KINDS[entry.detail?.kind] ?? 'other', entry.duration]);
  }).observe({ entryTypes: ['gc'] });
  const delay = monitorEventLoopDelay({ resolution: 1 });
  const cpu = process.env.MLX_BENCH_PROBE_CPU === '1';
  const heap = process.env.MLX_BENCH_PROBE_HEAP === '1';
  const session = cpu || heap ? new inspector.Session() : null;
  session?.connect();
  const post = (method, params = {}) =>
    new Promise((resolve, reject) => session?.post(method, params, (e, r) => (e ? reject(e) : resolve(r))));

  const summary = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    const at = (p) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
    return {
      count: sorted.length,
      p50: at(0.5),
      p99: at(0.99),
      max: sorted.at(-1) ?? 0,
      total: sorted.reduce((s, v) => s + v, 0),
    };
  };

  process.on('SIGUSR2', async () => {
    if (!recording) {
      pauses.length = 0;
      delay.reset();
      delay.enable();
      if (heap) {
        await post('HeapProfiler.enable');
        await post('HeapProfiler.startSampling', {
          samplingInterval: 8192,
          includeObjectsCollectedByMajorGC: true,
          includeObjectsCollectedByMinorGC: true,
        });
      }
      if (cpu) {
        await post('Profiler.enable');
        await post('Profiler.setSamplingInterval', { interval: 250 });
        await post('Profiler.start');
      }
      started = performance.now();
      recording = true;
      return;
    }
    recording = false;
    delay.disable();
    const seconds = (performance.now() - started) / 1000;
    const byKind = {};
    for (const [kind, duration] of pauses) {
      byKind[kind] ??= [];
      byKind[kind].push(duration);
    }
    const ms = (ns) => ns / 1e6;
    const line = {
      seconds,
      gc: Object.fromEntries(Object.entries(byKind).map(([kind, values]) => [kind, summary(values)])),
      gcAll: summary(pauses.map(([, v]) => v)),
      eventLoopDelay: {
        p50: ms(delay.percentile(50)),
        p99: ms(delay.percentile(99)),
        p999: ms(delay.percentile(99.9)),
        max: ms(delay.max),
      },
      memory: process.memoryUsage(),
      heapSpaces: Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, s.space_size])),
    };
    if (heap) {
      const { profile } = await post('HeapProfiler.stopSampling');
      line.heapProfile = `${out}.${process.pid}.${Date.now()}.heapprofile`;
      writeFileSync(line.heapProfile, JSON.stringify(profile));
    }
    if (cpu) {
      const { profile } = await post('Profiler.stop');
      line.cpuProfile = `${out}.${process.pid}.${Date.now()}.cpuprofile`;
      writeFileSync(line.cpuProfile, JSON.stringify(profile));
    }
    appendFileSync(out, `${JSON.stringify(line)}\n`);
  });
}
